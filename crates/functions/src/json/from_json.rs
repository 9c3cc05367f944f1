//! `from_json(json, schema[, options])` (Spark's `JsonToStructs` over `JacksonParser`): parses
//! JSON text into a struct, array or map of the given schema. A malformed record is an
//! all-NULL struct (NULL for an array/map schema) in `PERMISSIVE` mode, an error in
//! `FAILFAST`; a field that does not convert is NULL (Spark's partial results).

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility,
};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::DataType;
use sabot_common::{Result, SparkError};

use super::cells::{Cell, to_array};
use super::datetime::{
    chrono_format, default_date, default_timestamp, parse_date, parse_timestamp,
};
use super::schema::{nullable_arrow, options_arg, read_options, schema_arg};
use super::value::{Json, ReadOptions, float_value, parse, to_text};
use crate::FunctionContext;
use crate::errors::to_df;
use crate::utils::check_args;

/// How values are read: the options that matter to conversions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Conversion {
    pub time_zone: String,
    /// chrono formats of `timestampFormat`/`timestampNTZFormat`/`dateFormat`, if set.
    pub timestamp_format: Option<String>,
    pub timestamp_ntz_format: Option<String>,
    pub date_format: Option<String>,
    pub allow_non_numeric: bool,
}

impl Conversion {
    pub fn new(opts: &HashMap<String, String>, time_zone: &str) -> Result<Self> {
        let fmt = |k: &str| opts.get(k).map(|p| chrono_format(p)).transpose();
        Ok(Self {
            time_zone: opts
                .get("timezone")
                .cloned()
                .unwrap_or_else(|| time_zone.to_string()),
            timestamp_format: fmt("timestampformat")?,
            timestamp_ntz_format: fmt("timestampntzformat")?,
            date_format: fmt("dateformat")?,
            allow_non_numeric: super::schema::flag(opts, "allowNonNumericNumbers", true),
        })
    }

    pub fn timestamp(&self, s: &str, ntz: bool) -> Option<i64> {
        let f = if ntz {
            &self.timestamp_ntz_format
        } else {
            &self.timestamp_format
        };
        match f {
            Some(f) => parse_timestamp(s, f, &self.time_zone, ntz),
            None => default_timestamp(s, &self.time_zone, ntz),
        }
    }

    pub fn date(&self, s: &str) -> Option<i32> {
        match &self.date_format {
            Some(f) => parse_date(s, f),
            None => default_date(s),
        }
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct FromJson {
    ret: ArrowType,
    failfast: bool,
    /// The struct field that receives a malformed record's text, if the schema has one.
    corrupt: Option<usize>,
    read: ReadKey,
    conv: Conversion,
    signature: Signature,
}

/// [`ReadOptions`] as a hashable key.
#[derive(Debug, PartialEq, Eq, Hash)]
struct ReadKey([bool; 7]);

impl ReadKey {
    fn of(o: &ReadOptions) -> Self {
        Self([
            o.allow_comments,
            o.allow_unquoted_field_names,
            o.allow_single_quotes,
            o.allow_numeric_leading_zeros,
            o.allow_non_numeric_numbers,
            o.allow_backslash_escaping_any,
            o.allow_unquoted_control_chars,
        ])
    }

    fn options(&self) -> ReadOptions {
        let [a, b, c, d, e, f, g] = self.0;
        ReadOptions {
            allow_comments: a,
            allow_unquoted_field_names: b,
            allow_single_quotes: c,
            allow_numeric_leading_zeros: d,
            allow_non_numeric_numbers: e,
            allow_backslash_escaping_any: f,
            allow_unquoted_control_chars: g,
        }
    }
}

/// `MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION` (Spark's
/// `QueryExecutionErrors.malformedRecordsDetectedInRecordParsingError`).
pub fn malformed(bad_record: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Internal,
        "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
        "22023",
        format!(
            "Malformed records are detected in record parsing: {bad_record}.\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'."
        ),
    )
    .param("badRecord", bad_record)
    .param("failFastMode", "FAILFAST")
}

/// `PARSE_MODE_UNSUPPORTED` for `DROPMALFORMED` and unknown modes.
pub(crate) fn mode_unsupported(func: &str, mode: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "PARSE_MODE_UNSUPPORTED",
        "42601",
        format!(
            "The function `{func}` doesn't support the {mode} mode. Acceptable modes are PERMISSIVE and FAILFAST."
        ),
    )
    .param("funcName", format!("`{func}`"))
    .param("mode", mode)
}

