//! Generators in a select list (`explode`, `explode_outer`, `posexplode(_outer)`, `inline(_outer)`),
//! as Spark's `Generate`: the row is repeated for each element, the generator's output columns
//! take its place in the list. Built on DataFusion's `Unnest`.

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Column, NullHandling, UnnestOptions};
use datafusion::functions::core::expr_fn::get_field;
use datafusion::functions_nested::expr_fn::{cardinality, map_entries, range};
use datafusion::logical_expr::{
    Cast, Expr as DfExpr, LogicalPlan, LogicalPlanBuilder, Projection, col, lit,
};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::Expr;
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};
use super::names::column_at;
use super::output;
use super::relations::builder_build;
use crate::error::from_datafusion;

/// The generator functions handled here, and whether each is `_outer` / positional / inline.
fn generator_kind(name: &str) -> Option<(bool, bool, bool)> {
    Some(match name.to_ascii_lowercase().as_str() {
        "explode" => (false, false, false),
        "explode_outer" => (true, false, false),
        "posexplode" => (false, true, false),
        "posexplode_outer" => (true, true, false),
        "inline" => (false, false, true),
        "inline_outer" => (true, false, true),
        "variant_explode" => (false, false, true),
        "variant_explode_outer" => (true, false, true),
        _ => return None,
    })
}

/// `stack(n, e1, ...)`: `inline` over the rows it builds from its arguments.
fn is_stack(name: &str) -> bool {
    name.eq_ignore_ascii_case("stack")
}

/// `json_tuple(json, k1, ...)`: one output row per input row, so no unnest is needed.
fn is_json_tuple(name: &str) -> bool {
    name.eq_ignore_ascii_case("json_tuple")
}

/// A generator call found in a select list: `explode(x)` or `explode(x) AS (a, b)`.
pub(crate) struct GeneratorCall<'e> {
    name: String,
    arg: &'e Expr,
    /// All arguments (`json_tuple` takes several).
    args: &'e [Expr],
    pub aliases: Option<Vec<String>>,
}

/// The generator of a select item, if it is one (possibly aliased).
pub(crate) fn as_generator(e: &Expr) -> Option<GeneratorCall<'_>> {
    match e {
        Expr::Function { name, args, .. } if generator_kind(name).is_some() => {
            match args.as_slice() {
                [arg] => Some(GeneratorCall {
                    name: name.clone(),
                    arg,
                    args,
                    aliases: None,
                }),
                _ => None,
            }
        }
        Expr::Function { name, args, .. } if is_json_tuple(name) || is_stack(name) => {
            args.first().map(|arg| GeneratorCall {
                name: name.clone(),
                arg,
                args,
                aliases: None,
            })
        }
        Expr::Alias { expr, names, .. } => {
            let mut g = as_generator(expr)?;
            g.aliases = Some(names.clone());
            Some(g)
        }
        _ => None,
    }
}

/// Whether an expression calls a generator anywhere below its top (not allowed by Spark).
fn nested_generator(e: &Expr) -> Option<String> {
    let check = |args: &[Expr]| args.iter().find_map(top_or_nested);
    match e {
        Expr::Function { args, .. } => check(args),
        Expr::Alias { expr, .. } | Expr::Cast { expr, .. } => nested_generator(expr),
        Expr::ExtractValue { child, extraction } => {
            top_or_nested(child).or_else(|| top_or_nested(extraction))
        }
        _ => None,
    }
}

fn top_or_nested(e: &Expr) -> Option<String> {
    match e {
        Expr::Function { name, .. }
            if generator_kind(name).is_some() || is_json_tuple(name) || is_stack(name) =>
        {
            Some(name.to_ascii_lowercase())
        }
        other => nested_generator(other),
    }
}

/// One select item: resolved already, or the generator.
pub(crate) enum Item<'e> {
    Plain(Named),
    Generator(GeneratorCall<'e>),
}

/// Checks Spark's generator rules on a select list; `Ok(true)` when it has generators.
pub(crate) fn has_generator(exprs: &[&Expr]) -> Result<bool> {
    let mut found = false;
    for e in exprs {
        if as_generator(e).is_some() {
            found = true;
        } else if let Some(name) = nested_generator(e) {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS",
                "42K0E",
                format!("The generator is not supported: nested in expressions \"{name}\"."),
            )
            .param("expression", format!("\"{name}\"")));
        }
    }
    Ok(found)
}

