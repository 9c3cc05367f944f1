//! Spark's `TIME(p)` type functions (Spark 4.1+), as Time64(ns) values (nanoseconds since
//! midnight, Spark Connect's Arrow form). Spark refuses them with `UNSUPPORTED_TIME_TYPE`
//! while `spark.sql.timeType.enabled` is off (its default); `current_time` is always allowed.

pub(crate) mod arith;
pub mod cast;
mod current;
pub(crate) mod epoch;
pub(crate) mod errors;
pub(crate) mod fields;
pub(crate) mod make;
pub(crate) mod make_timestamp;
pub(crate) mod to_time;
pub(crate) mod trunc_diff;
pub(crate) mod values;

pub(crate) use current::{build_current_time, display_current_time};
pub(crate) use epoch::{
    build_time_from_micros, build_time_from_millis, build_time_from_seconds, build_time_to_micros,
    build_time_to_millis, build_time_to_seconds,
};
pub(crate) use errors::unsupported_time_type;
pub(crate) use make::build_make_time;
pub(crate) use to_time::{build_to_time, build_try_to_time, display_try_to_time};
pub(crate) use trunc_diff::{build_time_diff, build_time_trunc};
pub(crate) use values::{precision_of, string_operands, time_as_string, time_as_timestamp};

use sabot_common::Result;

use crate::FunctionContext;

/// Spark's check that the TIME type is enabled (`spark.sql.timeType.enabled`).
pub(crate) fn check_enabled(ctx: &FunctionContext<'_>) -> Result<()> {
    if ctx.time_type {
        Ok(())
    } else {
        Err(unsupported_time_type())
    }
}

#[cfg(test)]
mod tests;