/// Whether the `mode` option is FAILFAST (PERMISSIVE is the default).
pub(crate) fn failfast(func: &str, opts: &HashMap<String, String>) -> Result<bool> {
    match opts.get("mode").map(|m| m.to_ascii_uppercase()) {
        None => Ok(false),
        Some(m) if m == "PERMISSIVE" => Ok(false),
        Some(m) if m == "FAILFAST" => Ok(true),
        Some(m) if m == "DROPMALFORMED" => Err(mode_unsupported(func, &m)),
        // Spark's `ParseMode.fromString` falls back to PERMISSIVE for unknown names.
        Some(_) => Ok(false),
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("from_json", &args, 2, 3)?;
    let schema = schema_arg(&args[1])?;
    let opts = options_arg(args.get(2))?;
    let ret = nullable_arrow(&schema, ctx.time_zone)?;
    if !matches!(
        ret,
        ArrowType::Struct(_) | ArrowType::List(_) | ArrowType::Map(_, _)
    ) {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.INVALID_JSON_SCHEMA",
            "42K09",
            "Input schema must be a struct, an array, a map or a variant.",
        ));
    }
    check_map_keys(&schema)?;
    require_string("from_json", &args[0], ctx)?;
    let corrupt = corrupt_field(&schema, &opts)?;
    let udf = FromJson {
        corrupt,
        ret,
        failfast: failfast("from_json", &opts)?,
        read: ReadKey::of(&read_options(&opts)),
        conv: Conversion::new(&opts, ctx.time_zone)?,
        signature: Signature::any(1, Volatility::Immutable),
    };
    let json = args
        .into_iter()
        .next()
        .ok_or_else(|| SparkError::internal("no argument"))?;
    Ok(crate::utils::udf(udf).call(vec![json]))
}

/// The index of the corrupt-record field (`columnNameOfCorruptRecord`, default
/// `_corrupt_record`) in a struct schema; it must be a string (`INVALID_CORRUPT_RECORD_TYPE`).
pub fn corrupt_field(schema: &DataType, opts: &HashMap<String, String>) -> Result<Option<usize>> {
    let DataType::Struct(fields) = schema else {
        return Ok(None);
    };
    let name = opts
        .get("columnnameofcorruptrecord")
        .map_or("_corrupt_record", String::as_str);
    let Some(k) = fields.iter().position(|f| f.name == name) else {
        return Ok(None);
    };
    match &fields[k].data_type {
        DataType::String | DataType::Char(_) | DataType::Varchar(_) => Ok(Some(k)),
        other => {
            let shown = format!("{other:?}").to_ascii_uppercase();
            Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "INVALID_CORRUPT_RECORD_TYPE",
                "42804",
                format!(
                    "The column `{name}` for corrupt records must have the nullable STRING type, but got \"{shown}\"."
                ),
            )
            .param("columnName", format!("`{name}`"))
            .param("actualType", format!("\"{shown}\"")))
        }
    }
}

/// `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` unless the first argument is a string (or NULL).
pub(crate) fn require_string(func: &str, arg: &DfExpr, ctx: &FunctionContext<'_>) -> Result<()> {
    let t = ctx.arg_type(arg)?;
    if crate::utils::is_string(&t) || t == ArrowType::Null {
        return Ok(());
    }
    let input = arg.schema_name().to_string();
    let shown = super::to_json::type_sql(&t);
    Err(SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        "42K09",
        format!(
            "Cannot resolve \"{func}({input})\" due to data type mismatch: The first parameter requires the \"STRING\" type, however \"{input}\" has the type \"{shown}\"."
        ),
    )
    .param("paramIndex", "first")
    .param("requiredType", "\"STRING\"")
    .param("inputSql", format!("\"{input}\""))
    .param("inputType", format!("\"{shown}\"")))
}

