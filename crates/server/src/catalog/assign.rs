//! A query's columns as a table's columns, as Spark's `TableOutputResolver` matches them for an
//! insert: by position (`INSERT`, `insertInto`) or by name (`saveAsTable` appending), each
//! value cast to the column's type under the ANSI store assignment policy
//! (`Cast.canANSIStoreAssign`), static partition values as literals, columns left out of an
//! `INSERT ... (cols)` list as NULL.

use sabot_catalog::TableMeta;
use sabot_catalog::errors::quote_parts;
use sabot_common::error::{ExceptionKind, quote_identifier};
use sabot_common::spec::{CastMode, DataType, Expr, Literal, Plan, PlanNode};
use sabot_common::{Result, SparkError};

/// How the query's columns meet the table's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    ByPosition,
    ByName,
}

/// The table's columns with their Spark types (partition columns last).
pub fn table_columns(meta: &TableMeta) -> Result<Vec<(String, DataType)>> {
    meta.columns
        .iter()
        .map(|c| Ok((c.name.clone(), sabot_sql::parse_data_type(&c.data_type)?)))
        .collect()
}

/// `spark_catalog`.`db`.`t` as Spark's insert errors show it.
pub fn quoted_table(meta: &TableMeta) -> String {
    quote_parts(&[sabot_catalog::CATALOG_NAME, &meta.database, &meta.name])
}

/// Spark's `Cast.canANSIStoreAssign`: numbers into numbers, anything atomic into strings,
/// datetimes into datetimes, NULL into anything; nested types element-wise.
pub fn can_store_assign(from: &DataType, to: &DataType) -> bool {
    use DataType as T;
    if from == to {
        return true;
    }
    let datetime = |t: &DataType| matches!(t, T::Date | T::Timestamp | T::TimestampNtz);
    let string = |t: &DataType| matches!(t, T::String | T::Char(_) | T::Varchar(_));
    match (from, to) {
        (T::Null, _) => true,
        (f, t) if f.is_numeric() && t.is_numeric() => true,
        (f, t) if datetime(f) && datetime(t) => true,
        (f, t) if string(f) && string(t) => true,
        (T::Array { .. } | T::Map { .. } | T::Struct(_) | T::Variant, t) if string(t) => false,
        (_, t) if string(t) => true,
        (T::Array { element: f, .. }, T::Array { element: t, .. }) => can_store_assign(f, t),
        (
            T::Map {
                key: fk, value: fv, ..
            },
            T::Map {
                key: tk, value: tv, ..
            },
        ) => can_store_assign(fk, tk) && can_store_assign(fv, tv),
        (T::Struct(f), T::Struct(t)) => {
            f.len() == t.len()
                && f.iter()
                    .zip(t)
                    .all(|(a, b)| can_store_assign(&a.data_type, &b.data_type))
        }
        _ => false,
    }
}

fn sql_type(t: &DataType) -> String {
    format!("\"{}\"", t.simple_string().to_uppercase())
}

/// `INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST`.
fn cannot_safely_cast(
    meta: &TableMeta,
    column: &str,
    from: &DataType,
    to: &DataType,
) -> SparkError {
    let table = quoted_table(meta);
    SparkError::with_class(
        ExceptionKind::Analysis,
        "INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST",
        "KD000",
        format!(
            "Cannot write incompatible data for the table {table}: Cannot safely cast {} {} to {}.",
            quote_identifier(column),
            sql_type(from),
            sql_type(to)
        ),
    )
    .param("tableName", table)
    .param("colName", quote_identifier(column))
    .param("srcType", sql_type(from))
    .param("targetType", sql_type(to))
}

