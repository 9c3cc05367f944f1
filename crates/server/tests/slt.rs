//! The sqllogictest-style suite: runs every `integration/slt/*.slt` file through the real
//! session and execution path (`sabot_sql::parse_statement`, the plan resolver, DataFusion,
//! `run_statement` for commands), without gRPC, and compares with the expectations recorded
//! from Apache Spark by `python-tests/tools/slt_record.py`. The format is described in
//! `integration/slt/README.md`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{Array, RecordBatch};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::arrow::temporal_conversions::{date32_to_datetime, timestamp_us_to_datetime};
use datafusion::common::ScalarValue;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::DataFrame;
use sabot_common::config::SparkConf;
use sabot_common::spec::Statement;
use sabot_server::execution::runner;
use sabot_server::session::{Session, SessionManager};
use sabot_sql::{Params, parse_statement};

/// One record of a file.
#[derive(Debug)]
enum Record {
    /// `statement ok`: runs without error.
    Ok { sql: String, line: usize },
    /// `statement error <pattern>`: fails with a message containing the pattern.
    Error {
        sql: String,
        pattern: String,
        line: usize,
    },
    /// `query <types> [rowsort]`: the column names, then the rows.
    Query {
        sql: String,
        types: String,
        rowsort: bool,
        expected: Vec<String>,
        line: usize,
    },
    /// `view <name>`: the query registered as a temporary view.
    View {
        name: String,
        sql: String,
        line: usize,
    },
}

fn parse_file(text: &str) -> Vec<Record> {
    let lines: Vec<&str> = text.lines().collect();
    let mut records = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let head = lines[i].trim();
        if head.is_empty() || head.starts_with('#') {
            i += 1;
            continue;
        }
        let line = i + 1;
        i += 1;
        let mut sql = Vec::new();
        while i < lines.len() && !lines[i].trim().is_empty() && lines[i].trim() != "----" {
            sql.push(lines[i]);
            i += 1;
        }
        let sql = sql.join("\n");
        let words: Vec<&str> = head.split_whitespace().collect();
        match words.as_slice() {
            ["statement", "ok"] => records.push(Record::Ok { sql, line }),
            ["statement", "error", rest @ ..] => records.push(Record::Error {
                sql,
                pattern: rest.join(" "),
                line,
            }),
            ["view", name] => records.push(Record::View {
                name: (*name).to_string(),
                sql,
                line,
            }),
            ["query", types, options @ ..] => {
                let mut expected = Vec::new();
                if i < lines.len() && lines[i].trim() == "----" {
                    i += 1;
                    while i < lines.len() && !lines[i].trim().is_empty() {
                        expected.push(lines[i].trim().to_string());
                        i += 1;
                    }
                }
                records.push(Record::Query {
                    sql,
                    types: (*types).to_string(),
                    rowsort: options.contains(&"rowsort"),
                    expected,
                    line,
                });
            }
            _ => panic!("line {line}: unknown record `{head}`"),
        }
    }
    records
}

/// Runs one statement; a query's result with its column types.
async fn run(session: &Arc<Session>, sql: &str) -> Result<Option<(String, Vec<String>)>, String> {
    // `${var}` substitution, as `spark.sql` does before parsing.
    let enabled = session
        .conf_get("spark.sql.variable.substitute")
        .ok()
        .flatten()
        .is_none_or(|v| !v.eq_ignore_ascii_case("false"));
    let lookup = |key: &str| session.conf_get(key).ok().flatten();
    let sql = if enabled {
        sabot_sql::substitute_variables(sql, &lookup)
    } else {
        sql.to_string()
    };
    let statement = parse_statement(&sql, &Params::default()).map_err(|e| e.display_message())?;
    let plan = match statement {
        Statement::Query(plan) => plan,
        other => {
            runner::run_statement(session, other)
                .await
                .map_err(|e| e.display_message())?;
            return Ok(None);
        }
    };
    let logical = runner::resolve(session, &plan)
        .await
        .map_err(|e| e.display_message())?;
    let conf = session.plan_config().map_err(|e| e.display_message())?;
    let schema =
        sabot_plan::types::to_spark_arrow_schema(logical.schema().as_arrow(), &conf.time_zone)
            .map_err(|e| e.display_message())?;
    let batches = DataFrame::new(session.ctx.state(), logical)
        .collect()
        .await
        .map_err(|e| sabot_plan::from_datafusion(e).display_message())?;
    let types: String = schema
        .fields()
        .iter()
        .map(|f| type_letter(f.data_type()))
        .collect();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let mut rows = vec![names.join(" | ")];
    for batch in &batches {
        let batch = sabot_plan::types::cast_batch_to_schema(batch, &schema)
            .map_err(|e| e.display_message())?;
        rows.extend(render_rows(&batch));
    }
    Ok(Some((types, rows)))
}

