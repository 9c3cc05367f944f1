//! Two-variable statistics (Spark's `Corr`, `CovPopulation`, `CovSample` and the `Regr*`
//! family): the inputs as doubles, over the rows where both are non-NULL, from DataFusion's
//! implementations (same formulas and NULL for too few rows or a zero variance).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::functions_aggregate::expr_fn::{corr, covar_pop, covar_samp};
use datafusion::functions_aggregate::regr::{
    regr_avgx, regr_avgy, regr_count, regr_intercept, regr_r2, regr_slope, regr_sxx, regr_sxy,
    regr_syy,
};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::with_distinct;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{cast_to, is_string, take_args};

fn build(
    name: &str,
    f: fn(DfExpr, DfExpr) -> DfExpr,
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [y, x] = take_args(name, args)?;
    let cast = |e: DfExpr| -> Result<DfExpr> {
        let t = ctx.arg_type(&e)?;
        if !(t.is_numeric() || is_string(&t) || t == ArrowType::Null) {
            return Err(unexpected_input_type(
                name,
                format!("`{name}` requires numeric inputs, got {t}"),
            ));
        }
        Ok(cast_to(e, &t, &ArrowType::Float64))
    };
    let (y, x) = (cast(y)?, cast(x)?);
    with_distinct(f(y, x), distinct)
}

macro_rules! two_var {
    ($($builder:ident => $name:literal, $f:ident;)*) => {$(
        pub(crate) fn $builder(
            args: Vec<DfExpr>,
            distinct: bool,
            ctx: &FunctionContext<'_>,
        ) -> Result<DfExpr> {
            build($name, $f, args, distinct, ctx)
        }
    )*};
}

two_var! {
    build_corr => "corr", corr;
    build_covar_pop => "covar_pop", covar_pop;
    build_covar_samp => "covar_samp", covar_samp;
    build_regr_avgx => "regr_avgx", regr_avgx;
    build_regr_avgy => "regr_avgy", regr_avgy;
    build_regr_count => "regr_count", regr_count;
    build_regr_intercept => "regr_intercept", regr_intercept;
    build_regr_r2 => "regr_r2", regr_r2;
    build_regr_slope => "regr_slope", regr_slope;
    build_regr_sxx => "regr_sxx", regr_sxx;
    build_regr_sxy => "regr_sxy", regr_sxy;
    build_regr_syy => "regr_syy", regr_syy;
}
