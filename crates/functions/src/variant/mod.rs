//! Spark's VARIANT type and its functions (`parse_json`, `variant_get`, `schema_of_variant`,
//! ...). A variant column is an Arrow struct of two non-null binaries, `value` and `metadata`
//! (tagged `variant: true`), exactly as Spark's `ArrowUtils` sends `VariantType` to clients, so
//! results need no conversion and PySpark rebuilds `VariantVal`s from them.

pub(crate) mod cast;
pub(crate) mod encoding;
mod explode;
pub(crate) mod from_arrow;
mod is_valid_variant;
mod is_variant_null;
pub(crate) mod parse_json;
mod path;
pub(crate) mod row_udf;
mod schema_of_variant;
pub(crate) mod schema_of_variant_agg;
pub(crate) mod to_json;
mod to_variant_object;
pub(crate) mod variant_get;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BinaryBuilder, StructArray};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::compute::cast as arrow_cast;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Fields};
use datafusion::common::{DataFusionError, Result as DfResult};

use crate::{FunctionEntry, FunctionKind, display_call, scalar};
use datafusion::logical_expr::Expr as DfExpr;
use encoding::VariantRef;
use sabot_common::Result;

pub use explode::{COLUMNS as EXPLODE_COLUMNS, explode_entries};

/// The metadata key (on the `metadata` child) that marks a struct as a variant.
pub const VARIANT_TAG: &str = "variant";

/// The Arrow type of a variant column.
pub fn arrow_type() -> ArrowType {
    ArrowType::Struct(fields())
}

fn fields() -> Fields {
    Fields::from(vec![
        Field::new("value", ArrowType::Binary, false),
        Field::new("metadata", ArrowType::Binary, false).with_metadata(HashMap::from([(
            VARIANT_TAG.to_string(),
            "true".to_string(),
        )])),
    ])
}

/// Whether an Arrow type is a variant (a struct with `value` and a tagged `metadata` child,
/// PySpark's `is_variant`).
pub fn is_variant(t: &ArrowType) -> bool {
    let ArrowType::Struct(fs) = t else {
        return false;
    };
    fs.iter().any(|f| f.name() == "value")
        && fs.iter().any(|f| {
            f.name() == "metadata"
                && f.metadata().get(VARIANT_TAG).map(String::as_str) == Some("true")
        })
}

/// A variant array from per-row (value, metadata) pairs; `None` rows are SQL NULLs.
pub(crate) fn build_array(rows: Vec<Option<(Vec<u8>, Vec<u8>)>>) -> DfResult<ArrayRef> {
    let mut values = BinaryBuilder::new();
    let mut metas = BinaryBuilder::new();
    let mut valid = Vec::with_capacity(rows.len());
    for r in &rows {
        match r {
            Some((v, m)) => {
                values.append_value(v);
                metas.append_value(m);
                valid.push(true);
            }
            None => {
                // The children are non-null: a NULL row holds empty binaries under the mask.
                values.append_value([]);
                metas.append_value([]);
                valid.push(false);
            }
        }
    }
    let nulls = valid.iter().any(|v| !v).then(|| NullBuffer::from(valid));
    let arr = StructArray::try_new(
        fields(),
        vec![Arc::new(values.finish()), Arc::new(metas.finish())],
        nulls,
    )?;
    Ok(Arc::new(arr))
}

/// The (value, metadata) binary children of a variant array.
pub(crate) struct VariantColumn {
    values: ArrayRef,
    metas: ArrayRef,
    nulls: Option<NullBuffer>,
}

impl VariantColumn {
    pub(crate) fn new(a: &dyn Array) -> DfResult<Self> {
        let s = a.as_struct_opt().ok_or_else(|| {
            DataFusionError::Internal(format!("expected a variant, got {}", a.data_type()))
        })?;
        let child = |name: &str| -> DfResult<ArrayRef> {
            let c = s.column_by_name(name).ok_or_else(|| {
                DataFusionError::Internal(format!("variant without a {name} field"))
            })?;
            Ok(if c.data_type() == &ArrowType::Binary {
                Arc::clone(c)
            } else {
                arrow_cast(c, &ArrowType::Binary)?
            })
        };
        Ok(Self {
            values: child("value")?,
            metas: child("metadata")?,
            nulls: s.logical_nulls(),
        })
    }

