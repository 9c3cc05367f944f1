//! `arrays_zip(a1, a2, ...)` (Spark's `ArraysZip`): an array of structs, the i-th holding the
//! i-th element of every array (NULL past a shorter array's end); NULL if any array is NULL.
//! Fields are named after the arguments that are columns, and by position otherwise.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, StructArray, new_empty_array, new_null_array};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef, Fields};
use datafusion::common::{Result as DfResult, ScalarValue, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility, lit,
};
use sabot_common::Result;

use super::coerce::array_element;
use super::rowwise::{element_type, elems, list_of, make_list, null};
use crate::FunctionContext;
use crate::utils::udf;

/// Arguments: the `n` arrays, then their `n` field names as string literals.
#[derive(Debug, PartialEq, Eq, Hash)]
struct ArraysZip {
    signature: Signature,
}

static ARRAYS_ZIP: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    udf(ArraysZip {
        signature: Signature::variadic_any(Volatility::Immutable),
    })
});

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&ARRAYS_ZIP)]
}

fn result_type(types: &[ArrowType], names: &[String]) -> DfResult<ArrowType> {
    let fields = types
        .iter()
        .zip(names)
        .map(|(t, n)| Ok(Field::new(n, element_type(t)?, true)))
        .collect::<DfResult<Vec<_>>>()?;
    Ok(list_of(ArrowType::Struct(Fields::from(fields))))
}

impl ScalarUDFImpl for ArraysZip {
    fn name(&self) -> &str {
        "spark_arrays_zip"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, types: &[ArrowType]) -> DfResult<ArrowType> {
        let n = types.len() / 2;
        let names: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        result_type(&types[..n], &names)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let n = args.arg_fields.len() / 2;
        let types: Vec<_> = args.arg_fields[..n]
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        let names = args.scalar_arguments[n..]
            .iter()
            .enumerate()
            .map(|(i, s)| match s {
                Some(ScalarValue::Utf8(Some(name))) => name.clone(),
                _ => i.to_string(),
            })
            .collect::<Vec<_>>();
        Ok(Arc::new(Field::new(
            self.name(),
            result_type(&types, &names)?,
            true,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let ret = args.return_field.data_type().clone();
        let n = args.args.len() / 2;
        let ArrowType::List(item) = &ret else {
            return exec_err!("arrays_zip returns a list");
        };
        let ArrowType::Struct(fields) = item.data_type() else {
            return exec_err!("arrays_zip returns a list of structs");
        };
        let rows = args.number_rows;
        let arrays = args.args[..n]
            .iter()
            .map(|a| a.to_array(rows))
            .collect::<DfResult<Vec<_>>>()?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let mut lists = Vec::with_capacity(n);
            for a in &arrays {
                match elems(&ScalarValue::try_from_array(a, row)?)? {
                    Some(xs) => lists.push(xs),
                    None => break,
                }
            }
            if lists.len() < n {
                out.push(null(&ret)?);
                continue;
            }
            let len = lists.iter().map(Vec::len).max().unwrap_or(0);
            let mut items = Vec::with_capacity(len);
            for i in 0..len {
                let cols = lists
                    .iter()
                    .zip(fields.iter())
                    .map(|(xs, f)| match xs.get(i) {
                        Some(v) if !v.is_null() => v.to_array(),
                        _ => Ok(new_null_array(f.data_type(), 1)),
                    })
                    .collect::<DfResult<Vec<ArrayRef>>>()?;
                let s = StructArray::try_new(fields.clone(), cols, None)?;
                items.push(ScalarValue::Struct(Arc::new(s)));
            }
            out.push(make_list(&items, &ret)?);
        }
        if rows == 0 {
            return Ok(ColumnarValue::Array(new_empty_array(&ret)));
        }
        let arr = ScalarValue::iter_to_array(out)?;
        if args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)))
            && arr.len() == 1
        {
            return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&arr, 0)?));
        }
        Ok(ColumnarValue::Array(arr))
    }
}

/// The field name Spark gives the argument at `i`: a column's (or alias's) name, else the
/// position.
fn field_name(e: &DfExpr, i: usize) -> String {
    match e {
        DfExpr::Column(c) => c.name.clone(),
        DfExpr::Alias(a) => a.name.clone(),
        _ => i.to_string(),
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    if args.is_empty() {
        // Spark: an empty array of empty structs.
        return Err(sabot_common::SparkError::unsupported("arrays_zip()"));
    }
    for a in &args {
        array_element(ctx, "arrays_zip", a)?;
    }
    let names: Vec<DfExpr> = args
        .iter()
        .enumerate()
        .map(|(i, e)| lit(field_name(e, i)))
        .collect();
    let mut call = args;
    call.extend(names);
    Ok(ARRAYS_ZIP.call(call))
}
