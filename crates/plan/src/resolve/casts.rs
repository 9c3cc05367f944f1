//! `CAST(x AS t)` with Spark's semantics (Spark's `Cast`): ANSI errors or NULLs for invalid
//! input, whitespace-trimmed string parsing, Java's number formatting, timestamps printed in the
//! session time zone. Pairs where Arrow's cast already agrees with Spark use DataFusion's cast.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BooleanArray, Int64Array, StringArray};
use datafusion::arrow::compute::{CastOptions, cast, cast_with_options};
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Float32Type, Float64Type, Int64Type, TimeUnit, TimestampMicrosecondType,
};
use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{CastMode, DataType};
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};
use super::literals::{date_string, java_double, java_float, timestamp_string};
use super::time_cast::time_cast;
use super::type_sql::type_sql;
use crate::types::{arrow_to_spark, spark_to_arrow};

/// Resolves a cast of an already resolved expression.
pub(crate) fn resolve_cast(
    scope: &Scope<'_>,
    inner: Named,
    to: &DataType,
    mode: CastMode,
) -> Result<Named> {
    let tz = &scope.conf.time_zone;
    let target = spark_to_arrow(to, tz)?;
    let from = scope.data_type(&inner.expr)?;
    let failure = match mode {
        CastMode::Default if scope.conf.ansi => CastFailure::Error,
        CastMode::Default | CastMode::Legacy => CastFailure::Legacy,
        CastMode::Ansi => CastFailure::Error,
        CastMode::Try => CastFailure::Null,
    };
    let ansi = failure == CastFailure::Error;
    let prefix = if mode == CastMode::Try {
        "TRY_CAST"
    } else {
        "CAST"
    };
    let name = format!("{prefix}({} AS {})", inner.name, type_sql(to));
    if let Some(e) = sabot_functions::variant::variant_cast(
        inner.expr.clone().unalias(),
        &from,
        &target,
        mode != CastMode::Try,
        tz,
        &name,
    ) {
        return Ok(Named::new(e?, name));
    }
    let (enabled, unaliased) = (scope.conf.time_type, inner.expr.clone().unalias());
    if let Some(e) = time_cast(unaliased, &from, to, &target, ansi, enabled, tz)? {
        return Ok(Named::new(e, name));
    }
    if let Some(e) = super::interval_cast::interval_cast(
        inner.expr.clone().unalias(),
        &from,
        to,
        &target,
        failure,
    )? {
        super::cast_rules::check(&from, &target, failure)?;
        return Ok(Named::new(e, name));
    }
    let expr = cast_with(inner.expr.unalias(), &from, &target, failure)?;
    Ok(Named::new(expr, name))
}

/// What a cast does with a value it cannot convert (Spark's `Cast.evalMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CastFailure {
    /// Legacy (non-ANSI) semantics: wrap, saturate or NULL.
    Legacy,
    /// ANSI semantics: an error.
    Error,
    /// `try_cast`: ANSI semantics with NULL instead of the error.
    Null,
}

pub(super) fn is_string(t: &ArrowType) -> bool {
    matches!(
        t,
        ArrowType::Utf8 | ArrowType::LargeUtf8 | ArrowType::Utf8View
    )
}

fn is_integral(t: &ArrowType) -> bool {
    matches!(
        t,
        ArrowType::Int8
            | ArrowType::Int16
            | ArrowType::Int32
            | ArrowType::Int64
            | ArrowType::UInt8
            | ArrowType::UInt16
            | ArrowType::UInt32
            | ArrowType::UInt64
    )
}

fn is_numeric(t: &ArrowType) -> bool {
    is_integral(t)
        || matches!(
            t,
            ArrowType::Float32 | ArrowType::Float64 | ArrowType::Decimal128(..)
        )
}

/// The DataFusion expression casting `e` from `from` to `target` as Spark would, under ANSI
/// mode or not.
pub(crate) fn cast_expr(
    e: DfExpr,
    from: &ArrowType,
    target: &ArrowType,
    ansi: bool,
) -> Result<DfExpr> {
    let failure = if ansi {
        CastFailure::Error
    } else {
        CastFailure::Legacy
    };
    cast_with(e, from, target, failure)
}

