//! Higher-order functions (`transform`, `filter`, `exists`, `forall`, `zip_with`, `map_filter`,
//! `transform_keys`, `transform_values`, `aggregate`/`reduce`, `map_zip_with`; `array_sort`,
//! whose lambda is optional, is a collection function): their lambda arguments are bound by the plan
//! resolver (`sabot_plan`'s `lambda`), which builds them on DataFusion's higher-order
//! functions. They are listed here so that the registry names every function; reaching a
//! builder means the call has no lambda argument, which Spark rejects.

use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::{FunctionContext, FunctionEntry, FunctionKind::Scalar, display_call};

const fn higher_order(name: &'static str, build: crate::BuildFn) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: Scalar,
        build,
        display: display_call,
    }
}

macro_rules! lambda_required {
    ($f:ident, $name:literal) => {
        fn $f(_: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
            Err(crate::errors::unexpected_input_type(
                $name,
                concat!("`", $name, "` requires a lambda function argument"),
            ))
        }
    };
}

lambda_required!(aggregate, "aggregate");
lambda_required!(exists, "exists");
lambda_required!(filter, "filter");
lambda_required!(forall, "forall");
lambda_required!(map_filter, "map_filter");
lambda_required!(map_zip_with, "map_zip_with");
lambda_required!(reduce, "reduce");
lambda_required!(transform, "transform");
lambda_required!(transform_keys, "transform_keys");
lambda_required!(transform_values, "transform_values");
lambda_required!(zip_with, "zip_with");

pub(crate) static TABLE: &[FunctionEntry] = &[
    higher_order("aggregate", aggregate),
    higher_order("exists", exists),
    higher_order("filter", filter),
    higher_order("forall", forall),
    higher_order("map_filter", map_filter),
    higher_order("map_zip_with", map_zip_with),
    higher_order("reduce", reduce),
    higher_order("transform", transform),
    higher_order("transform_keys", transform_keys),
    higher_order("transform_values", transform_values),
    higher_order("zip_with", zip_with),
];
