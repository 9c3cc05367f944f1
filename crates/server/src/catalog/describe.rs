//! `DESCRIBE [TABLE|DATABASE|FUNCTION|QUERY]`, `SHOW CREATE TABLE` and partition listing, with
//! Spark's rows (`DescribeTableCommand`, `DescribeDatabaseCommand`, `ShowCreateTableCommand`).

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use sabot_catalog::{CATALOG_NAME, TableKind, TableMeta};
use sabot_common::spec::{DataType, Plan};
use sabot_common::{Result, SparkError};

use super::commands::owner;
use super::lookup::read_plan;
use super::out::{Col, batch, string_rows};
use super::show::not_partitioned;
use super::tables::{self, Target};
use crate::execution::runner::resolve;
use crate::session::Session;

/// A column as the catalog API and DESCRIBE show it.
#[derive(Debug, Clone)]
pub struct ColumnInfo {
    pub name: String,
    pub data_type: String,
    pub nullable: bool,
    pub comment: Option<String>,
    pub is_partition: bool,
}

/// The Spark fields of a resolved plan.
async fn plan_columns(session: &Arc<Session>, plan: &Plan) -> Result<Vec<ColumnInfo>> {
    let logical = resolve(session, plan).await?;
    let DataType::Struct(fields) = sabot_plan::spark_schema(logical.schema().as_arrow())? else {
        return Err(SparkError::internal("a relation without a struct schema"));
    };
    Ok(fields
        .into_iter()
        .map(|f| ColumnInfo {
            name: f.name,
            data_type: f.data_type.simple_string(),
            nullable: f.nullable,
            comment: None,
            is_partition: false,
        })
        .collect())
}

/// The columns of a table or view by name.
pub async fn columns_of(session: &Arc<Session>, parts: &[String]) -> Result<Vec<ColumnInfo>> {
    match tables::get(session, parts)? {
        Target::Table(meta) => Ok(meta
            .columns
            .iter()
            .map(|c| ColumnInfo {
                name: c.name.clone(),
                data_type: c.data_type.clone(),
                nullable: c.nullable,
                comment: c.comment.clone(),
                is_partition: meta
                    .partition_columns
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(&c.name)),
            })
            .collect()),
        _ => plan_columns(session, &read_plan(parts)).await,
    }
}

pub(crate) fn column_rows(cols: &[ColumnInfo]) -> Vec<Vec<Option<String>>> {
    cols.iter()
        .map(|c| {
            vec![
                Some(c.name.clone()),
                Some(c.data_type.clone()),
                c.comment.clone(),
            ]
        })
        .collect()
}

pub(crate) const DESCRIBE_COLUMNS: &[(&str, bool)] =
    &[("col_name", false), ("data_type", false), ("comment", true)];

pub(crate) fn info(name: &str, value: impl Into<String>) -> Vec<Option<String>> {
    vec![
        Some(name.to_string()),
        Some(value.into()),
        Some(String::new()),
    ]
}

/// `[k=v, k2=v2]`.
fn bracketed(map: &std::collections::BTreeMap<String, String>) -> String {
    let items: Vec<String> = map.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("[{}]", items.join(", "))
}

/// Java's `Date.toString` in UTC (`Thu Nov 26 09:05:41 UTC 2026`).
pub(crate) fn java_date(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let tod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {:02} {:02}:{:02}:{:02} UTC {y}",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize],
        d,
        tod / 3600,
        tod % 3600 / 60,
        tod % 60
    )
}

