//! Statistics computed from the input's rows: `crosstab` (Spark's
//! `StatFunctions.crossTabulate`), `approxQuantile` (`StatFunctions.multipleApproxQuantiles`)
//! and `freqItems` (`FrequentItems.singlePassFreqItems`).

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, Float64Array, Float64Builder, Int64Array, ListBuilder, StringArray,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Cast, Expr as DfExpr, LogicalPlan};
use datafusion::prelude::SessionContext;
use sabot_common::spec::{CastMode, DataType, Expr};
use sabot_common::{Result, SparkError};

use super::aggregation;
use super::expressions::{Named, Scope};
use super::literals::java_double;
use super::names::column_at;
use super::output;
use super::stat::{collect, column_index, computed_relation, type_string};
use super::summary::rank_index;
use crate::error::from_datafusion;

fn internal(e: impl std::fmt::Display) -> SparkError {
    SparkError::internal(e.to_string())
}

fn strings(a: &ArrayRef) -> Result<StringArray> {
    let s = cast(a, &ArrowType::Utf8).map_err(internal)?;
    s.as_any()
        .downcast_ref::<StringArray>()
        .cloned()
        .ok_or_else(|| internal("not a string column"))
}

/// `crosstab(col1, col2)`: a `col1_col2` column with col1's values as strings, then one count
/// column per distinct col2 value (as strings, sorted, `null` for NULL), zero where absent.
pub(crate) async fn crosstab(
    ctx: &SessionContext,
    scope: &Scope<'_>,
    input: LogicalPlan,
    col1: &str,
    col2: &str,
) -> Result<LogicalPlan> {
    let as_string = |c: &str| Expr::Cast {
        expr: Box::new(Expr::col(c)),
        data_type: DataType::String,
        mode: CastMode::Default,
    };
    let groups = scope.resolve_list(&[Expr::col(col1), Expr::col(col2)])?;
    let select = scope.resolve_list(&[
        as_string(col1),
        as_string(col2),
        Expr::call(
            "count",
            vec![Expr::Literal(sabot_common::spec::Literal::Integer(1))],
        ),
    ])?;
    let plan = aggregation::aggregate(input, groups, select, None)?;
    let batches = collect(ctx, plan).await?;
    let clean = |s: &StringArray, r: usize| {
        if s.is_null(r) {
            "null".to_string()
        } else {
            s.value(r).to_string()
        }
    };
    let mut counts: Vec<(String, String, i64)> = Vec::new();
    for b in &batches {
        let (s1, s2) = (strings(b.column(0))?, strings(b.column(1))?);
        let n = cast(b.column(2), &ArrowType::Int64).map_err(internal)?;
        let n = n
            .as_any()
            .downcast_ref::<Int64Array>()
            .ok_or_else(|| internal("count is not a bigint"))?;
        for r in 0..b.num_rows() {
            counts.push((clean(&s1, r), clean(&s2, r), n.value(r)));
        }
    }
    let mut distinct2: Vec<String> = counts.iter().map(|c| c.1.clone()).collect();
    distinct2.sort();
    distinct2.dedup();
    if distinct2.len() >= 10_000 {
        return Err(SparkError::illegal_argument(format!(
            "requirement failed: The number of distinct values for {col2}, can't exceed 1e4. Currently {}",
            distinct2.len()
        )));
    }
    let index2: HashMap<&str, usize> = distinct2
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let mut rows: Vec<(String, Vec<i64>)> = Vec::new();
    let mut row_of: HashMap<String, usize> = HashMap::new();
    for (v1, v2, n) in &counts {
        let r = *row_of.entry(v1.clone()).or_insert_with(|| {
            rows.push((v1.clone(), vec![0; distinct2.len()]));
            rows.len() - 1
        });
        if let Some(c) = index2.get(v2.as_str()) {
            rows[r].1[*c] = *n;
        }
    }
    let mut fields = vec![(format!("{col1}_{col2}"), ArrowType::Utf8, true)];
    let mut arrays: Vec<ArrayRef> = vec![Arc::new(StringArray::from(
        rows.iter().map(|r| Some(r.0.clone())).collect::<Vec<_>>(),
    ))];
    for (c, name) in distinct2.iter().enumerate() {
        // Backquotes cannot be in column names (Spark's `cleanColumnName`).
        fields.push((name.replace('`', ""), ArrowType::Int64, false));
        arrays.push(Arc::new(Int64Array::from(
            rows.iter().map(|r| r.1[c]).collect::<Vec<_>>(),
        )));
    }
    computed_relation(fields, arrays)
}

