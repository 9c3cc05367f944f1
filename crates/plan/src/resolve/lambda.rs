//! Higher-order functions with lambda arguments (`transform`, `filter`, `exists`, `forall`), as
//! Spark's `ArrayTransform`, `ArrayFilter`, `ArrayExists` and `ArrayForAll`, on DataFusion's
//! higher-order functions. The lambda's variables get the array's element type, so its body is
//! resolved with Spark's function semantics like any other expression.

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::functions::core::expr_fn::get_field;
use datafusion::functions_nested::expr_fn::{
    array_any_match, array_filter, array_transform, arrays_zip, cardinality, map_entries, range,
};
use datafusion::logical_expr::expr::{Lambda, LambdaVariable};
use datafusion::logical_expr::{Cast, Expr as DfExpr, lit};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{Expr, UNNAMED_LAMBDA_VARIABLE};
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};

/// The higher-order functions handled here.
fn is_higher_order(name: &str) -> bool {
    matches!(
        name,
        "transform"
            | "filter"
            | "exists"
            | "forall"
            | "zip_with"
            | "map_filter"
            | "transform_keys"
            | "transform_values"
    )
}

/// Whether a call has a lambda argument (a higher-order call).
pub(crate) fn is_lambda_call(args: &[Expr]) -> bool {
    args.iter().any(|a| matches!(a, Expr::Lambda { .. }))
}

/// A variable as Spark shows it in column names: `NamedLambdaVariable` renders as
/// `namedlambdavariable()` whether the lambda came from a client or from SQL text.
fn display(_name: &str) -> String {
    UNNAMED_LAMBDA_VARIABLE.to_string()
}

/// A lambda variable in scope.
pub(crate) fn variable(scope: &Scope<'_>, name: &str) -> Result<Named> {
    let found = scope
        .lambda_vars
        .iter()
        .rev()
        .find(|(n, _)| n.eq_ignore_ascii_case(name));
    match found {
        Some((n, expr)) => Ok(Named::new(expr.clone(), display(n))),
        None => Err(SparkError::invalid_plan(format!(
            "The lambda variable {name} is used outside of its lambda function"
        ))),
    }
}

/// `transform(arr, x -> ...)`, `filter(arr, x -> ...)`, `exists(...)`, `forall(...)`.
pub(crate) fn resolve_higher_order(scope: &Scope<'_>, name: &str, args: &[Expr]) -> Result<Named> {
    let lower = name.to_ascii_lowercase();
    if super::lambda_fold::handles(&lower) {
        return super::lambda_fold::resolve(scope, &lower, args);
    }
    if !is_higher_order(&lower) {
        return Err(SparkError::unsupported(format!(
            "the higher-order function {name}"
        )));
    }
    if lower == "zip_with" {
        return zip_with(scope, args);
    }
    if lower.starts_with("map_") || lower.starts_with("transform_") {
        return map_function(scope, &lower, args);
    }
    let [array, Expr::Lambda { params, body }] = args else {
        return Err(wrong_num_args(&lower, 2, args.len()));
    };
    let array = scope.resolve(array)?;
    let element = match scope.data_type(&array.expr)? {
        ArrowType::List(f) | ArrowType::LargeList(f) => f,
        other => {
            let actual = crate::types::arrow_to_spark(&other)
                .map(|t| super::type_sql::type_sql(&t))
                .unwrap_or_else(|_| other.to_string());
            let sql = format!("\"{lower}({}, lambdafunction(...))\"", array.name);
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
                "42K09",
                format!(
                    "Cannot resolve {sql} due to data type mismatch: The first parameter requires the \"ARRAY\" type, however \"{}\" has the type \"{actual}\".",
                    array.name
                ),
            )
            .param("sqlExpr", sql)
            .param("paramIndex", "first")
            .param("requiredType", "\"ARRAY\"")
            .param("inputSql", format!("\"{}\"", array.name))
            .param("inputType", format!("\"{actual}\"")));
        }
    };
    let list = array.expr.unalias();
    // With an index parameter (`(x, i) -> ...`, transform and filter only), the lambda runs over
    // `arrays_zip(arr, sequence(0, size - 1))`: `x` is the pair's first field, `i` the second.
    let (list, element, indexed) = match params.as_slice() {
        [_] => (list, element, false),
        [_, _] if matches!(lower.as_str(), "transform" | "filter") => {
            let positions = range(lit(0i64), cardinality(list.clone()), lit(1i64));
            let zipped = arrays_zip(vec![list, positions]);
            let zipped_type = scope.data_type(&zipped)?;
            let (ArrowType::List(f) | ArrowType::LargeList(f)) = zipped_type else {
                return Err(SparkError::internal("arrays_zip did not return a list"));
            };
            (zipped, f, true)
        }
        _ => {
            return Err(SparkError::unsupported(format!(
                "{lower} with a lambda of {} arguments",
                params.len()
            )));
        }
    };
    let var_name = params.join("|");
    let var = DfExpr::LambdaVariable(LambdaVariable::new(
        var_name.clone(),
        Some(Arc::clone(&element)),
    ));
    let mut vars: Vec<(String, DfExpr)> = scope.lambda_vars.to_vec();
    if indexed {
        vars.push((params[0].clone(), get_field(var.clone(), "1")));
        vars.push((
            params[1].clone(),
            DfExpr::Cast(Cast::new(
                Box::new(get_field(var.clone(), "2")),
                ArrowType::Int32,
            )),
        ));
    } else {
        vars.push((params[0].clone(), var.clone()));
    }
    let inner = Scope {
        lambda_vars: &vars,
        ..Scope::new(scope.schema, scope.conf, scope.plan_ids)
    };
    let body = inner.resolve(body)?;
    let body_type = inner.data_type(&body.expr)?;
    if lower != "transform" && body_type != ArrowType::Boolean {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
            "42K09",
            format!(
                "Cannot resolve \"{lower}\" due to data type mismatch: The second parameter requires the \"BOOLEAN\" type."
            ),
        ));
    }
    let lambda = |body: DfExpr| DfExpr::Lambda(Lambda::new(vec![var_name.clone()], body));
    let body_expr = body.expr.unalias();
    let expr = match lower.as_str() {
        "transform" => array_transform(list, lambda(body_expr)),
        "filter" if indexed => {
            // Keep the pairs, then take their elements back out.
            let kept = array_filter(list, lambda(body_expr));
            array_transform(kept, lambda(get_field(var.clone(), "1")))
        }
        "filter" => array_filter(list, lambda(body_expr)),
        "exists" => array_any_match(list, lambda(body_expr)),
        // forall: no element fails, with Spark's NULL when some are unknown.
        _ => !array_any_match(list, lambda(!body_expr)),
    };
    let shown = params
        .iter()
        .map(|p| display(p))
        .collect::<Vec<_>>()
        .join(", ");
    let name = format!(
        "{lower}({}, lambdafunction({}, {shown}))",
        array.name, body.name
    );
    Ok(Named::new(expr, name))
}

