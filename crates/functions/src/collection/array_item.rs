//! `spark_array_item(array, index)`: Spark's `GetArrayItem` (`arr[i]`, 0-based). An index
//! outside the array gives NULL, or `INVALID_ARRAY_INDEX` under ANSI (`failOnError`).

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array};
use datafusion::arrow::compute::{cast, take};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::{Result as DfResult, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility,
};
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

use crate::errors::to_df;
use crate::utils::udf;

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ArrayItem {
    ansi: bool,
    signature: Signature,
}

static UDFS: LazyLock<[Arc<ScalarUDF>; 2]> = LazyLock::new(|| {
    [false, true].map(|ansi| {
        udf(ArrayItem {
            ansi,
            signature: Signature::any(2, Volatility::Immutable),
        })
    })
});

/// `array[index]` with Spark's 0-based index; `index` must be integral.
pub fn array_item(array: DfExpr, index: DfExpr, ansi: bool) -> DfExpr {
    UDFS[usize::from(ansi)].call(vec![array, index])
}

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    UDFS.iter().map(Arc::clone).collect()
}

fn invalid_index(index: i64, len: usize) -> SparkError {
    SparkError::with_class(
        ExceptionKind::ArrayIndexOutOfBounds,
        "INVALID_ARRAY_INDEX",
        "22003",
        format!(
            "The index {index} is out of bounds. The array has {len} elements. Use the SQL function `get()` to tolerate accessing element at invalid index and return NULL instead."
        ),
    )
    .param("indexValue", index.to_string())
    .param("arraySize", len.to_string())
    .param("ansiConfig", "\"spark.sql.ansi.enabled\"")
}

impl ScalarUDFImpl for ArrayItem {
    fn name(&self) -> &str {
        if self.ansi {
            "spark_array_item_ansi"
        } else {
            "spark_array_item"
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[ArrowType]) -> DfResult<ArrowType> {
        match arg_types.first() {
            Some(ArrowType::List(f) | ArrowType::LargeList(f)) => Ok(f.data_type().clone()),
            other => exec_err!("{} expects an array, got {other:?}", self.name()),
        }
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let types: Vec<_> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        Ok(Arc::new(Field::new(
            self.name(),
            self.return_type(&types)?,
            true,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let [list, index] = arrays.as_slice() else {
            return exec_err!("{} expects 2 arguments", self.name());
        };
        let index = cast(index, &ArrowType::Int64)?;
        let index = index.as_primitive::<datafusion::arrow::datatypes::Int64Type>();
        let (offsets, values): (Vec<(usize, usize)>, ArrayRef) = match list.data_type() {
            ArrowType::List(_) => {
                let l = list.as_list::<i32>();
                let o = l.value_offsets();
                (
                    o.windows(2)
                        .map(|w| (w[0] as usize, (w[1] - w[0]) as usize))
                        .collect(),
                    Arc::clone(l.values()),
                )
            }
            ArrowType::LargeList(_) => {
                let l = list.as_list::<i64>();
                let o = l.value_offsets();
                (
                    o.windows(2)
                        .map(|w| (w[0] as usize, (w[1] - w[0]) as usize))
                        .collect(),
                    Arc::clone(l.values()),
                )
            }
            other => return exec_err!("{} expects an array, got {other}", self.name()),
        };
        let mut picks = Vec::with_capacity(list.len());
        for (row, (start, len)) in offsets.iter().enumerate() {
            if list.is_null(row) || index.is_null(row) {
                picks.push(None);
                continue;
            }
            let i = index.value(row);
            if i < 0 || i as usize >= *len {
                if self.ansi {
                    return Err(to_df(invalid_index(i, *len)));
                }
                picks.push(None);
            } else {
                picks.push(Some((start + i as usize) as i64));
            }
        }
        let result = take(values.as_ref(), &Int64Array::from(picks), None)?;
        crate::utils::columnar(result, &args.args)
    }
}
