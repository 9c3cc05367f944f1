//! `spark_partition_id()` (Spark's `SparkPartitionID`): the index of the partition a row is in.
//!
//! The UDF answers 0 (Sabot evaluates a call as partition 0 unless the plan layer knows Spark's
//! partitions of the input and evaluates it per partition, see [`super::partitioned`]).

use std::sync::Arc;

use datafusion::arrow::array::Int32Array;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility,
};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct PartitionId {
    signature: Signature,
}

impl ScalarUDFImpl for PartitionId {
    fn name(&self) -> &str {
        "spark_partition_id"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Int32)
    }
    fn return_field_from_args(&self, _: ReturnFieldArgs) -> DfResult<FieldRef> {
        Ok(Arc::new(Field::new(self.name(), ArrowType::Int32, false)))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        Ok(ColumnarValue::Array(Arc::new(Int32Array::from(vec![
            0;
            args.number_rows
        ]))))
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [] = take_args("spark_partition_id", args)?;
    // Volatile: the value depends on where the row is, so it must not be folded or merged.
    Ok(crate::utils::udf(PartitionId {
        signature: Signature::nullary(Volatility::Volatile),
    })
    .call(vec![]))
}

/// Spark's `SparkPartitionID.prettyName` is upper case.
pub(crate) fn display(_: &str, _: &[String], _: bool) -> String {
    "SPARK_PARTITION_ID()".to_string()
}

// The plan codec rebuilds the function (it has no parameters).
impl crate::portable::PortableUdf for PartitionId {
    const KEY: &'static str = "partition_id";

    fn encode(&self, _: &mut crate::portable::Encoder) -> DfResult<()> {
        Ok(())
    }

    fn decode(_: &mut crate::portable::Decoder) -> DfResult<Self> {
        Ok(Self {
            signature: Signature::nullary(Volatility::Volatile),
        })
    }
}