/// `zip_with(a, b, (x, y) -> ...)` (Spark's `ZipWith`): the lambda over the pairs of
/// `arrays_zip(a, b)`, the shorter array padded with NULLs.
fn zip_with(scope: &Scope<'_>, args: &[Expr]) -> Result<Named> {
    let [a, b, Expr::Lambda { params, body }] = args else {
        return Err(wrong_num_args("zip_with", 3, args.len()));
    };
    let [x, y] = params.as_slice() else {
        return Err(SparkError::unsupported(format!(
            "zip_with with a lambda of {} arguments",
            params.len()
        )));
    };
    let (a, b) = (scope.resolve(a)?, scope.resolve(b)?);
    for side in [&a, &b] {
        if !matches!(
            scope.data_type(&side.expr)?,
            ArrowType::List(_) | ArrowType::LargeList(_)
        ) {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
                "42K09",
                format!(
                    "Cannot resolve \"zip_with\" due to data type mismatch: \"{}\" must be an array.",
                    side.name
                ),
            ));
        }
    }
    let zipped = arrays_zip(vec![a.expr.clone().unalias(), b.expr.clone().unalias()]);
    // A NULL array gives NULL, not an array of pairs with one side NULL.
    let either_null = a
        .expr
        .clone()
        .unalias()
        .is_null()
        .or(b.expr.clone().unalias().is_null());
    let (ArrowType::List(element) | ArrowType::LargeList(element)) = scope.data_type(&zipped)?
    else {
        return Err(SparkError::internal("arrays_zip did not return a list"));
    };
    let var_name = format!("{x}|{y}");
    let var = DfExpr::LambdaVariable(LambdaVariable::new(var_name.clone(), Some(element)));
    let mut vars: Vec<(String, DfExpr)> = scope.lambda_vars.to_vec();
    vars.push((x.clone(), get_field(var.clone(), "1")));
    vars.push((y.clone(), get_field(var, "2")));
    let inner = Scope {
        lambda_vars: &vars,
        ..Scope::new(scope.schema, scope.conf, scope.plan_ids)
    };
    let body = inner.resolve(body)?;
    let transformed = array_transform(
        zipped,
        DfExpr::Lambda(Lambda::new(vec![var_name], body.expr.unalias())),
    );
    let result_type = scope.data_type(&transformed)?;
    let null = datafusion::common::ScalarValue::try_from(&result_type)
        .map_err(crate::error::from_datafusion)?;
    let expr = datafusion::logical_expr::when(either_null, DfExpr::Literal(null, None))
        .otherwise(transformed)
        .map_err(crate::error::from_datafusion)?;
    let name = format!(
        "zip_with({}, {}, lambdafunction({}, {}, {}))",
        a.name,
        b.name,
        body.name,
        display(x),
        display(y)
    );
    Ok(Named::new(expr, name))
}

