//! The rows of `variant_explode(v)` / `variant_explode_outer(v)` (Spark's `VariantExplode`
//! table function): one `(pos, key, value)` per object field (keys in sorted order) or array
//! element (`key` NULL); nothing for other values and NULL. The plan layer unnests the array
//! of structs built here, as it does for `inline`.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, Int32Array, ListArray, StringArray, StructArray};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Fields};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::encoding::{VType, VariantRef};
use super::{VariantColumn, arrow_type, build_array, malformed};

/// The output columns.
pub const COLUMNS: [&str; 3] = ["pos", "key", "value"];

fn entry_fields() -> Fields {
    Fields::from(vec![
        Field::new(COLUMNS[0], ArrowType::Int32, false),
        Field::new(COLUMNS[1], ArrowType::Utf8, true),
        Field::new(COLUMNS[2], arrow_type(), false),
    ])
}

fn list_field() -> Arc<Field> {
    Arc::new(Field::new(
        "element",
        ArrowType::Struct(entry_fields()),
        false,
    ))
}

/// `array<struct<pos, key, value>>` of a variant expression.
pub fn explode_entries(e: DfExpr) -> DfExpr {
    crate::utils::udf(VariantEntries {
        signature: Signature::any(1, Volatility::Immutable),
    })
    .call(vec![e])
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct VariantEntries {
    signature: Signature,
}

/// A sub-value with the whole variant's metadata, as Spark's `VariantExplode` returns it.
fn standalone(v: &VariantRef<'_>) -> DfResult<(Vec<u8>, Vec<u8>)> {
    let value = v.value_bytes().map_err(|_| malformed())?;
    Ok((value.to_vec(), v.metadata.to_vec()))
}

impl ScalarUDFImpl for VariantEntries {
    fn name(&self) -> &str {
        "spark_variant_explode_entries"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::List(list_field()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let col = VariantColumn::new(&arrays[0])?;
        let (mut pos, mut keys, mut values, mut lengths) = (vec![], vec![], vec![], vec![]);
        for i in 0..arrays[0].len() {
            let before = pos.len();
            if let Some(v) = col.get(i) {
                let m = |_| malformed();
                match v.vtype().map_err(m)? {
                    VType::Object => {
                        for k in 0..v.object_len().map_err(m)? {
                            let (key, child) = v.object_field(k).map_err(m)?;
                            pos.push(k as i32);
                            keys.push(Some(key.to_string()));
                            values.push(Some(standalone(&child)?));
                        }
                    }
                    VType::Array => {
                        for k in 0..v.array_len().map_err(m)? {
                            pos.push(k as i32);
                            keys.push(None);
                            values.push(Some(standalone(&v.array_elem(k).map_err(m)?)?));
                        }
                    }
                    _ => {}
                }
            }
            lengths.push(pos.len() - before);
        }
        let entries = StructArray::try_new(
            entry_fields(),
            vec![
                Arc::new(Int32Array::from(pos)) as ArrayRef,
                Arc::new(StringArray::from(keys)),
                build_array(values)?,
            ],
            None,
        )?;
        let list = ListArray::try_new(
            list_field(),
            OffsetBuffer::from_lengths(lengths),
            Arc::new(entries),
            None,
        )?;
        Ok(ColumnarValue::Array(Arc::new(list)))
    }
}
