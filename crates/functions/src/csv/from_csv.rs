//! `from_csv(csv, schema[, options])` (Spark's `CsvToStructs` over `UnivocityParser`): one CSV
//! record into a struct; a value that does not convert is NULL (`PERMISSIVE`) or an error
//! (`FAILFAST`); missing fields are NULL.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef, Fields};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::line::{Dialect, split};
use super::schema_of_csv::is_double;
use crate::FunctionContext;
use crate::errors::to_df;
use crate::json::cells::{Cell, to_array};
use crate::json::from_json::{
    Conversion, corrupt_field, decimal, failfast, malformed, require_string,
};
use crate::json::schema::{nullable_arrow, options_arg, schema_arg};
use crate::utils::check_args;

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct FromCsv {
    fields: Fields,
    /// The struct field that receives a malformed record's text, if any.
    corrupt: Option<usize>,
    failfast: bool,
    dialect: Dialect,
    conv: Conversion,
    signature: Signature,
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("from_csv", &args, 2, 3)?;
    let schema = schema_arg(&args[1])?;
    let ArrowType::Struct(fields) = nullable_arrow(&schema, ctx.time_zone)? else {
        let shown = crate::json::schema::literal_str(&args[1])
            .flatten()
            .unwrap_or_default();
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "INVALID_SCHEMA.NON_STRUCT_TYPE",
            "42K07",
            format!("The input schema \"{shown}\" is not a valid schema string. The input expression should be evaluated to struct type."),
        )
        .param("inputSchema", format!("\"{shown}\"")));
    };
    let opts = options_arg(args.get(2))?;
    require_string("from_csv", &args[0], ctx)?;
    let corrupt = corrupt_field(&schema, &opts)?;
    let udf = crate::utils::udf(FromCsv {
        fields,
        corrupt,
        failfast: failfast("from_csv", &opts)?,
        dialect: Dialect::new(&opts),
        conv: Conversion::new(&opts, ctx.time_zone)?,
        signature: Signature::any(1, Volatility::Immutable),
    });
    let e = args
        .into_iter()
        .next()
        .ok_or_else(|| SparkError::internal("no argument"))?;
    Ok(udf.call(vec![e]))
}

impl ScalarUDFImpl for FromCsv {
    fn name(&self) -> &str {
        "spark_from_csv"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Struct(self.fields.clone()))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let nullable = args.arg_fields.iter().any(|f| f.is_nullable());
        Ok(Arc::new(Field::new(
            self.name(),
            ArrowType::Struct(self.fields.clone()),
            nullable,
        )))
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
            let values = split(input.value(i), &self.dialect);
            let mut row = Vec::with_capacity(self.fields.len());
            let mut ok = true;
            // The corrupt-record field takes no value of its own (Spark's `FailureSafeParser`
            // parses the other fields).
            let mut pos = 0;
            for (k, f) in self.fields.iter().enumerate() {
                if Some(k) == self.corrupt {
                    row.push(Cell::Null);
                    continue;
                }
                let v = values.get(pos).cloned().flatten();
                pos += 1;
                let cell = match v {
                    None => Cell::Null,
                    Some(s) if s == self.dialect.null_value => Cell::Null,
                    Some(s) => convert(&s, f.data_type(), &self.conv).unwrap_or_else(|| {
                        ok = false;
                        Cell::Null
                    }),
                };
                row.push(cell);
            }
            if !ok && self.failfast {
                return Err(to_df(malformed("[null]")));
            }
            if let (false, Some(k)) = (ok, self.corrupt) {
                row[k] = Cell::Str(input.value(i).to_string());
            }
            cells.push(Cell::Struct(row));
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

fn int_in(s: &str, min: i64, max: i64) -> Option<Cell> {
    let v: i64 = s.strip_prefix('+').unwrap_or(s).parse().ok()?;
    (min..=max).contains(&v).then_some(Cell::I64(v))
}

/// Spark's `UnivocityParser.makeConverter` for one value.
pub fn convert(s: &str, t: &ArrowType, conv: &Conversion) -> Option<Cell> {
    Some(match t {
        ArrowType::Int8 => int_in(s, i8::MIN.into(), i8::MAX.into())?,
        ArrowType::Int16 => int_in(s, i16::MIN.into(), i16::MAX.into())?,
        ArrowType::Int32 => int_in(s, i32::MIN.into(), i32::MAX.into())?,
        ArrowType::Int64 => int_in(s, i64::MIN, i64::MAX)?,
        ArrowType::Float32 | ArrowType::Float64 => Cell::F64(match s {
            "NaN" => f64::NAN,
            "Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            _ if is_double(s) => {
                let t = s.trim();
                t.strip_suffix(['d', 'D', 'f', 'F'])
                    .unwrap_or(t)
                    .parse()
                    .ok()?
            }
            _ => return None,
        }),
        ArrowType::Boolean => match s.to_ascii_lowercase().as_str() {
            "true" => Cell::Bool(true),
            "false" => Cell::Bool(false),
            _ => return None,
        },
        ArrowType::Decimal128(p, sc) => Cell::Dec(decimal(s, *p, *sc)?),
        ArrowType::Utf8 => Cell::Str(s.to_string()),
        ArrowType::Binary => Cell::Bin(s.as_bytes().to_vec()),
        ArrowType::Date32 => Cell::I64(i64::from(conv.date(s)?)),
        ArrowType::Timestamp(_, tz) => Cell::I64(conv.timestamp(s, tz.is_none())?),
        _ => return None,
    })
}

// The plan codec rebuilds `from_csv` from its fields, modes, dialect and conversions.
impl crate::portable::PortableUdf for FromCsv {
    const KEY: &'static str = "from_csv";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.data_type(&ArrowType::Struct(self.fields.clone()))?
            .int(self.corrupt.map_or(-1, |c| c as i64))
            .bool(self.failfast)
            .str(&self.dialect.sep)
            .str(&self.dialect.quote.to_string())
            .str(&self.dialect.escape.to_string())
            .str(&self.dialect.null_value);
        self.conv.encode(e);
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let ArrowType::Struct(fields) = d.data_type()? else {
            return Err(datafusion::common::DataFusionError::Internal(
                "malformed from_csv".into(),
            ));
        };
        let corrupt = usize::try_from(d.int()?).ok();
        let failfast = d.bool()?;
        let ch = |s: String| {
            s.chars().next().ok_or_else(|| {
                datafusion::common::DataFusionError::Internal("malformed from_csv".into())
            })
        };
        let dialect = Dialect {
            sep: d.str()?,
            quote: ch(d.str()?)?,
            escape: ch(d.str()?)?,
            null_value: d.str()?,
        };
        Ok(Self {
            fields,
            corrupt,
            failfast,
            dialect,
            conv: Conversion::decode(d)?,
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}