/// [`cast_expr`] with its failure behaviour (`try_cast`'s too).
pub(crate) fn cast_with(
    e: DfExpr,
    from: &ArrowType,
    target: &ArrowType,
    failure: CastFailure,
) -> Result<DfExpr> {
    let ansi = failure == CastFailure::Error;
    if from == target {
        return Ok(e);
    }
    if matches!(from, ArrowType::Null) {
        return Ok(DfExpr::Cast(datafusion::logical_expr::Cast::new(
            Box::new(e),
            target.clone(),
        )));
    }
    super::cast_rules::check(from, target, failure)?;
    let udf = |e: DfExpr| -> Result<DfExpr> {
        let f = SparkCast::new(from, target, failure)?;
        Ok(ScalarUDF::new_from_impl(f).call(vec![e]))
    };
    if is_string(target) {
        return match from {
            ArrowType::Float32
            | ArrowType::Float64
            | ArrowType::Timestamp(TimeUnit::Microsecond, _) => udf(e),
            t if is_integral(t) || is_string(t) => Ok(plain_cast(e, target, ansi)),
            ArrowType::Boolean | ArrowType::Date32 | ArrowType::Decimal128(..) => {
                Ok(plain_cast(e, target, ansi))
            }
            // Bytes that are not UTF-8 read as U+FFFD, as the JVM decodes them.
            ArrowType::Binary => udf(e),
            t if is_complex(t) => udf(e),
            ArrowType::Interval(datafusion::arrow::datatypes::IntervalUnit::MonthDayNano) => udf(e),
            other => Err(SparkError::unsupported(format!(
                "casting {} to STRING",
                spark_sql_of(other)
            ))),
        };
    }
    use ArrowType as A;
    // The pair is one Spark allows in this mode (`cast_rules::check`).
    match (from, target) {
        (f, t) if is_string(f) && (is_numeric(t) || matches!(t, A::Boolean)) => udf(e),
        (f, t) if is_numeric(f) && is_numeric(t) => udf(e),
        // Spark's `Cast.castToDecimal`/`castToBoolean`: a boolean is 1 or 0, a number is true
        // when non-zero (Arrow's rule too, but Arrow has no decimal <-> boolean cast).
        (A::Boolean, A::Decimal128(..)) | (A::Decimal128(..), A::Boolean) => udf(e),
        (A::Boolean, t) if is_numeric(t) => Ok(plain_cast(e, target, ansi)),
        (f, A::Boolean) if is_numeric(f) => Ok(plain_cast(e, target, ansi)),
        // Legacy mode only: a date is no number or boolean (NULL); a timestamp is true when
        // not the epoch; an integer is its big-endian bytes.
        (A::Date32, _) if is_numeric(target) || matches!(target, A::Boolean) => {
            Ok(DfExpr::Literal(
                datafusion::common::ScalarValue::try_from(target)
                    .map_err(crate::error::from_datafusion)?,
                None,
            ))
        }
        (A::Timestamp(..), A::Boolean) => udf(e),
        (f, A::Binary) if is_integral(f) => udf(e),
        // Spark's `Cast.castToTimestamp` of numbers (seconds since the epoch) and booleans.
        (f, A::Timestamp(TimeUnit::Microsecond, Some(_)))
            if is_numeric(f) || matches!(f, A::Boolean) =>
        {
            udf(e)
        }
        // Arrow reads zone-less text in the target's zone (the session zone), as Spark does;
        // the cast function trims the text and raises Spark's error (ANSI).
        (f, A::Date32 | A::Timestamp(..)) if is_string(f) => udf(e),
        (A::Date32 | A::Timestamp(..), A::Date32 | A::Timestamp(..)) => {
            Ok(match sabot_functions::zoned_cast(e.clone(), from, target) {
                Some(zoned) => zoned,
                None => plain_cast(e, target, ansi),
            })
        }
        (A::List(_), A::List(_)) | (A::Struct(_), A::Struct(_)) | (A::Map(..), A::Map(..)) => {
            Ok(plain_cast(e, target, ansi))
        }
        (f, A::Binary) if is_string(f) => Ok(plain_cast(e, target, ansi)),
        (A::Timestamp(..), A::Int64) | (A::Timestamp(..), A::Float32 | A::Float64) => {
            Ok(timestamp_to_number(e, target))
        }
        // Narrower integers and decimals overflow as Spark's do.
        (A::Timestamp(..), t) if is_integral(t) || matches!(t, A::Decimal128(..)) => udf(e),
        // Spark's `Cast.canCast` never allows a complex type to or from a different kind.
        (f, t) if is_complex(f) || is_complex(t) => Err(cast_without_suggestion(from, target)),
        _ => Err(SparkError::unsupported(format!(
            "casting {} to {}",
            spark_sql_of(from),
            spark_sql_of(target)
        ))),
    }
}

