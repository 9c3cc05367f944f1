//! Spark's checks of a window frame against its window (`SpecifiedWindowFrame` and
//! `WindowSpecDefinition.checkInputDataTypes`): bound types, bound order, RANGE frames without
//! or with several order keys, and offsets a DATE/TIMESTAMP key does not take.

use datafusion::arrow::datatypes::DataType as ArrowType;
use sabot_common::Result;
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

use super::type_sql::arrow_type_sql;
use super::window_frame::{Bound, Frame};

fn mismatch(class: &str, sql: &str, detail: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        &format!("DATATYPE_MISMATCH.{class}"),
        "42K09",
        format!("Cannot resolve \"{sql}\" due to data type mismatch: {detail}"),
    )
    .param("sqlExpr", format!("\"{sql}\""))
}

/// Spark's frame checks; `spec_text` is `(PARTITION BY ... ORDER BY ... frame)` and `order_type`
/// the type of the first order key.
pub(crate) fn check_frame(
    frame: &Frame,
    order_keys: usize,
    order_type: Option<&ArrowType>,
    spec_text: &str,
) -> Result<()> {
    let text = frame.text();
    if !frame.rows
        && frame.is_value_bound()
        && let Some(t) = order_type
        && !(t.is_numeric() || is_temporal(t))
        && order_keys == 1
    {
        // Spark casts the offset to the order key's type, then finds it is not numeric.
        let (location, bound) = match frame.lower {
            Bound::Value { .. } => ("lower", "lower"),
            _ => ("upper", "upper"),
        };
        let ty = arrow_type_sql(t);
        return Err(mismatch(
            "SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE",
            &text,
            &format!("The data type of the {bound} bound \"{ty}\" does not match the expected data type (\"NUMERIC\" or \"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\" or \"INTERVAL\")."),
        )
        .param("location", location)
        .param("exprType", format!("\"{ty}\""))
        .param("expectedType", "(\"NUMERIC\" or \"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\" or \"INTERVAL\")"));
    }
    if frame.rows {
        for (b, location) in [(&frame.lower, "lower"), (&frame.upper, "upper")] {
            if let Bound::Value { value, .. } = b
                && !value.data_type().is_integer()
            {
                let ty = arrow_type_sql(&value.data_type());
                return Err(mismatch(
                    "SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE",
                    &text,
                    &format!("The data type of the {location} bound \"{ty}\" does not match the expected data type \"INT\"."),
                )
                .param("location", location)
                .param("exprType", format!("\"{ty}\""))
                .param("expectedType", "\"INT\""));
            }
        }
    }
    if let (Some(l), Some(u)) = (frame.lower.signed(), frame.upper.signed())
        && matches!(frame.lower, Bound::Value { .. })
        && matches!(frame.upper, Bound::Value { .. })
        && l > u
    {
        return Err(mismatch(
            "SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON",
            &text,
            "The lower bound of a window frame must be less than or equal to the upper bound.",
        )
        .param("comparison", "less than or equal"));
    }
    if frame.rows {
        return Ok(());
    }
    if !frame.is_unbounded() && order_keys == 0 {
        return Err(mismatch(
            "RANGE_FRAME_WITHOUT_ORDER",
            spec_text,
            "A range window frame cannot be used in an unordered window specification.",
        ));
    }
    if frame.is_value_bound() && order_keys > 1 {
        return Err(mismatch(
            "RANGE_FRAME_MULTI_ORDER",
            spec_text,
            "A range window frame with value boundaries cannot be used in a window specification with multiple order by expressions.",
        ));
    }
    if frame.is_value_bound()
        && let Some(key) = order_type.filter(|t| is_temporal(t))
    {
        for b in [&frame.lower, &frame.upper] {
            if let Bound::Value { value, .. } = b
                && !valid_temporal_offset(key, &value.data_type())
            {
                let kt = arrow_type_sql(key);
                let vt = arrow_type_sql(&value.data_type());
                return Err(mismatch(
                    "RANGE_FRAME_INVALID_TYPE",
                    spec_text,
                    &format!("The data type \"{kt}\" used in the order specification does not support the data type \"{vt}\" which is used in the range frame."),
                )
                .param("orderSpecType", format!("\"{kt}\""))
                .param("valueBoundaryType", format!("\"{vt}\"")));
            }
        }
    }
    Ok(())
}

/// DATE and TIMESTAMP keys: Spark does not cast the offsets to them.
pub(crate) fn is_temporal(t: &ArrowType) -> bool {
    matches!(t, ArrowType::Date32 | ArrowType::Timestamp(_, _))
}

/// Spark's `WindowSpecDefinition.isValidFrameType` for DATE/TIMESTAMP keys: INT days or a
/// year-month interval for a DATE, an interval for a TIMESTAMP.
fn valid_temporal_offset(key: &ArrowType, offset: &ArrowType) -> bool {
    use datafusion::arrow::datatypes::IntervalUnit;
    match key {
        ArrowType::Date32 => matches!(
            offset,
            ArrowType::Int32
                | ArrowType::Int16
                | ArrowType::Int8
                | ArrowType::Interval(IntervalUnit::YearMonth)
        ),
        _ => matches!(offset, ArrowType::Interval(_) | ArrowType::Duration(_)),
    }
}

#[cfg(test)]
mod tests {
    use datafusion::common::ScalarValue;

    use super::*;

    fn value(v: i64) -> Bound {
        Bound::Value {
            value: ScalarValue::Int64(Some(v)),
            text: format!("{v} FOLLOWING"),
            negative: v < 0,
        }
    }

    #[test]
    fn checks() {
        let f = Frame::new(true, value(1), value(-1));
        let e = check_frame(&f, 1, Some(&ArrowType::Int32), "x").unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON")
        );
        let f = Frame::new(false, value(-1), value(1));
        let e = check_frame(&f, 2, Some(&ArrowType::Int32), "x").unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER")
        );
        let e = check_frame(&f, 0, None, "x").unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("DATATYPE_MISMATCH.RANGE_FRAME_WITHOUT_ORDER")
        );
        let e = check_frame(&f, 1, Some(&ArrowType::Utf8), "x").unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE")
        );
        let e = check_frame(&f, 1, Some(&ArrowType::Date32), "x").unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE")
        );
        assert!(check_frame(&f, 1, Some(&ArrowType::Float64), "x").is_ok());
    }
}
