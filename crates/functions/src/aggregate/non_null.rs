//! An aggregate that never returns NULL (Spark's `CollectList`/`CollectSet` are not nullable:
//! an empty group gives an empty array), wrapping one whose DataFusion field says nullable.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{Accumulator, AggregateUDF, AggregateUDFImpl, Signature};

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct NonNull(pub Arc<AggregateUDF>);

impl AggregateUDFImpl for NonNull {
    fn name(&self) -> &str {
        self.0.name()
    }

    fn signature(&self) -> &Signature {
        self.0.signature()
    }

    fn return_type(&self, arg_types: &[DataType]) -> DfResult<DataType> {
        self.0.return_type(arg_types)
    }

    fn is_nullable(&self) -> bool {
        false
    }

    fn state_fields(&self, args: StateFieldsArgs) -> DfResult<Vec<FieldRef>> {
        self.0.state_fields(args)
    }

    fn accumulator(&self, acc_args: AccumulatorArgs) -> DfResult<Box<dyn Accumulator>> {
        self.0.accumulator(acc_args)
    }

    fn default_value(&self, data_type: &DataType) -> DfResult<ScalarValue> {
        self.0.default_value(data_type)
    }
}