fn is_floating(t: &ArrowType) -> bool {
    matches!(t, ArrowType::Float32 | ArrowType::Float64)
}

/// A timestamp as seconds since the epoch: whole seconds rounded down for integral targets
/// (`Math.floorDiv` in Spark's `Cast.castToLong`), fractional for floating ones.
fn timestamp_to_number(e: DfExpr, target: &ArrowType) -> DfExpr {
    use datafusion::logical_expr::{Cast, lit};
    let to = |e: DfExpr, t: ArrowType| DfExpr::Cast(Cast::new(Box::new(e), t));
    let micros = to(e, ArrowType::Int64);
    const PER_SECOND: i64 = 1_000_000;
    if is_floating(target) {
        return to(
            to(micros, ArrowType::Float64) / lit(PER_SECOND as f64),
            target.clone(),
        );
    }
    let below = (micros.clone() % lit(PER_SECOND) + lit(PER_SECOND)) % lit(PER_SECOND);
    to((micros - below) / lit(PER_SECOND), target.clone())
}

fn is_complex(t: &ArrowType) -> bool {
    matches!(
        t,
        ArrowType::List(_) | ArrowType::LargeList(_) | ArrowType::Struct(_) | ArrowType::Map(..)
    )
}

/// `DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION` (Spark's `Cast.typeCheckFailureMessage`).
pub(crate) fn cast_without_suggestion(from: &ArrowType, target: &ArrowType) -> SparkError {
    let (f, t) = (spark_sql_of(from), spark_sql_of(target));
    SparkError::with_class(
        sabot_common::error::ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
        "42K09",
        format!(
            "Cannot resolve the cast due to data type mismatch: cannot cast \"{f}\" to \"{t}\"."
        ),
    )
    .param("srcType", format!("\"{f}\""))
    .param("targetType", format!("\"{t}\""))
}

/// DataFusion's cast: errors on invalid input under ANSI, NULL otherwise.
fn plain_cast(e: DfExpr, target: &ArrowType, ansi: bool) -> DfExpr {
    if ansi {
        DfExpr::Cast(datafusion::logical_expr::Cast::new(
            Box::new(e),
            target.clone(),
        ))
    } else {
        DfExpr::TryCast(datafusion::logical_expr::TryCast::new(
            Box::new(e),
            target.clone(),
        ))
    }
}

/// Spark's SQL name of an Arrow type (for messages).
pub(crate) fn spark_sql_of(t: &ArrowType) -> String {
    arrow_to_spark(t)
        .map(|s| type_sql(&s))
        .unwrap_or_else(|_| t.to_string())
}

/// The casts Arrow does differently from Spark, as one scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct SparkCast {
    target: ArrowType,
    failure: CastFailure,
    source_sql: String,
    target_sql: String,
    signature: Signature,
}

impl SparkCast {
    fn new(from: &ArrowType, target: &ArrowType, failure: CastFailure) -> Result<Self> {
        Ok(Self {
            target: target.clone(),
            failure,
            source_sql: spark_sql_of(from),
            target_sql: spark_sql_of(target),
            signature: Signature::any(1, Volatility::Immutable),
        })
    }

    /// ANSI semantics (`try_cast` too).
    fn ansi(&self) -> bool {
        self.failure != CastFailure::Legacy
    }

    /// Whether a failure is an error (not `try_cast`'s NULL).
    fn raise(&self) -> bool {
        self.failure == CastFailure::Error
    }

    fn invalid_input(&self, value: &str) -> DataFusionError {
        self.invalid_value(format!("'{}'", value.replace('\'', "\\'")))
    }

