//! `df.describe(cols)` and `df.summary(statistics)`: mirrors Spark's `StatFunctions.summary`
//! (one string column per numeric or string column, one row per statistic, values cast to
//! string). The statistics are computed by running aggregates over the input; the result is
//! a computed relation.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{LogicalPlan, LogicalPlanBuilder, SortExpr};
use datafusion::prelude::SessionContext;
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{CastMode, DataType, Expr};
use sabot_common::{Result, SparkError};

use super::aggregation;
use super::expressions::{Named, Scope};
use super::output;
use super::relations::builder_build;
use super::stat::{collect, computed_relation};

/// Spark's default `summary()` statistics.
const DEFAULT_STATISTICS: [&str; 8] =
    ["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"];
/// `describe()`'s statistics.
const DESCRIBE_STATISTICS: [&str; 5] = ["count", "mean", "stddev", "min", "max"];
/// `ApproximatePercentile.DEFAULT_PERCENTILE_ACCURACY`'s relative error (1 / 10000).
const PERCENTILE_RELATIVE_ERROR: f64 = 1.0 / 10000.0;

/// `describe(cols)`: `select(cols).summary(count, mean, stddev, min, max)`.
pub(crate) async fn describe(
    ctx: &SessionContext,
    scope: &Scope<'_>,
    input: LogicalPlan,
    cols: &[String],
) -> Result<LogicalPlan> {
    let stats: Vec<String> = DESCRIBE_STATISTICS.iter().map(|s| s.to_string()).collect();
    if cols.is_empty() {
        return run(ctx, scope, input, &stats).await;
    }
    let items = cols
        .iter()
        .map(|c| scope.resolve(&Expr::col(c.as_str())))
        .collect::<Result<Vec<Named>>>()?;
    let selected = output::project(input, items)?;
    let schema = Arc::clone(selected.schema());
    let scope = Scope::new(&schema, scope.conf, scope.plan_ids);
    run(ctx, &scope, selected, &stats).await
}

/// `summary(statistics)`; no statistics means Spark's defaults.
pub(crate) async fn summary(
    ctx: &SessionContext,
    scope: &Scope<'_>,
    input: LogicalPlan,
    statistics: &[String],
) -> Result<LogicalPlan> {
    let stats: Vec<String> = if statistics.is_empty() {
        DEFAULT_STATISTICS.iter().map(|s| s.to_string()).collect()
    } else {
        statistics.to_vec()
    };
    run(ctx, scope, input, &stats).await
}

/// One requested statistic.
#[derive(Debug, Clone, PartialEq)]
enum Stat {
    Count,
    CountDistinct,
    ApproxCountDistinct,
    Mean,
    Stddev,
    Min,
    Max,
    Percentile(f64),
}

fn unrecognized(stat: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::IllegalArgument,
        "UNRECOGNIZED_STATISTIC",
        "42704",
        format!(
            "The statistic '{stat}' is not recognized. Valid statistics include `count`, `count_distinct`, `approx_count_distinct`, `mean`, `stddev`, `min`, `max`, and percentile values. Percentile must be a numeric value followed by '%', within the range 0% to 100%."
        ),
    )
    .param("stats", stat)
}

/// Parses the statistics in Spark's order of checks: percentiles first (unparsable ones are
/// `UNRECOGNIZED_STATISTIC`, out of range ones a requirement failure), then the names.
fn parse_stats(stats: &[String], has_columns: bool) -> Result<Vec<Stat>> {
    let mut parsed = Vec::with_capacity(stats.len());
    for s in stats {
        if let Some(p) = s.strip_suffix('%') {
            let v: f64 = p.trim().parse().map_err(|_| unrecognized(s))?;
            parsed.push(Some(Stat::Percentile(v / 100.0)));
        } else {
            parsed.push(match s.to_lowercase().as_str() {
                "count" => Some(Stat::Count),
                "count_distinct" => Some(Stat::CountDistinct),
                "approx_count_distinct" => Some(Stat::ApproxCountDistinct),
                "mean" => Some(Stat::Mean),
                "stddev" => Some(Stat::Stddev),
                "min" => Some(Stat::Min),
                "max" => Some(Stat::Max),
                _ => None,
            });
        }
    }
    if parsed
        .iter()
        .any(|p| matches!(p, Some(Stat::Percentile(v)) if !(0.0..=1.0).contains(v)))
    {
        return Err(SparkError::illegal_argument(
            "requirement failed: Percentiles must be in the range [0, 1]",
        ));
    }
    // Spark only meets an unknown name while building a column's aggregates.
    parsed
        .into_iter()
        .zip(stats)
        .map(|(p, s)| match p {
            Some(p) => Ok(p),
            None if has_columns => Err(unrecognized(s)),
            None => Ok(Stat::Count),
        })
        .collect()
}

