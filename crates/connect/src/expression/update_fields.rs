//! `UpdateFields` (`Column.withField` / `Column.dropFields`) -> [`Expr::UpdateFields`].
//! Mirrors Spark's `UpdateFields.apply`: the field name is a multi-part path, and an update of
//! an update appends its operation to the same list (so chained `withField` calls are one
//! `update_fields(...)`, also in the column name).

use sabot_common::spec::{Expr, FieldOp};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::expression as pexpr;

use super::{expression_to_expr, required};

pub(super) fn update_fields(u: &pexpr::UpdateFields) -> Result<Expr> {
    let struct_expr = required(u.struct_expression.as_deref(), "update fields struct")?;
    if u.field_name.is_empty() {
        return Err(SparkError::invalid_plan(
            "UpdateFields without a field name",
        ));
    }
    let path = sabot_sql::parse_multipart_identifier(&u.field_name)?;
    let op = match u.value_expression.as_deref() {
        Some(v) => FieldOp::With {
            path,
            value: expression_to_expr(v)?,
        },
        None => FieldOp::Drop { path },
    };
    Ok(match struct_expr {
        Expr::UpdateFields {
            struct_expr,
            mut ops,
        } => {
            ops.push(op);
            Expr::UpdateFields { struct_expr, ops }
        }
        other => Expr::UpdateFields {
            struct_expr: Box::new(other),
            ops: vec![op],
        },
    })
}
