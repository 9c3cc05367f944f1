//! `child[extraction]` (Spark's `UnresolvedExtractValue` -> `GetArrayItem` / `GetMapValue` /
//! `GetStructField`): 0-based array index, map key, struct field by name.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::functions::core::expr_fn::get_field;
use datafusion::functions_nested::expr_fn::{array_element, map_extract};
use datafusion::logical_expr::{Expr as DfExpr, lit, when};
use sabot_common::spec::{Expr, Literal};
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};
use super::names::name_eq;

fn is_integral(t: &ArrowType) -> bool {
    matches!(
        t,
        ArrowType::Int8 | ArrowType::Int16 | ArrowType::Int32 | ArrowType::Int64
    )
}

/// Field `name` of a struct expression, NULL when the struct is NULL (Spark's
/// `GetStructField`). DataFusion's `get_field` returns the child array as stored, whose slots
/// under a NULL struct hold arbitrary (typically zero) values.
pub(crate) fn struct_field(scope: &Scope<'_>, base: DfExpr, name: &str) -> Result<DfExpr> {
    use datafusion::logical_expr::ExprSchemable;
    let nullable = base
        .nullable(scope.schema)
        .map_err(crate::error::from_datafusion)?;
    let field = get_field(base.clone(), name);
    if !nullable {
        return Ok(field);
    }
    when(base.is_not_null(), field)
        .end()
        .map_err(crate::error::from_datafusion)
}

/// Resolves `child[extraction]` for a resolved child.
pub(crate) fn resolve_extract(scope: &Scope<'_>, child: Named, extraction: &Expr) -> Result<Named> {
    let child_type = scope.data_type(&child.expr)?;
    match child_type {
        ArrowType::Struct(fields) => {
            let Expr::Literal(Literal::String(field)) = extraction else {
                return Err(SparkError::with_class(
                    sabot_common::error::ExceptionKind::Analysis,
                    "INVALID_EXTRACT_FIELD_TYPE",
                    "42000",
                    "Field name should be a non-null string literal.",
                ));
            };
            let found: Vec<_> = fields
                .iter()
                .filter(|f| name_eq(scope.conf, f.name(), field))
                .collect();
            let [f] = found.as_slice() else {
                return Err(SparkError::with_class(
                    sabot_common::error::ExceptionKind::Analysis,
                    "FIELD_NOT_FOUND",
                    "42704",
                    format!("No such struct field `{field}`."),
                )
                .param("fieldName", format!("`{field}`")));
            };
            let name = format!("{}.{}", child.name, f.name());
            Ok(Named::new(
                struct_field(scope, child.expr.unalias(), f.name())?,
                name,
            ))
        }
        ArrowType::List(_) | ArrowType::LargeList(_) => {
            let index = scope.resolve(extraction)?;
            let name = format!("{}[{}]", child.name, index.name);
            let index_type = scope.data_type(&index.expr)?;
            if !is_integral(&index_type) && index_type != ArrowType::Null {
                let input_type = crate::types::arrow_to_spark(&index_type)
                    .map(|t| super::type_sql::type_sql(&t))
                    .unwrap_or_else(|_| index_type.to_string());
                return Err(SparkError::with_class(
                    sabot_common::error::ExceptionKind::Analysis,
                    "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
                    "42K09",
                    format!(
                        "Cannot resolve \"{name}\" due to data type mismatch: The second parameter requires the \"INTEGRAL\" type, however \"{}\" has the type \"{input_type}\".",
                        index.name
                    ),
                )
                .param("sqlExpr", format!("\"{name}\""))
                .param("paramIndex", "second")
                .param("requiredType", "\"INTEGRAL\"")
                .param("inputSql", format!("\"{}\"", index.name))
                .param("inputType", format!("\"{input_type}\"")));
            }
            // Spark's `GetArrayItem`: 0-based, out of range is NULL or an ANSI error.
            Ok(Named::new(
                sabot_functions::array_item(
                    child.expr.unalias(),
                    index.expr.unalias(),
                    scope.conf.ansi,
                ),
                name,
            ))
        }
        ArrowType::Map(..) => {
            let key = scope.resolve(extraction)?;
            let name = format!("{}[{}]", child.name, key.name);
            let values = map_extract(child.expr.unalias(), key.expr.unalias());
            Ok(Named::new(array_element(values, lit(1i64)), name))
        }
        other => Err(SparkError::with_class(
            sabot_common::error::ExceptionKind::Analysis,
            "INVALID_EXTRACT_BASE_FIELD_TYPE",
            "42000",
            format!(
                "Can't extract a value from \"{}\". Need a complex type [STRUCT, ARRAY, MAP] but got \"{other}\".",
                child.name
            ),
        )),
    }
}
