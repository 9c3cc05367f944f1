//! `monotonically_increasing_id()` (Spark's `MonotonicallyIncreasingID`: the partition index in
//! the upper 31 bits, the row's position within its partition in the lower 33) and `uuid()`.
//!
//! These UDFs number rows as partition 0 does (each call site hands out consecutive ids to the
//! batches that reach it). Where the plan layer knows Spark's partitions of the input it
//! replaces the calls by per-partition evaluation ([`super::partitioned`]).

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use datafusion::arrow::array::{Int64Array, StringArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility,
};
use sabot_common::Result;

use crate::FunctionContext;
use crate::collection::MersenneTwister;
use crate::utils::{check_args, take_args};

/// Distinguishes call sites: two `monotonically_increasing_id()` calls count separately.
static NEXT_SITE: AtomicU64 = AtomicU64::new(0);

#[derive(Debug)]
pub(crate) struct RowId {
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

/// `uuid([seed])`: a version 4 UUID per row from Spark's `RandomUUIDGenerator`, a
/// `MersenneTwister(seed + partitionIndex)` (evaluated here as partition 0's stream; the plan
/// layer evaluates it per Spark partition where it knows them).
#[derive(Debug)]
pub(super) struct Uuid {
    pub(super) seed: i64,
    signature: Signature,
    rng: Mutex<Option<MersenneTwister>>,
}

impl PartialEq for Uuid {
    fn eq(&self, other: &Self) -> bool {
        self.seed == other.seed
    }
}
impl Eq for Uuid {}
impl Hash for Uuid {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.seed.hash(state);
    }
}

/// Spark's `RandomUUIDGenerator.getNextUUID`: two `nextLong`s with the version and variant
/// bits set.
pub(crate) fn next_uuid(rng: &mut MersenneTwister) -> String {
    let most = (rng.next_long() & 0xFFFF_FFFF_FFFF_0FFF_u64 as i64) | 0x0000_0000_0000_4000;
    let least = (rng.next_long() | i64::MIN) & 0xBFFF_FFFF_FFFF_FFFF_u64 as i64;
    uuid::Uuid::from_u64_pair(most as u64, least as u64).to_string()
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
        let Ok(mut guard) = self.rng.lock() else {
            return datafusion::common::exec_err!("uuid: generator state is unavailable");
        };
        let rng = guard.get_or_insert_with(|| MersenneTwister::new(self.seed));
        Ok(ColumnarValue::Array(Arc::new(
            StringArray::from_iter_values((0..args.number_rows).map(|_| next_uuid(rng))),
        )))
    }
}

/// `uuid([seed])`: the client sends a random seed when the user gives none; SQL's `uuid()`
/// gets one here, as Spark's `ResolveRandomSeed` does.
pub(crate) fn build_uuid(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("uuid", &args, 0, 1)?;
    let seed = match args.first() {
        None => {
            use std::hash::BuildHasher;
            std::collections::hash_map::RandomState::new().hash_one(0u8) as i64
        }
        Some(e) => match crate::utils::constant_value(e) {
            Some(v) if v.is_null() => 0,
            Some(v) => match v.cast_to(&ArrowType::Int64) {
                Ok(datafusion::common::ScalarValue::Int64(Some(s))) => s,
                _ => {
                    return Err(crate::errors::unexpected_input_type(
                        "uuid",
                        "The seed must be an integer constant",
                    ));
                }
            },
            None => {
                return Err(crate::errors::unexpected_input_type(
                    "uuid",
                    "The seed must be an integer constant",
                ));
            }
        },
    };
    Ok(crate::utils::udf(Uuid {
        seed,
        signature: Signature::nullary(Volatility::Volatile),
        rng: Mutex::new(None),
    })
    .call(vec![]))
}

// The plan codec rebuilds the call site (its counter starts again, as in a new execution).
impl crate::portable::PortableUdf for RowId {
    const KEY: &'static str = "row_id";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.int(self.site as i64);
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        Ok(Self {
            site: d.int()? as u64,
            next: AtomicI64::new(0),
            signature: Signature::nullary(Volatility::Volatile),
        })
    }
}
