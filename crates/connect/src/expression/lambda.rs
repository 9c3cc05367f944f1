//! Lambda functions (`transform(arr, x -> x + 1)`) and the variables used in their bodies.

use sabot_common::spec::{Expr, Literal, UNNAMED_LAMBDA_VARIABLE};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::expression::{LambdaFunction, UnresolvedNamedLambdaVariable};

use super::required;

pub(super) fn lambda_function(l: &LambdaFunction) -> Result<Expr> {
    if l.arguments.is_empty() || l.arguments.len() > 3 {
        return Err(SparkError::invalid_plan(format!(
            "LambdaFunction requires 1 ~ 3 arguments, but got {} ones!",
            l.arguments.len()
        )));
    }
    let params = l
        .arguments
        .iter()
        .map(|v| match v.name_parts.as_slice() {
            [name] => Ok(connect_variable(name)),
            parts => Err(SparkError::invalid_plan(format!(
                "A lambda parameter must have one name part, got {parts:?}"
            ))),
        })
        .collect::<Result<_>>()?;
    Ok(Expr::Lambda {
        params,
        body: Box::new(required(l.function.as_deref(), "lambda function body")?),
    })
}

/// `x` is the variable; `x.a.b` extracts fields `a` then `b` from it, as Spark resolves a
/// multi-part `UnresolvedNamedLambdaVariable`.
pub(super) fn lambda_variable(v: &UnresolvedNamedLambdaVariable) -> Result<Expr> {
    let Some((first, fields)) = v.name_parts.split_first() else {
        return Err(SparkError::invalid_plan("Lambda variable without a name"));
    };
    Ok(fields.iter().fold(
        Expr::LambdaVariable(connect_variable(first)),
        |child, field| Expr::ExtractValue {
            child: Box::new(child),
            extraction: Box::new(Expr::Literal(Literal::String(field.clone()))),
        },
    ))
}

/// A client's variable name, marked as one Spark shows as `namedlambdavariable()`.
fn connect_variable(name: &str) -> String {
    format!("{UNNAMED_LAMBDA_VARIABLE}#{name}")
}