    /// `CAST_INVALID_INPUT` of a value already in Spark's SQL form.
    fn invalid_value(&self, value: String) -> DataFusionError {
        let kind = match self.target {
            ArrowType::Date32 | ArrowType::Timestamp(..) => ExceptionKind::DateTime,
            ArrowType::Boolean => ExceptionKind::Runtime,
            _ => ExceptionKind::NumberFormat,
        };
        let e = SparkError::with_class(
            kind,
            "CAST_INVALID_INPUT",
            "22018",
            format!(
                "The value {value} of the type \"{}\" cannot be cast to \"{}\" because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead.",
                self.source_sql, self.target_sql
            ),
        )
        .param("expression", value)
        .param("sourceType", format!("\"{}\"", self.source_sql))
        .param("targetType", format!("\"{}\"", self.target_sql));
        DataFusionError::External(Box::new(e))
    }

    fn overflow(&self, value: String) -> DataFusionError {
        if let ArrowType::Decimal128(precision, scale) = self.target {
            let value = value.trim_end_matches(['L', 'S', 'Y', 'D', 'F']);
            let e = sabot_functions::errors::numeric_value_out_of_range(value, precision, scale);
            return DataFusionError::External(Box::new(e));
        }
        overflow_error(value, &self.source_sql, &self.target_sql)
    }

    fn cast_array(&self, input: &ArrayRef) -> DfResult<ArrayRef> {
        let from = input.data_type();
        if is_string(&self.target) {
            return self.to_string_array(input);
        }
        if is_string(from) {
            return self.cast_string_array(input);
        }
        if matches!(self.target, ArrowType::Timestamp(..)) {
            return self.to_timestamp_array(input);
        }
        match (from, &self.target) {
            (ArrowType::Boolean, ArrowType::Decimal128(..)) => {
                self.numeric_array(&cast(input, &ArrowType::Int8)?)
            }
            (ArrowType::Decimal128(..), ArrowType::Boolean)
            | (ArrowType::Timestamp(..), ArrowType::Boolean) => {
                let nonzero = |v: Option<bool>| v.map(|zero| !zero);
                let zero = datafusion::arrow::compute::kernels::cmp::eq(
                    input,
                    &datafusion::arrow::array::Scalar::new(new_zero(from)?),
                )?;
                Ok(Arc::new(zero.iter().map(nonzero).collect::<BooleanArray>()))
            }
            (f, ArrowType::Binary) if is_integral(f) => Ok(integral_bytes(input)?),
            (ArrowType::Timestamp(..), ArrowType::Decimal128(..)) => {
                // Spark's `castToDecimal` of a timestamp goes through its seconds as a double.
                let seconds: datafusion::arrow::array::Float64Array =
                    cast(input, &ArrowType::Int64)?
                        .as_primitive::<Int64Type>()
                        .iter()
                        .map(|v| v.map(|v| v as f64 / 1_000_000.0))
                        .collect();
                self.numeric_array(&(Arc::new(seconds) as ArrayRef))
            }
            (ArrowType::Timestamp(..), _) => {
                // Whole seconds, rounded down (`Math.floorDiv`), then narrowed as a BIGINT is.
                // Legacy mode: a BYTE or SHORT that cannot hold it is NULL (an INT wraps).
                let (min, max) = integral_range(&self.target);
                let nulls =
                    !self.ansi() && matches!(self.target, ArrowType::Int8 | ArrowType::Int16);
                let seconds: Int64Array = cast(input, &ArrowType::Int64)?
                    .as_primitive::<Int64Type>()
                    .iter()
                    .map(|v| v.map(|v| v.div_euclid(1_000_000)))
                    .map(|v| v.filter(|v| !nulls || (min..=max).contains(v)))
                    .collect();
                self.numeric_array(&(Arc::new(seconds) as ArrayRef))
            }
            _ => self.numeric_array(input),
        }
    }