/// `DATATYPE_MISMATCH.INVALID_JSON_MAP_KEY_TYPE`: JSON maps only have string keys.
fn check_map_keys(schema: &DataType) -> Result<()> {
    fn ok(t: &DataType) -> bool {
        match t {
            DataType::Map { key, value, .. } => {
                matches!(
                    **key,
                    DataType::String | DataType::Char(_) | DataType::Varchar(_)
                ) && ok(value)
            }
            DataType::Array { element, .. } => ok(element),
            DataType::Struct(fields) => fields.iter().all(|f| ok(&f.data_type)),
            _ => true,
        }
    }
    if ok(schema) {
        return Ok(());
    }
    Err(SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.INVALID_JSON_MAP_KEY_TYPE",
        "42K09",
        "Input schema can only contain STRING as a key type for a MAP.",
    ))
}

impl ScalarUDFImpl for FromJson {
    fn name(&self) -> &str {
        "spark_from_json"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(self.ret.clone())
    }

    fn return_field_from_args(&self, _: ReturnFieldArgs) -> DfResult<FieldRef> {
        Ok(Arc::new(Field::new(self.name(), self.ret.clone(), true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let scalar = matches!(args.args.first(), Some(ColumnarValue::Scalar(_)));
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let input = cast(&arrays[0], &ArrowType::Utf8)?;
        let input = input.as_string::<i32>();
        let read = self.read.options();
        let mut cells = Vec::with_capacity(input.len());
        for i in 0..input.len() {
            if input.is_null(i) {
                cells.push(Cell::Null);
                continue;
            }
            let (mut cell, ok) = root(input.value(i), &self.ret, &read, &self.conv);
            if let (Some(k), Cell::Struct(fields)) = (self.corrupt, &mut cell) {
                fields[k] = if ok {
                    Cell::Null
                } else {
                    Cell::Str(input.value(i).to_string())
                };
            }
            if !ok && self.failfast {
                return Err(to_df(malformed(&bad_record(&cell))));
            }
            cells.push(cell);
        }
        let refs: Vec<&Cell> = cells.iter().collect();
        let out: ArrayRef = to_array(&refs, &self.ret)?;
        Ok(if scalar {
            ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?)
        } else {
            ColumnarValue::Array(out)
        })
    }
}

/// The `badRecord` parameter: Spark renders the partial row; its fields are NULL here
/// (`[null]`, `[null,null]`, ...).
fn bad_record(c: &Cell) -> String {
    let n = match c {
        Cell::Struct(v) => v.len().max(1),
        _ => 1,
    };
    format!("[{}]", vec!["null"; n].join(","))
}

/// Converts one record; the flag is false for a malformed record or a failed field.
fn root(text: &str, t: &ArrowType, read: &ReadOptions, conv: &Conversion) -> (Cell, bool) {
    let all_null = |t: &ArrowType| match t {
        t if crate::variant::is_variant(t) => Cell::Null,
        ArrowType::Struct(f) => Cell::Struct(vec![Cell::Null; f.len()]),
        _ => Cell::Null,
    };
    if text.trim().is_empty() {
        return (Cell::Null, true);
    }
    let Some(v) = parse(text, read) else {
        return (all_null(t), false);
    };
    let mut bad = false;
    let cell = match (t, &v) {
        (t, _) if crate::variant::is_variant(t) => convert(&v, t, conv, &mut bad),
        (ArrowType::Struct(_), Json::Object(_)) => convert(&v, t, conv, &mut bad),
        // A single object for an array-of-structs schema is a one-element array.
        (ArrowType::List(f), Json::Object(_)) if matches!(f.data_type(), ArrowType::Struct(_)) => {
            convert(&v, f.data_type(), conv, &mut bad).map(|c| Cell::List(vec![c]))
        }
        (ArrowType::Struct(_), _) => None,
        _ => convert(&v, t, conv, &mut bad),
    };
    match cell {
        Some(c) => (c, !bad),
        None => (all_null(t), false),
    }
}

fn int_in(text: &str, min: i64, max: i64) -> Option<Cell> {
    let v: i64 = text.parse().ok()?;
    (min..=max).contains(&v).then_some(Cell::I64(v))
}

/// A decimal's unscaled value at `scale`, HALF_UP, if it fits `precision`.
pub fn decimal(text: &str, precision: u8, scale: i8) -> Option<i128> {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (mant, exp) = match t.find(['e', 'E']) {
        Some(p) => (&t[..p], t[p + 1..].parse::<i32>().ok()?),
        None => (t, 0),
    };
    let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
    if ip.is_empty() && fp.is_empty() || !ip.bytes().chain(fp.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: String = format!("{ip}{fp}");
    // value = digits * 10^(exp - fp.len()); we want value * 10^scale.
    let shift = exp - i32::try_from(fp.len()).ok()? + i32::from(scale);
    let digits = digits.trim_start_matches('0');
    let mut v: i128 = 0;
    if shift >= 0 {
        for b in digits.bytes() {
            v = v.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        for _ in 0..shift {
            v = v.checked_mul(10)?;
        }
    } else {
        let cut = usize::try_from(-shift).ok()?;
        let keep = digits.len().saturating_sub(cut);
        for b in digits[..keep].bytes() {
            v = v.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        let next = if cut <= digits.len() {
            digits.as_bytes().get(keep).copied()
        } else {
            None
        };
        if next.is_some_and(|b| b >= b'5') {
            v = v.checked_add(1)?;
        }
    }
    if v >= 10i128.checked_pow(u32::from(precision))? {
        return None;
    }
    Some(if neg { -v } else { v })
}

/// Converts a JSON value to type `t` (Spark's `JacksonParser.makeConverter`); `None` if it
/// does not convert.
/// A struct field that does not convert is NULL and sets `bad` (Spark's partial results);
/// any other failure fails the enclosing array, map or field.
pub fn convert(v: &Json, t: &ArrowType, conv: &Conversion, bad: &mut bool) -> Option<Cell> {
    // Spark's `JacksonParser.parseVariant`: the value (a JSON null too) as a variant.
    if crate::variant::is_variant(t) {
        return crate::variant::json_cell(v);
    }
    if matches!(v, Json::Null) {
        return Some(Cell::Null);
    }
    Some(match (t, v) {
        (ArrowType::Null, _) => Cell::Null,
        (ArrowType::Boolean, Json::Bool(b)) => Cell::Bool(*b),
        // Jackson's `getByteValue` accepts -128..=255 and wraps (128 is -128).
        (ArrowType::Int8, Json::Int(s)) => match int_in(s, i8::MIN.into(), 255)? {
            Cell::I64(v) if v > 127 => Cell::I64(v - 256),
            c => c,
        },
        (ArrowType::Int16, Json::Int(s)) => int_in(s, i16::MIN.into(), i16::MAX.into())?,
        (ArrowType::Int32, Json::Int(s)) => int_in(s, i32::MIN.into(), i32::MAX.into())?,
        (ArrowType::Int64, Json::Int(s)) => int_in(s, i64::MIN, i64::MAX)?,
        (ArrowType::Float32 | ArrowType::Float64, Json::Int(s) | Json::Float(s)) => {
            Cell::F64(float_value(s)?)
        }
        (ArrowType::Float32 | ArrowType::Float64, Json::Str(s)) if conv.allow_non_numeric => {
            Cell::F64(match s.as_str() {
                "NaN" => f64::NAN,
                "Infinity" | "+Infinity" | "INF" | "+INF" => f64::INFINITY,
                "-Infinity" | "-INF" => f64::NEG_INFINITY,
                _ => return None,
            })
        }
        (ArrowType::Decimal128(p, s), Json::Int(x) | Json::Float(x) | Json::Str(x)) => {
            Cell::Dec(decimal(x, *p, *s)?)
        }
        (ArrowType::Utf8, Json::Str(s)) => Cell::Str(s.clone()),
        (ArrowType::Utf8, other) => Cell::Str(to_text(other)),
        (ArrowType::Binary, Json::Str(s)) => Cell::Bin(base64_decode(s)?),
        (ArrowType::Date32, Json::Str(s)) => Cell::I64(i64::from(conv.date(s)?)),
        (ArrowType::Timestamp(_, tz), Json::Str(s)) => Cell::I64(conv.timestamp(s, tz.is_none())?),
        (ArrowType::Timestamp(_, Some(_)), Json::Int(s)) => {
            Cell::I64(s.parse::<i64>().ok()?.checked_mul(1_000_000)?)
        }
        (ArrowType::List(f), Json::Array(items)) => Cell::List(
            items
                .iter()
                .map(|i| convert(i, f.data_type(), conv, bad))
                .collect::<Option<Vec<_>>>()?,
        ),
        (ArrowType::Map(entries, _), Json::Object(members)) => {
            let ArrowType::Struct(kv) = entries.data_type() else {
                return None;
            };
            let (kt, vt) = (kv.first()?.data_type(), kv.get(1)?.data_type());
            Cell::Map(
                members
                    .iter()
                    .map(|(k, x)| {
                        Some((
                            convert(&Json::Str(k.clone()), kt, conv, bad)?,
                            convert(x, vt, conv, bad)?,
                        ))
                    })
                    .collect::<Option<Vec<_>>>()?,
            )
        }
        // Duplicate keys: the last one wins.
        (ArrowType::Struct(fields), Json::Object(members)) => Cell::Struct(
            fields
                .iter()
                .map(
                    |f| match members.iter().rev().find(|(n, _)| n == f.name()) {
                        None => Cell::Null,
                        Some((_, x)) => convert(x, f.data_type(), conv, bad).unwrap_or_else(|| {
                            *bad = true;
                            Cell::Null
                        }),
                    },
                )
                .collect(),
        ),
        _ => return None,
    })
}

/// Jackson's `getBinaryValue` (MIME base64, padding optional).
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xFF) as u8);
        }
    }
    Some(out)
}

