//! `df.transpose(indexColumn)` (Spark 4's `Transpose`, resolved by `ResolveTranspose`): the
//! non-NULL values of the index column, sorted, become the column names; each other column
//! becomes a row whose `key` is its name, its values cast to the columns' least common type.
//! The rows are read at planning time, at most `spark.sql.transposeMaxValues` of them.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, RecordBatch, StringArray};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Schema};
use datafusion::common::{Column, ScalarValue};
use datafusion::datasource::{MemTable, provider_as_source};
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, LogicalPlanBuilder, SortExpr};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{CastMode, DataType, Expr};
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};
use super::names::column_at;
use super::relations::builder_build;
use super::type_sql::type_sql;
use super::unpivot::wider_type;
use super::{Resolver, casts, output};
use crate::error::from_datafusion;
use crate::types::{arrow_to_spark, spark_to_arrow};

impl Resolver<'_> {
    /// Resolves a transpose over an already resolved input.
    pub(super) async fn transpose(
        &mut self,
        input: LogicalPlan,
        index_columns: &[Expr],
    ) -> Result<LogicalPlan> {
        let schema = Arc::clone(input.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids);
        let index = match index_columns.first() {
            Some(e) => scope.resolve(e)?,
            None => {
                if schema.fields().is_empty() {
                    return Err(SparkError::unsupported(
                        "transpose of a DataFrame without columns",
                    ));
                }
                let c = column_at(&schema, 0);
                Named::new(c, schema.field(0).name().clone())
            }
        };
        let index_expr = index.expr.clone().unalias();
        let index_type = arrow_to_spark(&scope.data_type(&index_expr)?)?;
        if matches!(
            index_type,
            DataType::Array { .. } | DataType::Map { .. } | DataType::Struct(_) | DataType::Variant
        ) {
            return Err(invalid_index(&index_type));
        }
        let others: Vec<(usize, String)> = (0..schema.fields().len())
            .filter(|i| column_at(&schema, *i) != index_expr)
            .map(|i| (i, schema.field(i).name().clone()))
            .collect();
        let mut common: Option<DataType> = None;
        for (i, _) in &others {
            let t = arrow_to_spark(schema.field(*i).data_type())?;
            common = Some(match common {
                None => t,
                Some(acc) => wider_type(&acc, &t).ok_or_else(|| no_common_type(&acc, &t))?,
            });
        }
        let common = common.unwrap_or_else(|| index_type.clone());
        let target = spark_to_arrow(&common, &self.conf.time_zone)?;
        let name =
            casts::resolve_cast(&scope, index.clone(), &DataType::String, CastMode::Default)?;
        let mut exprs = vec![name.expr.unalias().alias("__transpose_name")];
        for (n, (i, _)) in others.iter().enumerate() {
            let c = column_at(&schema, *i);
            let from = schema.field(*i).data_type();
            let cast = casts::cast_expr(c, from, &target, self.conf.ansi)?;
            exprs.push(cast.alias(format!("__transpose_v{n}")));
        }
        let max = self.conf.transpose_max_values;
        let plan = builder_build(
            LogicalPlanBuilder::from(input)
                .filter(index_expr.clone().is_not_null())
                .and_then(|b| b.sort(vec![SortExpr::new(index_expr.clone(), true, true)]))
                .and_then(|b| b.limit(0, Some(max.saturating_add(1))))
                .and_then(|b| b.project(exprs)),
        )?;
        let out_schema = Arc::new(plan.schema().as_arrow().clone());
        let batches = self
            .ctx
            .execute_logical_plan(plan)
            .await
            .map_err(from_datafusion)?
            .collect()
            .await
            .map_err(from_datafusion)?;
        let batch = concat_batches(&out_schema, &batches).map_err(|e| from_datafusion(e.into()))?;
        if batch.num_rows() > max {
            return Err(too_many_rows(max));
        }
        let names = datafusion::arrow::compute::cast(batch.column(0), &ArrowType::Utf8)
            .map_err(|e| from_datafusion(e.into()))?;
        let names = names.as_string::<i32>();
        let mut fields = vec![Field::new("key", ArrowType::Utf8, false)];
        let mut columns: Vec<ArrayRef> = vec![Arc::new(StringArray::from_iter_values(
            others.iter().map(|(_, n)| n.as_str()),
        ))];
        let mut out_names = vec!["key".to_string()];
        for row in 0..batch.num_rows() {
            let values = (0..others.len())
                .map(|n| ScalarValue::try_from_array(batch.column(n + 1), row))
                .collect::<datafusion::common::Result<Vec<_>>>()
                .map_err(from_datafusion)?;
            let array = if values.is_empty() {
                datafusion::arrow::array::new_empty_array(&target)
            } else {
                ScalarValue::iter_to_array(values).map_err(from_datafusion)?
            };
            fields.push(Field::new(format!("c{row}"), target.clone(), true));
            columns.push(array);
            out_names.push(if names.is_null(row) {
                "null".to_string()
            } else {
                names.value(row).to_string()
            });
        }
        let table_schema = Arc::new(Schema::new(fields));
        let table = RecordBatch::try_new(Arc::clone(&table_schema), columns)
            .map_err(|e| from_datafusion(e.into()))?;
        let mem = MemTable::try_new(Arc::clone(&table_schema), vec![vec![table]])
            .map_err(from_datafusion)?;
        let qualifier = self.internal_name("transpose");
        let scan = builder_build(LogicalPlanBuilder::scan(
            qualifier.as_str(),
            provider_as_source(Arc::new(mem)),
            None,
        ))?;
        let items = table_schema
            .fields()
            .iter()
            .zip(out_names)
            .map(|(f, n)| {
                Named::new(
                    DfExpr::Column(Column::new(Some(qualifier.as_str()), f.name())),
                    n,
                )
            })
            .collect();
        output::project(scan, items)
    }
}

fn invalid_index(t: &DataType) -> SparkError {
    let reason = format!(
        "Index column must be of atomic type, but found: {}",
        type_sql(t)
    );
    SparkError::with_class(
        ExceptionKind::Analysis,
        "TRANSPOSE_INVALID_INDEX_COLUMN",
        "42804",
        format!("Invalid index column for TRANSPOSE because: {reason}"),
    )
    .param("reason", reason)
}

fn no_common_type(left: &DataType, right: &DataType) -> SparkError {
    let (l, r) = (type_sql(left), type_sql(right));
    SparkError::with_class(
        ExceptionKind::Analysis,
        "TRANSPOSE_NO_LEAST_COMMON_TYPE",
        "42K09",
        format!(
            "Transpose requires non-index columns to share a least common type, but \"{l}\" and \"{r}\" do not."
        ),
    )
    .param("leftType", format!("\"{l}\""))
    .param("rightType", format!("\"{r}\""))
}

fn too_many_rows(max: usize) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "TRANSPOSE_EXCEED_ROW_LIMIT",
        "54006",
        format!(
            "Number of rows exceeds the allowed limit of {max} for TRANSPOSE. If this was intended, set spark.sql.transposeMaxValues to at least the current row count."
        ),
    )
    .param("maxValues", max.to_string())
    .param("config", "spark.sql.transposeMaxValues")
}