/// Projects `items` over `input`, expanding each generator item in turn (several generators
/// give every combination of their outputs, as Spark's stacked `Generate` nodes do).
pub(crate) fn project_with_generator(
    scope: &Scope<'_>,
    input: LogicalPlan,
    items: Vec<Item<'_>>,
) -> Result<LogicalPlan> {
    let mut plan = input;
    let mut out: Vec<Named> = Vec::new();
    for (k, item) in items.into_iter().enumerate() {
        let g = match item {
            Item::Plain(n) => {
                out.push(n);
                continue;
            }
            Item::Generator(g) => g,
        };
        if is_json_tuple(&g.name) {
            out.extend(json_tuple_columns(scope, &g)?);
            continue;
        }
        let (outer, positional, inline, list, names) = if is_stack(&g.name) {
            let (list, names) = super::stack::stack_rows(scope, g.args)?;
            (false, false, true, list, names)
        } else {
            generator_list(scope, &g)?
        };
        let (gen_name, pos_name) = (format!("__gen{k}"), format!("__gen{k}_pos"));
        let schema = Arc::clone(plan.schema());
        let mut below: Vec<DfExpr> = (0..schema.fields().len())
            .map(|i| column_at(&schema, i))
            .collect();
        below.push(list.clone().alias(gen_name.as_str()));
        let mut unnest_cols = vec![Column::from_name(gen_name.as_str())];
        let mut fields: Vec<(DfExpr, String)> = Vec::new();
        if positional {
            let pos = range(lit(0i64), cardinality(list), lit(1i64));
            below.push(pos.alias(pos_name.as_str()));
            unnest_cols.push(Column::from_name(pos_name.as_str()));
            fields.push((
                DfExpr::Cast(Cast::new(
                    Box::new(col(pos_name.as_str())),
                    ArrowType::Int32,
                )),
                "pos".into(),
            ));
        }
        let element = col(gen_name.as_str());
        if names.len() == 1 && !inline {
            fields.push((element, names[0].clone()));
        } else {
            for n in &names {
                fields.push((get_field(element.clone(), n.as_str()), n.clone()));
            }
        }
        if let Some(aliases) = &g.aliases {
            if aliases.len() != fields.len() {
                return Err(alias_mismatch(fields.len(), aliases));
            }
            for (f, a) in fields.iter_mut().zip(aliases) {
                f.1 = a.clone();
            }
        }
        out.extend(fields.into_iter().map(|(e, n)| Named::new(e, n)));
        let projected = Projection::try_new(below, Arc::new(plan))
            .map(LogicalPlan::Projection)
            .map_err(from_datafusion)?;
        let options = UnnestOptions {
            null_handling: if outer {
                NullHandling::PreserveAndExpandEmpty
            } else {
                NullHandling::Drop
            },
            recursions: vec![],
        };
        plan = builder_build(
            LogicalPlanBuilder::from(projected).unnest_columns_with_options(unnest_cols, options),
        )?;
    }
    output::project(plan, out)
}

/// The list a `explode`/`posexplode`/`inline` call unnests, its output names and flavour.
fn generator_list(
    scope: &Scope<'_>,
    g: &GeneratorCall<'_>,
) -> Result<(bool, bool, bool, DfExpr, Vec<String>)> {
    let (outer, positional, inline) =
        generator_kind(&g.name).ok_or_else(|| SparkError::internal("not a generator"))?;
    let arg = scope.resolve(g.arg)?;
    let arg_type = scope.data_type(&arg.expr)?;
    let arg_expr = arg.expr.unalias();
    if g.name.to_ascii_lowercase().starts_with("variant_explode") {
        let list = variant_explode_list(&g.name, &arg.name, &arg_type, arg_expr)?;
        return Ok((outer, positional, inline, list.0, list.1));
    }
    let (list, names) = match (&arg_type, inline) {
        (ArrowType::List(_) | ArrowType::LargeList(_), false) => {
            (arg_expr, vec!["col".to_string()])
        }
        (ArrowType::Map(_, _), false) => (
            map_entries(arg_expr),
            vec!["key".to_string(), "value".to_string()],
        ),
        (ArrowType::List(f) | ArrowType::LargeList(f), true) => match f.data_type() {
            ArrowType::Struct(fields) => {
                (arg_expr, fields.iter().map(|f| f.name().clone()).collect())
            }
            _ => return Err(generator_type_error(&g.name, &arg.name, &arg_type)),
        },
        _ => return Err(generator_type_error(&g.name, &arg.name, &arg_type)),
    };
    Ok((outer, positional, inline, list, names))
}

