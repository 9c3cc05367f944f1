//! Higher-order functions evaluated by Sabot's own DataFusion higher-order UDFs:
//! `aggregate`/`reduce` (Spark's `ArrayAggregate`, with or without a finish lambda),
//! `array_sort` with a comparator (`ArraySort`) and `map_zip_with` (`MapZipWith`). Each
//! lambda parameter becomes a DataFusion lambda parameter of the type Spark gives it.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType as ArrowType, Field};
use datafusion::logical_expr::Expr as DfExpr;
use datafusion::logical_expr::expr::{HigherOrderFunction, Lambda, LambdaVariable};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{Expr, UNNAMED_LAMBDA_VARIABLE};
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};

/// Whether `name` is handled here (with a lambda argument).
pub(crate) fn handles(name: &str) -> bool {
    matches!(name, "aggregate" | "reduce" | "array_sort" | "map_zip_with")
}

/// A resolved lambda: its DataFusion form and its body's Spark name.
struct Resolved {
    lambda: DfExpr,
    params: Vec<String>,
    body: Named,
    body_type: ArrowType,
    arity: usize,
}

/// Resolves `lambda` with its parameters typed `types`.
fn lambda(scope: &Scope<'_>, lambda: &Expr, types: &[ArrowType], fname: &str) -> Result<Resolved> {
    let Expr::Lambda { params, body } = lambda else {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
            "42K09",
            format!(
                "Cannot resolve \"{fname}\" due to data type mismatch: a lambda function is expected."
            ),
        ));
    };
    if params.len() != types.len() {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH",
            "42K0D",
            format!(
                "Invalid lambda function call. A higher order function expects {} arguments, but got {}.",
                types.len(),
                params.len()
            ),
        )
        .param("expectedNumArgs", types.len().to_string())
        .param("actualNumArgs", params.len().to_string()));
    }
    let mut vars: Vec<(String, DfExpr)> = scope.lambda_vars.to_vec();
    for (p, t) in params.iter().zip(types) {
        let field = Arc::new(Field::new(p.as_str(), t.clone(), true));
        vars.push((
            p.clone(),
            DfExpr::LambdaVariable(LambdaVariable::new(p.clone(), Some(field))),
        ));
    }
    let inner = Scope {
        schema: scope.schema,
        conf: scope.conf,
        plan_ids: scope.plan_ids,
        aliases: scope.aliases,
        outer: scope.outer,
        subqueries: scope.subqueries,
        lambda_vars: &vars,
    };
    let body = inner.resolve(body)?;
    let body_type = inner.data_type(&body.expr)?;
    let lambda = DfExpr::Lambda(Lambda::new(params.clone(), body.expr.clone().unalias()));
    Ok(Resolved {
        lambda,
        params: params.clone(),
        body,
        body_type,
        arity: params.len(),
    })
}

/// An identity lambda of one parameter of type `t`.
fn identity(t: &ArrowType) -> Resolved {
    let name = "__sabot_acc".to_string();
    let field = Arc::new(Field::new(name.as_str(), t.clone(), true));
    let var = DfExpr::LambdaVariable(LambdaVariable::new(name.clone(), Some(field)));
    Resolved {
        lambda: DfExpr::Lambda(Lambda::new(vec![name.clone()], var.clone())),
        params: vec![name],
        body: Named::new(var, UNNAMED_LAMBDA_VARIABLE.to_string()),
        body_type: t.clone(),
        arity: 1,
    }
}

/// Spark's `lambdafunction(body, v1, v2)` rendering.
fn shown(r: &Resolved) -> String {
    let vars = vec![UNNAMED_LAMBDA_VARIABLE; r.arity].join(", ");
    format!("lambdafunction({}, {vars})", r.body.name)
}

fn mismatch(fname: &str, detail: String) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        "42K09",
        format!("Cannot resolve \"{fname}\" due to data type mismatch: {detail}."),
    )
}

fn element(scope: &Scope<'_>, e: &Named, fname: &str) -> Result<ArrowType> {
    match scope.data_type(&e.expr)? {
        ArrowType::List(f) | ArrowType::LargeList(f) => Ok(f.data_type().clone()),
        other => Err(mismatch(
            fname,
            format!(
                "the first parameter requires the \"ARRAY\" type, however \"{}\" has the type {other}",
                e.name
            ),
        )),
    }
}