    /// Numbers and timestamps as Spark prints them.
    fn to_string_array(&self, input: &ArrayRef) -> DfResult<ArrayRef> {
        if sabot_functions::variant::is_variant(input.data_type()) {
            // Variants hold no zoned timestamps except from `CAST(ts AS VARIANT)`; they print
            // in UTC here.
            return sabot_functions::variant::cast_strings(input.as_ref(), "UTC");
        }
        let out: StringArray = match input.data_type() {
            ArrowType::Float64 => input
                .as_primitive::<Float64Type>()
                .iter()
                .map(|v| v.map(java_double))
                .collect(),
            ArrowType::Float32 => input
                .as_primitive::<Float32Type>()
                .iter()
                .map(|v| v.map(java_float))
                .collect(),
            ArrowType::Timestamp(TimeUnit::Microsecond, tz) => input
                .as_primitive::<TimestampMicrosecondType>()
                .iter()
                .map(|v| v.map(|v| timestamp_string(v, tz.as_deref())).transpose())
                .collect::<Result<StringArray>>()
                .map_err(|e| DataFusionError::External(Box::new(e)))?,
            ArrowType::Date32 => input
                .as_primitive::<datafusion::arrow::datatypes::Date32Type>()
                .iter()
                .map(|v| v.map(date_string).transpose())
                .collect::<Result<StringArray>>()
                .map_err(|e| DataFusionError::External(Box::new(e)))?,
            ArrowType::Interval(datafusion::arrow::datatypes::IntervalUnit::MonthDayNano) => {
                super::interval_string::calendar_strings(input)
            }
            ArrowType::Binary => input
                .as_binary::<i32>()
                .iter()
                .map(|v| v.map(|b| String::from_utf8_lossy(b).into_owned()))
                .collect(),
            t if is_complex(t) => {
                let leaf = |a: &ArrayRef| -> DfResult<ArrayRef> {
                    SparkCast::new(a.data_type(), &ArrowType::Utf8, self.failure)
                        .map_err(|e| DataFusionError::External(Box::new(e)))?
                        .to_string_array(a)
                };
                super::complex_string::complex_strings(input, &leaf)?
                    .into_iter()
                    .collect()
            }
            _ => return Ok(cast(input, &self.target)?),
        };
        Ok(cast(&(Arc::new(out) as ArrayRef), &self.target)?)
    }

    /// Strings to numbers/booleans: trimmed, Spark's integer syntax (`1.9` is 1), ANSI errors.
    fn cast_string_array(&self, input: &ArrayRef) -> DfResult<ArrayRef> {
        let strings = cast(input, &ArrowType::Utf8)?;
        let strings = strings.as_string::<i32>();
        if is_integral(&self.target) {
            let (min, max) = integral_range(&self.target);
            let mut out = Vec::with_capacity(strings.len());
            for s in strings.iter() {
                let Some(s) = s else {
                    out.push(None);
                    continue;
                };
                match parse_spark_long(s, !self.ansi()).filter(|v| (min..=max).contains(v)) {
                    Some(v) => out.push(Some(v)),
                    None if self.raise() => return Err(self.invalid_input(s)),
                    None => out.push(None),
                }
            }
            return Ok(cast(
                &(Arc::new(Int64Array::from(out)) as ArrayRef),
                &self.target,
            )?);
        }
        if matches!(self.target, ArrowType::Boolean) {
            let mut out = Vec::with_capacity(strings.len());
            for s in strings.iter() {
                let Some(s) = s else {
                    out.push(None);
                    continue;
                };
                match parse_spark_bool(s) {
                    Some(v) => out.push(Some(v)),
                    None if self.raise() => return Err(self.invalid_input(s)),
                    None => out.push(None),
                }
            }
            return Ok(Arc::new(BooleanArray::from(out)));
        }
        let trimmed: StringArray = strings.iter().map(|s| s.map(spark_trim)).collect();
        let out = cast_with_options(
            &(Arc::new(trimmed) as ArrayRef),
            &self.target,
            &CastOptions {
                safe: true,
                ..Default::default()
            },
        )?;
        if self.raise() {
            for i in 0..out.len() {
                if out.is_null(i) && !strings.is_null(i) {
                    return Err(self.invalid_input(strings.value(i)));
                }
            }
        }
        Ok(out)
    }