/// `variant_explode(v)`: the `(pos, key, value)` structs of a variant (Spark's
/// `VariantExplode`), unnested like `inline`.
fn variant_explode_list(
    name: &str,
    arg: &str,
    t: &ArrowType,
    e: DfExpr,
) -> Result<(DfExpr, Vec<String>)> {
    let e = match t {
        ArrowType::Null => DfExpr::Cast(Cast::new(
            Box::new(e),
            sabot_functions::variant::arrow_type(),
        )),
        t if sabot_functions::variant::is_variant(t) => e,
        _ => {
            let actual = crate::types::arrow_to_spark(t)
                .map(|t| super::type_sql::type_sql(&t))
                .unwrap_or_else(|_| t.to_string());
            let sql = format!("\"{}({arg})\"", name.to_ascii_lowercase());
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
                "42K09",
                format!(
                    "Cannot resolve {sql} due to data type mismatch: The first parameter requires the \"VARIANT\" type, however \"{arg}\" has the type \"{actual}\"."
                ),
            )
            .param("sqlExpr", sql)
            .param("paramIndex", "first")
            .param("requiredType", "\"VARIANT\"")
            .param("inputSql", format!("\"{arg}\""))
            .param("inputType", format!("\"{actual}\"")));
        }
    };
    let names = sabot_functions::variant::EXPLODE_COLUMNS
        .iter()
        .map(|s| s.to_string())
        .collect();
    Ok((sabot_functions::variant::explode_entries(e), names))
}

/// The columns `c0, c1, ...` (or the aliases) of a `json_tuple` call: the fields of the
/// struct its registry entry builds.
fn json_tuple_columns(scope: &Scope<'_>, g: &GeneratorCall<'_>) -> Result<Vec<Named>> {
    let entry = sabot_functions::lookup("json_tuple")
        .ok_or_else(|| SparkError::internal("json_tuple is not registered"))?;
    let args = g
        .args
        .iter()
        .map(|a| scope.resolve(a).map(|n| n.expr))
        .collect::<Result<Vec<_>>>()?;
    let n = args.len().saturating_sub(1);
    let tuple = (entry.build)(args, false, &scope.function_context())?;
    let mut names = sabot_functions::json_tuple_output_names(n);
    if let Some(aliases) = &g.aliases {
        if aliases.len() != names.len() {
            return Err(alias_mismatch(names.len(), aliases));
        }
        names.clone_from(aliases);
    }
    Ok(sabot_functions::json_tuple_output_names(n)
        .into_iter()
        .zip(names)
        .map(|(field, name)| Named::new(get_field(tuple.clone(), field.as_str()), name))
        .collect())
}

/// `UDTF_ALIAS_NUMBER_MISMATCH`.
fn alias_mismatch(expected: usize, aliases: &[String]) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UDTF_ALIAS_NUMBER_MISMATCH",
        "42802",
        format!(
            "The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF. Expected {expected} aliases, but got {}.",
            aliases.join(", ")
        ),
    )
    .param("aliasesSize", expected.to_string())
    .param("aliasesNames", aliases.join(", "))
}

/// Spark's `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` for a generator argument.
fn generator_type_error(name: &str, arg: &str, t: &ArrowType) -> SparkError {
    let actual = crate::types::arrow_to_spark(t)
        .map(|t| super::type_sql::type_sql(&t))
        .unwrap_or_else(|_| t.to_string());
    let required = if name.to_ascii_lowercase().starts_with("inline") {
        "\"ARRAY<STRUCT>\""
    } else {
        "(\"ARRAY\" or \"MAP\")"
    };
    let sql = format!("\"{}({arg})\"", name.to_ascii_lowercase());
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        "42K09",
        format!(
            "Cannot resolve {sql} due to data type mismatch: The first parameter requires the {required} type, however \"{arg}\" has the type \"{actual}\"."
        ),
    )
    .param("sqlExpr", sql)
    .param("paramIndex", "first")
    .param("requiredType", required)
    .param("inputSql", format!("\"{arg}\""))
    .param("inputType", format!("\"{actual}\""))
}
