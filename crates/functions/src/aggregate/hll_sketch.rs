//! `hll_sketch_agg`, `hll_union_agg`, `hll_sketch_estimate`, `hll_union` (Spark's
//! `HllSketchAgg` family over Apache DataSketches): their sketches are DataSketches' binary
//! HLL format, which Sabot does not reproduce, so each raises an error naming the function
//! rather than returning different bytes or estimates.

use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::{Result, SparkError};

use crate::FunctionContext;

macro_rules! unsupported {
    ($($builder:ident => $name:literal;)*) => {$(
        pub(crate) fn $builder(_: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
            Err(SparkError::unsupported(concat!(
                "`",
                $name,
                "` (Apache DataSketches HLL sketches)"
            )))
        }
    )*};
}

unsupported! {
    build_sketch_agg => "hll_sketch_agg";
    build_union_agg => "hll_union_agg";
    build_sketch_estimate => "hll_sketch_estimate";
    build_union => "hll_union";
}