fn is_string(t: &ArrowType) -> bool {
    matches!(
        t,
        ArrowType::Utf8 | ArrowType::LargeUtf8 | ArrowType::Utf8View
    )
}

fn as_string(e: Expr) -> Expr {
    Expr::Cast {
        expr: Box::new(e),
        data_type: DataType::String,
        mode: CastMode::Default,
    }
}

async fn run(
    ctx: &SessionContext,
    scope: &Scope<'_>,
    input: LogicalPlan,
    stats_text: &[String],
) -> Result<LogicalPlan> {
    let schema = scope.schema;
    // Numeric and string columns, by index (Spark's `summary` skips the others).
    let columns: Vec<usize> = (0..schema.fields().len())
        .filter(|i| {
            let t = schema.field(*i).data_type();
            t.is_numeric() || is_string(t)
        })
        .collect();
    let stats = parse_stats(stats_text, !columns.is_empty())?;
    let mut values: Vec<Vec<Option<String>>> = vec![Vec::new(); columns.len()];
    if !columns.is_empty() {
        let mut items = Vec::new();
        for (k, i) in columns.iter().enumerate() {
            let field = schema.field(*i);
            let col = Expr::col(field.name().as_str());
            let casted = if is_string(field.data_type()) {
                Expr::Cast {
                    expr: Box::new(col.clone()),
                    data_type: DataType::Double,
                    mode: CastMode::Try,
                }
            } else {
                col.clone()
            };
            for (j, stat) in stats.iter().enumerate() {
                let call = |name: &str, arg: &Expr, distinct: bool| Expr::Function {
                    name: name.to_string(),
                    args: vec![arg.clone()],
                    distinct,
                    filter: None,
                };
                let e = match stat {
                    Stat::Count => call("count", &col, false),
                    // Exact: at the cardinalities where Spark's HyperLogLog++ is exact, equal.
                    Stat::CountDistinct | Stat::ApproxCountDistinct => call("count", &col, true),
                    Stat::Mean => call("avg", &casted, false),
                    Stat::Stddev => call("stddev", &casted, false),
                    Stat::Min => call("min", &col, false),
                    Stat::Max => call("max", &col, false),
                    Stat::Percentile(_) => continue,
                };
                items.push((k, j, as_string(e).alias(format!("__s{k}_{j}"))));
            }
        }
        let resolved =
            scope.resolve_list(&items.iter().map(|x| x.2.clone()).collect::<Vec<_>>())?;
        let plan = aggregation::aggregate(input.clone(), Vec::new(), resolved, None)?;
        let batches = collect(ctx, plan).await?;
        let mut row: Vec<Option<String>> = vec![None; items.len()];
        for b in &batches {
            if b.num_rows() == 0 {
                continue;
            }
            for (n, v) in row.iter_mut().enumerate() {
                *v = string_at(b.column(n), 0)?;
            }
        }
        for (k, i) in columns.iter().enumerate() {
            let percentiles = percentiles_of(ctx, scope, &input, *i, &stats).await?;
            let mut p = percentiles.into_iter();
            for (j, stat) in stats.iter().enumerate() {
                let v = match stat {
                    Stat::Percentile(_) => p.next().flatten(),
                    _ => items
                        .iter()
                        .position(|x| x.0 == k && x.1 == j)
                        .and_then(|n| row[n].clone()),
                };
                values[k].push(v);
            }
        }
    }
    let mut fields = vec![("summary".to_string(), ArrowType::Utf8, true)];
    let mut arrays: Vec<ArrayRef> = vec![Arc::new(StringArray::from(
        stats_text
            .iter()
            .map(|s| Some(s.as_str()))
            .collect::<Vec<_>>(),
    ))];
    for (k, i) in columns.iter().enumerate() {
        fields.push((schema.field(*i).name().clone(), ArrowType::Utf8, true));
        arrays.push(Arc::new(StringArray::from(values[k].clone())));
    }
    computed_relation(fields, arrays)
}