/// `approxQuantile(cols, probabilities, relativeError)`: one row, one
/// `approx_quantile: array<array<double>>` column. NULL and NaN values are ignored; a column
/// without values gives an empty list. Quantiles are exact (the value at rank
/// `ceil(p * n)`), which is what Spark returns with relative error 0 and within its bound
/// otherwise.
pub(crate) async fn approx_quantile(
    ctx: &SessionContext,
    scope: &Scope<'_>,
    input: LogicalPlan,
    cols: &[String],
    probabilities: &[f64],
    relative_error: f64,
) -> Result<LogicalPlan> {
    if relative_error < 0.0 {
        return Err(SparkError::illegal_argument(format!(
            "requirement failed: Relative Error must be non-negative but got {}",
            java_double(relative_error)
        )));
    }
    let mut items = Vec::new();
    for c in cols {
        let i = column_index(scope, c)?;
        let t = scope.schema.field(i).data_type();
        if !t.is_numeric() {
            return Err(SparkError::illegal_argument(format!(
                "requirement failed: Quantile calculation for column {c} with data type {} is not supported.",
                type_string(t)
            )));
        }
        let e = DfExpr::Cast(Cast::new(
            Box::new(column_at(scope.schema, i)),
            ArrowType::Float64,
        ));
        items.push(Named::new(e, format!("__q{}", items.len())));
    }
    for p in probabilities {
        if !(0.0..=1.0).contains(p) {
            return Err(SparkError::illegal_argument(format!(
                "requirement failed: percentile should be in the range [0.0, 1.0], but got {}",
                java_double(*p)
            )));
        }
    }
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); items.len()];
    if !items.is_empty() {
        let plan = output::project(input, items)?;
        for b in collect(ctx, plan).await? {
            for (k, v) in values.iter_mut().enumerate() {
                let a = b
                    .column(k)
                    .as_any()
                    .downcast_ref::<Float64Array>()
                    .ok_or_else(|| internal("a quantile column is not double"))?;
                v.extend(a.iter().flatten().filter(|x| !x.is_nan()));
            }
        }
    }
    let mut builder = ListBuilder::new(ListBuilder::new(Float64Builder::new()));
    for mut v in values {
        v.sort_by(f64::total_cmp);
        let inner = builder.values();
        if !v.is_empty() {
            for p in probabilities {
                let q = rank_index(*p, v.len(), relative_error).and_then(|i| v.get(i).copied());
                inner.values().append_option(q);
            }
        }
        inner.append(true);
    }
    builder.append(true);
    let array: ArrayRef = Arc::new(builder.finish());
    let t = array.data_type().clone();
    computed_relation(vec![("approx_quantile".to_string(), t, false)], vec![array])
}

/// Spark's `FreqItemCounter`: a Misra-Gries summary of at most `size` items.
struct FreqItemCounter {
    size: usize,
    items: Vec<(ScalarValue, i64)>,
}

impl FreqItemCounter {
    fn add(&mut self, key: ScalarValue) {
        if let Some(e) = self.items.iter_mut().find(|(k, _)| *k == key) {
            e.1 += 1;
        } else if self.items.len() < self.size {
            self.items.push((key, 1));
        } else {
            let min = self.items.iter().map(|e| e.1).min().unwrap_or(0);
            if 1 - min >= 0 {
                // Something gets kicked out, so the new item fits.
                self.items.push((key, 1));
                self.items.retain(|e| e.1 > min);
                for e in &mut self.items {
                    e.1 -= min;
                }
            } else {
                for e in &mut self.items {
                    e.1 -= 1;
                }
            }
        }
    }
}

/// `freqItems(cols, support)`: one row with a `<col>_freqItems` array per column, the items
/// kept by Spark's counter of `1 / support` items (including NULL).
pub(crate) async fn freq_items(
    ctx: &SessionContext,
    scope: &Scope<'_>,
    input: LogicalPlan,
    cols: &[String],
    support: Option<f64>,
) -> Result<LogicalPlan> {
    let support = support.unwrap_or(0.01);
    if !(1e-4..=1.0).contains(&support) {
        return Err(SparkError::illegal_argument(format!(
            "requirement failed: Support must be in [1e-4, 1], but got {}.",
            java_double(support)
        )));
    }
    let size = (1.0 / support) as usize;
    let mut items = Vec::new();
    for c in cols {
        let i = column_index(scope, c)?;
        items.push(Named::new(
            column_at(scope.schema, i),
            format!("__f{}", items.len()),
        ));
    }
    let types: Vec<ArrowType> = cols
        .iter()
        .map(|c| {
            Ok(scope
                .schema
                .field(column_index(scope, c)?)
                .data_type()
                .clone())
        })
        .collect::<Result<_>>()?;
    let mut counters: Vec<FreqItemCounter> = cols
        .iter()
        .map(|_| FreqItemCounter {
            size,
            items: Vec::new(),
        })
        .collect();
    if !items.is_empty() {
        let plan = output::project(input, items)?;
        for b in collect(ctx, plan).await? {
            for (k, counter) in counters.iter_mut().enumerate() {
                for r in 0..b.num_rows() {
                    counter
                        .add(ScalarValue::try_from_array(b.column(k), r).map_err(from_datafusion)?);
                }
            }
        }
    }
    let mut fields = Vec::new();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for ((c, t), counter) in cols.iter().zip(&types).zip(counters) {
        let values: Vec<ScalarValue> = counter.items.into_iter().map(|e| e.0).collect();
        let list = ScalarValue::List(ScalarValue::new_list(&values, t, true));
        let array = list.to_array().map_err(from_datafusion)?;
        fields.push((format!("{c}_freqItems"), array.data_type().clone(), true));
        arrays.push(array);
    }
    computed_relation(fields, arrays)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freq_item_counter_keeps_heavy_hitters() {
        let mut c = FreqItemCounter {
            size: 2,
            items: Vec::new(),
        };
        for v in [1, 1, 2, 1, 3, 1, 1] {
            c.add(ScalarValue::Int32(Some(v)));
        }
        let keys: Vec<_> = c.items.iter().map(|e| e.0.clone()).collect();
        assert!(keys.contains(&ScalarValue::Int32(Some(1))));
        assert!(keys.len() <= 2);
    }
}
