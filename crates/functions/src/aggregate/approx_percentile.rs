//! `percentile_approx` / `approx_percentile(x, percentage[, accuracy])` (Spark's
//! `ApproximatePercentile` over `QuantileSummaries`): values of the input type, from Spark's
//! Greenwald-Khanna summary (relative error `1 / accuracy`) fed the group's values in order.
//! Equal to Spark's whenever Spark summarized the group in one partition (and for any
//! partitioning while a group has fewer than `accuracy / 2` values, which it keeps exactly).

use datafusion::arrow::datatypes::{DataType as ArrowType, Field};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::{Result, SparkError};

use super::collected::{Rows, call};
use super::kinds::Kind;
use super::params::{constant, non_foldable, one_or_array, out_of_range, percentages};
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::check_args;

const DEFAULT_ACCURACY: i64 = 10000;

/// One entry of Spark's Greenwald-Khanna summary (`QuantileSummaries.Stats`).
#[derive(Debug, Clone, Copy)]
struct Stats {
    value: f64,
    g: i64,
    delta: i64,
}

/// Spark's `QuantileSummaries` fed one value at a time, as one partition's
/// `ApproximatePercentile` buffer: values collect in a head buffer of 50000, which is merged
/// into the samples (then compressed once there are 10000 samples) when full.
struct Summary {
    relative_error: f64,
    sampled: Vec<Stats>,
    count: i64,
    head: Vec<f64>,
}

const HEAD_SIZE: usize = 50000;
const COMPRESS_THRESHOLD: usize = 10000;

impl Summary {
    fn new(relative_error: f64) -> Self {
        Self {
            relative_error,
            sampled: Vec::new(),
            count: 0,
            head: Vec::new(),
        }
    }

    fn insert(&mut self, x: f64) {
        self.head.push(x);
        if self.head.len() >= HEAD_SIZE {
            self.insert_head();
            if self.sampled.len() >= COMPRESS_THRESHOLD {
                self.compress();
            }
        }
    }

    /// Merges the sorted head buffer into the samples; a new sample's rank uncertainty is
    /// `floor(2 * relativeError * count)` unless it lands first or last.
    fn insert_head(&mut self) {
        if self.head.is_empty() {
            return;
        }
        let mut sorted = std::mem::take(&mut self.head);
        sorted.sort_by(f64::total_cmp);
        let mut out = Vec::with_capacity(self.sampled.len() + sorted.len());
        let mut si = 0;
        for (oi, x) in sorted.iter().enumerate() {
            while si < self.sampled.len() && self.sampled[si].value <= *x {
                out.push(self.sampled[si]);
                si += 1;
            }
            self.count += 1;
            let delta = if out.is_empty() || (si == self.sampled.len() && oi == sorted.len() - 1) {
                0
            } else {
                (2.0 * self.relative_error * self.count as f64).floor() as i64
            };
            out.push(Stats {
                value: *x,
                g: 1,
                delta,
            });
        }
        out.extend_from_slice(&self.sampled[si..]);
        self.sampled = out;
    }

    /// GK's COMPRESS: from the end, folds a sample into its successor while their combined
    /// span stays below `2 * relativeError * count`; the first and last samples stay.
    fn compress(&mut self) {
        self.insert_head();
        let threshold = 2.0 * self.relative_error * self.count as f64;
        let samples = &self.sampled;
        let Some(last) = samples.last() else { return };
        let mut kept: Vec<Stats> = Vec::new();
        let mut head = *last;
        for s in samples[1..samples.len().saturating_sub(1).max(1)]
            .iter()
            .rev()
        {
            if ((s.g + head.g + head.delta) as f64) < threshold {
                head.g += s.g;
            } else {
                kept.push(head);
                head = *s;
            }
        }
        kept.push(head);
        if samples.len() > 1 && samples[0].value <= head.value {
            kept.push(samples[0]);
        }
        kept.reverse();
        self.sampled = kept;
    }

    fn query(&self, q: f64) -> Option<f64> {
        let first = self.sampled.first()?;
        let last = self.sampled.last()?;
        if q <= self.relative_error {
            return Some(first.value);
        }
        if q >= 1.0 - self.relative_error {
            return Some(last.value);
        }
        let rank = (q * self.count as f64).ceil() as i64;
        let target_error = self
            .sampled
            .iter()
            .map(|s| s.delta + s.g)
            .max()
            .unwrap_or(0)
            / 2;
        let mut min_rank = 0;
        for s in &self.sampled[..self.sampled.len() - 1] {
            min_rank += s.g;
            let max_rank = min_rank + s.delta;
            if max_rank - target_error <= rank && rank <= min_rank + target_error {
                return Some(s.value);
            }
        }
        Some(last.value)
    }
}

fn as_f64(v: &ScalarValue) -> Option<f64> {
    match v {
        ScalarValue::Date32(Some(d)) => Some(f64::from(*d)),
        ScalarValue::TimestampMicrosecond(Some(t), _) => Some(*t as f64),
        _ => match v.cast_to(&ArrowType::Float64).ok()? {
            ScalarValue::Float64(Some(x)) => Some(x),
            _ => None,
        },
    }
}