/// Days since 1970-01-01 -> (year, month, day) (Howard Hinnant's civil calendar algorithm).
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `DESCRIBE [EXTENDED] table`.
pub async fn describe_table(
    session: &Arc<Session>,
    parts: &[String],
    extended: bool,
) -> Result<RecordBatch> {
    let target = tables::get(session, parts)?;
    let cols = columns_of(session, parts).await?;
    let mut rows = column_rows(&cols);
    let Target::Table(meta) = target else {
        return string_rows(DESCRIBE_COLUMNS, rows);
    };
    if !meta.partition_columns.is_empty() {
        rows.push(info("# Partition Information", ""));
        rows.push(vec![
            Some("# col_name".into()),
            Some("data_type".into()),
            Some("comment".into()),
        ]);
        rows.extend(column_rows(
            &cols
                .iter()
                .filter(|c| c.is_partition)
                .cloned()
                .collect::<Vec<_>>(),
        ));
    }
    if extended {
        rows.push(info("", ""));
        rows.push(info("# Detailed Table Information", ""));
        rows.push(info("Catalog", CATALOG_NAME));
        rows.push(info("Database", meta.database.clone()));
        rows.push(info("Table", meta.name.clone()));
        rows.push(info("Created Time", java_date(meta.created_ms)));
        rows.push(info("Last Access", "UNKNOWN"));
        rows.push(info("Created By", "Spark 4.3.0"));
        rows.push(info("Type", meta.kind.name()));
        if let Some(p) = &meta.provider {
            rows.push(info("Provider", p.clone()));
        }
        if let Some(c) = &meta.comment {
            rows.push(info("Comment", c.clone()));
        }
        if meta.kind == TableKind::View {
            let text = meta.view_text.clone().unwrap_or_default();
            rows.push(info("View Text", text.clone()));
            rows.push(info("View Original Text", text));
            rows.push(info("View Schema Mode", "COMPENSATION"));
            rows.push(info(
                "View Catalog and Namespace",
                format!("{CATALOG_NAME}.{}", meta.database),
            ));
            let names: Vec<String> = view_query_columns(&meta)
                .iter()
                .map(|c| format!("`{c}`"))
                .collect();
            rows.push(info(
                "View Query Output Columns",
                format!("[{}]", names.join(", ")),
            ));
        }
        if !meta.properties.is_empty() {
            rows.push(info("Table Properties", bracketed(&meta.properties)));
        }
        if let Some(l) = &meta.location {
            rows.push(info("Location", l.clone()));
        }
        if !meta.options.is_empty() {
            rows.push(info("Storage Properties", bracketed(&meta.options)));
        }
        if !meta.partition_columns.is_empty() {
            rows.push(info("Partition Provider", "Catalog"));
        }
    }
    string_rows(DESCRIBE_COLUMNS, rows)
}

/// `DESCRIBE QUERY query`.
pub async fn describe_query(session: &Arc<Session>, query: &Plan) -> Result<RecordBatch> {
    let cols = plan_columns(session, query).await?;
    string_rows(DESCRIBE_COLUMNS, column_rows(&cols))
}

/// `DESCRIBE DATABASE [EXTENDED] db`.
pub fn describe_database(session: &Arc<Session>, db: &str, extended: bool) -> Result<RecordBatch> {
    let meta = session.catalog.state.store()?.database(db)?;
    let mut rows = vec![
        ("Catalog Name", CATALOG_NAME.to_string()),
        ("Namespace Name", meta.name.clone()),
        ("Comment", meta.comment.clone().unwrap_or_default()),
        ("Location", meta.location.clone()),
        ("Owner", owner()),
    ];
    if extended {
        let props: Vec<String> = meta
            .properties
            .iter()
            .map(|(k, v)| format!("({k},{v})"))
            .collect();
        let props = if props.is_empty() {
            String::new()
        } else {
            format!("({})", props.join(","))
        };
        rows.push(("Properties", props));
    }
    string_rows(
        &[("info_name", false), ("info_value", true)],
        rows.into_iter()
            .map(|(k, v)| vec![Some(k.to_string()), Some(v)])
            .collect(),
    )
}

/// `DESCRIBE FUNCTION [EXTENDED] name`: Sabot has no usage texts; it shows the name.
pub fn describe_function(name: &[String], _extended: bool) -> Result<RecordBatch> {
    let joined = name.join(".");
    let Some(entry) = sabot_functions::lookup(&joined) else {
        return Err(SparkError::unresolved_routine(&joined));
    };
    batch(vec![Col::Str(
        "function_desc",
        false,
        vec![
            Some(format!("Function: {}", entry.name)),
            Some("Usage: N/A.".to_string()),
        ],
    )])
}