/// `INSERT_COLUMN_ARITY_MISMATCH.{TOO_MANY,NOT_ENOUGH}_DATA_COLUMNS`.
pub fn arity_mismatch(meta: &TableMeta, table_cols: &[String], data_cols: &[String]) -> SparkError {
    let table = quoted_table(meta);
    let list = |cols: &[String]| {
        cols.iter()
            .map(|c| quote_identifier(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (sub, reason) = if data_cols.len() > table_cols.len() {
        ("TOO_MANY_DATA_COLUMNS", "too many data columns")
    } else {
        ("NOT_ENOUGH_DATA_COLUMNS", "not enough data columns")
    };
    SparkError::with_class(
        ExceptionKind::Analysis,
        &format!("INSERT_COLUMN_ARITY_MISMATCH.{sub}"),
        "21S01",
        format!(
            "Cannot write to {table}, the reason is {reason}:\nTable columns: {}.\nData columns: {}.",
            list(table_cols),
            list(data_cols)
        ),
    )
    .param("tableName", table)
    .param("tableColumns", list(table_cols))
    .param("dataColumns", list(data_cols))
}

/// One of Spark's legacy analysis errors (no SQLSTATE).
pub fn legacy(class: &str, message: String) -> SparkError {
    let mut e = SparkError::new(ExceptionKind::Analysis, message);
    e.error_class = Some(class.to_string());
    e
}

/// What an insert writes.
pub struct Insert<'a> {
    pub meta: &'a TableMeta,
    /// The query's output columns (name, type), as resolved.
    pub data: Vec<(String, DataType)>,
    pub matching: Match,
    /// `INSERT ... (cols)`: the columns the query fills, by position.
    pub columns: &'a [String],
    /// Static partition values (`PARTITION (p = 1)`), by column name.
    pub static_values: &'a [(String, Literal)],
}

/// The name a query column gets under the projection (positional, so duplicates are fine).
fn slot(i: usize) -> String {
    format!("__sabot_insert_{i}")
}

/// The plan writing `query`'s rows as the table's columns (in the table's order).
pub fn aligned_plan(ins: &Insert<'_>, query: Plan) -> Result<Plan> {
    let table = table_columns(ins.meta)?;
    let is_static = |name: &str| {
        ins.static_values
            .iter()
            .any(|(p, _)| p.eq_ignore_ascii_case(name))
    };
    // Which query column (by index) feeds each table column; `None` is NULL.
    let mut source: Vec<Option<usize>> = vec![None; table.len()];
    match ins.matching {
        Match::ByName => {
            if ins.data.len() != table.len() {
                return Err(legacy(
                    "_LEGACY_ERROR_TEMP_1161",
                    format!(
                        "The column number of the existing table {} doesn't match the data schema.",
                        ins.meta.qualified_name()
                    ),
                ));
            }
            for (i, (name, _)) in table.iter().enumerate() {
                let Some(j) = ins
                    .data
                    .iter()
                    .position(|(d, _)| d.eq_ignore_ascii_case(name))
                else {
                    let inputs: Vec<&str> = ins.data.iter().map(|(d, _)| d.as_str()).collect();
                    return Err(legacy(
                        "_LEGACY_ERROR_TEMP_1162",
                        format!(
                            "Cannot resolve '{name}' given input columns: [{}].",
                            inputs.join(", ")
                        ),
                    ));
                };
                source[i] = Some(j);
            }
        }
        Match::ByPosition => {
            let targets: Vec<usize> = if ins.columns.is_empty() {
                (0..table.len())
                    .filter(|&i| !is_static(&table[i].0))
                    .collect()
            } else {
                ins.columns
                    .iter()
                    .map(|c| {
                        table
                            .iter()
                            .position(|(n, _)| n.eq_ignore_ascii_case(c))
                            .ok_or_else(|| unresolved_column(c, &table))
                    })
                    .collect::<Result<_>>()?
            };
            if targets.len() != ins.data.len() {
                let table_cols: Vec<String> = targets.iter().map(|&i| table[i].0.clone()).collect();
                let data_cols: Vec<String> = ins.data.iter().map(|(n, _)| n.clone()).collect();
                let mut e = arity_mismatch(ins.meta, &table_cols, &data_cols);
                if !ins.static_values.is_empty() {
                    // Spark reports the condition of its partition-aware check then.
                    e.error_class = Some("INSERT_PARTITION_COLUMN_ARITY_MISMATCH".to_string());
                }
                return Err(e);
            }
            for (j, &i) in targets.iter().enumerate() {
                source[i] = Some(j);
            }
        }
    }
    let mut exprs = Vec::with_capacity(table.len());
    for (i, (name, to)) in table.iter().enumerate() {
        let value = if let Some((_, lit)) = ins
            .static_values
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(name))
        {
            Expr::Literal(lit.clone())
        } else if let Some(j) = source[i] {
            let from = &ins.data[j].1;
            if !can_store_assign(from, to) {
                return Err(cannot_safely_cast(ins.meta, name, from, to));
            }
            Expr::Column {
                name: vec![slot(j)],
                plan_id: None,
            }
        } else {
            Expr::Literal(Literal::Null(to.clone()))
        };
        exprs.push(Expr::Alias {
            expr: Box::new(Expr::Cast {
                expr: Box::new(value),
                data_type: to.clone(),
                mode: CastMode::Ansi,
            }),
            names: vec![name.clone()],
            metadata: None,
        });
    }
    let renamed = Plan::new(PlanNode::ToDf {
        input: Box::new(query),
        names: (0..ins.data.len()).map(slot).collect(),
    });
    Ok(Plan::new(PlanNode::Project {
        input: Some(Box::new(renamed)),
        exprs,
    }))
}

/// `UNRESOLVED_COLUMN.WITH_SUGGESTION` for a name in `INSERT ... (cols)`.
fn unresolved_column(name: &str, table: &[(String, DataType)]) -> SparkError {
    let proposal = table
        .iter()
        .map(|(n, _)| quote_identifier(n))
        .collect::<Vec<_>>()
        .join(", ");
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNRESOLVED_COLUMN.WITH_SUGGESTION",
        "42703",
        format!(
            "A column, variable, or function parameter with name {} cannot be resolved. Did you mean one of the following? [{proposal}].",
            quote_identifier(name)
        ),
    )
    .param("objectName", quote_identifier(name))
    .param("proposal", proposal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sabot_catalog::{ColumnMeta, TableKind};

    fn meta() -> TableMeta {
        let col = |n: &str, t: &str| ColumnMeta {
            name: n.into(),
            data_type: t.into(),
            nullable: true,
            comment: None,
        };
        TableMeta {
            database: "default".into(),
            name: "t".into(),
            kind: TableKind::Managed,
            provider: Some("parquet".into()),
            location: Some("file:/w/t".into()),
            columns: vec![col("a", "int"), col("b", "string"), col("p", "int")],
            partition_columns: vec!["p".into()],
            options: Default::default(),
            properties: Default::default(),
            comment: None,
            view_text: None,
            view_query_columns: vec![],
            view_sql_configs: std::collections::BTreeMap::new(),
            created_ms: 0,
        }
    }

    fn query() -> Plan {
        Plan::new(PlanNode::OneRow)
    }

    fn aliases(p: &Plan) -> Vec<String> {
        let PlanNode::Project { exprs, .. } = &p.node else {
            panic!("not a projection");
        };
        exprs
            .iter()
            .map(|e| match e {
                Expr::Alias { expr, names, .. } => match expr.as_ref() {
                    Expr::Cast { expr, .. } => match expr.as_ref() {
                        Expr::Column { name, .. } => format!("{}<-{}", names[0], name[0]),
                        Expr::Literal(Literal::Null(_)) => format!("{}<-null", names[0]),
                        Expr::Literal(_) => format!("{}<-lit", names[0]),
                        other => panic!("{other:?}"),
                    },
                    other => panic!("{other:?}"),
                },
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn store_assignment_follows_ansi_policy() {
        assert!(can_store_assign(&DataType::Long, &DataType::Integer));
        assert!(can_store_assign(&DataType::Double, &DataType::Integer));
        assert!(can_store_assign(&DataType::Integer, &DataType::String));
        assert!(can_store_assign(&DataType::Date, &DataType::Timestamp));
        assert!(!can_store_assign(&DataType::String, &DataType::Integer));
        assert!(!can_store_assign(&DataType::Boolean, &DataType::Integer));
        assert!(!can_store_assign(&DataType::Date, &DataType::Integer));
    }

    #[test]
    fn positions_statics_and_column_lists() {
        let m = meta();
        let ins = Insert {
            meta: &m,
            data: vec![("x".into(), DataType::Long), ("y".into(), DataType::String)],
            matching: Match::ByPosition,
            columns: &[],
            static_values: &[("P".into(), Literal::Integer(1))],
        };
        let p = aligned_plan(&ins, query()).unwrap();
        assert_eq!(
            aliases(&p),
            ["a<-__sabot_insert_0", "b<-__sabot_insert_1", "p<-lit"]
        );
        let cols = ["b".to_string(), "p".to_string()];
        let ins = Insert {
            columns: &cols,
            static_values: &[],
            data: vec![
                ("y".into(), DataType::String),
                ("q".into(), DataType::Integer),
            ],
            ..ins
        };
        let p = aligned_plan(&ins, query()).unwrap();
        assert_eq!(
            aliases(&p),
            ["a<-null", "b<-__sabot_insert_0", "p<-__sabot_insert_1"]
        );
    }

    #[test]
    fn arity_and_cast_errors() {
        let m = meta();
        let ins = Insert {
            meta: &m,
            data: vec![("x".into(), DataType::Integer)],
            matching: Match::ByPosition,
            columns: &[],
            static_values: &[],
        };
        let e = aligned_plan(&ins, query()).unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS")
        );
        let ins = Insert {
            data: vec![
                ("x".into(), DataType::String),
                ("y".into(), DataType::String),
                ("z".into(), DataType::Integer),
            ],
            ..ins
        };
        let e = aligned_plan(&ins, query()).unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST")
        );
    }

    #[test]
    fn by_name_reorders() {
        let m = meta();
        let ins = Insert {
            meta: &m,
            data: vec![
                ("P".into(), DataType::Integer),
                ("b".into(), DataType::String),
                ("a".into(), DataType::Integer),
            ],
            matching: Match::ByName,
            columns: &[],
            static_values: &[],
        };
        let p = aligned_plan(&ins, query()).unwrap();
        assert_eq!(
            aliases(&p),
            [
                "a<-__sabot_insert_2",
                "b<-__sabot_insert_1",
                "p<-__sabot_insert_0"
            ]
        );
    }
}
