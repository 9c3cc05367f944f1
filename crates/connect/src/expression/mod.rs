//! Connect `Expression` -> spec [`Expr`]; mirrors Spark's `SparkConnectPlanner.transformExpression`.
//!
//! - this file: the dispatch over expression kinds and the simple kinds;
//! - [`cast`]: casts and their eval modes;
//! - [`sort`]: sort keys (`SortOrder`);
//! - [`window`]: window expressions and frames;
//! - [`lambda`]: lambda functions and their variables;
//! - [`update_fields`]: `withField` / `dropFields`;
//! - [`regex`]: the patterns of `df.colRegex`.

mod cast;
mod lambda;
mod regex;
mod sort;
#[cfg(test)]
mod tests;
mod update_fields;
mod window;

use sabot_common::spec::{Expr, SubqueryKind};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::Expression;
use spark_connect_proto::connect::expression::{self as pexpr, ExprType};

use crate::literal::literal_from_proto;

pub(crate) use sort::sort_order_from_proto;

/// Converts a Connect expression.
pub fn expression_to_expr(e: &Expression) -> Result<Expr> {
    let Some(kind) = &e.expr_type else {
        return Err(SparkError::invalid_plan("Expression without a type"));
    };
    match kind {
        ExprType::Literal(l) => Ok(Expr::Literal(literal_from_proto(l)?)),
        ExprType::UnresolvedAttribute(a) => attribute(a),
        ExprType::UnresolvedFunction(f) => {
            if f.is_user_defined_function {
                return Err(SparkError::unsupported(format!(
                    "user-defined function '{}'",
                    f.function_name
                )));
            }
            function(&f.function_name, &f.arguments, f.is_distinct)
        }
        ExprType::CallFunction(f) => function(&f.function_name, &f.arguments, false),
        ExprType::ExpressionString(s) => sabot_sql::parse_expression(&s.expression),
        ExprType::UnresolvedStar(s) => star(s),
        ExprType::Alias(a) => alias(a),
        ExprType::Cast(c) => cast::cast(c),
        ExprType::SortOrder(s) => Ok(Expr::SortOrder(Box::new(sort_order_from_proto(s)?))),
        ExprType::Window(w) => window::window(w),
        ExprType::UnresolvedExtractValue(x) => Ok(Expr::ExtractValue {
            child: Box::new(required(x.child.as_deref(), "extract value child")?),
            extraction: Box::new(required(
                x.extraction.as_deref(),
                "extract value extraction",
            )?),
        }),
        ExprType::LambdaFunction(l) => lambda::lambda_function(l),
        ExprType::UnresolvedNamedLambdaVariable(v) => lambda::lambda_variable(v),
        ExprType::UnresolvedRegex(r) => regex::unresolved_regex(r),
        ExprType::UpdateFields(u) => update_fields::update_fields(u),
        ExprType::CommonInlineUserDefinedFunction(_) => {
            unsupported("common_inline_user_defined_function")
        }
        ExprType::NamedArgumentExpression(n) => Ok(Expr::NamedArgument {
            key: n.key.clone(),
            value: Box::new(required(n.value.as_deref(), "named argument value")?),
        }),
        ExprType::MergeAction(_) => unsupported("merge_action"),
        ExprType::TypedAggregateExpression(_) => unsupported("typed_aggregate_expression"),
        ExprType::SubqueryExpression(s) => subquery(s),
        ExprType::DirectShufflePartitionId(_) => unsupported("direct_shuffle_partition_id"),
        ExprType::Extension(_) => unsupported("extension"),
    }
}

fn unsupported(kind: &str) -> Result<Expr> {
    Err(SparkError::unsupported(format!(
        "Spark Connect expression '{kind}'"
    )))
}

/// A required sub-expression.
pub(crate) fn required(e: Option<&Expression>, what: &str) -> Result<Expr> {
    match e {
        Some(e) => expression_to_expr(e),
        None => Err(SparkError::invalid_plan(format!("Missing {what}"))),
    }
}

pub(crate) fn expressions(es: &[Expression]) -> Result<Vec<Expr>> {
    es.iter().map(expression_to_expr).collect()
}

fn attribute(a: &pexpr::UnresolvedAttribute) -> Result<Expr> {
    if a.is_metadata_column == Some(true) {
        return Err(SparkError::unsupported(format!(
            "metadata column '{}'",
            a.unparsed_identifier
        )));
    }
    Ok(Expr::Column {
        name: sabot_sql::parse_multipart_identifier(&a.unparsed_identifier)?,
        plan_id: a.plan_id,
    })
}

fn function(name: &str, args: &[Expression], distinct: bool) -> Result<Expr> {
    if name.is_empty() {
        return Err(SparkError::invalid_plan("Function call without a name"));
    }
    Ok(Expr::Function {
        name: name.to_string(),
        args: expressions(args)?,
        distinct,
        filter: None,
    })
}

/// `*`, or `target.*` where the target is a multi-part name (`` `a.b`.* `` -> `["a.b"]`).
fn star(s: &pexpr::UnresolvedStar) -> Result<Expr> {
    let target = match &s.unparsed_target {
        None => None,
        Some(t) => {
            let Some(prefix) = t.strip_suffix(".*") else {
                return Err(SparkError::invalid_plan(format!(
                    "UnresolvedStar requires a unparsed target ending with '.*', but got {t}."
                )));
            };
            Some(sabot_sql::parse_multipart_identifier(prefix)?)
        }
    };
    Ok(Expr::Star {
        target,
        plan_id: s.plan_id,
    })
}

fn alias(a: &pexpr::Alias) -> Result<Expr> {
    if a.name.is_empty() {
        return Err(SparkError::invalid_plan("Alias without a name"));
    }
    // Spark allows metadata only on a single-name alias.
    if a.metadata.is_some() && a.name.len() != 1 {
        return Err(SparkError::invalid_plan(
            "Alias expressions with more than 1 identifier must not use optional metadata.",
        ));
    }
    Ok(Expr::Alias {
        expr: Box::new(required(a.expr.as_deref(), "alias expression")?),
        names: a.name.clone(),
        metadata: a.metadata.clone(),
    })
}

/// `df.scalar()`, `df.exists()`, `col.isin(df)`: the relation comes from the enclosing
/// `WithRelations` by plan id.
fn subquery(s: &spark_connect_proto::connect::SubqueryExpression) -> Result<Expr> {
    use spark_connect_proto::connect::subquery_expression::SubqueryType;
    let kind = match SubqueryType::try_from(s.subquery_type) {
        Ok(SubqueryType::Scalar) => SubqueryKind::Scalar,
        Ok(SubqueryType::Exists) => SubqueryKind::Exists,
        Ok(SubqueryType::In) => SubqueryKind::In(expressions(&s.in_subquery_values)?),
        Ok(SubqueryType::TableArg) => {
            return Err(SparkError::unsupported("table arguments (df.asTable())"));
        }
        _ => {
            return Err(SparkError::invalid_plan(format!(
                "Unknown subquery type {}",
                s.subquery_type
            )));
        }
    };
    Ok(Expr::Subquery {
        plan: Box::new(crate::relation::with_relations::referenced(s.plan_id)?),
        kind,
    })
}
