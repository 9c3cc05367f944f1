//! `from_xml(xml, schema[, options])` (Spark's `XmlToStructs` over `StaxXmlParser`): one XML
//! record into a struct — `_name` fields read attributes, `_VALUE` the element's text, other
//! fields the child elements of that name (all of them for an array field); a value that does
//! not convert is NULL (`PERMISSIVE`) or an error (`FAILFAST`); malformed XML is an all-NULL
//! struct.

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType as ArrowType, Fields};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::tree::{Elem, parse};
use crate::FunctionContext;
use crate::errors::to_df;
use crate::json::cells::{Cell, to_array};
use crate::json::from_json::{Conversion, decimal, failfast, malformed, require_string};
use crate::json::schema::{nullable_arrow, options_arg, schema_arg};
use crate::utils::check_args;

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct FromXml {
    fields: Fields,
    failfast: bool,
    conv: Conversion,
    signature: Signature,
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("from_xml", &args, 2, 3)?;
    let schema = schema_arg(&args[1])?;
    let ArrowType::Struct(fields) = nullable_arrow(&schema, ctx.time_zone)? else {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "INVALID_SCHEMA.NON_STRUCT_TYPE",
            "42K07",
            "The input schema is not a valid schema string. The input expression should be evaluated to struct type.",
        ));
    };
    require_string("from_xml", &args[0], ctx)?;
    let opts = options_arg(args.get(2))?;
    let udf = crate::utils::udf(FromXml {
        fields,
        failfast: failfast("from_xml", &opts)?,
        conv: Conversion::new(&opts, ctx.time_zone)?,
        signature: Signature::any(1, Volatility::Immutable),
    });
    let e = args
        .into_iter()
        .next()
        .ok_or_else(|| SparkError::internal("no argument"))?;
    Ok(udf.call(vec![e]))
}

impl ScalarUDFImpl for FromXml {
    fn name(&self) -> &str {
        "spark_from_xml"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Struct(self.fields.clone()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let scalar = matches!(args.args.first(), Some(ColumnarValue::Scalar(_)));
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let input = cast(&arrays[0], &ArrowType::Utf8)?;
        let input = input.as_string::<i32>();
        let mut cells = Vec::with_capacity(input.len());
        for i in 0..input.len() {
            if input.is_null(i) {
                cells.push(Cell::Null);
                continue;
            }
            let mut bad = false;
            let cell = match parse(input.value(i)) {
                Some(root) => record(&root, &self.fields, &self.conv, &mut bad),
                None => {
                    bad = true;
                    Cell::Struct(vec![Cell::Null; self.fields.len()])
                }
            };
            if bad && self.failfast {
                return Err(to_df(malformed("[null]")));
            }
            cells.push(cell);
        }
        let refs: Vec<&Cell> = cells.iter().collect();
        let out: ArrayRef = to_array(&refs, &ArrowType::Struct(self.fields.clone()))?;
        Ok(if scalar {
            ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?)
        } else {
            ColumnarValue::Array(out)
        })
    }
}

/// A failed conversion is NULL and marks the record bad.
fn or_bad(c: Option<Cell>, bad: &mut bool) -> Cell {
    c.unwrap_or_else(|| {
        *bad = true;
        Cell::Null
    })
}

/// An element as a struct of `fields`; a field that does not convert is NULL and sets `bad`.
fn record(e: &Elem, fields: &Fields, conv: &Conversion, bad: &mut bool) -> Cell {
    let mut out = Vec::with_capacity(fields.len());
    for f in fields {
        let name = f.name();
        let cell = if name == "_VALUE" {
            let v = e.value();
            if v.is_empty() {
                Cell::Null
            } else {
                or_bad(text(v, f.data_type(), conv), bad)
            }
        } else if let Some(attr) = name.strip_prefix('_') {
            match e.attrs.iter().find(|(n, _)| n == attr) {
                Some((_, v)) => or_bad(text(v.trim(), f.data_type(), conv), bad),
                None => Cell::Null,
            }
        } else {
            let matching: Vec<&Elem> = e.children.iter().filter(|c| c.name == *name).collect();
            match (matching.last(), f.data_type()) {
                (None, _) => Cell::Null,
                (Some(_), ArrowType::List(item)) => {
                    let items: Option<Vec<Cell>> = matching
                        .iter()
                        .map(|c| element(c, item.data_type(), conv, bad))
                        .collect();
                    or_bad(items.map(Cell::List), bad)
                }
                (Some(last), t) => {
                    let c = element(last, t, conv, bad);
                    or_bad(c, bad)
                }
            }
        };
        out.push(cell);
    }
    Cell::Struct(out)
}

/// One element as a value of type `t`.
fn element(e: &Elem, t: &ArrowType, conv: &Conversion, bad: &mut bool) -> Option<Cell> {
    match t {
        ArrowType::Struct(fields) => Some(record(e, fields, conv, bad)),
        _ => {
            let v = e.value();
            if v.is_empty() {
                Some(Cell::Null)
            } else {
                text(v, t, conv)
            }
        }
    }
}

fn int_in(s: &str, min: i64, max: i64) -> Option<Cell> {
    let v: i64 = s.parse().ok()?;
    (min..=max).contains(&v).then_some(Cell::I64(v))
}

/// A text value of an atomic type (Spark's `StaxXmlParser.convertTo`).
fn text(s: &str, t: &ArrowType, conv: &Conversion) -> Option<Cell> {
    Some(match t {
        ArrowType::Int8 => int_in(s, i8::MIN.into(), i8::MAX.into())?,
        ArrowType::Int16 => int_in(s, i16::MIN.into(), i16::MAX.into())?,
        ArrowType::Int32 => int_in(s, i32::MIN.into(), i32::MAX.into())?,
        ArrowType::Int64 => int_in(s, i64::MIN, i64::MAX)?,
        ArrowType::Float32 | ArrowType::Float64 => Cell::F64(match s {
            "NaN" => f64::NAN,
            "Infinity" | "+Infinity" | "Inf" => f64::INFINITY,
            "-Infinity" | "-Inf" => f64::NEG_INFINITY,
            _ if crate::csv_is_double(s) => s.parse().ok()?,
            _ => return None,
        }),
        ArrowType::Boolean => match s.to_ascii_lowercase().as_str() {
            "true" => Cell::Bool(true),
            "false" => Cell::Bool(false),
            _ => return None,
        },
        ArrowType::Decimal128(p, sc) => Cell::Dec(decimal(s, *p, *sc)?),
        ArrowType::Utf8 => Cell::Str(s.to_string()),
        ArrowType::Date32 => Cell::I64(i64::from(conv.date(s)?)),
        ArrowType::Timestamp(_, tz) => Cell::I64(conv.timestamp(s, tz.is_none())?),
        ArrowType::Null => Cell::Null,
        ArrowType::List(item) => Cell::List(vec![text(s, item.data_type(), conv)?]),
        _ => return None,
    })
}

// The plan codec rebuilds `from_xml` from its fields, mode and conversions.
impl crate::portable::PortableUdf for FromXml {
    const KEY: &'static str = "from_xml";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.data_type(&ArrowType::Struct(self.fields.clone()))?
            .bool(self.failfast);
        self.conv.encode(e);
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let ArrowType::Struct(fields) = d.data_type()? else {
            return Err(datafusion::common::DataFusionError::Internal(
                "malformed from_xml".into(),
            ));
        };
        Ok(Self {
            fields,
            failfast: d.bool()?,
            conv: Conversion::decode(d)?,
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}
