//! Column and star resolution against an input schema, as Spark's `LogicalPlan.resolve` does:
//! qualified matches (`t.a`) first, then by column name with the rest as struct fields (`s.f`),
//! case-insensitive unless `spark.sql.caseSensitive`, `plan_id` to pick among duplicates.
//!
//! Qualifiers whose table name starts with `__` are Sabot's own (unique names for duplicate
//! columns, internal scans): they never match a user's qualifier and are not shown.

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Column, DFSchema, TableReference};
use datafusion::logical_expr::{Expr as DfExpr, ExprSchemable};
use sabot_common::error::quote_identifier;
use sabot_common::{Result, SparkError};

use super::PlanConfig;
use super::expressions::{Named, Scope};

/// Whether two identifiers are the same name under the session's case sensitivity.
pub(crate) fn name_eq(conf: &PlanConfig, a: &str, b: &str) -> bool {
    if conf.case_sensitive {
        a == b
    } else {
        a.eq_ignore_ascii_case(b)
    }
}

/// Whether a qualifier is one of Sabot's internal ones.
pub(crate) fn is_hidden(q: &TableReference) -> bool {
    q.table().starts_with("__")
}

/// Whether `parts` (e.g. `["t"]`, `["db", "t"]`) name the relation of `qualifier`.
fn qualifier_matches(
    conf: &PlanConfig,
    qualifier: Option<&TableReference>,
    parts: &[String],
) -> bool {
    let Some(q) = qualifier else { return false };
    if is_hidden(q) {
        return false;
    }
    let own: Vec<&str> = match q {
        TableReference::Bare { table } => vec![table],
        TableReference::Partial { schema, table } => vec![schema, table],
        TableReference::Full {
            catalog,
            schema,
            table,
        } => vec![catalog, schema, table],
    };
    parts.len() <= own.len()
        && own[own.len() - parts.len()..]
            .iter()
            .zip(parts)
            .all(|(a, b)| name_eq(conf, a, b))
}

/// A column reference to field `i` of `schema`, keeping its qualifier.
pub(crate) fn column_at(schema: &DFSchema, i: usize) -> DfExpr {
    let (q, f) = schema.qualified_field(i);
    DfExpr::Column(Column::new(q.cloned(), f.name()))
}

/// The input's columns as Spark shows them in suggestions (`t.a`, or `a`).
pub(crate) fn visible_names(schema: &DFSchema) -> Vec<String> {
    schema
        .iter()
        .map(|(q, f)| match q {
            Some(q) if !is_hidden(q) => format!("{}.{}", q.table(), f.name()),
            _ => f.name().clone(),
        })
        .collect()
}

/// `UNRESOLVED_COLUMN` with Spark's suggestions: the closest input names first (Spark's
/// `StringUtils.orderSuggestedIdentifiersBySimilarity`), at most five.
pub(crate) fn unresolved(name: &[String], schema: &DFSchema) -> SparkError {
    let full = name.join(".");
    let mut candidates = visible_names(schema);
    candidates.sort_by_key(|c| {
        let last = c.rsplit('.').next().unwrap_or(c);
        let base = if name.len() == 1 { last } else { c.as_str() };
        levenshtein(base, &full)
    });
    candidates.truncate(5);
    SparkError::unresolved_column(&full, &candidates)
}

