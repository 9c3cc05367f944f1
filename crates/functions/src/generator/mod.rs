//! Generator functions (`explode`, `posexplode`, `inline` and their `_outer` forms, `stack`): each
//! turns one row into many, so the plan resolver plans them as an unnest under the
//! projection that calls them (`sabot_plan`'s `generate`). They are listed here so that the
//! registry names every function; reaching a builder means the generator sits where Spark
//! cannot plan one (inside another expression).

use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::{FunctionContext, FunctionEntry, FunctionKind::Generator, display_call};

const fn generator(name: &'static str, build: crate::BuildFn) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: Generator,
        build,
        display: display_call,
    }
}

/// Spark's `UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS`.
fn nested(name: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS",
        "42K0E",
        format!("The generator is not supported: nested in expressions \"{name}(...)\"."),
    )
    .param("expression", format!("\"{name}\""))
}

macro_rules! nested_builder {
    ($f:ident, $name:literal) => {
        fn $f(_: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
            Err(nested($name))
        }
    };
}

nested_builder!(explode, "explode");
nested_builder!(explode_outer, "explode_outer");
nested_builder!(inline, "inline");
nested_builder!(inline_outer, "inline_outer");
nested_builder!(posexplode, "posexplode");
nested_builder!(posexplode_outer, "posexplode_outer");
nested_builder!(stack, "stack");

pub(crate) static TABLE: &[FunctionEntry] = &[
    generator("explode", explode),
    generator("explode_outer", explode_outer),
    generator("inline", inline),
    generator("inline_outer", inline_outer),
    generator("posexplode", posexplode),
    generator("posexplode_outer", posexplode_outer),
    generator("stack", stack),
];
