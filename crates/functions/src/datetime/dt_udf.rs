//! One scalar UDF per datetime operation of this family (formatting, parsing, zone shifts,
//! epoch conversions, truncation), evaluated row by row. The session time zone and
//! `spark.sql.ansi.enabled` travel as two trailing literal arguments, so the UDFs stay
//! stateless and findable by name.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Date32Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Date32Type, Field, FieldRef, Float64Type, Int64Type, TimeUnit,
    TimestampMicrosecondType,
};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility, lit,
};
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

use super::cast_parse::{cast_date, cast_timestamp};
use super::format::format;
use super::number_format::NumberFormat;
use super::parse::parse;
use super::pattern::{Pattern, compile};
use super::zone::{Zone, micros_to_naive, naive_to_micros};
use crate::errors::to_df;

/// What a parse or cast produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    /// `TIMESTAMP` (an instant, shown in the session zone).
    Ltz,
    /// `TIMESTAMP_NTZ`.
    Ntz,
    Date,
    /// Seconds since the epoch (`unix_timestamp`).
    Unix,
}

/// Units of epoch conversions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Unit {
    Seconds,
    Millis,
    Micros,
}

impl Unit {
    fn per_second(self) -> i64 {
        match self {
            Unit::Seconds => 1,
            Unit::Millis => 1_000,
            Unit::Micros => 1_000_000,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    /// `(timestamp, pattern) -> string`.
    Format,
    /// `(seconds, pattern) -> string`: `from_unixtime`, seconds wrapping like Java's `long`.
    FromUnixtime,
    /// `(date or timestamp) -> target`, through the session zone.
    Convert(Target),
    /// `(string, pattern) -> target`; errors name `try_fn`.
    Parse(Target, &'static str),
    /// `(string) -> target` with `Cast`'s syntax.
    Cast(Target),
    /// `(number) -> timestamp` (`timestamp_seconds` etc.); doubles are seconds.
    FromEpoch(Unit),
    /// `(timestamp) -> bigint`, rounded down.
    ToEpoch(Unit),
    /// `(timestamp, zone) -> timestamp`.
    FromUtc,
    ToUtc,
    /// `(source zone, target zone, timestamp_ntz) -> timestamp_ntz`.
    ConvertTz,
    /// `(unit, timestamp) -> timestamp`.
    DateTrunc,
    /// `(number, number format) -> string`.
    ToChar,
    /// `(string, number format) -> plain decimal string`; `true`: NULL on mismatch.
    ToNumber(bool),
    /// `(date, unit) -> date`.
    Trunc,
}

#[derive(Debug)]
pub(crate) struct DtUdf {
    name: &'static str,
    op: Op,
    signature: Signature,
}

impl PartialEq for DtUdf {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for DtUdf {}

impl Hash for DtUdf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

pub(crate) fn dt_udf(name: &'static str, op: Op) -> Arc<ScalarUDF> {
    crate::utils::udf(DtUdf {
        name,
        op,
        signature: Signature::variadic_any(Volatility::Immutable),
    })
}

/// Calls `udf` on `args` with the session zone and ANSI flag appended.
pub(crate) fn call(udf: &ScalarUDF, mut args: Vec<DfExpr>, tz: &str, ansi: bool) -> DfExpr {
    args.push(lit(tz.to_string()));
    args.push(lit(ansi));
    udf.call(args)
}

fn ltz(tz: &str) -> ArrowType {
    ArrowType::Timestamp(TimeUnit::Microsecond, Some(Arc::from(tz)))
}

const NTZ: ArrowType = ArrowType::Timestamp(TimeUnit::Microsecond, None);

fn scalar_str(v: Option<&ScalarValue>) -> Option<String> {
    match v {
        Some(ScalarValue::Utf8(s) | ScalarValue::LargeUtf8(s) | ScalarValue::Utf8View(s)) => {
            s.clone()
        }
        _ => None,
    }
}

impl DtUdf {
    fn target_type(t: Target, tz: &str) -> ArrowType {
        match t {
            Target::Ltz => ltz(tz),
            Target::Ntz => NTZ,
            Target::Date => ArrowType::Date32,
            Target::Unix => ArrowType::Int64,
        }
    }

    fn result_type(&self, tz: &str) -> ArrowType {
        match self.op {
            Op::Format | Op::FromUnixtime | Op::ToChar | Op::ToNumber(_) => ArrowType::Utf8,
            Op::Parse(t, _) | Op::Cast(t) | Op::Convert(t) => Self::target_type(t, tz),
            Op::FromEpoch(_) | Op::FromUtc | Op::ToUtc | Op::DateTrunc => ltz(tz),
            Op::ToEpoch(_) => ArrowType::Int64,
            Op::ConvertTz => NTZ,
            Op::Trunc => ArrowType::Date32,
        }
    }
}

/// `CANNOT_PARSE_TIMESTAMP` (Spark's `QueryExecutionErrors.ansiDateTimeParseError`).
fn cannot_parse(message: &str, try_fn: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::DateTime,
        "CANNOT_PARSE_TIMESTAMP",
        "22007",
        format!(
            "{message}. Use `{try_fn}` to tolerate invalid input string and return NULL instead."
        ),
    )
    .param("message", message)
    .param("func", format!("`{try_fn}`"))
}

/// `CAST_INVALID_INPUT` for a string cast to a date or timestamp.
fn cast_invalid(value: &str, target: Target) -> SparkError {
    let t = match target {
        Target::Date => "DATE",
        Target::Ntz => "TIMESTAMP_NTZ",
        _ => "TIMESTAMP",
    };
    let value = format!("'{}'", value.replace('\'', "\\'"));
    SparkError::with_class(
        ExceptionKind::DateTime,
        "CAST_INVALID_INPUT",
        "22018",
        format!(
            "The value {value} of the type \"STRING\" cannot be cast to \"{t}\" because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead."
        ),
    )
    .param("expression", value)
    .param("sourceType", "\"STRING\"")
    .param("targetType", format!("\"{t}\""))
}

/// `DATETIME_OVERFLOW` for `timestamp_seconds`-style conversions.
fn datetime_overflow(v: &str, unit: Unit) -> SparkError {
    let unit = match unit {
        Unit::Seconds => "seconds",
        Unit::Millis => "milliseconds",
        Unit::Micros => "microseconds",
    };
    let operation = format!("create a TIMESTAMP from {v} {unit} since the epoch");
    SparkError::with_class(
        ExceptionKind::Arithmetic,
        "DATETIME_OVERFLOW",
        "22008",
        format!("Datetime operation overflow: {operation}."),
    )
    .param("operation", operation)
}

/// A compiled-pattern cache keyed by the pattern text (patterns are usually one literal).
struct Patterns {
    parsing: bool,
    last: Option<(String, Pattern)>,
}

impl Patterns {
    fn get(&mut self, text: &str) -> Result<&Pattern, SparkError> {
        if self.last.as_ref().is_none_or(|(t, _)| t != text) {
            self.last = Some((text.to_string(), compile(text, self.parsing)?));
        }
        match &self.last {
            Some((_, p)) => Ok(p),
            None => Err(SparkError::internal("pattern cache")),
        }
    }
}

/// Timestamps of any zone annotation as micros; dates as midnight micros.
fn micros_array(a: &ArrayRef) -> DfResult<ArrayRef> {
    Ok(cast(a, &ArrowType::Timestamp(TimeUnit::Microsecond, None))?)
}

/// The local date-time and the instant of a timestamp value of Arrow type `t`.
fn local_and_utc(micros: i64, ntz: bool, zone: &Zone) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let t = micros_to_naive(micros)?;
    Some(if ntz {
        (t, zone.utc_of(&t))
    } else {
        (zone.local_of(&t), t)
    })
}

fn is_ntz(t: &ArrowType) -> bool {
    matches!(t, ArrowType::Timestamp(_, None))
}

fn days_of(d: &NaiveDate) -> i32 {
    (d.signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default())).num_days()
        as i32
}

/// Truncates a local date-time to a Spark `date_trunc` unit (`None`: unknown unit).
fn trunc_local(t: &NaiveDateTime, unit: &str) -> Option<NaiveDateTime> {
    let d = t.date();
    let midnight = |d: NaiveDate| d.and_time(NaiveTime::MIN);
    Some(match unit.to_ascii_uppercase().as_str() {
        "YEAR" | "YYYY" | "YY" => midnight(NaiveDate::from_ymd_opt(d.year(), 1, 1)?),
        "QUARTER" => midnight(NaiveDate::from_ymd_opt(
            d.year(),
            (d.month() - 1) / 3 * 3 + 1,
            1,
        )?),
        "MONTH" | "MM" | "MON" => midnight(NaiveDate::from_ymd_opt(d.year(), d.month(), 1)?),
        "WEEK" => midnight(d - Duration::days(i64::from(d.weekday().num_days_from_monday()))),
        "DAY" | "DD" => midnight(d),
        "HOUR" => d.and_hms_opt(t.hour(), 0, 0)?,
        "MINUTE" => d.and_hms_opt(t.hour(), t.minute(), 0)?,
        "SECOND" => d.and_hms_opt(t.hour(), t.minute(), t.second())?,
        "MILLISECOND" => d.and_hms_micro_opt(
            t.hour(),
            t.minute(),
            t.second(),
            t.nanosecond() / 1_000_000 * 1000,
        )?,
        "MICROSECOND" => *t,
        _ => return None,
    })
}

impl ScalarUDFImpl for DtUdf {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(self.result_type("UTC"))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let n = args.arg_fields.len();
        let tz = scalar_str(
            args.scalar_arguments
                .get(n.saturating_sub(2))
                .copied()
                .flatten(),
        )
        .unwrap_or_else(|| "UTC".to_string());
        let ansi = matches!(
            args.scalar_arguments
                .get(n.saturating_sub(1))
                .copied()
                .flatten(),
            Some(ScalarValue::Boolean(Some(true)))
        );
        let data = &args.arg_fields[..n.saturating_sub(2)];
        let any_nullable = data.iter().any(|f| f.is_nullable());
        // Mirrors each expression's `nullable`: parses fail to NULL unless ANSI is on; casts
        // from strings and truncations to unknown units may always give NULL.
        let nullable = match self.op {
            Op::Format | Op::ToEpoch(_) | Op::FromUtc | Op::ToUtc | Op::ConvertTz => any_nullable,
            Op::FromEpoch(_) | Op::Convert(_) => any_nullable,
            Op::Parse(_, _) => any_nullable || !ansi,
            Op::ToNumber(try_) => any_nullable || try_,
            // A double is first cast to a decimal, which NaN and infinities fail.
            Op::ToChar => {
                any_nullable
                    || data.first().is_some_and(|f| {
                        matches!(f.data_type(), ArrowType::Float32 | ArrowType::Float64)
                    })
            }
            Op::Cast(_) | Op::DateTrunc | Op::Trunc | Op::FromUnixtime => true,
        };
        Ok(Arc::new(Field::new(
            self.name,
            self.result_type(&tz),
            nullable,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let n = args.args.len();
        if n < 3 {
            return Err(to_df(SparkError::internal(format!(
                "{}: missing options",
                self.name
            ))));
        }
        let tz = match &args.args[n - 2] {
            ColumnarValue::Scalar(s) => scalar_str(Some(s)).unwrap_or_else(|| "UTC".into()),
            ColumnarValue::Array(_) => "UTC".into(),
        };
        let ansi = matches!(
            &args.args[n - 1],
            ColumnarValue::Scalar(ScalarValue::Boolean(Some(true)))
        );
        let arrays = ColumnarValue::values_to_arrays(&args.args[..n - 2])?;
        let needed = match self.op {
            Op::Cast(_) | Op::Convert(_) | Op::FromEpoch(_) | Op::ToEpoch(_) => 1,
            Op::ConvertTz => 3,
            _ => 2,
        };
        if arrays.len() < needed {
            return Err(to_df(SparkError::internal(format!(
                "{}: expected {needed} arguments",
                self.name
            ))));
        }
        let session = Zone::of(&tz).map_err(to_df)?;
        let result = self
            .eval(&arrays, &session, &tz, ansi)
            .map_err(|e| match e {
                Eval::Spark(s) => to_df(s),
                Eval::Df(d) => d,
            })?;
        crate::utils::columnar(result, &args.args)
    }
}

enum Eval {
    Spark(SparkError),
    Df(datafusion::common::DataFusionError),
}

impl From<SparkError> for Eval {
    fn from(e: SparkError) -> Self {
        Eval::Spark(e)
    }
}

impl From<datafusion::common::DataFusionError> for Eval {
    fn from(e: datafusion::common::DataFusionError) -> Self {
        Eval::Df(e)
    }
}

impl From<datafusion::arrow::error::ArrowError> for Eval {
    fn from(e: datafusion::arrow::error::ArrowError) -> Self {
        Eval::Df(e.into())
    }
}

fn strings(a: &ArrayRef) -> Result<ArrayRef, Eval> {
    Ok(cast(a, &ArrowType::Utf8)?)
}

impl DtUdf {
    fn eval(&self, a: &[ArrayRef], zone: &Zone, tz: &str, ansi: bool) -> Result<ArrayRef, Eval> {
        let rows = a.first().map_or(1, |x| x.len());
        match self.op {
            Op::Format | Op::FromUnixtime => {
                let ntz = is_ntz(a[0].data_type());
                let ts = if self.op == Op::FromUnixtime {
                    let secs = if matches!(a[0].data_type(), ArrowType::Utf8) {
                        seconds_of_strings(&a[0], ansi)?
                    } else {
                        cast(&a[0], &ArrowType::Int64)?
                    };
                    let micros: datafusion::arrow::array::TimestampMicrosecondArray = secs
                        .as_primitive::<Int64Type>()
                        .iter()
                        .map(|v| v.map(|s| s.wrapping_mul(1_000_000)))
                        .collect();
                    Arc::new(micros) as ArrayRef
                } else {
                    micros_array(&a[0])?
                };
                let ts = ts.as_primitive::<TimestampMicrosecondType>();
                let pat = strings(&a[1])?;
                let pat = pat.as_string::<i32>();
                let mut cache = Patterns {
                    parsing: false,
                    last: None,
                };
                let mut out = StringBuilder::new();
                for i in 0..rows {
                    if ts.is_null(i) || pat.is_null(i) {
                        out.append_null();
                        continue;
                    }
                    let p = cache.get(pat.value(i))?;
                    match local_and_utc(ts.value(i), ntz, zone) {
                        Some((local, utc)) => out.append_value(format(p, &local, &utc, zone)?),
                        None => out.append_null(),
                    }
                }
                Ok(Arc::new(out.finish()))
            }
            Op::Convert(target) => {
                let ntz = is_ntz(a[0].data_type());
                let date = matches!(a[0].data_type(), ArrowType::Date32);
                let ts = micros_array(&a[0])?;
                let ts = ts.as_primitive::<TimestampMicrosecondType>();
                let mut vals = Vec::with_capacity(rows);
                for i in 0..rows {
                    let v = ts.is_valid(i).then(|| ts.value(i));
                    vals.push(v.and_then(|m| {
                        let (local, utc) = local_and_utc(m, ntz || date, zone)?;
                        // `unix_timestamp` reads a TIMESTAMP_NTZ as UTC.
                        let utc = if target == Target::Unix && ntz {
                            local
                        } else {
                            utc
                        };
                        Some((local, Some(Zone::Fixed(fixed_between(&local, &utc)?))))
                    }));
                }
                build_target(vals, target, zone, tz)
            }
            Op::Parse(target, try_fn) => {
                let s = strings(&a[0])?;
                let s = s.as_string::<i32>();
                let pat = strings(&a[1])?;
                let pat = pat.as_string::<i32>();
                let mut cache = Patterns {
                    parsing: true,
                    last: None,
                };
                let mut vals: Vec<Option<(NaiveDateTime, Option<Zone>)>> = Vec::with_capacity(rows);
                for i in 0..rows {
                    if s.is_null(i) || pat.is_null(i) {
                        vals.push(None);
                        continue;
                    }
                    let p = cache.get(pat.value(i))?;
                    match parse(p, s.value(i)) {
                        Ok(r) => vals.push(Some((r.local, r.zone))),
                        Err(m) if ansi => return Err(cannot_parse(&m, try_fn).into()),
                        Err(_) => vals.push(None),
                    }
                }
                build_target(vals, target, zone, tz)
            }
            Op::Cast(target) => {
                let s = strings(&a[0])?;
                let s = s.as_string::<i32>();
                let mut vals = Vec::with_capacity(rows);
                for i in 0..rows {
                    if s.is_null(i) {
                        vals.push(None);
                        continue;
                    }
                    let v = s.value(i);
                    let parsed = match target {
                        Target::Date => cast_date(v).map(|d| (d.and_time(NaiveTime::MIN), None)),
                        Target::Ltz => cast_timestamp(v, Some(today(zone))),
                        _ => cast_timestamp(v, None),
                    };
                    match parsed {
                        Some(p) => vals.push(Some(p)),
                        None if ansi => return Err(cast_invalid(v, target).into()),
                        None => vals.push(None),
                    }
                }
                build_target(vals, target, zone, tz)
            }
            Op::FromEpoch(unit) => {
                let mut out = TimestampMicrosecondBuilder::new().with_timezone(tz);
                let scale = 1_000_000 / unit.per_second();
                if matches!(
                    a[0].data_type(),
                    ArrowType::Float32 | ArrowType::Float64 | ArrowType::Decimal128(..)
                ) {
                    let f = cast(&a[0], &ArrowType::Float64)?;
                    for v in f.as_primitive::<Float64Type>().iter() {
                        match v {
                            Some(x) if x.is_finite() => {
                                let m = x * scale as f64;
                                if m.abs() >= 9.2e18 {
                                    return Err(datetime_overflow(&x.to_string(), unit).into());
                                }
                                out.append_value(m as i64);
                            }
                            _ => out.append_null(),
                        }
                    }
                } else {
                    let l = cast(&a[0], &ArrowType::Int64)?;
                    for v in l.as_primitive::<Int64Type>().iter() {
                        match v {
                            Some(x) => match x.checked_mul(scale) {
                                Some(m) => out.append_value(m),
                                None => {
                                    return Err(datetime_overflow(&format!("{x}L"), unit).into());
                                }
                            },
                            None => out.append_null(),
                        }
                    }
                }
                Ok(Arc::new(out.finish()))
            }
            Op::ToEpoch(unit) => {
                let ts = micros_array(&a[0])?;
                let d = 1_000_000 / unit.per_second();
                let out: datafusion::arrow::array::Int64Array = ts
                    .as_primitive::<TimestampMicrosecondType>()
                    .iter()
                    .map(|v| v.map(|m| m.div_euclid(d)))
                    .collect();
                Ok(Arc::new(out))
            }
            Op::FromUtc | Op::ToUtc => {
                let ts = micros_array(&a[0])?;
                let ts = ts.as_primitive::<TimestampMicrosecondType>();
                let zs = strings(&a[1])?;
                let zs = zs.as_string::<i32>();
                let mut out = TimestampMicrosecondBuilder::new().with_timezone(tz);
                for i in 0..rows {
                    if ts.is_null(i) || zs.is_null(i) {
                        out.append_null();
                        continue;
                    }
                    let z = Zone::of(zs.value(i))?;
                    let t = micros_to_naive(ts.value(i));
                    let shifted = t.map(|t| {
                        if self.op == Op::FromUtc {
                            z.local_of(&t)
                        } else {
                            z.utc_of(&t)
                        }
                    });
                    out.append_option(shifted.as_ref().and_then(naive_to_micros));
                }
                Ok(Arc::new(out.finish()))
            }
            Op::ConvertTz => {
                let from = strings(&a[0])?;
                let from = from.as_string::<i32>();
                let to = strings(&a[1])?;
                let to = to.as_string::<i32>();
                let ts = micros_array(&a[2])?;
                let ts = ts.as_primitive::<TimestampMicrosecondType>();
                let mut out = TimestampMicrosecondBuilder::new();
                for i in 0..rows {
                    if from.is_null(i) || to.is_null(i) || ts.is_null(i) {
                        out.append_null();
                        continue;
                    }
                    let (f, t) = (Zone::of(from.value(i))?, Zone::of(to.value(i))?);
                    let v = micros_to_naive(ts.value(i))
                        .map(|local| t.local_of(&f.utc_of(&local)))
                        .as_ref()
                        .and_then(naive_to_micros);
                    out.append_option(v);
                }
                Ok(Arc::new(out.finish()))
            }
            Op::DateTrunc => {
                let unit = strings(&a[0])?;
                let unit = unit.as_string::<i32>();
                let ts = micros_array(&a[1])?;
                let ts = ts.as_primitive::<TimestampMicrosecondType>();
                let mut out = TimestampMicrosecondBuilder::new().with_timezone(tz);
                for i in 0..rows {
                    if unit.is_null(i) || ts.is_null(i) {
                        out.append_null();
                        continue;
                    }
                    let v = micros_to_naive(ts.value(i))
                        .and_then(|t| trunc_local(&zone.local_of(&t), unit.value(i)))
                        .map(|l| zone.utc_of(&l))
                        .as_ref()
                        .and_then(naive_to_micros);
                    out.append_option(v);
                }
                Ok(Arc::new(out.finish()))
            }
            Op::ToChar => {
                let float = matches!(a[0].data_type(), ArrowType::Float32 | ArrowType::Float64);
                let plain: Vec<Option<String>> = if float {
                    let f = cast(&a[0], &ArrowType::Float64)?;
                    f.as_primitive::<Float64Type>()
                        .iter()
                        .map(|v| v.filter(|x| x.is_finite()).map(|x| format!("{x}")))
                        .collect()
                } else {
                    let s = strings(&a[0])?;
                    s.as_string::<i32>()
                        .iter()
                        .map(|v| v.map(str::to_string))
                        .collect()
                };
                let fmt = strings(&a[1])?;
                let fmt = fmt.as_string::<i32>();
                let mut cache: Option<(String, NumberFormat)> = None;
                let mut out = StringBuilder::new();
                for (i, v) in plain.iter().enumerate() {
                    match (v, fmt.is_valid(i)) {
                        (Some(v), true) => {
                            let f = number_format(&mut cache, fmt.value(i))?;
                            out.append_value(f.format(v));
                        }
                        _ => out.append_null(),
                    }
                }
                Ok(Arc::new(out.finish()))
            }
            Op::ToNumber(try_) => {
                let s = strings(&a[0])?;
                let s = s.as_string::<i32>();
                let fmt = strings(&a[1])?;
                let fmt = fmt.as_string::<i32>();
                let mut cache: Option<(String, NumberFormat)> = None;
                let mut out = StringBuilder::new();
                for i in 0..rows {
                    if s.is_null(i) || fmt.is_null(i) {
                        out.append_null();
                        continue;
                    }
                    let f = number_format(&mut cache, fmt.value(i))?;
                    match f.parse_input(s.value(i)) {
                        Some(v) => out.append_value(v),
                        None if try_ => out.append_null(),
                        None => return Err(f.mismatch(s.value(i)).into()),
                    }
                }
                Ok(Arc::new(out.finish()))
            }
            Op::Trunc => {
                let d = cast(&a[0], &ArrowType::Date32)?;
                let d = d.as_primitive::<Date32Type>();
                let unit = strings(&a[1])?;
                let unit = unit.as_string::<i32>();
                let mut out = Date32Builder::new();
                for i in 0..rows {
                    if d.is_null(i) || unit.is_null(i) {
                        out.append_null();
                        continue;
                    }
                    let u = unit.value(i).to_ascii_uppercase();
                    let ok = matches!(
                        u.as_str(),
                        "YEAR" | "YYYY" | "YY" | "QUARTER" | "MONTH" | "MM" | "MON" | "WEEK"
                    );
                    let date = NaiveDate::from_ymd_opt(1970, 1, 1)
                        .and_then(|e| e.checked_add_signed(Duration::days(i64::from(d.value(i)))));
                    let v = date
                        .filter(|_| ok)
                        .and_then(|dt| trunc_local(&dt.and_time(NaiveTime::MIN), &u))
                        .map(|t| days_of(&t.date()));
                    out.append_option(v);
                }
                Ok(Arc::new(out.finish()))
            }
        }
    }
}

/// Strings as `bigint` the way Spark's cast reads them: trimmed, optional sign, digits;
/// otherwise `CAST_INVALID_INPUT` under ANSI and NULL without.
fn seconds_of_strings(a: &ArrayRef, ansi: bool) -> Result<ArrayRef, Eval> {
    let s = a.as_string::<i32>();
    let mut out = Int64Builder::new();
    for v in s.iter() {
        let Some(v) = v else {
            out.append_null();
            continue;
        };
        let t = v.trim_matches(|c: char| c.is_whitespace() || c.is_control());
        // Without ANSI a fraction is dropped (`UTF8String.toLong`); ANSI rejects it.
        let t = match t.split_once('.') {
            Some((int, frac)) if !ansi && frac.bytes().all(|b| b.is_ascii_digit()) => int,
            _ => t,
        };
        let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
        let parsed = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<i64>().ok())
            .flatten();
        match parsed {
            Some(n) => out.append_value(n),
            None if ansi => {
                let value = format!("'{}'", v.replace('\'', "\\'"));
                return Err(SparkError::with_class(
                    ExceptionKind::NumberFormat,
                    "CAST_INVALID_INPUT",
                    "22018",
                    format!(
                        "The value {value} of the type \"STRING\" cannot be cast to \"BIGINT\" because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead."
                    ),
                )
                .param("expression", value)
                .param("sourceType", "\"STRING\"")
                .param("targetType", "\"BIGINT\"")
                .into());
            }
            None => out.append_null(),
        }
    }
    Ok(Arc::new(out.finish()))
}

/// The current date in a zone.
fn today(zone: &Zone) -> NaiveDate {
    let now = chrono::Utc::now().naive_utc();
    zone.local_of(&now).date()
}

/// A parsed number format, reused while the format text repeats.
fn number_format<'a>(
    cache: &'a mut Option<(String, NumberFormat)>,
    text: &str,
) -> Result<&'a NumberFormat, SparkError> {
    if cache.as_ref().is_none_or(|(t, _)| t != text) {
        *cache = Some((text.to_string(), NumberFormat::parse(text)?));
    }
    match cache {
        Some((_, f)) => Ok(f),
        None => Err(SparkError::internal("number format cache")),
    }
}

