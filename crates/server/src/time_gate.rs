//! Spark's `UNSUPPORTED_TIME_TYPE` for DDL schemas naming `TIME` while
//! `spark.sql.timeType.enabled` is off (the parser's check in Spark).

use sabot_common::Result;
use sabot_common::spec::DataType;

use crate::session::Session;

/// Fails when `t` holds a TIME type and the session has not enabled it.
pub fn check_ddl(session: &Session, t: &DataType) -> Result<()> {
    if session.plan_config()?.time_type || !has_time(t) {
        return Ok(());
    }
    Err(sabot_functions::time_cast::unsupported_time_type())
}

fn has_time(t: &DataType) -> bool {
    match t {
        DataType::Time(_) => true,
        DataType::Array { element, .. } => has_time(element),
        DataType::Map { key, value, .. } => has_time(key) || has_time(value),
        DataType::Struct(fields) => fields.iter().any(|f| has_time(&f.data_type)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_times() {
        assert!(has_time(&DataType::Array {
            element: Box::new(DataType::Time(6)),
            contains_null: true
        }));
        assert!(!has_time(&DataType::Date));
    }
}

/// Whether a Connect `client_type` (`_SPARK_CONNECT_PYTHON spark/3.5.9 os/linux ...`) names a
/// client older than Spark 4.1, which cannot read TIME columns.
pub fn is_pre_time_client(client_type: &str) -> bool {
    client_type
        .split_whitespace()
        .find_map(|part| part.strip_prefix("spark/"))
        .and_then(|v| {
            let mut it = v.split('.').map(|n| n.parse::<u32>().ok());
            Some((it.next()??, it.next().flatten().unwrap_or(0)))
        })
        .is_some_and(|(major, minor)| (major, minor) < (4, 1))
}

/// Remembers whether the session's client predates the TIME type.
pub fn note_client(session: &Session, client_type: Option<&str>) {
    if let Some(c) = client_type {
        session
            .pre_time_client
            .store(is_pre_time_client(c), std::sync::atomic::Ordering::Relaxed);
    }
}

/// Spark Connect refuses to send TIME columns while the type is disabled
/// (`ArrowUtils.toArrowType` raises `UNSUPPORTED_TIME_TYPE`; analysis and `count()` work),
/// and an old client gets [`check_client`]'s error.
pub fn check_result(session: &Session, schema: &DataType) -> Result<()> {
    if has_time(schema) && !session.plan_config()?.time_type {
        return Err(sabot_functions::time_cast::unsupported_time_type());
    }
    check_client(session, schema)
}

/// A clear error instead of a schema an old client cannot read (PySpark 3.5 fails with
/// "Unsupported data type" on a TIME field).
pub fn check_client(session: &Session, schema: &DataType) -> Result<()> {
    if session
        .pre_time_client
        .load(std::sync::atomic::Ordering::Relaxed)
        && has_time(schema)
    {
        return Err(sabot_common::SparkError::unsupported(
            "TIME columns in results for a PySpark client older than 4.1 (it cannot read \
             them); cast them to STRING or use a newer client",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod client_tests {
    use super::*;

    #[test]
    fn recognises_old_clients() {
        assert!(is_pre_time_client(
            "_SPARK_CONNECT_PYTHON spark/3.5.9 os/linux python/3.11"
        ));
        assert!(is_pre_time_client("x spark/4.0.1"));
        assert!(!is_pre_time_client("x spark/4.2.0 os/linux"));
        assert!(!is_pre_time_client("custom-client"));
    }
}