fn map_types(scope: &Scope<'_>, e: &Named, fname: &str) -> Result<(ArrowType, ArrowType)> {
    if let ArrowType::Map(f, _) = scope.data_type(&e.expr)?
        && let ArrowType::Struct(kv) = f.data_type()
        && kv.len() == 2
    {
        return Ok((kv[0].data_type().clone(), kv[1].data_type().clone()));
    }
    Err(mismatch(fname, format!("\"{}\" must be a map", e.name)))
}

fn call(func: Arc<datafusion::logical_expr::HigherOrderUDF>, args: Vec<DfExpr>) -> DfExpr {
    DfExpr::HigherOrderFunction(HigherOrderFunction::new(func, args))
}

/// Resolves one of the functions of [`handles`].
pub(crate) fn resolve(scope: &Scope<'_>, name: &str, args: &[Expr]) -> Result<Named> {
    match name {
        "aggregate" | "reduce" => {
            let (array, zero, merge, finish) = match args {
                [a, z, m] => (a, z, m, None),
                [a, z, m, f] => (a, z, m, Some(f)),
                _ => {
                    return Err(sabot_functions::errors::wrong_num_args(
                        name,
                        "[3, 4]",
                        args.len(),
                    ));
                }
            };
            let array = scope.resolve(array)?;
            let el = element(scope, &array, name)?;
            let zero = scope.resolve(zero)?;
            let acc = scope.data_type(&zero.expr)?;
            let mut merge = lambda(scope, merge, &[acc.clone(), el], name)?;
            if merge.body_type == ArrowType::Null {
                // A NULL merge result is a NULL of the accumulator's type.
                let body = DfExpr::Cast(datafusion::logical_expr::Cast::new(
                    Box::new(merge.body.expr.clone().unalias()),
                    acc.clone(),
                ));
                merge.lambda = DfExpr::Lambda(Lambda::new(merge.params.clone(), body));
                merge.body_type = acc.clone();
            }
            if merge.body_type != acc {
                return Err(mismatch(
                    name,
                    format!(
                        "the merge function must return the type of the initial value ({acc}), but it returns {}",
                        merge.body_type
                    ),
                ));
            }
            let finish = match finish {
                Some(f) => lambda(scope, f, std::slice::from_ref(&acc), name)?,
                None => identity(&acc),
            };
            let text = format!(
                "{name}({}, {}, {}, {})",
                array.name,
                zero.name,
                shown(&merge),
                shown(&finish)
            );
            let expr = call(
                sabot_functions::aggregate_function(),
                vec![
                    array.expr.unalias(),
                    zero.expr.unalias(),
                    merge.lambda,
                    finish.lambda,
                ],
            );
            Ok(Named::new(expr, text))
        }
        "array_sort" => {
            let [array, cmp] = args else {
                return Err(sabot_functions::errors::wrong_num_args(
                    name,
                    "[1, 2]",
                    args.len(),
                ));
            };
            let array = scope.resolve(array)?;
            let el = element(scope, &array, name)?;
            let cmp = lambda(scope, cmp, &[el.clone(), el], name)?;
            if !matches!(
                cmp.body_type,
                ArrowType::Int8 | ArrowType::Int16 | ArrowType::Int32 | ArrowType::Int64
            ) {
                return Err(mismatch(
                    name,
                    format!(
                        "the comparator must return an integer, but it returns {}",
                        cmp.body_type
                    ),
                ));
            }
            let text = format!("array_sort({}, {})", array.name, shown(&cmp));
            let expr = call(
                sabot_functions::array_sort_function(),
                vec![array.expr.unalias(), cmp.lambda],
            );
            Ok(Named::new(expr, text))
        }
        _ => {
            let [m1, m2, f] = args else {
                return Err(sabot_functions::errors::wrong_num_args(
                    name,
                    "3",
                    args.len(),
                ));
            };
            let (m1, m2) = (scope.resolve(m1)?, scope.resolve(m2)?);
            let (k1, v1) = map_types(scope, &m1, name)?;
            let (k2, v2) = map_types(scope, &m2, name)?;
            if k1 != k2 {
                return Err(mismatch(
                    name,
                    format!("the maps' key types must be the same, got {k1} and {k2}"),
                ));
            }
            let f = lambda(scope, f, &[k1, v1, v2], name)?;
            let text = format!("map_zip_with({}, {}, {})", m1.name, m2.name, shown(&f));
            let expr = call(
                sabot_functions::map_zip_with_function(),
                vec![m1.expr.unalias(), m2.expr.unalias(), f.lambda],
            );
            Ok(Named::new(expr, text))
        }
    }
}