    /// Seconds since the epoch (numbers) or a boolean as a timestamp (Spark's
    /// `Cast.castToTimestamp`): integral seconds saturate (`TimeUnit.toMicros`); decimals
    /// truncate toward zero and keep the low 64 bits (`BigDecimal.longValue`); doubles truncate
    /// and saturate (legacy; NaN and infinities are NULL) or fail (ANSI).
    fn to_timestamp_array(&self, input: &ArrayRef) -> DfResult<ArrayRef> {
        const MICROS: i64 = 1_000_000;
        let from = input.data_type();
        let micros: Int64Array = match from {
            ArrowType::Boolean => input
                .as_boolean()
                .iter()
                .map(|v| v.map(i64::from))
                .collect(),
            t if is_integral(t) => cast(input, &ArrowType::Int64)?
                .as_primitive::<Int64Type>()
                .iter()
                .map(|v| v.map(|v| v.saturating_mul(MICROS)))
                .collect(),
            ArrowType::Decimal128(_, scale) => {
                let scale = i32::from(*scale);
                input
                    .as_primitive::<datafusion::arrow::datatypes::Decimal128Type>()
                    .iter()
                    .map(|v| v.map(|v| decimal_micros(v, scale)))
                    .collect()
            }
            ArrowType::Float32 | ArrowType::Float64 => {
                let wide = cast(input, &ArrowType::Float64)?;
                let mut out = Vec::with_capacity(wide.len());
                for v in wide.as_primitive::<Float64Type>().iter() {
                    out.push(match v {
                        None => None,
                        Some(d) if !d.is_finite() => {
                            if self.raise() {
                                return Err(self.invalid_value(java_double(d)));
                            }
                            None
                        }
                        Some(d) => {
                            let m = d * MICROS as f64;
                            // `DoubleExactNumeric.toLong`'s range check.
                            let fits = m.floor() <= i64::MAX as f64 && m.ceil() >= i64::MIN as f64;
                            match (fits, self.failure) {
                                (true, _) | (false, CastFailure::Legacy) => Some(m as i64),
                                (false, CastFailure::Null) => None,
                                (false, CastFailure::Error) => {
                                    return Err(overflow_error(
                                        sql_value(&java_double(m), &ArrowType::Float64),
                                        "DOUBLE",
                                        "BIGINT",
                                    ));
                                }
                            }
                        }
                    });
                }
                out.into_iter().collect()
            }
            other => {
                return Err(DataFusionError::Internal(format!(
                    "spark_cast: {other} to a timestamp"
                )));
            }
        };
        Ok(cast(&(Arc::new(micros) as ArrayRef), &self.target)?)
    }

    /// Number to number: integral narrowing wraps (legacy) or fails (ANSI); fractional to
    /// integral truncates and saturates (legacy, Java's conversion) or fails (ANSI).
    fn numeric_array(&self, input: &ArrayRef) -> DfResult<ArrayRef> {
        let from = input.data_type();
        if is_integral(&self.target)
            && (is_integral(from) || matches!(from, ArrowType::Float32 | ArrowType::Float64))
        {
            let (min, max) = integral_range(&self.target);
            let mut out: Vec<Option<i64>> = Vec::with_capacity(input.len());
            if is_integral(from) {
                let wide = cast(input, &ArrowType::Int64)?;
                for v in wide.as_primitive::<Int64Type>().iter() {
                    out.push(match v {
                        Some(v) if (min..=max).contains(&v) => Some(v),
                        Some(_) if self.ansi() && !self.raise() => None,
                        Some(v) if self.ansi() => {
                            return Err(self.overflow(sql_value(&v.to_string(), from)));
                        }
                        Some(v) => Some(wrap(v, &self.target)),
                        None => None,
                    });
                }
            } else {
                let wide = cast(input, &ArrowType::Float64)?;
                for v in wide.as_primitive::<Float64Type>().iter() {
                    out.push(match v {
                        Some(v)
                            if v.is_finite()
                                && v.trunc() >= min as f64
                                && v.trunc() <= max as f64 =>
                        {
                            Some(v.trunc() as i64)
                        }
                        Some(_) if self.ansi() && !self.raise() => None,
                        Some(v) if self.ansi() => {
                            return Err(self.overflow(sql_value(&java_double(v), from)));
                        }
                        Some(v) => Some(saturate(v, &self.target)),
                        None => None,
                    });
                }
            }
            return Ok(cast(
                &(Arc::new(Int64Array::from(out)) as ArrayRef),
                &self.target,
            )?);
        }
        let out = cast_with_options(
            input,
            &self.target,
            &CastOptions {
                safe: true,
                ..Default::default()
            },
        )?;
        if self.raise() {
            for i in 0..out.len() {
                if out.is_null(i) && !input.is_null(i) {
                    let shown = datafusion::arrow::util::display::array_value_to_string(input, i)?;
                    return Err(self.overflow(sql_value(&shown, from)));
                }
            }
        }
        Ok(out)
    }
}

/// Zero of a numeric or timestamp type, as a one-element array.
fn new_zero(t: &ArrowType) -> DfResult<ArrayRef> {
    datafusion::common::ScalarValue::new_zero(t)?.to_array()
}