/// `map_filter`, `transform_keys`, `transform_values` (Spark's `MapFilter`, `TransformKeys`,
/// `TransformValues`): the lambda `(k, v) -> ...` over `map_entries(m)`, and the map rebuilt
/// from the resulting keys and values.
fn map_function(scope: &Scope<'_>, lower: &str, args: &[Expr]) -> Result<Named> {
    let [map, Expr::Lambda { params, body }] = args else {
        return Err(wrong_num_args(lower, 2, args.len()));
    };
    let [k, v] = params.as_slice() else {
        return Err(SparkError::unsupported(format!(
            "{lower} with a lambda of {} arguments",
            params.len()
        )));
    };
    let map = scope.resolve(map)?;
    if !matches!(scope.data_type(&map.expr)?, ArrowType::Map(_, _)) {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
            "42K09",
            format!(
                "Cannot resolve \"{lower}\" due to data type mismatch: The first parameter requires the \"MAP\" type, however \"{}\" is not a map.",
                map.name
            ),
        ));
    }
    let m = map.expr.clone().unalias();
    let entries = map_entries(m.clone());
    let (ArrowType::List(entry) | ArrowType::LargeList(entry)) = scope.data_type(&entries)? else {
        return Err(SparkError::internal("map_entries did not return a list"));
    };
    let ArrowType::Struct(kv) = entry.data_type() else {
        return Err(SparkError::internal("map entries are not structs"));
    };
    let (key_name, value_name) = match kv.iter().map(|f| f.name().clone()).collect::<Vec<_>>()[..] {
        [ref a, ref b] => (a.clone(), b.clone()),
        _ => return Err(SparkError::internal("map entries are not pairs")),
    };
    let var_name = format!("{k}|{v}");
    let var = DfExpr::LambdaVariable(LambdaVariable::new(
        var_name.clone(),
        Some(Arc::clone(&entry)),
    ));
    let key = get_field(var.clone(), key_name.as_str());
    let value = get_field(var.clone(), value_name.as_str());
    let mut vars: Vec<(String, DfExpr)> = scope.lambda_vars.to_vec();
    vars.push((k.clone(), key.clone()));
    vars.push((v.clone(), value.clone()));
    let inner = Scope {
        lambda_vars: &vars,
        ..Scope::new(scope.schema, scope.conf, scope.plan_ids)
    };
    let body = inner.resolve(body)?;
    let body_expr = body.expr.unalias();
    let lambda = |e: DfExpr| DfExpr::Lambda(Lambda::new(vec![var_name.clone()], e));
    let (keys, values) = match lower {
        "map_filter" => {
            if inner.data_type(&body_expr)? != ArrowType::Boolean {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
                    "42K09",
                    "Cannot resolve \"map_filter\" due to data type mismatch: The second parameter requires the \"BOOLEAN\" type.".to_string(),
                ));
            }
            let kept = array_filter(entries, lambda(body_expr));
            (
                array_transform(kept.clone(), lambda(key)),
                array_transform(kept, lambda(value)),
            )
        }
        "transform_keys" => (
            array_transform(entries.clone(), lambda(body_expr)),
            array_transform(entries, lambda(value)),
        ),
        _ => (
            array_transform(entries.clone(), lambda(key)),
            array_transform(entries, lambda(body_expr)),
        ),
    };
    let rebuilt = DfExpr::ScalarFunction(datafusion::logical_expr::expr::ScalarFunction::new_udf(
        datafusion::functions_nested::map::map_udf(),
        vec![keys, values],
    ));
    let result_type = scope.data_type(&rebuilt)?;
    let null = datafusion::common::ScalarValue::try_from(&result_type)
        .map_err(crate::error::from_datafusion)?;
    let expr = datafusion::logical_expr::when(m.is_null(), DfExpr::Literal(null, None))
        .otherwise(rebuilt)
        .map_err(crate::error::from_datafusion)?;
    let name = format!(
        "{lower}({}, lambdafunction({}, {}, {}))",
        map.name,
        body.name,
        display(k),
        display(v)
    );
    Ok(Named::new(expr, name))
}

/// Spark's `WRONG_NUM_ARGS.WITHOUT_SUGGESTION` for a higher-order function.
fn wrong_num_args(name: &str, expected: usize, actual: usize) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
        "42605",
        format!("The `{name}` requires {expected} parameters but the actual number is {actual}."),
    )
    .param("functionName", format!("`{name}`"))
    .param("expectedNum", expected.to_string())
    .param("actualNum", actual.to_string())
}
