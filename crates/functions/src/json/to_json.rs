//! `to_json(expr[, options])` (Spark's `StructsToJson` over `JacksonGenerator`; always
//! nullable): a struct, array or map as JSON text. Numbers print as Java does (`1.0E20`, NaN
//! quoted), decimals plainly, dates/timestamps with `dateFormat`/`timestampFormat` (ISO-8601
//! defaults), binary as base64; `ignoreNullFields` (default true) drops NULL struct fields;
//! `pretty` uses Jackson's `DefaultPrettyPrinter` layout.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Date32Type, Decimal128Type, Float32Type, Float64Type, Int8Type,
    Int16Type, Int32Type, Int64Type, TimeUnit, TimestampMicrosecondType,
};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use sabot_common::error::ExceptionKind;
use sabot_common::numbers::{java_double_string, java_float_string, plain_decimal};
use sabot_common::{Result, SparkError};

use super::schema::{flag, options_arg};
use super::value::write_str;
use super::write_text::WriteFormats;
use crate::FunctionContext;
use crate::utils::check_args;

/// How values are written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct WriteOptions {
    pub pretty: bool,
    pub ignore_null_fields: bool,
    pub formats: WriteFormats,
}

impl WriteOptions {
    pub(crate) fn new(opts: &std::collections::HashMap<String, String>, tz: &str) -> Result<Self> {
        Ok(Self {
            pretty: flag(opts, "pretty", false),
            ignore_null_fields: flag(opts, "ignoreNullFields", true),
            formats: WriteFormats::new(opts, tz)?,
        })
    }
}

/// A value ready to print.
pub(crate) enum Out {
    Raw(String),
    Str(String),
    Arr(Vec<Out>),
    Obj(Vec<(String, Out)>),
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ToJson {
    opts: WriteOptions,
    /// What the plan codec rebuilds it from.
    source: crate::portable::BuiltFrom,
    signature: Signature,
}

/// Spark's SQL name of an input type in the type-check error.
pub(crate) fn type_sql(t: &ArrowType) -> String {
    match t {
        ArrowType::Boolean => "BOOLEAN".into(),
        ArrowType::Int8 => "TINYINT".into(),
        ArrowType::Int16 => "SMALLINT".into(),
        ArrowType::Int32 => "INT".into(),
        ArrowType::Int64 => "BIGINT".into(),
        ArrowType::Float32 => "FLOAT".into(),
        ArrowType::Float64 => "DOUBLE".into(),
        ArrowType::Decimal128(p, s) => format!("DECIMAL({p},{s})"),
        ArrowType::Utf8 | ArrowType::LargeUtf8 | ArrowType::Utf8View => "STRING".into(),
        ArrowType::Binary => "BINARY".into(),
        ArrowType::Date32 => "DATE".into(),
        ArrowType::Timestamp(_, Some(_)) => "TIMESTAMP".into(),
        ArrowType::Timestamp(_, None) => "TIMESTAMP_NTZ".into(),
        ArrowType::Null => "VOID".into(),
        other => other.to_string(),
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("to_json", &args, 1, 2)?;
    let t = ctx.arg_type(&args[0])?;
    if crate::variant::is_variant(&t) && args.len() == 1 {
        return Ok(crate::variant::to_json_call(args[0].clone(), ctx.time_zone));
    }
    if !matches!(
        t,
        ArrowType::Struct(_) | ArrowType::List(_) | ArrowType::LargeList(_) | ArrowType::Map(_, _)
    ) {
        let shown = type_sql(&t);
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.INVALID_JSON_SCHEMA",
            "42K09",
            format!(
                "Cannot resolve \"to_json({})\" due to data type mismatch: Input schema \"{shown}\" must be a struct, an array, a map or a variant.",
                args[0].schema_name()
            ),
        )
        .param("schema", format!("\"{shown}\"")));
    }
    let options = options_arg(args.get(1))?;
    let udf = crate::utils::udf(ToJson::new(&options, ctx.time_zone)?);
    let e = args
        .into_iter()
        .next()
        .ok_or_else(|| SparkError::internal("no argument"))?;
    Ok(udf.call(vec![e]))
}

