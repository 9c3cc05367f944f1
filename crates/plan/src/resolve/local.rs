//! Rows sent by the client (`LocalRelation`, Spark's `createDataFrame`) and `VALUES` lists.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{Schema, SchemaRef};
use datafusion::common::{Column, DFSchema, DFSchemaRef};
use datafusion::datasource::{MemTable, provider_as_source};
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, LogicalPlanBuilder};
use sabot_common::spec::{DataType, Expr};
use sabot_common::{Result, SparkError};

use super::PlanConfig;
use super::expressions::{Named, Scope};
use super::output;
use super::relations::builder_build;
use crate::error::from_datafusion;
use crate::types::{
    cast_batch_to_schema, spark_to_arrow, struct_field_to_arrow, to_spark_arrow_schema,
};

/// A scan of the client's rows, renamed and cast to the Spark schema when one is given.
pub(crate) fn local_relation(
    batches: &[RecordBatch],
    arrow_schema: Option<&SchemaRef>,
    schema: Option<&DataType>,
    tz: &str,
    qualifier: &str,
) -> Result<LogicalPlan> {
    let source = arrow_schema
        .cloned()
        .or_else(|| batches.first().map(|b| b.schema()));
    let target: SchemaRef = match schema {
        Some(DataType::Struct(fields)) => Arc::new(Schema::new(
            fields
                .iter()
                .map(|f| struct_field_to_arrow(f, tz))
                .collect::<Result<Vec<_>>>()?,
        )),
        // `createDataFrame(data, "int")`: one column named `value`.
        Some(other) => Arc::new(Schema::new(vec![datafusion::arrow::datatypes::Field::new(
            "value",
            spark_to_arrow(other, tz)?,
            true,
        )])),
        None => match &source {
            Some(s) => to_spark_arrow_schema(s, tz)?,
            None => {
                return Err(SparkError::invalid_plan(
                    "a local relation without data or schema",
                ));
            }
        },
    };
    let batches = batches
        .iter()
        .map(|b| {
            if b.num_columns() != target.fields().len() {
                return Err(SparkError::with_class(
                    sabot_common::error::ExceptionKind::IllegalArgument,
                    "AXIS_LENGTH_MISMATCH",
                    "2200G",
                    format!(
                        "Length mismatch: Expected axis has {} elements, new values have {} elements.",
                        target.fields().len(),
                        b.num_columns()
                    ),
                ));
            }
            cast_batch_to_schema(b, &target)
        })
        .collect::<Result<Vec<_>>>()?;
    let table = MemTable::try_new(Arc::clone(&target), vec![batches]).map_err(from_datafusion)?;
    let scan = builder_build(LogicalPlanBuilder::scan(
        qualifier,
        provider_as_source(Arc::new(table)),
        None,
    ))?;
    // Re-project without the internal qualifier's influence on names.
    let items = target
        .fields()
        .iter()
        .map(|f| {
            Named::new(
                DfExpr::Column(Column::new(Some(qualifier), f.name())),
                f.name().clone(),
            )
        })
        .collect();
    output::project(scan, items)
}

/// `VALUES (...), (...)`: columns `col1, col2, ...` unless named.
pub(crate) fn values(
    conf: &PlanConfig,
    plan_ids: &HashMap<i64, DFSchemaRef>,
    rows: &[Vec<Expr>],
    names: &[String],
) -> Result<LogicalPlan> {
    let empty = DFSchema::empty();
    let scope = Scope::new(&empty, conf, plan_ids);
    let width = rows.first().map(Vec::len).unwrap_or(names.len());
    let mut exprs = Vec::with_capacity(rows.len());
    for row in rows {
        if row.len() != width {
            return Err(SparkError::with_class(
                sabot_common::error::ExceptionKind::Analysis,
                "INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH",
                "42000",
                format!(
                    "Invalid inline table. Inline table expected {width} columns but found {} columns in row.",
                    row.len()
                ),
            ));
        }
        exprs.push(
            row.iter()
                .map(|e| scope.resolve(e).map(|n| n.expr.unalias()))
                .collect::<Result<Vec<_>>>()?,
        );
    }
    if !names.is_empty() && names.len() != width {
        return Err(SparkError::with_class(
            sabot_common::error::ExceptionKind::Analysis,
            "ASSIGNMENT_ARITY_MISMATCH",
            "42802",
            format!(
                "The number of columns or variables assigned or aliased: {} does not match the number of source tuples: {width}.",
                names.len()
            ),
        ));
    }
    if exprs.is_empty() {
        return Err(SparkError::invalid_plan("VALUES without rows"));
    }
    let plan = builder_build(LogicalPlanBuilder::values(exprs))?;
    let schema = Arc::clone(plan.schema());
    let items = (0..width)
        .map(|i| {
            let name = names
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("col{}", i + 1));
            Named::new(super::names::column_at(&schema, i), name)
        })
        .collect();
    output::project(plan, items)
}