    /// Row `i`, `None` if NULL.
    pub(crate) fn get(&self, i: usize) -> Option<VariantRef<'_>> {
        if self.nulls.as_ref().is_some_and(|n| n.is_null(i)) {
            return None;
        }
        let v = self.values.as_binary::<i32>();
        let m = self.metas.as_binary::<i32>();
        if v.is_null(i) || m.is_null(i) {
            return None;
        }
        Some(VariantRef::new(v.value(i), m.value(i)))
    }
}

/// `MALFORMED_VARIANT` (Spark's `QueryExecutionErrors.malformedVariant`).
pub(crate) fn malformed() -> DataFusionError {
    crate::errors::to_df(sabot_common::SparkError::with_class(
        sabot_common::error::ExceptionKind::Runtime,
        "MALFORMED_VARIANT",
        "22023",
        "Variant binary is malformed. Please check the data source is valid.",
    ))
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    // The `v:path` operator (the SQL parser's semi-structured extraction), not callable by name.
    scalar(":", variant_get::build_colon, display_colon),
    scalar("is_valid_variant", is_valid_variant::build, display_call),
    scalar("is_variant_null", is_variant_null::build, display_call),
    scalar("parse_json", parse_json::build, display_call),
    scalar("schema_of_variant", schema_of_variant::build, display_call),
    FunctionEntry {
        name: "schema_of_variant_agg",
        kind: FunctionKind::Aggregate,
        build: schema_of_variant_agg::build,
        display: display_call,
    },
    scalar("to_variant_object", to_variant_object::build, display_call),
    scalar("try_parse_json", parse_json::build_try, display_call),
    scalar("try_variant_get", variant_get::build_try, display_two),
    scalar("variant_get", variant_get::build, display_two),
];

/// `v:[0]` is named like the `variant_get` call it stands for.
fn display_colon(_: &str, args: &[String], distinct: bool) -> String {
    display_call("variant_get", args, distinct)
}

/// `variant_get(v, path)`: Spark does not show the target type.
fn display_two(name: &str, args: &[String], distinct: bool) -> String {
    display_call(name, &args[..args.len().min(2)], distinct)
}

/// `CAST(e AS t)` when `from` or `target` is a variant (Spark's `Cast` over `VariantGet.cast`
/// and `castToVariant`); `None` when neither is. `fail` is false for `TRY_CAST`; a failed cast
/// from a variant raises `INVALID_VARIANT_CAST` whatever the ANSI mode. `call_sql` is the
/// cast's SQL for errors.
pub fn variant_cast(
    e: DfExpr,
    from: &ArrowType,
    target: &ArrowType,
    fail: bool,
    zone: &str,
    call_sql: &str,
) -> Option<Result<DfExpr>> {
    let (fv, tv) = (is_variant(from), is_variant(target));
    if fv && tv {
        return Some(Ok(e));
    }
    if fv {
        return Some(variant_get::cast_call(e, target, fail, zone));
    }
    if tv {
        if !from_arrow::convertible(from, false) {
            return Some(Err(to_variant_object::cast_without_suggestion(
                call_sql, from,
            )));
        }
        return Some(Ok(from_arrow::call("spark_cast_to_variant", e)));
    }
    None
}

/// Row `i` of a variant array as JSON (`Variant.toJson`), e.g. inside `to_json` of a struct.
pub(crate) fn json_at(a: &dyn Array, i: usize, zone: &str) -> DfResult<String> {
    let col = VariantColumn::new(a)?;
    let v = col.get(i).ok_or_else(malformed)?;
    encoding::to_json(&v, zone).map_err(|_| malformed())
}