/// The type letters of the `query` line: I integral, R fractional, T text, B boolean,
/// D date/time, ? anything else.
fn type_letter(t: &ArrowType) -> char {
    match t {
        ArrowType::Int8 | ArrowType::Int16 | ArrowType::Int32 | ArrowType::Int64 => 'I',
        ArrowType::Float32 | ArrowType::Float64 | ArrowType::Decimal128(..) => 'R',
        ArrowType::Utf8 | ArrowType::LargeUtf8 | ArrowType::Utf8View => 'T',
        ArrowType::Boolean => 'B',
        ArrowType::Date32 | ArrowType::Timestamp(..) => 'D',
        _ => '?',
    }
}

fn render_rows(batch: &RecordBatch) -> Vec<String> {
    (0..batch.num_rows())
        .map(|row| {
            batch
                .columns()
                .iter()
                .map(|c| {
                    let v = ScalarValue::try_from_array(c, row).unwrap();
                    match fmt_value(&v) {
                        s if s.is_empty() => "(empty)".to_string(),
                        s => s,
                    }
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

fn fmt_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if f == f.trunc() && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

fn fmt_array(values: &dyn Array) -> Vec<String> {
    (0..values.len())
        .map(|i| fmt_value(&ScalarValue::try_from_array(values, i).unwrap()))
        .collect()
}

/// A value as `slt_record.py` writes it (see the suite's README).
fn fmt_value(v: &ScalarValue) -> String {
    if v.is_null() {
        return "NULL".into();
    }
    match v {
        ScalarValue::Boolean(Some(b)) => b.to_string(),
        ScalarValue::Int8(Some(n)) => n.to_string(),
        ScalarValue::Int16(Some(n)) => n.to_string(),
        ScalarValue::Int32(Some(n)) => n.to_string(),
        ScalarValue::Int64(Some(n)) => n.to_string(),
        ScalarValue::Float32(Some(f)) => fmt_float(f64::from(*f)),
        ScalarValue::Float64(Some(f)) => fmt_float(*f),
        ScalarValue::Decimal128(Some(n), _, scale) => fmt_decimal(*n, *scale),
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => s.clone(),
        ScalarValue::Binary(Some(b)) | ScalarValue::LargeBinary(Some(b)) => {
            b.iter().map(|x| format!("{x:02x}")).collect()
        }
        ScalarValue::Date32(Some(d)) => date32_to_datetime(*d)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        ScalarValue::TimestampMicrosecond(Some(us), _) => timestamp_us_to_datetime(*us)
            .map(|t| {
                if us.rem_euclid(1_000_000) == 0 {
                    t.format("%Y-%m-%d %H:%M:%S").to_string()
                } else {
                    t.format("%Y-%m-%d %H:%M:%S%.6f").to_string()
                }
            })
            .unwrap_or_default(),
        ScalarValue::List(a) => format!("[{}]", fmt_array(a.value(0).as_ref()).join(", ")),
        ScalarValue::LargeList(a) => format!("[{}]", fmt_array(a.value(0).as_ref()).join(", ")),
        ScalarValue::Struct(s) => {
            let fields: Vec<String> = s
                .columns()
                .iter()
                .map(|c| fmt_value(&ScalarValue::try_from_array(c, 0).unwrap()))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        ScalarValue::Map(m) => {
            let entries = m.value(0);
            let keys = fmt_array(entries.column(0).as_ref());
            let values = fmt_array(entries.column(1).as_ref());
            let pairs: Vec<String> = keys
                .iter()
                .zip(&values)
                .map(|(k, v)| format!("{k} -> {v}"))
                .collect();
            format!("{{{}}}", pairs.join(", "))
        }
        other => other.to_string(),
    }
}

fn fmt_decimal(n: i128, scale: i8) -> String {
    if scale <= 0 {
        return (n * 10i128.pow(u32::from(scale.unsigned_abs()))).to_string();
    }
    let scale = usize::from(scale.unsigned_abs());
    let digits = n.unsigned_abs().to_string();
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{}{int}.{frac}", if n < 0 { "-" } else { "" })
}

/// Cells equal as text, or as numbers within a relative 1e-9 (float text differs between
/// Python and Rust for very large and small values).
fn same_row(a: &str, b: &str) -> bool {
    let (xs, ys): (Vec<&str>, Vec<&str>) = (a.split(" | ").collect(), b.split(" | ").collect());
    xs.len() == ys.len()
        && xs.iter().zip(&ys).all(|(x, y)| {
            x == y
                || match (x.parse::<f64>(), y.parse::<f64>()) {
                    (Ok(p), Ok(q)) => (p - q).abs() <= 1e-9 * p.abs().max(q.abs()),
                    _ => false,
                }
        })
}

async fn run_file(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let manager = SessionManager::new(
        SparkConf::new(),
        RuntimeEnvBuilder::new().build_arc().unwrap(),
    );
    let session = manager
        .get_or_create("slt", &uuid::Uuid::new_v4().to_string(), None)
        .unwrap();
    session
        .conf_set("spark.sql.session.timeZone", "UTC")
        .unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let mut failures = Vec::new();
    for record in parse_file(&text) {
        match record {
            Record::Ok { sql, line } => {
                if let Err(e) = run(&session, &sql).await {
                    failures.push(format!("{name}:{line}: `{sql}` failed: {e}"));
                }
            }
            Record::Error { sql, pattern, line } => match run(&session, &sql).await {
                Ok(_) => failures.push(format!(
                    "{name}:{line}: `{sql}` succeeded, expected error {pattern}"
                )),
                Err(e) if !e.contains(&pattern) => failures.push(format!(
                    "{name}:{line}: `{sql}`: error `{e}` lacks `{pattern}`"
                )),
                Err(_) => {}
            },
            Record::View {
                name: view,
                sql,
                line,
            } => {
                let result = async {
                    let Statement::Query(plan) = parse_statement(&sql, &Params::default())
                        .map_err(|e| e.display_message())?
                    else {
                        return Err("not a query".to_string());
                    };
                    let logical = runner::resolve(&session, &plan)
                        .await
                        .map_err(|e| e.display_message())?;
                    sabot_plan::register_temp_view(&session.ctx, &view, logical, true)
                        .map_err(|e| e.display_message())
                }
                .await;
                if let Err(e) = result {
                    failures.push(format!("{name}:{line}: view {view} failed: {e}"));
                }
            }
            Record::Query {
                sql,
                types,
                rowsort,
                expected,
                line,
            } => match run(&session, &sql).await {
                Err(e) => failures.push(format!("{name}:{line}: `{sql}` failed: {e}")),
                Ok(None) => failures.push(format!("{name}:{line}: `{sql}` is not a query")),
                Ok(Some((got_types, mut got))) => {
                    let mut want = expected.clone();
                    if rowsort && !got.is_empty() && !want.is_empty() {
                        got[1..].sort();
                        want[1..].sort();
                    }
                    let rows_ok = got.len() == want.len()
                        && got.iter().zip(&want).all(|(a, b)| same_row(a, b));
                    if got_types != types || !rows_ok {
                        failures.push(format!(
                            "{name}:{line}: `{sql}`\n  expected ({types}):\n    {}\n  got ({got_types}):\n    {}",
                            want.join("\n    "),
                            got.join("\n    ")
                        ));
                    }
                }
            },
        }
    }
    failures
}

fn slt_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../integration/slt");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "slt"))
        .collect();
    files.sort();
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqllogictest_suite() {
    let files = slt_files();
    assert!(!files.is_empty(), "no .slt files found");
    let mut failures = Vec::new();
    for file in &files {
        failures.extend(run_file(file).await);
    }
    assert!(
        failures.is_empty(),
        "{} slt failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn decimals_and_floats_render_like_python() {
    assert_eq!(fmt_decimal(150, 2), "1.50");
    assert_eq!(fmt_decimal(-5, 3), "-0.005");
    assert_eq!(fmt_float(10.0), "10.0");
    assert_eq!(fmt_float(0.1), "0.1");
    assert!(same_row("1e+20 | a", "100000000000000000000 | a"));
    assert!(!same_row("1 | a", "1 | b"));
}
