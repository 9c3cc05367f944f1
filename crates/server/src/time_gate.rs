//! Spark's `UNSUPPORTED_TIME_TYPE` for DDL schemas naming `TIME` while
//! `spark.sql.timeType.enabled` is off (the parser's check in Spark), and for results holding
//! TIME columns then.

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

/// Spark Connect refuses to send TIME columns while the type is disabled
/// (`ArrowUtils.toArrowType` raises `UNSUPPORTED_TIME_TYPE`; analysis and `count()` work).
pub fn check_result(session: &Session, schema: &DataType) -> Result<()> {
    if has_time(schema) && !session.plan_config()?.time_type {
        return Err(sabot_functions::time_cast::unsupported_time_type());
    }
    Ok(())
}

fn has_time(t: &DataType) -> bool {
    crate::client_types::contains(t, &|t| matches!(t, DataType::Time(_)))
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