/// The offset that maps `utc` to `local`.
fn fixed_between(local: &NaiveDateTime, utc: &NaiveDateTime) -> Option<chrono::FixedOffset> {
    let secs = local.signed_duration_since(*utc).num_seconds();
    chrono::FixedOffset::east_opt(i32::try_from(secs).ok()?)
}

/// Parsed local date-times as the target type: a named zone wins over the session zone for
/// `TIMESTAMP`; `TIMESTAMP_NTZ` and `DATE` keep the local fields.
fn build_target(
    vals: Vec<Option<(NaiveDateTime, Option<Zone>)>>,
    target: Target,
    session: &Zone,
    tz: &str,
) -> Result<ArrayRef, Eval> {
    let instant =
        |local: &NaiveDateTime, z: &Option<Zone>| z.as_ref().unwrap_or(session).utc_of(local);
    Ok(match target {
        Target::Date => {
            let mut out = Date32Builder::new();
            for v in vals {
                out.append_option(v.map(|(l, _)| days_of(&l.date())));
            }
            Arc::new(out.finish())
        }
        Target::Ntz => {
            let mut out = TimestampMicrosecondBuilder::new();
            for v in vals {
                out.append_option(v.and_then(|(l, _)| naive_to_micros(&l)));
            }
            Arc::new(out.finish())
        }
        Target::Ltz => {
            let mut out = TimestampMicrosecondBuilder::new().with_timezone(tz);
            for v in vals {
                out.append_option(v.and_then(|(l, z)| naive_to_micros(&instant(&l, &z))));
            }
            Arc::new(out.finish())
        }
        Target::Unix => {
            let mut out = Int64Builder::new();
            for v in vals {
                out.append_option(
                    v.and_then(|(l, z)| naive_to_micros(&instant(&l, &z)))
                        .map(|m| m.div_euclid(1_000_000)),
                );
            }
            Arc::new(out.finish())
        }
    })
}