impl ScalarUDFImpl for ToJson {
    fn name(&self) -> &str {
        "spark_to_json"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let scalar = matches!(args.args.first(), Some(ColumnarValue::Scalar(_)));
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let a = &arrays[0];
        let mut b = datafusion::arrow::array::StringBuilder::new();
        for i in 0..a.len() {
            if null_at(a, i) {
                b.append_null();
            } else {
                let v = value(a, i, &self.opts)?;
                let mut s = String::new();
                if self.opts.pretty {
                    pretty(&mut s, &v, 0);
                } else {
                    compact(&mut s, &v);
                }
                b.append_value(s);
            }
        }
        let out: ArrayRef = Arc::new(b.finish());
        Ok(if scalar {
            ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?)
        } else {
            ColumnarValue::Array(out)
        })
    }
}

/// Whether row `i` is NULL (a `NullArray` has no validity buffer, only logical nulls).
fn null_at(a: &ArrayRef, i: usize) -> bool {
    a.data_type() == &ArrowType::Null || a.is_null(i)
}

fn float_out(s: String) -> Out {
    if s == "NaN" || s.ends_with("Infinity") {
        Out::Str(s)
    } else {
        Out::Raw(s)
    }
}

/// The JSON value of row `i` of `a` (not NULL).
pub(crate) fn value(a: &ArrayRef, i: usize, o: &WriteOptions) -> DfResult<Out> {
    Ok(match a.data_type() {
        t if crate::variant::is_variant(t) => Out::Raw(crate::variant::json_at(
            a.as_ref(),
            i,
            o.formats.time_zone(),
        )?),
        ArrowType::Null => Out::Raw("null".into()),
        ArrowType::Boolean => Out::Raw(a.as_boolean().value(i).to_string()),
        ArrowType::Int8 => Out::Raw(a.as_primitive::<Int8Type>().value(i).to_string()),
        ArrowType::Int16 => Out::Raw(a.as_primitive::<Int16Type>().value(i).to_string()),
        ArrowType::Int32 => Out::Raw(a.as_primitive::<Int32Type>().value(i).to_string()),
        ArrowType::Int64 => Out::Raw(a.as_primitive::<Int64Type>().value(i).to_string()),
        ArrowType::Float32 => {
            float_out(java_float_string(a.as_primitive::<Float32Type>().value(i)))
        }
        ArrowType::Float64 => {
            float_out(java_double_string(a.as_primitive::<Float64Type>().value(i)))
        }
        ArrowType::Decimal128(_, s) => Out::Raw(plain_decimal(
            &a.as_primitive::<Decimal128Type>().value(i).to_string(),
            *s,
        )),
        ArrowType::Utf8 => Out::Str(a.as_string::<i32>().value(i).to_string()),
        ArrowType::LargeUtf8 => Out::Str(a.as_string::<i64>().value(i).to_string()),
        ArrowType::Utf8View => Out::Str(a.as_string_view().value(i).to_string()),
        ArrowType::Binary => Out::Str(base64(a.as_binary::<i32>().value(i))),
        ArrowType::Date32 => Out::Str(o.formats.date(a.as_primitive::<Date32Type>().value(i))),
        ArrowType::Timestamp(TimeUnit::Microsecond, tz) => Out::Str(o.formats.timestamp(
            a.as_primitive::<TimestampMicrosecondType>().value(i),
            tz.is_some(),
        )),
        ArrowType::Timestamp(_, tz) => {
            let c = cast(a, &ArrowType::Timestamp(TimeUnit::Microsecond, tz.clone()))?;
            value(&c, i, o)?
        }
        ArrowType::List(_) => {
            let l = a.as_list::<i32>().value(i);
            items(&l, o)?
        }
        ArrowType::LargeList(_) => {
            let l = a.as_list::<i64>().value(i);
            items(&l, o)?
        }
        ArrowType::Map(_, _) => {
            let m = a.as_map().value(i);
            let (k, v) = (m.column(0), m.column(1));
            let mut out = Vec::with_capacity(m.len());
            for j in 0..m.len() {
                let key = match value(k, j, o)? {
                    Out::Str(s) | Out::Raw(s) => s,
                    other => {
                        let mut s = String::new();
                        compact(&mut s, &other);
                        s
                    }
                };
                let val = if null_at(v, j) {
                    Out::Raw("null".into())
                } else {
                    value(v, j, o)?
                };
                out.push((key, val));
            }
            Out::Obj(out)
        }
        ArrowType::Struct(fields) => {
            let s = a.as_struct();
            let mut out = Vec::with_capacity(fields.len());
            for (f, c) in fields.iter().zip(s.columns()) {
                if null_at(c, i) {
                    if !o.ignore_null_fields {
                        out.push((f.name().clone(), Out::Raw("null".into())));
                    }
                } else {
                    out.push((f.name().clone(), value(c, i, o)?));
                }
            }
            Out::Obj(out)
        }
        _ => {
            let s = datafusion::arrow::util::display::array_value_to_string(a, i)?;
            Out::Str(s)
        }
    })
}

