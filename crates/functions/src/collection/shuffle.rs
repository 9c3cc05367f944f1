//! `shuffle(array[, seed])` (Spark's `Shuffle`): a random permutation from Spark's
//! `RandomIndicesGenerator` over a `MersenneTwister(seed + partitionIndex)`, advanced row by row,
//! so a seeded call repeats Spark's permutations for a single-partition input (the UDF seeds each
//! batch as partition 0; the plan layer evaluates it per Spark partition where it knows them,
//! see `misc::partitioned`). Without a seed Spark picks one at analysis; so does Sabot.

use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ArrayRef, new_empty_array};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility, lit,
};
use sabot_common::Result;

use super::coerce::array_element;
use super::mersenne::MersenneTwister;
use super::rowwise::{elems, int_arg, make_list, null, ret_first};
use crate::FunctionContext;
use crate::utils::{check_args, udf};

#[derive(Debug, PartialEq, Eq, Hash)]
struct Shuffle {
    signature: Signature,
}

static SHUFFLE: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    udf(Shuffle {
        signature: Signature::any(2, Volatility::Volatile),
    })
});

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&SHUFFLE)]
}

/// Spark's `RandomIndicesGenerator.getNextIndices`: an inside-out Fisher-Yates shuffle.
fn next_indices(rng: &mut MersenneTwister, len: usize) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..len).collect();
    for i in 0..len {
        let j = rng.next_int(i as i32 + 1) as usize;
        if j != i {
            indices[i] = indices[j];
            indices[j] = i;
        }
    }
    indices
}

impl ScalarUDFImpl for Shuffle {
    fn name(&self) -> &str {
        "spark_shuffle"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[ArrowType]) -> DfResult<ArrowType> {
        ret_first(arg_types)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let ret = args.return_field.data_type().clone();
        let rows = args.number_rows;
        let arrays = args
            .args
            .iter()
            .map(|a| a.to_array(rows))
            .collect::<DfResult<Vec<_>>>()?;
        let [list, seed] = arrays.as_slice() else {
            return datafusion::common::exec_err!("shuffle expects 2 arguments");
        };
        if rows == 0 {
            return Ok(ColumnarValue::Array(new_empty_array(&ret)));
        }
        let seed = int_arg(&ScalarValue::try_from_array(seed, 0)?)?.unwrap_or(0);
        let mut rng = MersenneTwister::new(seed);
        Ok(ColumnarValue::Array(shuffle_rows(&mut rng, list, &ret)?))
    }
}

/// Each row's array permuted by the next draws of `rng` (NULL arrays draw nothing).
pub(crate) fn shuffle_rows(
    rng: &mut MersenneTwister,
    list: &ArrayRef,
    ret: &ArrowType,
) -> DfResult<ArrayRef> {
    if list.is_empty() {
        return Ok(new_empty_array(ret));
    }
    let mut out = Vec::with_capacity(list.len());
    for row in 0..list.len() {
        match elems(&ScalarValue::try_from_array(list, row)?)? {
            Some(xs) => {
                let shuffled: Vec<ScalarValue> = next_indices(rng, xs.len())
                    .into_iter()
                    .map(|i| xs[i].clone())
                    .collect();
                out.push(make_list(&shuffled, ret)?);
            }
            None => out.push(null(ret)?),
        }
    }
    ScalarValue::iter_to_array(out)
}

/// The seed of a `shuffle` call built by [`build`] (its second argument), if `e` is one.
pub(crate) fn seed_of_call(e: &DfExpr) -> Option<i64> {
    let DfExpr::ScalarFunction(f) = e else {
        return None;
    };
    if f.func.name() != SHUFFLE.name() {
        return None;
    }
    match f.args.get(1) {
        Some(DfExpr::Literal(v, _)) => int_arg(v).ok().flatten(),
        _ => None,
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("shuffle", &args, 1, 2)?;
    let mut it = args.into_iter();
    let (Some(a), seed) = (it.next(), it.next()) else {
        return Err(crate::errors::wrong_num_args("shuffle", "[1, 2]", 0));
    };
    let a = match array_element(ctx, "shuffle", &a)? {
        ArrowType::Null if ctx.arg_type(&a)? == ArrowType::Null => {
            datafusion::logical_expr::cast(a, super::rowwise::list_of(ArrowType::Null))
        }
        _ => a,
    };
    let seed = match seed {
        Some(DfExpr::Literal(v, _)) => {
            let s = int_arg(&v).map_err(crate::errors::from_df)?;
            lit(s.unwrap_or(0))
        }
        Some(_) => {
            return Err(crate::errors::unexpected_input_type(
                "shuffle",
                "the seed must be an integer literal",
            ));
        }
        None => lit(RandomState::new().hash_one(0u8) as i64),
    };
    Ok(SHUFFLE.call(vec![a, seed]))
}

/// Spark does not show the seed.
pub(crate) fn display(name: &str, args: &[String], _: bool) -> String {
    format!("{name}({})", args.first().map_or("", String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_spark_permutations() {
        // `SELECT shuffle(array(1, ..., 8), seed)` in Spark 4.3 on one partition.
        let perm = |seed| {
            let mut r = MersenneTwister::new(seed);
            next_indices(&mut r, 8)
                .into_iter()
                .map(|i| i + 1)
                .collect::<Vec<_>>()
        };
        assert_eq!(perm(42), [6, 8, 2, 1, 4, 7, 5, 3]);
        assert_eq!(perm(43), [4, 2, 7, 1, 6, 5, 8, 3]);
        // Rows advance one generator: the second and third rows of `range(3)`.
        let mut r = MersenneTwister::new(42);
        next_indices(&mut r, 8);
        let second: Vec<_> = next_indices(&mut r, 8).into_iter().map(|i| i + 1).collect();
        assert_eq!(second, [6, 4, 3, 2, 1, 5, 8, 7]);
    }
}
