//! `months_between(ts1, ts2[, roundOff])` (Spark's `MonthsBetween` /
//! `DateTimeUtils.monthsBetween`): whole months when the days of month are equal or both are
//! month ends, else the day and time difference over 31-day months; rounded to 8 digits
//! unless `roundOff` is false.

use std::sync::Arc;

use chrono::{Datelike, NaiveDateTime, Timelike};
use datafusion::arrow::array::{ArrayRef, Float64Array};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::civil::{last_day_of_month, local_values};
use super::coerce::timestamp_input;
use super::kernel::{KernelCtx, call_strict};
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::check_args;

fn is_month_end(t: &NaiveDateTime) -> bool {
    last_day_of_month(t.year(), t.month()).is_some_and(|d| d == t.date())
}

pub(crate) fn months_between(t1: &NaiveDateTime, t2: &NaiveDateTime, round: bool) -> f64 {
    let months1 = i64::from(t1.year()) * 12 + i64::from(t1.month());
    let months2 = i64::from(t2.year()) * 12 + i64::from(t2.month());
    let month_diff = (months1 - months2) as f64;
    if t1.day() == t2.day() || (is_month_end(t1) && is_month_end(t2)) {
        return month_diff;
    }
    let secs1 = i64::from(t1.num_seconds_from_midnight());
    let secs2 = i64::from(t2.num_seconds_from_midnight());
    let secs_diff = (i64::from(t1.day()) - i64::from(t2.day())) * 86_400 + secs1 - secs2;
    let diff = month_diff + secs_diff as f64 / (31.0 * 86_400.0);
    if round {
        // Scala's `math.round(diff * 1e8) / 1e8` (half up).
        (diff * 1e8 + 0.5).floor() / 1e8
    } else {
        diff
    }
}

pub(crate) fn kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let round = k.param == "round";
    let out: Float64Array = local_values(&args[0])?
        .into_iter()
        .zip(local_values(&args[1])?)
        .map(|(a, b)| Some(months_between(&a?, &b?, round)))
        .collect();
    Ok(Arc::new(out))
}

pub(crate) fn build(mut args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("months_between", &args, 2, 3)?;
    let round = match args.get(2) {
        None => true,
        Some(DfExpr::Literal(ScalarValue::Boolean(Some(b)), _)) => *b,
        Some(DfExpr::Literal(ScalarValue::Boolean(None), _)) => {
            let t = ArrowType::Float64;
            return Ok(crate::utils::null_of(&t));
        }
        Some(_) => {
            return Err(unexpected_input_type(
                "months_between",
                "The third parameter requires a BOOLEAN literal",
            ));
        }
    };
    args.truncate(2);
    let mut it = args.into_iter();
    let (Some(a), Some(b)) = (it.next(), it.next()) else {
        return Err(crate::errors::wrong_num_args("months_between", "[2, 3]", 0));
    };
    let a = timestamp_input("months_between", 0, a, ctx)?;
    let b = timestamp_input("months_between", 1, b, ctx)?;
    let param = if round { "round" } else { "exact" };
    Ok(call_strict(
        "months_between",
        param,
        ArrowType::Float64,
        false,
        kernel,
        vec![a, b],
    ))
}

/// Spark shows the default `roundOff`: `months_between(a, b, true)`.
pub(crate) fn display(name: &str, args: &[String], d: bool) -> String {
    if args.len() == 2 {
        let mut a = args.to_vec();
        a.push("true".into());
        return crate::display_call(name, &a, d);
    }
    crate::display_call(name, args, d)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::months_between;

    fn ts(y: i32, m: u32, d: u32, h: u32, mi: u32) -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    #[test]
    fn spark_doc_example() {
        let v = months_between(&ts(1997, 2, 28, 10, 30), &ts(1996, 10, 30, 0, 0), true);
        assert_eq!(v, 3.94959677);
        let v = months_between(&ts(2024, 3, 31, 0, 0), &ts(2024, 2, 29, 0, 0), true);
        assert_eq!(v, 1.0);
    }
}