/// The `k=v/k2=v2` partition directories of a partitioned table (Spark's `SHOW PARTITIONS`):
/// on a local disk its directories (empty ones too), on an object store the prefixes of its
/// objects.
pub async fn partitions(
    ctx: &datafusion::prelude::SessionContext,
    meta: &TableMeta,
) -> Result<Vec<String>> {
    if meta.partition_columns.is_empty() {
        return Err(not_partitioned(&sabot_catalog::errors::quote_parts(&[
            CATALOG_NAME,
            &meta.database,
            &meta.name,
        ])));
    }
    let location = meta.location.as_deref().unwrap_or_default();
    let mut out = Vec::new();
    if super::is_local(location) {
        let root = super::local_path(location);
        walk_partitions(&root, &meta.partition_columns, 0, String::new(), &mut out);
    } else {
        let n = meta.partition_columns.len();
        for file in super::dirs::files(ctx, location).await? {
            let segments: Vec<&str> = file.split('/').collect();
            let is_partition = segments.len() > n
                && segments.iter().zip(&meta.partition_columns).all(|(s, c)| {
                    s.split_once('=')
                        .is_some_and(|(k, _)| k.eq_ignore_ascii_case(c))
                });
            let prefix = segments[..n.min(segments.len())].join("/");
            if is_partition && !out.contains(&prefix) {
                out.push(prefix);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn walk_partitions(
    dir: &std::path::Path,
    columns: &[String],
    depth: usize,
    prefix: String,
    out: &mut Vec<String>,
) {
    if depth == columns.len() {
        out.push(prefix);
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some((k, _)) = name.split_once('=') else {
            continue;
        };
        if !k.eq_ignore_ascii_case(&columns[depth]) || !e.path().is_dir() {
            continue;
        }
        let next = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        walk_partitions(&e.path(), columns, depth + 1, next, out);
    }
}

fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The DDL type of a column (`STRING COLLATE UTF8_BINARY` as Spark 4 prints strings).
fn ddl_type(t: &str) -> String {
    let upper = t.to_uppercase();
    if upper == "STRING" {
        return "STRING COLLATE UTF8_BINARY".to_string();
    }
    upper
}

/// `SHOW CREATE TABLE t`.
pub fn show_create_table(session: &Arc<Session>, parts: &[String]) -> Result<RecordBatch> {
    let meta = match tables::get(session, parts)? {
        Target::Table(meta) => meta,
        _ => {
            return Err(SparkError::unsupported(
                "SHOW CREATE TABLE of a temporary view",
            ));
        }
    };
    let mut s = String::new();
    if meta.kind == TableKind::View {
        s.push_str(&format!("CREATE VIEW {}.{} (\n", meta.database, meta.name));
        let cols: Vec<String> = meta
            .columns
            .iter()
            .map(|c| match &c.comment {
                Some(cm) => format!("  {} COMMENT {}", c.name, sql_string(cm)),
                None => format!("  {}", c.name),
            })
            .collect();
        s.push_str(&cols.join(",\n"));
        s.push_str(")\n");
        if let Some(c) = &meta.comment {
            s.push_str(&format!("COMMENT {}\n", sql_string(c)));
        }
        s.push_str("WITH SCHEMA COMPENSATION\n");
        s.push_str(&format!(
            "AS {}\n",
            meta.view_text.clone().unwrap_or_default()
        ));
    } else {
        s.push_str(&format!("CREATE TABLE {} (\n", meta.qualified_name()));
        let cols: Vec<String> = meta
            .columns
            .iter()
            .map(|c| {
                let mut line = format!("  {} {}", c.name, ddl_type(&c.data_type));
                if !c.nullable {
                    line.push_str(" NOT NULL");
                }
                if let Some(cm) = &c.comment {
                    line.push_str(&format!(" COMMENT {}", sql_string(cm)));
                }
                line
            })
            .collect();
        s.push_str(&cols.join(",\n"));
        s.push_str(")\n");
        s.push_str(&format!(
            "USING {}\n",
            meta.provider.clone().unwrap_or_default()
        ));
        if !meta.options.is_empty() {
            let opts: Vec<String> = meta
                .options
                .iter()
                .map(|(k, v)| format!("  {} = {}", sql_string(k), sql_string(v)))
                .collect();
            s.push_str(&format!("OPTIONS (\n{})\n", opts.join(",\n")));
        }
        if !meta.partition_columns.is_empty() {
            s.push_str(&format!(
                "PARTITIONED BY ({})\n",
                meta.partition_columns.join(", ")
            ));
        }
        if let Some(c) = &meta.comment {
            s.push_str(&format!("COMMENT {}\n", sql_string(c)));
        }
        if meta.kind == TableKind::External
            && let Some(l) = &meta.location
        {
            s.push_str(&format!("LOCATION {}\n", sql_string(l)));
        }
        if !meta.properties.is_empty() {
            let props: Vec<String> = meta
                .properties
                .iter()
                .map(|(k, v)| format!("  {} = {}", sql_string(k), sql_string(v)))
                .collect();
            s.push_str(&format!("TBLPROPERTIES (\n{})\n", props.join(",\n")));
        }
    }
    batch(vec![Col::Str("createtab_stmt", false, vec![Some(s)])])
}

/// A view's query's column names (records from before they were kept: the view's columns).
pub fn view_query_columns(meta: &TableMeta) -> Vec<String> {
    if meta.view_query_columns.is_empty() {
        meta.columns.iter().map(|c| c.name.clone()).collect()
    } else {
        meta.view_query_columns.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_dates() {
        assert_eq!(java_date(0), "Thu Jan 01 00:00:00 UTC 1970");
        assert_eq!(java_date(1_795_683_941_000), "Thu Nov 26 09:05:41 UTC 2026");
    }
}