/// A summary value back in the input type (Spark's `toInt`, `toLong`... truncate).
fn from_f64(x: f64, t: &ArrowType) -> DfResult<ScalarValue> {
    Ok(match t {
        ArrowType::Int8 => ScalarValue::Int8(Some(x as i8)),
        ArrowType::Int16 => ScalarValue::Int16(Some(x as i16)),
        ArrowType::Int32 => ScalarValue::Int32(Some(x as i32)),
        ArrowType::Int64 => ScalarValue::Int64(Some(x as i64)),
        ArrowType::Float32 => ScalarValue::Float32(Some(x as f32)),
        ArrowType::Date32 => ScalarValue::Date32(Some(x as i32)),
        ArrowType::Timestamp(_, tz) => {
            ScalarValue::TimestampMicrosecond(Some(x as i64), tz.clone())
        }
        other => ScalarValue::Float64(Some(x)).cast_to(other)?,
    })
}

/// Params: whether an array was given, the accuracy, then the percentages.
pub(crate) fn finish(
    params: &[ScalarValue],
    ret: &ArrowType,
    rows: &Rows,
) -> DfResult<ScalarValue> {
    let is_array = matches!(params.first(), Some(ScalarValue::Boolean(Some(true))));
    let accuracy = match params.get(1) {
        Some(ScalarValue::Int64(Some(a))) => *a,
        _ => DEFAULT_ACCURACY,
    };
    let mut summary = Summary::new(1.0 / accuracy as f64);
    for v in rows.iter().filter_map(|r| r.first()).filter_map(as_f64) {
        summary.insert(v);
    }
    if summary.head.is_empty() && summary.sampled.is_empty() {
        return ScalarValue::try_from(ret);
    }
    summary.compress();
    let item = match ret {
        ArrowType::List(f) => f.data_type().clone(),
        other => other.clone(),
    };
    let picked = params
        .iter()
        .skip(2)
        .filter_map(|p| match p {
            ScalarValue::Float64(Some(q)) => summary.query(*q),
            _ => None,
        })
        .map(|x| from_f64(x, &item))
        .collect::<DfResult<Vec<_>>>()?;
    Ok(one_or_array(picked, is_array, &item))
}

pub(crate) fn build(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("percentile_approx", &args, 2, 3)?;
    let mut it = args.into_iter();
    let (Some(x), Some(p)) = (it.next(), it.next()) else {
        return Err(SparkError::internal("missing argument"));
    };
    let accuracy = match it.next() {
        None => DEFAULT_ACCURACY,
        Some(a) => {
            let got = a.to_string();
            match constant(&a).map(|v| v.cast_to(&ArrowType::Int64)) {
                Some(Ok(ScalarValue::Int64(Some(a)))) => a,
                _ => return Err(non_foldable("percentile_approx", "accuracy", "INT", &got)),
            }
        }
    };
    if accuracy <= 0 || accuracy > i64::from(i32::MAX) {
        return Err(out_of_range(
            "percentile_approx",
            "accuracy",
            "(0, 2147483647]",
            &format!("{accuracy}L"),
        ));
    }
    let (ps, is_array) = percentages("percentile_approx", &p, &p.to_string())?;
    let t = ctx.arg_type(&x)?;
    if !(t.is_numeric()
        || matches!(
            t,
            ArrowType::Date32 | ArrowType::Timestamp(_, _) | ArrowType::Null
        ))
    {
        return Err(unexpected_input_type(
            "percentile_approx",
            format!("`percentile_approx` requires a numeric, date or timestamp input, got {t}"),
        ));
    }
    let ret = if is_array {
        ArrowType::List(std::sync::Arc::new(Field::new_list_field(t, true)))
    } else {
        t
    };
    let mut params = vec![
        ScalarValue::Boolean(Some(is_array)),
        ScalarValue::Int64(Some(accuracy)),
    ];
    params.extend(ps.into_iter().map(|p| ScalarValue::Float64(Some(p))));
    with_distinct(
        call(Kind::ApproxPercentile, params, ret, true, vec![x]),
        distinct,
    )
}

/// `percentile_approx(x, p, 10000)`: Spark shows the default accuracy.
pub(crate) fn display(name: &str, args: &[String], distinct: bool) -> String {
    if args.len() == 2 {
        let mut a = args.to_vec();
        a.push(DEFAULT_ACCURACY.to_string());
        return crate::display_call(name, &a, distinct);
    }
    crate::display_call(name, args, distinct)
}

#[cfg(test)]
mod tests {
    use super::Summary;

    #[test]
    fn small_summaries_are_exact() {
        let mut s = Summary::new(1.0 / 10000.0);
        for v in [5.0, 1.0, 2.0, 2.0] {
            s.insert(v);
        }
        s.compress();
        assert_eq!(s.query(0.5), Some(2.0));
        assert_eq!(s.query(0.9), Some(5.0));
        assert_eq!(s.query(0.0), Some(1.0));
    }

    #[test]
    fn compressed_summaries_stay_within_the_rank_error() {
        let mut s = Summary::new(0.01);
        for i in 0..1000 {
            s.insert(f64::from((i * 7919) % 1000));
        }
        s.compress();
        assert!(s.sampled.len() < 1000);
        for q in [0.1, 0.5, 0.9] {
            let v = s.query(q).unwrap();
            assert!((v - q * 1000.0).abs() <= 20.0, "{q}: {v}");
        }
    }
}