/// Spark's legacy `Cast.castToBinary` of an integer: its big-endian bytes at its width.
fn integral_bytes(input: &ArrayRef) -> DfResult<ArrayRef> {
    let width = match input.data_type() {
        ArrowType::Int8 => 1,
        ArrowType::Int16 => 2,
        ArrowType::Int32 => 4,
        _ => 8,
    };
    let wide = cast(input, &ArrowType::Int64)?;
    let out: datafusion::arrow::array::BinaryArray = wide
        .as_primitive::<Int64Type>()
        .iter()
        .map(|v| v.map(|v| v.to_be_bytes()[8 - width..].to_vec()))
        .collect();
    Ok(Arc::new(out))
}

/// `CAST_OVERFLOW` of `value` (in Spark's SQL form) from `source` to `target` (SQL type names).
pub(super) fn overflow_error(value: String, source: &str, target: &str) -> DataFusionError {
    let e = SparkError::with_class(
        ExceptionKind::Arithmetic,
        "CAST_OVERFLOW",
        "22003",
        format!(
            "The value {value} of the type \"{source}\" cannot be cast to \"{target}\" due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error."
        ),
    )
    .param("value", value)
    .param("sourceType", format!("\"{source}\""))
    .param("targetType", format!("\"{target}\""))
    .param("ansiConfig", "\"spark.sql.ansi.enabled\"");
    DataFusionError::External(Box::new(e))
}

/// Spark's `toSQLValue` suffixes: `3000000000L`, `1S`, `1Y`, `1.0E10D`.
pub(super) fn sql_value(v: &str, t: &ArrowType) -> String {
    match t {
        ArrowType::Int64 => format!("{v}L"),
        ArrowType::Int16 => format!("{v}S"),
        ArrowType::Int8 => format!("{v}Y"),
        ArrowType::Float64 => format!("{v}D"),
        ArrowType::Float32 => format!("{v}F"),
        ArrowType::Decimal128(..) => format!("{v}BD"),
        _ => v.to_string(),
    }
}

/// A decimal's unscaled value `v` at `scale` in microseconds: truncated toward zero, the low 64
/// bits of the exact product (Java's `BigDecimal.longValue`).
fn decimal_micros(v: i128, scale: i32) -> i64 {
    if scale <= 6 {
        v.wrapping_mul(10i128.pow((6 - scale) as u32)) as i64
    } else {
        (v / 10i128.pow((scale - 6) as u32)) as i64
    }
}

fn integral_range(t: &ArrowType) -> (i64, i64) {
    match t {
        ArrowType::Int8 => (i64::from(i8::MIN), i64::from(i8::MAX)),
        ArrowType::Int16 => (i64::from(i16::MIN), i64::from(i16::MAX)),
        ArrowType::Int32 => (i64::from(i32::MIN), i64::from(i32::MAX)),
        _ => (i64::MIN, i64::MAX),
    }
}

/// Java's narrowing conversion of a `long` (two's complement truncation).
fn wrap(v: i64, t: &ArrowType) -> i64 {
    match t {
        ArrowType::Int8 => i64::from(v as i8),
        ArrowType::Int16 => i64::from(v as i16),
        ArrowType::Int32 => i64::from(v as i32),
        _ => v,
    }
}

/// Java's conversion of a `double` to an integral type: truncation, saturation, NaN is 0.
/// Spark's legacy cast to byte/short goes through `int` and then wraps.
fn saturate(v: f64, t: &ArrowType) -> i64 {
    match t {
        ArrowType::Int64 => v as i64,
        _ => wrap(i64::from(v as i32), t),
    }
}

