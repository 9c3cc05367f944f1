//! `grouping(col)` and `grouping_id(cols...)` (Spark's `Grouping`, `GroupingID`): markers that
//! only mean something inside a `ROLLUP` / `CUBE` / `GROUPING SETS` aggregate. They build
//! placeholder aggregate calls that the plan layer replaces by bits of the aggregate's grouping
//! id; a placeholder that is ever evaluated raises Spark's `UNSUPPORTED_GROUPING_EXPRESSION`.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType as ArrowType, FieldRef};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Expr as DfExpr, Signature, TypeSignature,
    Volatility,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::{FunctionContext, FunctionEntry, FunctionKind, display_call};

/// The placeholder UDAF name of `grouping(col)`.
pub const GROUPING_UDAF: &str = "__sabot_grouping";
/// The placeholder UDAF name of `grouping_id(cols...)`.
pub const GROUPING_ID_UDAF: &str = "__sabot_grouping_id";

pub(crate) static TABLE: &[FunctionEntry] = &[
    FunctionEntry {
        name: "grouping",
        kind: FunctionKind::Aggregate,
        build: build_grouping,
        display: display_call,
    },
    FunctionEntry {
        name: "grouping_id",
        kind: FunctionKind::Aggregate,
        build: build_grouping_id,
        display: display_call,
    },
];

/// Spark's `UNSUPPORTED_GROUPING_EXPRESSION`.
pub fn unsupported_grouping_expression() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNSUPPORTED_GROUPING_EXPRESSION",
        "42K0E",
        "grouping()/grouping_id() can only be used with GroupingSets/Cube/Rollup.",
    )
}

fn build_grouping(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    if args.len() != 1 {
        return Err(crate::errors::wrong_num_args("grouping", "1", args.len()));
    }
    Ok(placeholder(GROUPING_UDAF, ArrowType::Int8).call(args))
}

fn build_grouping_id(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    Ok(placeholder(GROUPING_ID_UDAF, ArrowType::Int64).call(args))
}

fn placeholder(name: &'static str, return_type: ArrowType) -> Arc<AggregateUDF> {
    Arc::new(AggregateUDF::new_from_impl(GroupingPlaceholder {
        name,
        return_type,
        signature: Signature::one_of(
            vec![TypeSignature::Nullary, TypeSignature::VariadicAny],
            Volatility::Immutable,
        ),
    }))
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct GroupingPlaceholder {
    name: &'static str,
    return_type: ArrowType,
    signature: Signature,
}

impl AggregateUDFImpl for GroupingPlaceholder {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(self.return_type.clone())
    }

    fn is_nullable(&self) -> bool {
        false
    }

    fn state_fields(&self, args: StateFieldsArgs) -> DfResult<Vec<FieldRef>> {
        Ok(vec![Arc::clone(&args.return_field)])
    }

    fn accumulator(&self, _: AccumulatorArgs) -> DfResult<Box<dyn Accumulator>> {
        Err(crate::errors::to_df(unsupported_grouping_expression()))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::common::DFSchema;
    use datafusion::logical_expr::{ExprSchemable, lit};

    use super::*;

    #[test]
    fn placeholders_are_typed_and_not_null() {
        let schema = DFSchema::empty();
        let ctx = FunctionContext {
            schema: &schema,
            ansi: true,
            time_zone: "UTC",
            user: "tester",
            time_type: false,
            now_micros: 0,
        };
        let g = build_grouping(vec![lit(1)], false, &ctx).unwrap();
        assert_eq!(g.get_type(&schema).unwrap(), ArrowType::Int8);
        assert!(!g.nullable(&schema).unwrap());
        let id = build_grouping_id(vec![], false, &ctx).unwrap();
        assert_eq!(id.get_type(&schema).unwrap(), ArrowType::Int64);
        let DfExpr::AggregateFunction(f) = id else {
            panic!("not an aggregate: {id}");
        };
        assert_eq!(f.func.name(), GROUPING_ID_UDAF);
        assert!(build_grouping(vec![], false, &ctx).is_err());
    }
}
