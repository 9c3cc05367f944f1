//! `hll_union(first, second [, allowDifferentLgConfigK])` (Spark's `HllUnion`): a `Union` of
//! the smaller lgConfigK over both sketches, as an HLL_8 updatable image; NULL if any argument
//! is NULL; different lgConfigK values fail unless allowed.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ArrayRef, AsArray, BinaryArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility,
};
use datafusion::prelude::lit;
use sabot_common::Result;

use super::errors::different_lg_k;
use super::state::Hll;
use super::union_agg::binary_arg;
use crate::FunctionContext;
use crate::errors::{unexpected_input_type, wrong_num_args};
use crate::json::to_json_type_sql as type_sql;
use crate::utils::{cast_to, udf};

const NAME: &str = "hll_union";

#[derive(Debug, PartialEq, Eq, Hash)]
struct Union {
    signature: Signature,
}

fn union(a: &[u8], b: &[u8], allow: bool) -> DfResult<Vec<u8>> {
    let a = Hll::deserialize(a, NAME)?;
    let b = Hll::deserialize(b, NAME)?;
    if !allow && a.lg_k != b.lg_k {
        return Err(different_lg_k(NAME, a.lg_k, b.lg_k));
    }
    Ok(Hll::union(a.lg_k.min(b.lg_k), &[&a, &b])?.serialize())
}

impl ScalarUDFImpl for Union {
    fn name(&self) -> &str {
        "spark_hll_union"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Binary)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let nullable = args.arg_fields.iter().any(|f| f.is_nullable());
        Ok(Arc::new(Field::new(
            self.name(),
            ArrowType::Binary,
            nullable,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let [a, b, allow] = arrays.as_slice() else {
            return datafusion::common::exec_err!("{NAME} expects 3 arguments");
        };
        let (a, b, allow) = (
            a.as_binary::<i32>(),
            b.as_binary::<i32>(),
            allow.as_boolean(),
        );
        let out = a
            .iter()
            .zip(b.iter())
            .zip(allow.iter())
            .map(|((a, b), allow)| match (a, b, allow) {
                (Some(a), Some(b), Some(allow)) => union(a, b, allow).map(Some),
                _ => Ok(None),
            })
            .collect::<DfResult<Vec<_>>>()?;
        Ok(ColumnarValue::Array(
            Arc::new(BinaryArray::from_iter(out)) as ArrayRef
        ))
    }
}

static UDF: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    udf(Union {
        signature: Signature::any(3, Volatility::Immutable),
    })
});

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&UDF)]
}

/// Spark's column name shows the default: `hll_union(a, b, false)`.
pub(crate) fn display(name: &str, args: &[String], distinct: bool) -> String {
    let mut a = args.to_vec();
    if a.len() == 2 {
        a.push("false".into());
    }
    crate::display_call(name, &a, distinct)
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    if !(2..=3).contains(&args.len()) {
        return Err(wrong_num_args(NAME, "[2, 3]", args.len()));
    }
    let mut it = args.into_iter();
    let (Some(a), Some(b)) = (it.next(), it.next()) else {
        return Err(wrong_num_args(NAME, "[2, 3]", 0));
    };
    let a = binary_arg(a, ctx, NAME, "first")?;
    let b = binary_arg(b, ctx, NAME, "second")?;
    let allow = match it.next() {
        None => lit(false),
        Some(f) => {
            let t = ctx.arg_type(&f)?;
            if !matches!(t, ArrowType::Boolean | ArrowType::Null) {
                return Err(unexpected_input_type(
                    NAME,
                    format!(
                        "The third parameter requires the \"BOOLEAN\" type, however \"{f}\" has the type \"{}\"",
                        type_sql(&t)
                    ),
                ));
            }
            cast_to(f, &t, &ArrowType::Boolean)
        }
    };
    Ok(UDF.call(vec![a, b, allow]))
}
