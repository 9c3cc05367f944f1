//! Two-variable statistics (Spark's `Corr`, `CovPopulation`, `CovSample` and the `Regr*`
//! family): the inputs as doubles, over the rows where both are non-NULL, from DataFusion's
//! implementations (same formulas and NULL for too few rows or a zero variance), except
//! `regr_count` (a non-NULL bigint: Spark's `Count` of the pairs) and `regr_r2` (1.0 when `y`
//! is constant, from Spark's `PearsonCorrelation` buffer).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::functions_aggregate::expr_fn::count;
use datafusion::functions_aggregate::expr_fn::{corr, covar_pop, covar_samp};
use datafusion::functions_aggregate::regr::{
    regr_avgx, regr_avgy, regr_intercept, regr_slope, regr_sxx, regr_sxy, regr_syy,
};
use datafusion::logical_expr::{Case, Expr as DfExpr, lit};
use sabot_common::Result;

use super::collected::{Rows, call};
use super::kinds::Kind;
use super::params::as_double;
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{is_string, take_args};

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
        Ok(as_double(e, &t, ctx.ansi))
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
    build_regr_intercept => "regr_intercept", regr_intercept;
    build_regr_count => "regr_count", regr_count;
    build_regr_r2 => "regr_r2", regr_r2;
    build_regr_slope => "regr_slope", regr_slope;
    build_regr_sxx => "regr_sxx", regr_sxx;
    build_regr_sxy => "regr_sxy", regr_sxy;
    build_regr_syy => "regr_syy", regr_syy;
}

/// `regr_count(y, x)`: the rows where both are non-NULL.
fn regr_count(y: DfExpr, x: DfExpr) -> DfExpr {
    count(DfExpr::Case(Case::new(
        None,
        vec![(
            Box::new(y.is_not_null().and(x.is_not_null())),
            Box::new(lit(1i32)),
        )],
        None,
    )))
}

fn regr_r2(y: DfExpr, x: DfExpr) -> DfExpr {
    call(Kind::RegrR2, vec![], ArrowType::Float64, true, vec![y, x])
}

/// `regr_r2(y, x)` (Spark's `RegrR2`): NULL when `x` is constant, 1.0 when `y` is, else the
/// squared correlation, with Spark's running co-moment updates.
pub(crate) fn finish_r2(rows: &Rows) -> DfResult<ScalarValue> {
    let (mut n, mut x_avg, mut y_avg, mut ck, mut x_mk, mut y_mk) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for r in rows {
        let [ScalarValue::Float64(Some(y)), ScalarValue::Float64(Some(x))] = r.as_slice() else {
            continue;
        };
        n += 1.0;
        let dx = x - x_avg;
        let dy = y - y_avg;
        x_avg += dx / n;
        y_avg += dy / n;
        ck += dx * (y - y_avg);
        x_mk += dx * (x - x_avg);
        y_mk += dy * (y - y_avg);
    }
    Ok(ScalarValue::Float64(if n == 0.0 || x_mk == 0.0 {
        None
    } else if y_mk == 0.0 {
        Some(1.0)
    } else {
        let corr = ck / (x_mk * y_mk).sqrt();
        Some(corr * corr)
    }))
}