/// Row `i` of a variant array as `show()` and casts of arrays/structs to string print it
/// (Spark's `castToString` of a variant: its JSON, `null` for a variant null); `None` for NULL.
pub fn string_at(a: &dyn Array, i: usize, zone: &str) -> DfResult<Option<String>> {
    let col = VariantColumn::new(a)?;
    let Some(v) = col.get(i) else {
        return Ok(None);
    };
    encoding::to_json(&v, zone)
        .map(Some)
        .map_err(|_| malformed())
}

/// A variant array cast to strings (see [`string_at`]).
pub fn cast_strings(a: &dyn Array, zone: &str) -> DfResult<ArrayRef> {
    let out = (0..a.len())
        .map(|i| string_at(a, i, zone))
        .collect::<DfResult<Vec<_>>>()?;
    Ok(Arc::new(datafusion::arrow::array::StringArray::from(out)))
}

/// A parsed JSON value as a variant cell for `from_json` (`None` on a duplicate key).
pub(crate) fn json_cell(v: &crate::json::value::Json) -> Option<crate::json::cells::Cell> {
    use crate::json::cells::Cell;
    let (value, meta) = encoding::json_value(v).ok()?;
    Some(Cell::Struct(vec![Cell::Bin(value), Cell::Bin(meta)]))
}

/// The variant column of `from_json` cells ([`json_cell`]s or NULLs).
pub(crate) fn cells_array(cells: &[&crate::json::cells::Cell]) -> DfResult<ArrayRef> {
    use crate::json::cells::Cell;
    let rows = cells
        .iter()
        .map(|c| match c {
            Cell::Struct(parts) => match parts.as_slice() {
                [Cell::Bin(v), Cell::Bin(m)] => Some((v.clone(), m.clone())),
                _ => None,
            },
            _ => None,
        })
        .collect();
    build_array(rows)
}

/// Spark's `GROUP_EXPRESSION_TYPE_IS_NOT_ORDERABLE` for a variant grouping key.
pub fn check_group_key(name: &str, t: &ArrowType) -> Result<()> {
    if !is_variant(t) {
        return Ok(());
    }
    Err(sabot_common::SparkError::with_class(
        sabot_common::error::ExceptionKind::Analysis,
        "GROUP_EXPRESSION_TYPE_IS_NOT_ORDERABLE",
        "42822",
        format!(
            "The expression \"{name}\" cannot be used as a grouping expression because its data type \"VARIANT\" is not an orderable data type."
        ),
    )
    .param("sqlExpr", format!("\"{name}\""))
    .param("dataType", "\"VARIANT\""))
}

/// Spark's `DATATYPE_MISMATCH.INVALID_ORDERING_TYPE` for a variant sort key.
pub fn check_sort_key(t: &ArrowType) -> Result<()> {
    if !is_variant(t) {
        return Ok(());
    }
    Err(sabot_common::SparkError::with_class(
        sabot_common::error::ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE",
        "42K09",
        "Cannot resolve the sort order due to data type mismatch: The `sortorder` does not support ordering on type \"VARIANT\".",
    )
    .param("functionName", "`sortorder`")
    .param("dataType", "\"VARIANT\""))
}

/// Spark's `UNSUPPORTED_FEATURE.SET_OPERATION_ON_VARIANT_TYPE` for `DISTINCT` over a variant.
pub fn check_distinct_column(name: &str, t: &ArrowType) -> Result<()> {
    if !is_variant(t) {
        return Ok(());
    }
    Err(sabot_common::SparkError::with_class(
        sabot_common::error::ExceptionKind::Analysis,
        "UNSUPPORTED_FEATURE.SET_OPERATION_ON_VARIANT_TYPE",
        "0A000",
        format!(
            "The feature is not supported: Cannot have VARIANT type columns in a set operation (INTERSECT, EXCEPT, etc.), but the type of column `{name}` is \"VARIANT\"."
        ),
    )
    .param("colName", format!("`{name}`"))
    .param("dataType", "\"VARIANT\""))
}

/// `to_json` of a variant: Spark's `Variant.toJson` in the session zone.
pub(crate) fn to_json_call(e: DfExpr, zone: &str) -> DfExpr {
    to_json::call(e, zone)
}
