//! SQL values -> variant (Spark's `VariantExpressionEvalUtils.castToVariant`): integers
//! narrowed to the smallest integer type, decimals with their scale, dates and timestamps as
//! such, arrays element by element, structs and string-keyed maps as objects (only under
//! `to_variant_object`; `CAST(... AS VARIANT)` rejects them), NULL elements as variant nulls.

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Date32Type, Decimal128Type, Float32Type, Float64Type, Int8Type,
    Int16Type, Int32Type, Int64Type, TimeUnit, TimestampMicrosecondType,
};
use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::encoding::{Builder, VariantRef};
use super::{VariantColumn, arrow_type, build_array, is_variant, malformed};

/// Whether values of `t` can become variants; `objects` allows structs and maps.
pub(crate) fn convertible(t: &ArrowType, objects: bool) -> bool {
    match t {
        t if is_variant(t) => true,
        ArrowType::Null
        | ArrowType::Boolean
        | ArrowType::Int8
        | ArrowType::Int16
        | ArrowType::Int32
        | ArrowType::Int64
        | ArrowType::Float32
        | ArrowType::Float64
        | ArrowType::Decimal128(..)
        | ArrowType::Utf8
        | ArrowType::LargeUtf8
        | ArrowType::Utf8View
        | ArrowType::Binary
        | ArrowType::Date32
        | ArrowType::Timestamp(TimeUnit::Microsecond, _) => true,
        ArrowType::List(f) | ArrowType::LargeList(f) => convertible(f.data_type(), objects),
        ArrowType::Struct(fs) => objects && fs.iter().all(|f| convertible(f.data_type(), true)),
        ArrowType::Map(e, _) => match e.data_type() {
            ArrowType::Struct(kv) if kv.len() == 2 => {
                objects
                    && matches!(kv[0].data_type(), ArrowType::Utf8)
                    && convertible(kv[1].data_type(), true)
            }
            _ => false,
        },
        _ => false,
    }
}

/// A UDF converting its argument to a variant.
pub(crate) fn call(name: &'static str, arg: DfExpr) -> DfExpr {
    crate::utils::udf(ToVariant {
        name,
        signature: Signature::any(1, Volatility::Immutable),
    })
    .call(vec![arg])
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ToVariant {
    name: &'static str,
    signature: Signature,
}

impl ScalarUDFImpl for ToVariant {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(arrow_type())
    }

    /// NULL only for NULL input.
    fn return_field_from_args(
        &self,
        args: datafusion::logical_expr::ReturnFieldArgs,
    ) -> DfResult<datafusion::arrow::datatypes::FieldRef> {
        let nullable = args.arg_fields.iter().any(|f| f.is_nullable());
        Ok(std::sync::Arc::new(
            datafusion::arrow::datatypes::Field::new(self.name(), arrow_type(), nullable),
        ))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let a = &arrays[0];
        let mut rows = Vec::with_capacity(a.len());
        for i in 0..a.len() {
            if a.is_null(i) {
                rows.push(None);
                continue;
            }
            let mut b = Builder::new();
            write(&mut b, a, i)?;
            rows.push(Some(b.result().ok_or_else(malformed)?));
        }
        Ok(ColumnarValue::Array(build_array(rows)?))
    }
}

fn unsupported(t: &ArrowType) -> DataFusionError {
    DataFusionError::NotImplemented(format!("converting {t} to a variant"))
}

/// Writes element `i` of `a`.
fn write(b: &mut Builder, a: &ArrayRef, i: usize) -> DfResult<()> {
    if a.is_null(i) {
        b.append_null();
        return Ok(());
    }
    let t = a.data_type();
    if is_variant(t) {
        let col = VariantColumn::new(a)?;
        let v: VariantRef<'_> = col.get(i).ok_or_else(malformed)?;
        return b.append_variant(&v).map_err(|_| malformed());
    }
    match t {
        ArrowType::Null => b.append_null(),
        ArrowType::Boolean => b.append_bool(a.as_boolean().value(i)),
        ArrowType::Int8 => b.append_long(i64::from(a.as_primitive::<Int8Type>().value(i))),
        ArrowType::Int16 => b.append_long(i64::from(a.as_primitive::<Int16Type>().value(i))),
        ArrowType::Int32 => b.append_long(i64::from(a.as_primitive::<Int32Type>().value(i))),
        ArrowType::Int64 => b.append_long(a.as_primitive::<Int64Type>().value(i)),
        ArrowType::Float32 => b.append_float(a.as_primitive::<Float32Type>().value(i)),
        ArrowType::Float64 => b.append_double(a.as_primitive::<Float64Type>().value(i)),
        ArrowType::Decimal128(_, s) => {
            let scale = u8::try_from(*s).map_err(|_| unsupported(t))?;
            b.append_decimal(a.as_primitive::<Decimal128Type>().value(i), scale)
        }
        ArrowType::Utf8 => b.append_string(a.as_string::<i32>().value(i)),
        ArrowType::LargeUtf8 => b.append_string(a.as_string::<i64>().value(i)),
        ArrowType::Utf8View => b.append_string(a.as_string_view().value(i)),
        ArrowType::Binary => b.append_binary(a.as_binary::<i32>().value(i)),
        ArrowType::Date32 => b.append_date(a.as_primitive::<Date32Type>().value(i)),
        ArrowType::Timestamp(TimeUnit::Microsecond, tz) => b.append_timestamp(
            a.as_primitive::<TimestampMicrosecondType>().value(i),
            tz.is_none(),
        ),
        ArrowType::List(_) => {
            let l = a.as_list::<i32>();
            let items = l.value(i);
            array(b, &items)?;
        }
        ArrowType::LargeList(_) => {
            let l = a.as_list::<i64>();
            let items = l.value(i);
            array(b, &items)?;
        }
        ArrowType::Struct(fs) => {
            let s = a.as_struct();
            let start = b.pos();
            let mut fields = Vec::with_capacity(fs.len());
            for (k, f) in fs.iter().enumerate() {
                b.field(&mut fields, start, f.name());
                write(b, s.column(k), i)?;
            }
            b.finish_object(start, fields).map_err(|_| malformed())?;
        }
        ArrowType::Map(..) => {
            let m = a.as_map();
            let entries = m.value(i);
            let keys = datafusion::arrow::compute::cast(entries.column(0), &ArrowType::Utf8)?;
            let keys = keys.as_string::<i32>();
            let values = entries.column(1);
            let start = b.pos();
            let mut fields = Vec::with_capacity(keys.len());
            for k in 0..keys.len() {
                b.field(&mut fields, start, keys.value(k));
                write(b, values, k)?;
            }
            b.finish_object(start, fields).map_err(|_| malformed())?;
        }
        other => return Err(unsupported(other)),
    }
    Ok(())
}

fn array(b: &mut Builder, items: &ArrayRef) -> DfResult<()> {
    let start = b.pos();
    let mut offsets = Vec::with_capacity(items.len());
    for k in 0..items.len() {
        offsets.push(b.pos() - start);
        write(b, items, k)?;
    }
    b.finish_array(start, &offsets);
    Ok(())
}

// The plan codec rebuilds the conversion by name.
impl crate::portable::PortableUdf for ToVariant {
    const KEY: &'static str = "to_variant";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.str(self.name);
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let name = match d.str()?.as_str() {
            "spark_cast_to_variant" => "spark_cast_to_variant",
            "spark_to_variant_object" => "spark_to_variant_object",
            other => {
                return Err(datafusion::common::DataFusionError::Internal(format!(
                    "unknown variant conversion {other}"
                )));
            }
        };
        Ok(Self {
            name,
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}
