//! `monotonically_increasing_id()` (Spark's `MonotonicallyIncreasingID`: the partition index in
//! the upper 31 bits, the row's position within its partition in the lower 33) and `uuid()`.
//!
//! Sabot numbers rows as partition 0 does: each call site hands out consecutive ids to the
//! batches that reach it, so a single-partition input gets Spark's ids (0, 1, 2, ...), and
//! several DataFusion partitions get ids that are still unique and increasing within each
//! partition, which is all Spark promises.

use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use datafusion::arrow::array::{Int64Array, StringArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility,
};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{check_args, take_args};

/// Distinguishes call sites: two `monotonically_increasing_id()` calls count separately.
static NEXT_SITE: AtomicU64 = AtomicU64::new(0);

#[derive(Debug)]
struct RowId {
    site: u64,
    next: AtomicI64,
    signature: Signature,
}

impl PartialEq for RowId {
    fn eq(&self, other: &Self) -> bool {
        self.site == other.site
    }
}
impl Eq for RowId {}
impl Hash for RowId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.site.hash(state);
    }
}

impl ScalarUDFImpl for RowId {
    fn name(&self) -> &str {
        "spark_monotonically_increasing_id"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Int64)
    }
    fn return_field_from_args(&self, _: ReturnFieldArgs) -> DfResult<FieldRef> {
        Ok(Arc::new(Field::new(self.name(), ArrowType::Int64, false)))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let n = args.number_rows as i64;
        let start = self.next.fetch_add(n, Ordering::Relaxed);
        Ok(ColumnarValue::Array(Arc::new(
            Int64Array::from_iter_values(start..start + n),
        )))
    }
}

pub(crate) fn build_monotonically_increasing_id(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [] = take_args("monotonically_increasing_id", args)?;
    Ok(crate::utils::udf(RowId {
        site: NEXT_SITE.fetch_add(1, Ordering::Relaxed),
        next: AtomicI64::new(0),
        signature: Signature::nullary(Volatility::Volatile),
    })
    .call(vec![]))
}

/// `uuid()`: a random (version 4) UUID per row.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Uuid {
    signature: Signature,
}

impl ScalarUDFImpl for Uuid {
    fn name(&self) -> &str {
        "spark_uuid"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Utf8)
    }
    fn return_field_from_args(&self, _: ReturnFieldArgs) -> DfResult<FieldRef> {
        Ok(Arc::new(Field::new(self.name(), ArrowType::Utf8, false)))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        Ok(ColumnarValue::Array(Arc::new(
            StringArray::from_iter_values(
                (0..args.number_rows).map(|_| uuid::Uuid::new_v4().to_string()),
            ),
        )))
    }
}

/// `uuid([seed])`: the client passes a random seed; Sabot's UUIDs come from the OS's
/// generator, so the seed only needs to be accepted.
pub(crate) fn build_uuid(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("uuid", &args, 0, 1)?;
    Ok(crate::utils::udf(Uuid {
        signature: Signature::nullary(Volatility::Volatile),
    })
    .call(vec![]))
}
