//! The casts between dates and timestamps that depend on the session time zone (Spark's
//! `Cast` with `TimeZoneAwareExpression`): `TIMESTAMP -> TIMESTAMP_NTZ` takes the instant's
//! wall-clock time in the zone, `TIMESTAMP_NTZ -> TIMESTAMP` and `DATE -> TIMESTAMP` take the
//! instant of a wall-clock time (java.time's rules in DST gaps and overlaps), and
//! `TIMESTAMP -> DATE` the instant's local date. Arrow's casts use UTC for all of these.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use chrono::NaiveDate;
use datafusion::arrow::array::{ArrayRef, AsArray, Date32Array, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Date32Type, TimeUnit};
use datafusion::common::{Result as DfResult, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::zone::{Zone, micros_to_naive, naive_to_micros};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    LtzToNtz,
    NtzToLtz,
    DateToLtz,
    LtzToDate,
}

#[derive(Debug)]
pub(crate) struct ZonedCast {
    kind: Kind,
    zone_id: String,
    target: ArrowType,
    signature: Signature,
}

impl PartialEq for ZonedCast {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.zone_id == other.zone_id && self.target == other.target
    }
}
impl Eq for ZonedCast {}
impl Hash for ZonedCast {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.kind.hash(state);
        self.zone_id.hash(state);
    }
}

/// `NaiveDate::num_days_from_ce` of 1970-01-01.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

impl ScalarUDFImpl for ZonedCast {
    fn name(&self) -> &str {
        "spark_zoned_cast"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(self.target.clone())
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let Some(input) = arrays.first() else {
            return exec_err!("spark_zoned_cast takes one argument");
        };
        let Some(zone) = Zone::parse(&self.zone_id) else {
            return exec_err!("unknown time zone {}", self.zone_id);
        };
        let out: ArrayRef = match self.kind {
            Kind::LtzToNtz | Kind::NtzToLtz => {
                let ts =
                    input.as_primitive::<datafusion::arrow::datatypes::TimestampMicrosecondType>();
                let values: TimestampMicrosecondArray = ts
                    .iter()
                    .map(|v| {
                        let t = micros_to_naive(v?)?;
                        let moved = if self.kind == Kind::LtzToNtz {
                            zone.local_of(&t)
                        } else {
                            zone.utc_of(&t)
                        };
                        naive_to_micros(&moved)
                    })
                    .collect();
                Arc::new(values.with_data_type(self.target.clone()))
            }
            Kind::DateToLtz => {
                let days = input.as_primitive::<Date32Type>();
                let values: TimestampMicrosecondArray = days
                    .iter()
                    .map(|d| {
                        let date = NaiveDate::from_num_days_from_ce_opt(
                            d?.checked_add(EPOCH_DAYS_FROM_CE)?,
                        )?;
                        naive_to_micros(&zone.utc_of(&date.and_hms_opt(0, 0, 0)?))
                    })
                    .collect();
                Arc::new(values.with_data_type(self.target.clone()))
            }
            Kind::LtzToDate => {
                let ts =
                    input.as_primitive::<datafusion::arrow::datatypes::TimestampMicrosecondType>();
                let values: Date32Array = ts
                    .iter()
                    .map(|v| {
                        let local = zone.local_of(&micros_to_naive(v?)?);
                        Some(chrono::Datelike::num_days_from_ce(&local.date()) - EPOCH_DAYS_FROM_CE)
                    })
                    .collect();
                Arc::new(values)
            }
        };
        Ok(ColumnarValue::Array(out))
    }
}

/// The zone-aware cast between `from` and `to`, when it is one of the four that depend on the
/// session time zone (carried by the `TIMESTAMP` side's Arrow type); `None` otherwise.
pub fn zoned_cast(e: DfExpr, from: &ArrowType, to: &ArrowType) -> Option<DfExpr> {
    use ArrowType::{Date32, Timestamp};
    let us = TimeUnit::Microsecond;
    let (kind, zone) = match (from, to) {
        (Timestamp(u, Some(z)), Timestamp(v, None)) if *u == us && *v == us => (Kind::LtzToNtz, z),
        (Timestamp(u, None), Timestamp(v, Some(z))) if *u == us && *v == us => (Kind::NtzToLtz, z),
        (Date32, Timestamp(v, Some(z))) if *v == us => (Kind::DateToLtz, z),
        (Timestamp(u, Some(z)), Date32) if *u == us => (Kind::LtzToDate, z),
        _ => return None,
    };
    let udf = crate::utils::udf(ZonedCast {
        kind,
        zone_id: zone.to_string(),
        target: to.clone(),
        signature: Signature::any(1, Volatility::Immutable),
    });
    Some(udf.call(vec![e]))
}

// The plan codec rebuilds a zoned cast from its direction, zone and target type.
impl crate::portable::PortableUdf for ZonedCast {
    const KEY: &'static str = "zoned_cast";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        let kind = match self.kind {
            Kind::LtzToNtz => "ltz_to_ntz",
            Kind::NtzToLtz => "ntz_to_ltz",
            Kind::DateToLtz => "date_to_ltz",
            Kind::LtzToDate => "ltz_to_date",
        };
        e.str(kind).str(&self.zone_id).data_type(&self.target)?;
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let kind = match d.str()?.as_str() {
            "ltz_to_ntz" => Kind::LtzToNtz,
            "ntz_to_ltz" => Kind::NtzToLtz,
            "date_to_ltz" => Kind::DateToLtz,
            "ltz_to_date" => Kind::LtzToDate,
            other => {
                return Err(datafusion::common::DataFusionError::Internal(format!(
                    "unknown zoned cast {other}"
                )));
            }
        };
        Ok(Self {
            kind,
            zone_id: d.str()?,
            target: d.data_type()?,
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}
