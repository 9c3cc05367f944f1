//! `percentile_approx` / `approx_percentile(x, percentage[, accuracy])` (Spark's
//! `ApproximatePercentile` over `QuantileSummaries`): values of the input type. While fewer
//! than `accuracy / 2` rows are summarized Spark's Greenwald-Khanna summary keeps every value
//! exactly and answers the value of rank `ceil(percentage * n)`; Sabot computes that, and
//! refuses larger groups (whose compressed summary it does not reproduce).

use datafusion::arrow::datatypes::{DataType as ArrowType, Field};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::{Result, SparkError};

use super::collected::{Rows, call};
use super::kinds::{Kind, spark_cmp};
use super::params::{constant, non_foldable, one_or_array, out_of_range, percentages};
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::{to_df, unexpected_input_type};
use crate::utils::check_args;

const DEFAULT_ACCURACY: i64 = 10000;

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
    let mut values: Vec<&ScalarValue> = rows
        .iter()
        .filter_map(|r| r.first())
        .filter(|v| !v.is_null())
        .collect();
    if values.is_empty() {
        return ScalarValue::try_from(ret);
    }
    let n = values.len() as i64;
    if 2 * (n - 1) >= accuracy {
        return Err(to_df(SparkError::unsupported(format!(
            "percentile_approx over {n} values with accuracy {accuracy} (Sabot reproduces Spark's summary only below accuracy / 2 values)"
        ))));
    }
    values.sort_by(|a, b| spark_cmp(a, b));
    let relative_error = 1.0 / accuracy as f64;
    let picked: Vec<ScalarValue> = params
        .iter()
        .skip(2)
        .filter_map(|p| match p {
            ScalarValue::Float64(Some(q)) => Some(*q),
            _ => None,
        })
        .map(|q| {
            let i = if q <= relative_error {
                0
            } else if q >= 1.0 - relative_error {
                values.len() - 1
            } else {
                let rank = (q * n as f64).ceil() as usize;
                rank.clamp(1, values.len()) - 1
            };
            values[i].clone()
        })
        .collect();
    let item = match ret {
        ArrowType::List(f) => f.data_type().clone(),
        other => other.clone(),
    };
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
