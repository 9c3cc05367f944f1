//! [`Expr::UpdateFields`] (`withField` / `dropFields`), mirroring Spark's `UpdateFields`,
//! `WithField` and `DropField`: the struct is rebuilt field by field (`named_struct`), a
//! `WithField` replaces every field of that name or appends one, a `DropField` removes every
//! field of that name; a NULL struct stays NULL. A nested path (`a.b`) updates field `a` with
//! an update of `a` itself, as `UpdateFields.updateFieldsHelper` builds it.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::functions::core::expr_fn::{get_field, named_struct};
use datafusion::logical_expr::{Expr as DfExpr, lit, when};
use sabot_common::error::{ExceptionKind, quote_identifier};
use sabot_common::spec::{Expr, FieldOp};
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};
use super::names::name_eq;
use super::type_sql::type_sql;
use crate::error::from_datafusion;
use crate::types::arrow_to_spark;

/// One field of the struct being rebuilt: its name and value.
type Field = (String, DfExpr);

pub(crate) fn resolve_update_fields(
    scope: &Scope<'_>,
    struct_expr: &Expr,
    ops: &[FieldOp],
) -> Result<Named> {
    let base = scope.resolve(struct_expr)?;
    let base = Named::new(base.expr.unalias(), base.name);
    update(scope, base, ops)
}

/// Applies `ops` to the resolved struct `base`.
fn update(scope: &Scope<'_>, base: Named, ops: &[FieldOp]) -> Result<Named> {
    let mut op_names = Vec::with_capacity(ops.len());
    let mut fields = match scope.data_type(&base.expr)? {
        ArrowType::Struct(fs) => fs
            .iter()
            .map(|f| {
                (
                    f.name().clone(),
                    get_field(base.expr.clone(), f.name().as_str()),
                )
            })
            .collect::<Vec<Field>>(),
        other => {
            let sql = format!(
                "update_fields({}, {})",
                base.name,
                ops.iter()
                    .map(op_placeholder)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let type_name = type_sql(&arrow_to_spark(&other)?);
            return Err(crate_error_unexpected_type(&sql, &base.name, &type_name));
        }
    };
    for op in ops {
        op_names.push(apply(scope, &base, &mut fields, op)?);
    }
    let display = format!("update_fields({}, {})", base.name, op_names.join(", "));
    if fields.is_empty() {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS",
            "42K09",
            format!("Cannot resolve \"{display}\" due to data type mismatch: Cannot drop all fields in struct."),
        )
        .param("sqlExpr", format!("\"{display}\"")));
    }
    let pairs = fields
        .into_iter()
        .flat_map(|(name, value)| [lit(name), value])
        .collect();
    let rebuilt = when(base.expr.clone().is_not_null(), named_struct(pairs))
        .end()
        .map_err(from_datafusion)?;
    Ok(Named::new(rebuilt, display))
}

/// Applies one operation; returns its part of the column name (`WithField(v)`, `dropfield()`).
fn apply(scope: &Scope<'_>, base: &Named, fields: &mut Vec<Field>, op: &FieldOp) -> Result<String> {
    let (path, value) = match op {
        FieldOp::With { path, value } => (path, Some(value)),
        FieldOp::Drop { path } => (path, None),
    };
    let Some((head, rest)) = path.split_first() else {
        return Err(SparkError::invalid_plan(
            "UpdateFields with an empty field path",
        ));
    };
    if rest.is_empty() {
        return Ok(match value {
            Some(v) => {
                let v = scope.resolve(v)?;
                let v = Named::new(v.expr.unalias(), v.name);
                with_field(scope, fields, head, v.expr);
                format!("WithField({})", v.name)
            }
            None => {
                fields.retain(|(n, _)| !name_eq(scope.conf, n, head));
                "dropfield()".to_string()
            }
        });
    }
    // A nested path: the (last) field named `head` is updated with the rest of the path.
    let Some((found_name, current)) = fields
        .iter()
        .rev()
        .find(|(n, _)| name_eq(scope.conf, n, head))
        .cloned()
    else {
        let names = fields
            .iter()
            .map(|(n, _)| quote_identifier(n))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "FIELD_NOT_FOUND",
            "42704",
            format!(
                "No such struct field {} in {names}.",
                quote_identifier(head)
            ),
        )
        .param("fieldName", quote_identifier(head))
        .param("fields", names));
    };
    let inner_op = match value {
        Some(v) => FieldOp::With {
            path: rest.to_vec(),
            value: v.clone(),
        },
        None => FieldOp::Drop {
            path: rest.to_vec(),
        },
    };
    let inner = Named::new(current, format!("{}.{found_name}", base.name));
    let updated = update(scope, inner, std::slice::from_ref(&inner_op))?;
    with_field(scope, fields, head, updated.expr);
    Ok(format!("WithField({})", updated.name))
}

/// Spark's `WithField`: replaces every field named `name` (taking the new spelling), or
/// appends it.
fn with_field(scope: &Scope<'_>, fields: &mut Vec<Field>, name: &str, value: DfExpr) {
    let mut replaced = false;
    for (n, v) in fields.iter_mut() {
        if name_eq(scope.conf, n, name) {
            *n = name.to_string();
            *v = value.clone();
            replaced = true;
        }
    }
    if !replaced {
        fields.push((name.to_string(), value));
    }
}

fn op_placeholder(op: &FieldOp) -> String {
    match op {
        FieldOp::With { .. } => "WithField(...)".to_string(),
        FieldOp::Drop { .. } => "dropfield()".to_string(),
    }
}

/// `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` for a non-struct input.
fn crate_error_unexpected_type(sql: &str, input: &str, input_type: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        "42K09",
        format!(
            "Cannot resolve \"{sql}\" due to data type mismatch: The first parameter requires the \"STRUCT\" type, however \"{input}\" has the type \"{input_type}\"."
        ),
    )
    .param("sqlExpr", format!("\"{sql}\""))
    .param("paramIndex", "first")
    .param("requiredType", "\"STRUCT\"")
    .param("inputSql", format!("\"{input}\""))
    .param("inputType", format!("\"{input_type}\""))
}
