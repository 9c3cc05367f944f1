//! Hash functions: Spark's Murmur3 `hash` and `xxhash64` over any values, and the digests
//! `md5`, `sha1`/`sha`, `sha2`, `crc32`.

mod digest;
pub(crate) mod murmur3;
mod spark_hash;
mod xxhash64;

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::scalar;
use crate::{FunctionContext, FunctionEntry, display_call};
use spark_hash::{HashUdf, hashable};

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("crc32", digest::build_crc32, display_call),
    scalar("hash", build_hash, display_call),
    scalar("md5", digest::build_md5, display_call),
    scalar("sha", digest::build_sha1, display_call),
    scalar("sha1", digest::build_sha1, display_call),
    scalar("sha2", digest::build_sha2, display_call),
    scalar("xxhash64", build_xxhash64, display_call),
];

static HASH: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| crate::utils::udf(HashUdf::<murmur3::Murmur3>::new("spark_murmur3_hash")));
static XXHASH64: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| crate::utils::udf(HashUdf::<xxhash64::Xxh64>::new("spark_xxhash64")));

/// Spark's `Murmur3Hash(keys, 42)`: the hash `HashPartitioning` takes `pmod(_, n)` of.
pub fn murmur3_hash(args: Vec<DfExpr>) -> DfExpr {
    HASH.call(args)
}

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    let mut v = vec![Arc::clone(&HASH), Arc::clone(&XXHASH64)];
    v.extend(digest::udfs());
    v
}

/// Spark's `HashExpression.checkInputDataTypes`: at least one argument, and no maps.
fn check_hash_args(name: &str, args: &[DfExpr], ctx: &FunctionContext<'_>) -> Result<()> {
    if args.is_empty() {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.WRONG_NUM_ARGS",
            "42K09",
            format!(
                "Cannot resolve \"{name}()\" due to data type mismatch: The `{name}` requires > 0 parameters but the actual number is 0."
            ),
        )
        .param("sqlExpr", format!("\"{name}()\""))
        .param("functionName", format!("`{name}`"))
        .param("expectedNum", "> 0")
        .param("actualNum", "0"));
    }
    for a in args {
        let t = ctx.arg_type(a)?;
        if !hashable(&t) {
            let contains_map = matches!(t, ArrowType::Map(..)) || format!("{t}").contains("Map(");
            return Err(if contains_map {
                SparkError::with_class(
                    ExceptionKind::Analysis,
                    "DATATYPE_MISMATCH.HASH_MAP_TYPE",
                    "42K09",
                    format!(
                        "Cannot resolve \"{name}(...)\" due to data type mismatch: Input to the function `{name}` cannot contain elements of the \"MAP\" type. In Spark, same maps may have different hashcode, thus hash expressions are prohibited on \"MAP\" elements. To restore previous behavior set \"spark.sql.legacy.allowHashOnMapType\" to \"true\"."
                    ),
                )
                .param("functionName", format!("`{name}`"))
            } else {
                crate::errors::unexpected_input_type(
                    name,
                    format!("`{name}` cannot hash values of type {t}"),
                )
            });
        }
    }
    Ok(())
}

fn build_hash(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_hash_args("hash", &args, ctx)?;
    Ok(HASH.call(args))
}

fn build_xxhash64(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_hash_args("xxhash64", &args, ctx)?;
    Ok(XXHASH64.call(args))
}
