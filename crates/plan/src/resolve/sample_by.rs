//! `df.stat.sampleBy(col, fractions, seed)`: a stratified sample without replacement, as
//! Spark's `DataFrameStatFunctions.sampleBy` (`filter(rand(seed) < fraction(stratum))`, strata
//! not listed have fraction 0). Spark's random numbers cannot be reproduced; the same seed
//! gives the same sample of the same input here.

use std::sync::Arc;

use datafusion::arrow::array::{BooleanArray, RecordBatch};
use datafusion::arrow::compute::filter_record_batch;
use datafusion::common::{Column, ScalarValue};
use datafusion::datasource::{MemTable, provider_as_source};
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, LogicalPlanBuilder};
use datafusion::prelude::SessionContext;
use sabot_common::spec::{Expr, Literal};
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};
use super::literals::{java_double, literal_name, to_scalar};
use super::names::column_at;
use super::output;
use super::relations::builder_build;
use super::stat::collect;
use crate::error::from_datafusion;

/// A xorshift64* generator over a SplitMix64-scrambled seed: uniform doubles in `[0, 1)`.
pub(crate) struct Uniform(u64);

impl Uniform {
    pub(crate) fn new(seed: i64) -> Self {
        let mut z = (seed as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Self(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    pub(crate) fn next_double(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub(crate) async fn sample_by(
    ctx: &SessionContext,
    scope: &Scope<'_>,
    input: LogicalPlan,
    col: &Expr,
    fractions: &[(Literal, f64)],
    seed: Option<i64>,
) -> Result<LogicalPlan> {
    let tz = &scope.conf.time_zone;
    let stratum = scope.resolve(col)?;
    let stratum_type = scope.data_type(&stratum.expr)?;
    if fractions.iter().any(|(_, f)| !(0.0..=1.0).contains(f)) {
        let listed = fractions
            .iter()
            .map(|(k, f)| Ok(format!("{} -> {}", literal_name(k, tz)?, java_double(*f))))
            .collect::<Result<Vec<_>>>()?;
        return Err(SparkError::illegal_argument(format!(
            "requirement failed: Fractions must be in [0, 1], but got Map({}).",
            listed.join(", ")
        )));
    }
    // The strata as values of the column's type (a stratum that does not convert never matches).
    let keys: Vec<(ScalarValue, f64)> = fractions
        .iter()
        .filter_map(|(k, f)| {
            let v = to_scalar(k, tz).ok()?.cast_to(&stratum_type).ok()?;
            Some((v, *f))
        })
        .collect();
    let schema = scope.schema;
    let width = schema.fields().len();
    let mut items: Vec<Named> = (0..width)
        .map(|i| Named::new(column_at(schema, i), format!("__c{i}")))
        .collect();
    items.push(Named::new(stratum.expr.unalias(), "__stratum"));
    let batches = collect(ctx, output::project(input, items)?).await?;
    let mut rng = Uniform::new(seed.unwrap_or(0));
    let arrow_schema = Arc::new(datafusion::arrow::datatypes::Schema::new(
        (0..width)
            .map(|i| {
                let f = schema.field(i);
                datafusion::arrow::datatypes::Field::new(
                    format!("c{i}"),
                    f.data_type().clone(),
                    f.is_nullable(),
                )
            })
            .collect::<Vec<_>>(),
    ));
    let mut kept = Vec::with_capacity(batches.len());
    for b in batches {
        let mut mask = Vec::with_capacity(b.num_rows());
        for r in 0..b.num_rows() {
            let v = ScalarValue::try_from_array(b.column(width), r).map_err(from_datafusion)?;
            let fraction = keys
                .iter()
                .find(|(k, _)| !v.is_null() && *k == v)
                .map_or(0.0, |(_, f)| *f);
            // Spark draws one number per row, listed stratum or not.
            mask.push(rng.next_double() < fraction);
        }
        let columns = b.columns()[..width].to_vec();
        let data = RecordBatch::try_new(Arc::clone(&arrow_schema), columns)
            .map_err(|e| SparkError::internal(e.to_string()))?;
        kept.push(
            filter_record_batch(&data, &BooleanArray::from(mask))
                .map_err(|e| SparkError::internal(e.to_string()))?,
        );
    }
    let table = MemTable::try_new(arrow_schema, vec![kept]).map_err(from_datafusion)?;
    let scan = builder_build(LogicalPlanBuilder::scan(
        "__sample",
        provider_as_source(Arc::new(table)),
        None,
    ))?;
    let out = (0..width)
        .map(|i| {
            Named::new(
                DfExpr::Column(Column::new(Some("__sample"), format!("c{i}"))),
                schema.field(i).name().clone(),
            )
        })
        .collect();
    output::project(scan, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_is_seeded_and_in_range() {
        let a: Vec<f64> = {
            let mut r = Uniform::new(7);
            (0..100).map(|_| r.next_double()).collect()
        };
        let mut r = Uniform::new(7);
        let b: Vec<f64> = (0..100).map(|_| r.next_double()).collect();
        assert_eq!(a, b);
        assert!(a.iter().all(|x| (0.0..1.0).contains(x)));
        let mut other = Uniform::new(8);
        assert_ne!(a[0], other.next_double());
    }
}
