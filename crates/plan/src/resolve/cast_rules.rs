//! Which scalar casts Spark allows, and its analysis error for the others: Spark's
//! `Cast.canCast` (legacy mode), `Cast.canAnsiCast` (ANSI mode, and `try_cast`) and
//! `Cast.typeCheckFailureMessage`. Checked before a cast is built, so a pair Spark rejects is
//! its `DATATYPE_MISMATCH.CAST_*` error whether or not Sabot could compute it. Complex, variant,
//! TIME and calendar-interval casts are checked where they are built.

use datafusion::arrow::datatypes::{DataType as ArrowType, IntervalUnit, TimeUnit};
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

use super::casts::{CastFailure, cast_without_suggestion, spark_sql_of};

/// The kinds of scalar types the rules name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Boolean,
    Integral,
    Fractional,
    Decimal,
    String,
    Binary,
    Date,
    Timestamp,
    TimestampNtz,
    DayTime,
    YearMonth,
}

fn kind(t: &ArrowType) -> Option<Kind> {
    use ArrowType as A;
    Some(match t {
        A::Boolean => Kind::Boolean,
        A::Int8 | A::Int16 | A::Int32 | A::Int64 => Kind::Integral,
        A::Float32 | A::Float64 => Kind::Fractional,
        A::Decimal128(..) => Kind::Decimal,
        A::Utf8 | A::LargeUtf8 | A::Utf8View => Kind::String,
        A::Binary | A::LargeBinary | A::BinaryView => Kind::Binary,
        A::Date32 => Kind::Date,
        A::Timestamp(TimeUnit::Microsecond, Some(_)) => Kind::Timestamp,
        A::Timestamp(TimeUnit::Microsecond, None) => Kind::TimestampNtz,
        A::Duration(TimeUnit::Microsecond) => Kind::DayTime,
        A::Interval(IntervalUnit::YearMonth) => Kind::YearMonth,
        _ => return None,
    })
}

fn numeric(k: Kind) -> bool {
    matches!(k, Kind::Integral | Kind::Fractional | Kind::Decimal)
}

/// Spark's `Cast.canAnsiCast`: the casts ANSI mode (and `try_cast`) allows.
fn can_ansi_cast(from: Kind, to: Kind) -> bool {
    use Kind::*;
    from == to
        || to == String
        || match (from, to) {
            (String, Binary | Boolean | Timestamp | TimestampNtz | Date) => true,
            (String, DayTime | YearMonth) => true,
            (String, t) if numeric(t) => true,
            (f, Boolean) if numeric(f) => true,
            (f, Timestamp) if numeric(f) => true,
            (Date | TimestampNtz, Timestamp) => true,
            (Date | Timestamp, TimestampNtz) => true,
            (Timestamp | TimestampNtz, Date) => true,
            (DayTime | YearMonth, Integral | Decimal) => true,
            (Integral | Decimal, DayTime | YearMonth) => true,
            (f, t) if numeric(f) && numeric(t) => true,
            (Boolean | Timestamp, t) if numeric(t) => true,
            _ => false,
        }
}

/// Spark's `Cast.canCast`: the casts legacy mode allows (ANSI's and a few more).
fn can_cast(from: Kind, to: Kind) -> bool {
    use Kind::*;
    can_ansi_cast(from, to)
        || matches!(
            (from, to),
            (Integral, Binary) | (Date | Timestamp, Boolean) | (Boolean, Timestamp)
        )
        || (from == Date && numeric(to))
}

/// `Ok` when Spark allows casting `from` to `target` under `failure`'s mode, else its error.
pub(crate) fn check(
    from: &ArrowType,
    target: &ArrowType,
    failure: CastFailure,
) -> sabot_common::Result<()> {
    let (Some(f), Some(t)) = (kind(from), kind(target)) else {
        return Ok(());
    };
    if failure == CastFailure::Legacy {
        return if can_cast(f, t) {
            Ok(())
        } else {
            Err(cast_without_suggestion(from, target))
        };
    }
    if can_ansi_cast(f, t) {
        return Ok(());
    }
    // `Cast.typeCheckFailureMessage`: a function that does what the user meant, else the
    // config that would allow the cast (not for `try_cast`), else nothing.
    let function = match (f, t) {
        (n, Kind::Date) if numeric(n) => Some("DATE_FROM_UNIX_DATE"),
        (Kind::Date, n) if numeric(n) => Some("UNIX_DATE"),
        _ => None,
    };
    if let Some(function) = function {
        return Err(cast_with_func_suggestion(from, target, function));
    }
    if failure == CastFailure::Error && can_cast(f, t) {
        return Err(cast_with_conf_suggestion(from, target));
    }
    Err(cast_without_suggestion(from, target))
}

/// `DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION`: a cast only legacy mode allows.
pub(crate) fn cast_with_conf_suggestion(from: &ArrowType, target: &ArrowType) -> SparkError {
    let (f, t) = (spark_sql_of(from), spark_sql_of(target));
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION",
        "42K09",
        format!(
            "Cannot resolve the cast due to data type mismatch: cannot cast \"{f}\" to \"{t}\" with ANSI mode on. If you have to cast \"{f}\" to \"{t}\", you can set \"spark.sql.ansi.enabled\" as 'false'."
        ),
    )
    .param("srcType", format!("\"{f}\""))
    .param("targetType", format!("\"{t}\""))
    .param("config", "\"spark.sql.ansi.enabled\"")
    .param("configVal", "'false'")
}

/// `DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION`.
fn cast_with_func_suggestion(from: &ArrowType, target: &ArrowType, function: &str) -> SparkError {
    let (f, t) = (spark_sql_of(from), spark_sql_of(target));
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION",
        "42K09",
        format!(
            "Cannot resolve the cast due to data type mismatch: cannot cast \"{f}\" to \"{t}\". To convert values from \"{f}\" to \"{t}\", you can use the functions `{function}` instead."
        ),
    )
    .param("srcType", format!("\"{f}\""))
    .param("targetType", format!("\"{t}\""))
    .param("functionNames", format!("`{function}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(from: ArrowType, to: ArrowType, failure: CastFailure) -> Option<String> {
        check(&from, &to, failure).err().and_then(|e| e.error_class)
    }

    #[test]
    fn as_spark_4_3_answers() {
        use ArrowType as A;
        let ts = A::Timestamp(TimeUnit::Microsecond, Some("UTC".into()));
        let ntz = A::Timestamp(TimeUnit::Microsecond, None);
        let (legacy, ansi, try_) = (CastFailure::Legacy, CastFailure::Error, CastFailure::Null);
        assert_eq!(class(A::Int32, A::Binary, legacy), None);
        assert_eq!(
            class(A::Int32, A::Binary, ansi).as_deref(),
            Some("DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION")
        );
        assert_eq!(
            class(A::Int32, A::Binary, try_).as_deref(),
            Some("DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION")
        );
        assert_eq!(
            class(A::Int32, A::Date32, ansi).as_deref(),
            Some("DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION")
        );
        assert_eq!(
            class(A::Int32, A::Date32, legacy).as_deref(),
            Some("DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION")
        );
        assert_eq!(class(A::Date32, A::Int32, legacy), None);
        assert_eq!(
            class(ntz.clone(), A::Int64, legacy).as_deref(),
            Some("DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION")
        );
        assert_eq!(class(ts.clone(), A::Int64, ansi), None);
        assert_eq!(class(A::Float64, ts, ansi), None);
        assert_eq!(
            class(A::Float64, A::Duration(TimeUnit::Microsecond), legacy).as_deref(),
            Some("DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION")
        );
    }
}
