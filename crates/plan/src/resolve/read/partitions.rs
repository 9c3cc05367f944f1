//! Partition discovery: the `key=value` directories of the files become columns whose types
//! are inferred from the values, as Spark's `PartitioningUtils.inferPartitionColumnValue` and
//! `resolveTypeConflicts` do (int, bigint, decimal without fraction, double, date, timestamp,
//! else string; `__HIVE_DEFAULT_PARTITION__` is NULL).

use sabot_common::error::ExceptionKind;
use sabot_common::spec::{DataType, StructField};
use sabot_common::{Result, SparkError};
use sabot_functions::datasource::{Cell, default_date, default_timestamp, is_double};

use super::files::SourceFile;

/// Spark's `ExternalCatalogUtils.DEFAULT_PARTITION_NAME`.
pub(crate) const DEFAULT_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// The partition columns of a read (empty when files are not in `key=value` directories).
pub(crate) fn discover(files: &[SourceFile], zone: &str) -> Result<Vec<StructField>> {
    let Some(first) = files.first() else {
        return Ok(Vec::new());
    };
    let names: Vec<&String> = first.partition.iter().map(|(k, _)| k).collect();
    for f in files {
        let other: Vec<&String> = f.partition.iter().map(|(k, _)| k).collect();
        if other != names {
            return Err(conflicting(&names, &other));
        }
    }
    Ok(names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let t = files
                .iter()
                .map(|f| infer_value(&f.partition[i].1, zone))
                .fold(DataType::Null, |a, b| wider(&a, &b));
            StructField {
                name: (*name).clone(),
                data_type: if t == DataType::Null {
                    DataType::String
                } else {
                    t
                },
                nullable: true,
                metadata: None,
            }
        })
        .collect())
}

fn conflicting(a: &[&String], b: &[&String]) -> SparkError {
    let show = |v: &[&String]| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
    SparkError::with_class(
        ExceptionKind::Internal,
        "CONFLICTING_DIRECTORY_STRUCTURES",
        "KD009",
        format!(
            "Conflicting directory structures detected: partition columns [{}] and [{}].",
            show(a),
            show(b)
        ),
    )
}

/// The type of one raw partition value.
pub(crate) fn infer_value(raw: &str, zone: &str) -> DataType {
    if raw == DEFAULT_PARTITION {
        DataType::Null
    } else if raw.parse::<i32>().is_ok() {
        DataType::Integer
    } else if raw.parse::<i64>().is_ok() {
        DataType::Long
    } else if let Some(p) = big_integer_precision(raw) {
        DataType::Decimal {
            precision: p,
            scale: 0,
        }
    } else if is_double(raw) && !raw.ends_with(['d', 'D', 'f', 'F']) {
        DataType::Double
    } else if is_date(raw) {
        DataType::Date
    } else if default_timestamp(raw, zone, false).is_some() && raw.contains(' ') {
        DataType::Timestamp
    } else {
        DataType::String
    }
}

/// A `yyyy-MM-dd` date (the partition date format is strict).
fn is_date(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && default_date(raw).is_some()
}

/// An integer too wide for a long that fits a decimal.
fn big_integer_precision(raw: &str) -> Option<u8> {
    let body = raw.strip_prefix('-').unwrap_or(raw);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = body.trim_start_matches('0').len().max(1);
    u8::try_from(digits).ok().filter(|d| *d <= 38)
}

/// Spark's `findWiderTypeForPartitionColumn`: numeric widening, date to timestamp, otherwise
/// string.
fn wider(a: &DataType, b: &DataType) -> DataType {
    use DataType::*;
    match (a, b) {
        (x, y) if x == y => x.clone(),
        (Null, x) | (x, Null) => x.clone(),
        (Integer, Long) | (Long, Integer) => Long,
        (Integer | Long | Decimal { .. }, Double) | (Double, Integer | Long | Decimal { .. }) => {
            Double
        }
        (Decimal { precision: p, .. }, Integer) | (Integer, Decimal { precision: p, .. }) => {
            Decimal {
                precision: (*p).max(10),
                scale: 0,
            }
        }
        (Decimal { precision: p, .. }, Long) | (Long, Decimal { precision: p, .. }) => Decimal {
            precision: (*p).max(20),
            scale: 0,
        },
        (Decimal { precision: p, .. }, Decimal { precision: q, .. }) => Decimal {
            precision: (*p).max(*q),
            scale: 0,
        },
        (Date, Timestamp) | (Timestamp, Date) => Timestamp,
        _ => String,
    }
}

/// A raw partition value as a value of the column's type (NULL if it does not convert).
pub(crate) fn value_cell(raw: &str, t: &DataType, zone: &str) -> Cell {
    if raw == DEFAULT_PARTITION {
        return Cell::Null;
    }
    let parsed = match t {
        DataType::Integer | DataType::Long | DataType::Short | DataType::Byte => {
            raw.parse::<i64>().ok().map(Cell::I64)
        }
        DataType::Double | DataType::Float => raw.parse::<f64>().ok().map(Cell::F64),
        DataType::Decimal { precision, scale } => {
            sabot_functions::datasource::decimal(raw, *precision, *scale).map(Cell::Dec)
        }
        DataType::Date => default_date(raw).map(|d| Cell::I64(i64::from(d))),
        DataType::Timestamp => default_timestamp(raw, zone, false).map(Cell::I64),
        DataType::TimestampNtz => default_timestamp(raw, zone, true).map(Cell::I64),
        DataType::Boolean => match raw.to_ascii_lowercase().as_str() {
            "true" => Some(Cell::Bool(true)),
            "false" => Some(Cell::Bool(false)),
            _ => None,
        },
        _ => Some(Cell::Str(raw.to_string())),
    };
    parsed.unwrap_or(Cell::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_types() {
        assert_eq!(infer_value("1", "UTC"), DataType::Integer);
        assert_eq!(infer_value("3000000000", "UTC"), DataType::Long);
        assert_eq!(
            infer_value("123456789012345678901", "UTC"),
            DataType::Decimal {
                precision: 21,
                scale: 0
            }
        );
        assert_eq!(infer_value("1.5", "UTC"), DataType::Double);
        assert_eq!(infer_value("2020-01-02", "UTC"), DataType::Date);
        assert_eq!(
            infer_value("2020-01-02 03:04:05", "UTC"),
            DataType::Timestamp
        );
        assert_eq!(infer_value("abc", "UTC"), DataType::String);
        assert_eq!(infer_value(DEFAULT_PARTITION, "UTC"), DataType::Null);
    }

    #[test]
    fn widening() {
        assert_eq!(wider(&DataType::Integer, &DataType::Long), DataType::Long);
        assert_eq!(
            wider(&DataType::Integer, &DataType::Double),
            DataType::Double
        );
        assert_eq!(wider(&DataType::Date, &DataType::String), DataType::String);
        assert_eq!(wider(&DataType::Null, &DataType::Date), DataType::Date);
        assert_eq!(value_cell("7", &DataType::Long, "UTC"), Cell::I64(7));
        assert_eq!(
            value_cell(DEFAULT_PARTITION, &DataType::Long, "UTC"),
            Cell::Null
        );
    }
}