fn string_at(a: &ArrayRef, row: usize) -> Result<Option<String>> {
    let s = cast(a, &ArrowType::Utf8).map_err(|e| SparkError::internal(e.to_string()))?;
    let s = s
        .as_any()
        .downcast_ref::<StringArray>()
        .ok_or_else(|| SparkError::internal("a statistic is not a string"))?;
    Ok((!s.is_null(row)).then(|| s.value(row).to_string()))
}

/// The requested percentiles of one column, as strings of the column's type (of `double` for
/// string columns): the value at rank `ceil(p * n)` of the sorted non-null values, which is
/// what Spark's `percentile_approx` (accuracy 10000) returns whenever its summary is exact.
async fn percentiles_of(
    ctx: &SessionContext,
    scope: &Scope<'_>,
    input: &LogicalPlan,
    index: usize,
    stats: &[Stat],
) -> Result<Vec<Option<String>>> {
    let ps: Vec<f64> = stats
        .iter()
        .filter_map(|s| match s {
            Stat::Percentile(p) => Some(*p),
            _ => None,
        })
        .collect();
    if ps.is_empty() {
        return Ok(Vec::new());
    }
    let field = scope.schema.field(index);
    let col = Expr::col(field.name().as_str());
    // Strings are tried as doubles; decimal percentiles come out as doubles in Spark too.
    let value = if is_string(field.data_type()) {
        Expr::Cast {
            expr: Box::new(col),
            data_type: DataType::Double,
            mode: CastMode::Try,
        }
    } else if matches!(
        field.data_type(),
        ArrowType::Decimal32(..)
            | ArrowType::Decimal64(..)
            | ArrowType::Decimal128(..)
            | ArrowType::Decimal256(..)
    ) {
        Expr::Cast {
            expr: Box::new(col),
            data_type: DataType::Double,
            mode: CastMode::Default,
        }
    } else {
        col
    };
    let v = scope.resolve(&value)?.expr.unalias();
    let s = scope.resolve(&as_string(value))?.expr.unalias();
    let plan = builder_build(
        LogicalPlanBuilder::from(input.clone())
            .filter(v.clone().is_not_null())
            .and_then(|b| b.sort(vec![SortExpr::new(v, true, true)]))
            .and_then(|b| b.project(vec![s.alias("__v")])),
    )?;
    let batches = collect(ctx, plan).await?;
    let mut sorted: Vec<Option<String>> = Vec::new();
    for b in &batches {
        for r in 0..b.num_rows() {
            sorted.push(string_at(b.column(0), r)?);
        }
    }
    Ok(ps
        .iter()
        .map(|p| {
            rank_index(*p, sorted.len(), PERCENTILE_RELATIVE_ERROR)
                .and_then(|i| sorted.get(i).cloned().flatten())
        })
        .collect())
}

/// The 0-based index Spark's `QuantileSummaries.query` picks from `n` exact samples.
pub(crate) fn rank_index(p: f64, n: usize, relative_error: f64) -> Option<usize> {
    if n == 0 {
        return None;
    }
    if p <= relative_error {
        return Some(0);
    }
    if p >= 1.0 - relative_error {
        return Some(n - 1);
    }
    let rank = (p * n as f64).ceil() as usize;
    Some(rank.clamp(1, n) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_follow_quantile_summaries() {
        assert_eq!(rank_index(0.25, 3, 1e-4), Some(0));
        assert_eq!(rank_index(0.5, 3, 1e-4), Some(1));
        assert_eq!(rank_index(0.75, 3, 1e-4), Some(2));
        assert_eq!(rank_index(0.0, 3, 0.0), Some(0));
        assert_eq!(rank_index(1.0, 3, 0.0), Some(2));
        assert_eq!(rank_index(0.5, 0, 0.0), None);
        assert_eq!(rank_index(0.5, 4, 0.0), Some(1));
    }

    #[test]
    fn statistics_are_checked_as_spark_does() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_stats(&s(&["COUNT", "50%"]), true).ok(),
            Some(vec![Stat::Count, Stat::Percentile(0.5)])
        );
        let e = parse_stats(&s(&["foo"]), true).err();
        assert_eq!(
            e.and_then(|e| e.error_class.clone()).as_deref(),
            Some("UNRECOGNIZED_STATISTIC")
        );
        assert!(parse_stats(&s(&["foo"]), false).is_ok());
        let e = parse_stats(&s(&["150%"]), true).err();
        assert_eq!(e.map(|e| e.kind), Some(ExceptionKind::IllegalArgument));
    }
}
