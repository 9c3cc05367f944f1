//! Result batches of catalog commands, with Spark's column names, types and nullability.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, BooleanArray, ListBuilder, RecordBatch, StringArray, StringBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use sabot_common::{Result, SparkError};

/// A column of a result.
pub enum Col {
    /// Strings; `nullable` as Spark declares the column.
    Str(&'static str, bool, Vec<Option<String>>),
    Bool(&'static str, bool, Vec<Option<bool>>),
    /// `array<string>` (e.g. a table's namespace).
    StrList(&'static str, bool, Vec<Option<Vec<String>>>),
}

/// A batch of columns.
pub fn batch(cols: Vec<Col>) -> Result<RecordBatch> {
    let mut fields = Vec::with_capacity(cols.len());
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(cols.len());
    for c in cols {
        match c {
            Col::Str(name, nullable, values) => {
                fields.push(Field::new(name, DataType::Utf8, nullable));
                arrays.push(Arc::new(StringArray::from(values)));
            }
            Col::Bool(name, nullable, values) => {
                fields.push(Field::new(name, DataType::Boolean, nullable));
                arrays.push(Arc::new(BooleanArray::from(values)));
            }
            Col::StrList(name, nullable, values) => {
                let mut b = ListBuilder::new(StringBuilder::new());
                for v in values {
                    match v {
                        Some(items) => {
                            for i in items {
                                b.values().append_value(i);
                            }
                            b.append(true);
                        }
                        None => b.append(false),
                    }
                }
                let array = b.finish();
                fields.push(Field::new(name, array.data_type().clone(), nullable));
                arrays.push(Arc::new(array));
            }
        }
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
        .map_err(|e| SparkError::internal(e.to_string()))
}

/// The empty result of a command without output.
pub fn empty() -> RecordBatch {
    RecordBatch::new_empty(Arc::new(Schema::empty()))
}

/// Rows of string columns, all non-null but the ones marked nullable.
pub fn string_rows(
    names: &[(&'static str, bool)],
    rows: Vec<Vec<Option<String>>>,
) -> Result<RecordBatch> {
    let cols = names
        .iter()
        .enumerate()
        .map(|(i, (name, nullable))| {
            Col::Str(name, *nullable, rows.iter().map(|r| r[i].clone()).collect())
        })
        .collect();
    batch(cols)
}

/// A logical plan over one batch (a result streamed like a query's).
pub fn batch_plan(batch: RecordBatch) -> Result<datafusion::logical_expr::LogicalPlan> {
    let schema = batch.schema();
    let table = datafusion::datasource::MemTable::try_new(schema, vec![vec![batch]])
        .map_err(sabot_plan::from_datafusion)?;
    datafusion::logical_expr::LogicalPlanBuilder::scan(
        "__catalog",
        datafusion::datasource::provider_as_source(Arc::new(table)),
        None,
    )
    .and_then(|b| b.build())
    .map_err(sabot_plan::from_datafusion)
}