/// `AMBIGUOUS_REFERENCE` (Spark's `QueryCompilationErrors.ambiguousReferenceError`).
pub(crate) fn ambiguous(
    name: &[String],
    matches: &[(Option<TableReference>, String)],
) -> SparkError {
    let full = quote_identifier(&name.join("."));
    let refs = matches
        .iter()
        .map(|(q, n)| match q {
            Some(q) if !is_hidden(q) => {
                format!("{}.{}", quote_identifier(q.table()), quote_identifier(n))
            }
            _ => quote_identifier(n),
        })
        .collect::<Vec<_>>()
        .join(", ");
    SparkError::with_class(
        sabot_common::error::ExceptionKind::Analysis,
        "AMBIGUOUS_REFERENCE",
        "42704",
        format!("Reference {full} is ambiguous, could be: [{refs}]."),
    )
    .param("name", full)
    .param("referenceNames", format!("[{refs}]"))
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The indexes of the columns `name` can refer to, with the parts left over as struct fields.
fn candidates(scope: &Scope<'_>, name: &[String]) -> (Vec<usize>, usize) {
    let schema = scope.schema;
    // Qualified first: `db.t.a`, then `t.a` (Spark's `matchWithTwoOrOneQualifierParts`).
    for q_len in (1..name.len()).rev().filter(|n| *n <= 3) {
        let (qual, rest) = name.split_at(q_len);
        let found: Vec<usize> = schema
            .iter()
            .enumerate()
            .filter(|(_, (q, f))| {
                qualifier_matches(scope.conf, *q, qual) && name_eq(scope.conf, f.name(), &rest[0])
            })
            .map(|(i, _)| i)
            .collect();
        if !found.is_empty() {
            return (found, q_len + 1);
        }
    }
    let found = schema
        .iter()
        .enumerate()
        .filter(|(_, (_, f))| name_eq(scope.conf, f.name(), &name[0]))
        .map(|(i, _)| i)
        .collect();
    (found, 1)
}

/// Marks a plan id's recorded schema as appearing on both sides of a join (`df.join(df, ...)`):
/// a `df["a"]` reference to it cannot say which side it means.
pub(crate) const AMBIGUOUS_PLAN_ID: &str = "sabot.ambiguous_plan_id";

/// Narrows duplicate matches to the columns of the relation with `plan_id` (`df["a"]`).
fn pick_by_plan_id(
    scope: &Scope<'_>,
    found: Vec<usize>,
    plan_id: Option<i64>,
    name: &[String],
) -> Result<Vec<usize>> {
    let Some(target) = plan_id.and_then(|id| scope.plan_ids.get(&id)) else {
        return Ok(found);
    };
    if target.metadata().contains_key(AMBIGUOUS_PLAN_ID) {
        // Spark's `QueryCompilationErrors.ambiguousColumnReferences`.
        let n = name.join(".");
        return Err(SparkError::with_class(
            sabot_common::error::ExceptionKind::Analysis,
            "AMBIGUOUS_COLUMN_REFERENCE",
            "42702",
            format!(
                "Column \"{n}\" is ambiguous. It's because you joined several DataFrame together, and some of these DataFrames are the same.\nThis column points to one of the DataFrames but Spark is unable to figure out which one.\nPlease alias the DataFrames with different names via `DataFrame.alias` before joining them,\nand specify the column using qualified name, e.g. `df.alias(\"a\").join(df.alias(\"b\"), col(\"a.id\") > col(\"b.id\"))`."
            ),
        )
        .param("name", format!("\"{n}\"")));
    }
    let picked: Vec<usize> = found
        .iter()
        .copied()
        .filter(|i| {
            let (q, f) = scope.schema.qualified_field(*i);
            target.has_column(&Column::new(q.cloned(), f.name()))
        })
        .collect();
    Ok(if picked.is_empty() { found } else { picked })
}

/// Resolves a (possibly qualified, possibly nested) column name.
pub(crate) fn resolve_column(
    scope: &Scope<'_>,
    name: &[String],
    plan_id: Option<i64>,
) -> Result<Named> {
    if name.is_empty() {
        return Err(SparkError::invalid_plan(
            "a column reference without a name",
        ));
    }
    let (found, used) = candidates(scope, name);
    let found = pick_by_plan_id(scope, found, plan_id, name)?;
    match found.as_slice() {
        [] => {
            if name.len() == 1 {
                let alias = scope
                    .aliases
                    .iter()
                    .filter(|(n, _)| name_eq(scope.conf, n, &name[0]))
                    .collect::<Vec<_>>();
                if let [(n, e)] = alias.as_slice() {
                    return Ok(Named::new(e.clone(), n.clone()));
                }
            }
            // In a subquery: a name of an enclosing query's input (a correlation).
            for (i, outer) in scope.outer.iter().enumerate().rev() {
                let outer_scope = Scope {
                    outer: &scope.outer[..i],
                    ..Scope::new(outer, scope.conf, scope.plan_ids)
                };
                if let Ok(found) = resolve_column(&outer_scope, name, plan_id) {
                    let expr = super::subquery::to_outer_reference(found.expr, outer)?;
                    return Ok(Named::new(expr, found.name));
                }
            }
            // grammar area: a session variable, when no column has the name (Spark resolves
            // columns first).
            if let Some(var) = variable(scope, name) {
                return Ok(var);
            }
            // readers: `_metadata` of the file scans below (answered once the plan is resolved).
            if let Some((base, t)) = super::read::metadata::metadata_column(scope.conf, &name[0]) {
                return access_fields(scope, base, &t, &name[1..], name);
            }
            Err(unresolved(name, scope.schema))
        }
        [i] => {
            let (_, field) = scope.schema.qualified_field(*i);
            // Spark names the output as the user wrote it (`col("ID")` over `id` is `ID`):
            // `LogicalPlan.resolve` re-aliases the attribute with the written name part.
            let written = name
                .get(used.saturating_sub(1))
                .cloned()
                .unwrap_or_else(|| field.name().clone());
            let base = Named::new(column_at(scope.schema, *i), written.clone());
            let fields = &name[used..];
            let mut out = access_fields(scope, base, field.data_type(), fields, name)?;
            if !fields.is_empty() {
                // Inside other expressions the whole path shows: `upper(s.a)`.
                let mut sql = vec![written];
                sql.extend(fields.iter().cloned());
                out.sql = Some(sql.join("."));
            }
            Ok(out)
        }
        many => Err(ambiguous(
            name,
            &many
                .iter()
                .map(|i| {
                    let (q, f) = scope.schema.qualified_field(*i);
                    (q.cloned(), f.name().clone())
                })
                .collect::<Vec<_>>(),
        )),
    }
}

/// Applies `.f.g` struct field accesses, matching field names by the session's case rules.
fn access_fields(
    scope: &Scope<'_>,
    mut current: Named,
    data_type: &ArrowType,
    fields: &[String],
    full: &[String],
) -> Result<Named> {
    let mut data_type = data_type.clone();
    for part in fields {
        // `m.k` on a map is the value of key "k", named `k` (Spark's `ExtractValue` with the
        // name part as a string key).
        if matches!(data_type, ArrowType::Map(..)) {
            let key = sabot_common::spec::Expr::Literal(sabot_common::spec::Literal::String(
                part.clone(),
            ));
            let value = super::extract::resolve_extract(scope, current, &key)?;
            data_type = scope.data_type(&value.expr)?;
            current = Named::new(value.expr, part.clone());
            continue;
        }
        let ArrowType::Struct(children) = &data_type else {
            return Err(unresolved(full, scope.schema));
        };
        let matching: Vec<_> = children
            .iter()
            .filter(|c| name_eq(scope.conf, c.name(), part))
            .collect();
        let child = match matching.as_slice() {
            [c] => Arc::clone(c),
            [] => {
                let names = children
                    .iter()
                    .map(|c| quote_identifier(c.name()))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(SparkError::with_class(
                    sabot_common::error::ExceptionKind::Analysis,
                    "FIELD_NOT_FOUND",
                    "42704",
                    format!(
                        "No such struct field {} in {names}.",
                        quote_identifier(part)
                    ),
                )
                .param("fieldName", quote_identifier(part))
                .param("fields", names));
            }
            _ => {
                return Err(ambiguous(
                    full,
                    &matching
                        .iter()
                        .map(|c| (None, c.name().clone()))
                        .collect::<Vec<_>>(),
                ));
            }
        };
        current = Named::new(
            super::extract::struct_field(scope, current.expr, child.name())?,
            child.name().clone(),
        );
        data_type = child.data_type().clone();
    }
    Ok(current)
}

/// Expands `*`, `t.*` or `struct_col.*` into named columns.
pub(crate) fn expand_star(
    scope: &Scope<'_>,
    target: Option<&[String]>,
    plan_id: Option<i64>,
) -> Result<Vec<Named>> {
    let schema = scope.schema;
    let Some(target) = target else {
        let restrict = plan_id.and_then(|id| scope.plan_ids.get(&id));
        return Ok(schema
            .iter()
            .enumerate()
            .filter(|(_, (q, f))| {
                restrict.is_none_or(|t| t.has_column(&Column::new((*q).cloned(), f.name())))
            })
            .map(|(i, (_, f))| Named::new(column_at(schema, i), f.name().clone()))
            .collect());
    };
    let by_qualifier: Vec<Named> = schema
        .iter()
        .enumerate()
        .filter(|(_, (q, _))| qualifier_matches(scope.conf, *q, target))
        .map(|(i, (_, f))| Named::new(column_at(schema, i), f.name().clone()))
        .collect();
    if !by_qualifier.is_empty() {
        return Ok(by_qualifier);
    }
    let cannot_expand = || {
        let target_string = quote_identifier(&target.join("."));
        let columns = visible_names(schema)
            .iter()
            .map(|c| quote_identifier(c))
            .collect::<Vec<_>>()
            .join(", ");
        SparkError::with_class(
            sabot_common::error::ExceptionKind::Analysis,
            "CANNOT_RESOLVE_STAR_EXPAND",
            "42704",
            format!(
                "Cannot resolve {target_string}.* given input columns {columns}. Please check that the specified table or struct exists and is accessible in the input columns."
            ),
        )
        .param("targetString", target_string)
        .param("columns", columns)
    };
    let base = resolve_column(scope, target, plan_id).map_err(|_| cannot_expand())?;
    let data_type = base
        .expr
        .get_type(scope.schema)
        .map_err(crate::error::from_datafusion)?;
    let ArrowType::Struct(fields) = data_type else {
        // Spark's `QueryCompilationErrors.starExpandDataTypeNotSupportedError`.
        let mut e = SparkError::new(
            sabot_common::error::ExceptionKind::Analysis,
            format!(
                "Can only star expand struct data types. Attribute: `ArrayBuffer({})`.",
                target.join(", ")
            ),
        );
        e.error_class = Some("_LEGACY_ERROR_TEMP_1050".into());
        return Err(e.param("attributes", format!("ArrayBuffer({})", target.join(", "))));
    };
    fields
        .iter()
        .map(|f| {
            Ok(Named::new(
                super::extract::struct_field(scope, base.expr.clone(), f.name())?,
                f.name().clone(),
            ))
        })
        .collect()
}

/// A session variable named `v`, `session.v` or `system.session.v`, as its value.
fn variable(scope: &Scope<'_>, name: &[String]) -> Option<Named> {
    let lower: Vec<String> = name.iter().map(|p| p.to_lowercase()).collect();
    let key = match lower.as_slice() {
        [v] => v,
        [s, v] if s == "session" => v,
        [a, s, v] if a == "system" && s == "session" => v,
        _ => return None,
    };
    let (display, value) = scope.conf.variables.get(key)?;
    Some(Named::new(
        datafusion::logical_expr::Expr::Literal(value.clone(), None),
        display.clone(),
    ))
}