/// Spark trims ASCII whitespace and control characters (`UTF8String.trimAll`-like) before parsing.
fn spark_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// Spark's `UTF8String.toLong`: optional sign, digits, and (legacy mode only, `allow_decimal`)
/// a `.` and digits that are dropped; ANSI's `toLongExact` rejects any fraction.
pub(crate) fn parse_spark_long(s: &str, allow_decimal: bool) -> Option<i64> {
    let s = spark_trim(s);
    let (negative, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    if frac.is_some() && !allow_decimal {
        return None;
    }
    if int.is_empty() && frac.is_none_or(|f| f.is_empty()) {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.unwrap_or("").bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    if int.is_empty() {
        return Some(0);
    }
    let mut v: i64 = 0;
    for b in int.bytes() {
        let d = i64::from(b - b'0');
        v = v.checked_mul(10)?;
        v = if negative {
            v.checked_sub(d)?
        } else {
            v.checked_add(d)?
        };
    }
    Some(v)
}

/// Spark's `StringUtils.isTrueString`/`isFalseString`.
fn parse_spark_bool(s: &str) -> Option<bool> {
    match spark_trim(s).to_ascii_lowercase().as_str() {
        "t" | "true" | "y" | "yes" | "1" => Some(true),
        "f" | "false" | "n" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// A one-argument cast function applied to its column or scalar.
pub(super) fn unary_cast(
    name: &str,
    args: &ScalarFunctionArgs,
    f: impl Fn(&ArrayRef) -> DfResult<ArrayRef>,
) -> DfResult<ColumnarValue> {
    let [arg] = args.args.as_slice() else {
        return Err(DataFusionError::Internal(format!(
            "{name} takes one argument"
        )));
    };
    match arg {
        ColumnarValue::Array(a) => Ok(ColumnarValue::Array(f(a)?)),
        ColumnarValue::Scalar(s) => {
            let a = f(&s.to_array()?)?;
            Ok(ColumnarValue::Scalar(
                datafusion::common::ScalarValue::try_from_array(&a, 0)?,
            ))
        }
    }
}

impl ScalarUDFImpl for SparkCast {
    fn name(&self) -> &str {
        "spark_cast"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(self.target.clone())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        unary_cast("spark_cast", &args, |a| self.cast_array(a))
    }
}

// The plan codec rebuilds a cast from its target, mode and the SQL names its errors use.
impl sabot_functions::portable::PortableUdf for SparkCast {
    const KEY: &'static str = "spark_cast";

    fn encode(&self, e: &mut sabot_functions::portable::Encoder) -> DfResult<()> {
        let failure = match self.failure {
            CastFailure::Legacy => 0,
            CastFailure::Error => 1,
            CastFailure::Null => 2,
        };
        e.data_type(&self.target)?
            .int(failure)
            .str(&self.source_sql)
            .str(&self.target_sql);
        Ok(())
    }

    fn decode(d: &mut sabot_functions::portable::Decoder) -> DfResult<Self> {
        Ok(Self {
            target: d.data_type()?,
            failure: match d.int()? {
                0 => CastFailure::Legacy,
                1 => CastFailure::Error,
                2 => CastFailure::Null,
                _ => return Err(DataFusionError::Internal("malformed cast mode".into())),
            },
            source_sql: d.str()?,
            target_sql: d.str()?,
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spark_long_syntax() {
        assert_eq!(parse_spark_long(" 12 ", true), Some(12));
        assert_eq!(parse_spark_long("1.9", true), Some(1));
        assert_eq!(parse_spark_long("-7.0", true), Some(-7));
        assert_eq!(parse_spark_long("1e3", true), None);
        assert_eq!(parse_spark_long("1.9", false), None);
        assert_eq!(parse_spark_long("abc", true), None);
        assert_eq!(parse_spark_long("", true), None);
        assert_eq!(parse_spark_long("9223372036854775808", true), None);
        assert_eq!(
            parse_spark_long("-9223372036854775808", true),
            Some(i64::MIN)
        );
    }

    #[test]
    fn decimal_seconds_to_micros() {
        // 1.0000015 (scale 7) truncates toward zero; -0.0000015 too.
        assert_eq!(decimal_micros(10_000_015, 7), 1_000_001);
        assert_eq!(decimal_micros(-15, 7), -1);
        assert_eq!(decimal_micros(-15, 1), -1_500_000);
        // 99999999999999999999.5 wraps as Spark's `longValue` does.
        assert_eq!(
            decimal_micros(999_999_999_999_999_999_995, 1),
            (999_999_999_999_999_999_995i128 * 100_000) as i64
        );
    }

    #[test]
    fn java_narrowing() {
        assert_eq!(wrap(3_000_000_000, &ArrowType::Int32), -1_294_967_296);
        assert_eq!(saturate(1e20, &ArrowType::Int32), i64::from(i32::MAX));
        assert_eq!(saturate(f64::NAN, &ArrowType::Int64), 0);
    }
}