fn items(l: &ArrayRef, o: &WriteOptions) -> DfResult<Out> {
    let mut out = Vec::with_capacity(l.len());
    for j in 0..l.len() {
        out.push(if null_at(l, j) {
            Out::Raw("null".into())
        } else {
            value(l, j, o)?
        });
    }
    Ok(Out::Arr(out))
}

/// Standard base64 with padding (Jackson's `writeBinary`).
pub(crate) fn base64(b: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(b.len().div_ceil(3) * 4);
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= c.len() {
                s.push(char::from(T[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                s.push('=');
            }
        }
    }
    s
}

pub(crate) fn compact(s: &mut String, v: &Out) {
    match v {
        Out::Raw(r) => s.push_str(r),
        Out::Str(x) => write_str(s, x),
        Out::Arr(items) => {
            s.push('[');
            for (k, i) in items.iter().enumerate() {
                if k > 0 {
                    s.push(',');
                }
                compact(s, i);
            }
            s.push(']');
        }
        Out::Obj(fields) => {
            s.push('{');
            for (k, (n, i)) in fields.iter().enumerate() {
                if k > 0 {
                    s.push(',');
                }
                write_str(s, n);
                s.push(':');
                compact(s, i);
            }
            s.push('}');
        }
    }
}

fn indent(s: &mut String, level: usize) {
    s.push('\n');
    s.push_str(&"  ".repeat(level));
}

/// Jackson's `DefaultPrettyPrinter`: objects break lines and indent by two spaces per object
/// level; arrays stay on one line (`[ 1, 2 ]`).
fn pretty(s: &mut String, v: &Out, level: usize) {
    match v {
        Out::Raw(_) | Out::Str(_) => compact(s, v),
        Out::Arr(items) => {
            s.push('[');
            for (k, i) in items.iter().enumerate() {
                s.push_str(if k > 0 { ", " } else { " " });
                pretty(s, i, level);
            }
            s.push_str(" ]");
        }
        Out::Obj(fields) => {
            s.push('{');
            for (k, (n, i)) in fields.iter().enumerate() {
                if k > 0 {
                    s.push(',');
                }
                indent(s, level + 1);
                write_str(s, n);
                s.push_str(" : ");
                pretty(s, i, level + 1);
            }
            if fields.is_empty() {
                s.push(' ');
            } else {
                indent(s, level);
            }
            s.push('}');
        }
    }
}

impl ToJson {
    fn new(options: &std::collections::HashMap<String, String>, tz: &str) -> Result<Self> {
        Ok(Self {
            opts: WriteOptions::new(options, tz)?,
            source: crate::portable::BuiltFrom::new(options, tz),
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}

// The plan codec rebuilds `to_json` from the options and zone it was built with.
impl crate::portable::PortableUdf for ToJson {
    const KEY: &'static str = "to_json";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        self.source.encode(e);
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let from = crate::portable::BuiltFrom::decode(d)?;
        Self::new(&from.map(), &from.zone)
            .map_err(|e| datafusion::common::DataFusionError::External(Box::new(e)))
    }
}