// The plan codec rebuilds `from_json` from its result type, modes, read options and value
// conversions.
impl crate::portable::PortableUdf for FromJson {
    const KEY: &'static str = "from_json";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.data_type(&self.ret)?
            .bool(self.failfast)
            .int(self.corrupt.map_or(-1, |c| c as i64));
        for b in self.read.0 {
            e.bool(b);
        }
        self.conv.encode(e);
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let ret = d.data_type()?;
        let failfast = d.bool()?;
        let corrupt = usize::try_from(d.int()?).ok();
        let mut read = [false; 7];
        for b in &mut read {
            *b = d.bool()?;
        }
        let conv = Conversion::decode(d)?;
        Ok(Self {
            ret,
            failfast,
            corrupt,
            read: ReadKey(read),
            conv,
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}

// The plan codec's form of the value conversions (shared by `from_json`/`from_csv`/`from_xml`).
impl Conversion {
    pub(crate) fn encode(&self, e: &mut crate::portable::Encoder) {
        let opt = |s: &Option<String>| s.clone().map_or(String::new(), |v| format!("={v}"));
        e.str(&self.time_zone)
            .str(&opt(&self.timestamp_format))
            .str(&opt(&self.timestamp_ntz_format))
            .str(&opt(&self.date_format))
            .bool(self.allow_non_numeric);
    }

    pub(crate) fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let opt = |s: String| s.strip_prefix('=').map(str::to_string);
        Ok(Self {
            time_zone: d.str()?,
            timestamp_format: opt(d.str()?),
            timestamp_ntz_format: opt(d.str()?),
            date_format: opt(d.str()?),
            allow_non_numeric: d.bool()?,
        })
    }
}
