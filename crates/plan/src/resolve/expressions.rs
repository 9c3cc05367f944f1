//! One spec [`Expr`] -> a DataFusion expression with its Spark name (what `toPrettySQL` would
//! call the column), resolved against an input schema.

use std::collections::{BTreeMap, HashMap};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::metadata::FieldMetadata;
use datafusion::common::{DFSchema, DFSchemaRef, ScalarValue};
use datafusion::logical_expr::{Expr as DfExpr, ExprSchemable};
use sabot_common::spec::Expr;
use sabot_common::{Result, SparkError};
use sabot_functions::FunctionContext;

use super::PlanConfig;
use super::{
    casts, col_regex, extract, lambda, literals, named_args, names, struct_args, subquery,
    update_fields, window,
};
use crate::error::from_datafusion;

/// A resolved expression and its Spark column name.
#[derive(Debug, Clone)]
pub(crate) struct Named {
    pub expr: DfExpr,
    pub name: String,
    /// How the expression reads inside another one when that differs from its column name:
    /// `col("s.a")` is column `a` but `upper(s.a)` (Spark aliases nested field access with the
    /// field name, and function arguments lose their aliases).
    pub sql: Option<String>,
}

impl Named {
    pub fn new(expr: DfExpr, name: impl Into<String>) -> Self {
        Self {
            expr,
            name: name.into(),
            sql: None,
        }
    }

    /// The text of this expression as an argument of another.
    pub fn arg_sql(&self) -> String {
        self.sql.clone().unwrap_or_else(|| self.name.clone())
    }
}

/// What an expression is resolved against.
pub(crate) struct Scope<'s> {
    /// The input's columns.
    pub schema: &'s DFSchema,
    pub conf: &'s PlanConfig,
    /// Output schemas of the relations with a plan id, for `df["a"]`.
    pub plan_ids: &'s HashMap<i64, DFSchemaRef>,
    /// Names usable when they are not input columns (select-list aliases in `HAVING`).
    pub aliases: &'s [(String, DfExpr)],
    /// The inputs of enclosing queries, innermost last, for correlated subqueries.
    pub outer: &'s [DFSchemaRef],
    /// Subqueries of the expressions, resolved beforehand (keyed by [`subquery::key`]).
    pub subqueries: Option<&'s HashMap<usize, datafusion::logical_expr::LogicalPlan>>,
    /// The variables of the lambda functions around the expression, with what each stands for.
    pub lambda_vars: &'s [(String, DfExpr)],
}

impl<'s> Scope<'s> {
    pub fn new(
        schema: &'s DFSchema,
        conf: &'s PlanConfig,
        plan_ids: &'s HashMap<i64, DFSchemaRef>,
    ) -> Self {
        Self {
            schema,
            conf,
            plan_ids,
            aliases: &[],
            outer: &[],
            subqueries: None,
            lambda_vars: &[],
        }
    }

    /// This scope with the enclosing queries' inputs and the pre-resolved subqueries.
    pub fn with_context(
        mut self,
        outer: &'s [DFSchemaRef],
        subqueries: &'s HashMap<usize, datafusion::logical_expr::LogicalPlan>,
    ) -> Self {
        self.outer = outer;
        self.subqueries = Some(subqueries);
        self
    }

    /// What function builders see.
    pub fn function_context(&self) -> FunctionContext<'_> {
        FunctionContext {
            schema: self.schema,
            ansi: self.conf.ansi,
            time_zone: &self.conf.time_zone,
            user: &self.conf.user,
            time_type: self.conf.time_type,
            now_micros: self.conf.now_micros,
        }
    }

    /// The Arrow type of a resolved expression.
    pub fn data_type(&self, e: &DfExpr) -> Result<ArrowType> {
        e.get_type(self.schema).map_err(from_datafusion)
    }

    /// Resolves every expression of a list, expanding stars.
    pub fn resolve_list(&self, exprs: &[Expr]) -> Result<Vec<Named>> {
        let mut out = Vec::with_capacity(exprs.len());
        for e in exprs {
            out.extend(self.resolve_many(e)?);
        }
        Ok(out)
    }

    /// Resolves an expression that may be a star (several columns).
    pub fn resolve_many(&self, e: &Expr) -> Result<Vec<Named>> {
        match e {
            Expr::Star { target, plan_id } => names::expand_star(self, target.as_deref(), *plan_id),
            Expr::Regex {
                pattern,
                qualifier,
                plan_id,
            } => col_regex::expand_regex(self, pattern, qualifier.as_deref(), *plan_id),
            other => Ok(vec![self.resolve(other)?]),
        }
    }

    /// Resolves one expression.
    pub fn resolve(&self, e: &Expr) -> Result<Named> {
        match e {
            Expr::Literal(l) => literals::resolve_literal(l, &self.conf.time_zone),
            Expr::Column { name, plan_id } => names::resolve_column(self, name, *plan_id),
            Expr::Star { .. } => Err(SparkError::with_class(
                sabot_common::error::ExceptionKind::Analysis,
                "INVALID_USAGE_OF_STAR_OR_REGEX",
                "42000",
                "Invalid usage of '*' in expression.",
            )
            .param("elem", "'*'")
            .param("prettyName", "expression")),
            Expr::Alias {
                expr,
                names,
                metadata,
            } => match names.as_slice() {
                [name] => {
                    let resolved = self.resolve(expr)?.expr;
                    // A `TIME(p)` keeps its precision (alias metadata) under a new name.
                    let kept = match &resolved {
                        DfExpr::Alias(a) => a.metadata.clone(),
                        _ => None,
                    };
                    let inner = resolved.unalias();
                    // `alias(name, metadata=...)`: the JSON object becomes the output field's
                    // `StructField.metadata` (carried as Arrow field metadata).
                    let aliased = match metadata {
                        Some(json) => inner.alias_with_metadata(
                            name,
                            Some(FieldMetadata::from(BTreeMap::from([(
                                crate::types::SPARK_METADATA_KEY.to_string(),
                                json.clone(),
                            )]))),
                        ),
                        None => inner.alias_with_metadata(name, kept),
                    };
                    Ok(Named::new(aliased, name.clone()))
                }
                _ => {
                    let generator = matches!(expr.as_ref(), Expr::Function { name, .. }
                        if sabot_functions::lookup(&name.to_ascii_lowercase())
                            .is_some_and(|f| f.kind == sabot_functions::FunctionKind::Generator));
                    if generator {
                        return Err(SparkError::unsupported(
                            "an alias with several names (multi-column generators)",
                        ));
                    }
                    let inner = self.resolve(expr)?;
                    let names = format!("({})", names.join(", "));
                    Err(SparkError::with_class(
                        sabot_common::error::ExceptionKind::Analysis,
                        "MULTI_ALIAS_WITHOUT_GENERATOR",
                        "42K0E",
                        format!(
                            "Multi part aliasing {names} is not supported with {} as it is not a generator function.",
                            inner.name
                        ),
                    )
                    .param("names", names)
                    .param("expr", inner.name))
                }
            },
            Expr::Cast {
                expr,
                data_type,
                mode,
            } => {
                let inner = self.resolve(expr)?;
                let column_name =
                    matches!(expr.as_ref(), Expr::Column { .. }).then(|| inner.name.clone());
                let mut cast = casts::resolve_cast(self, inner, data_type, *mode)?;
                // A cast of a column keeps the column's name (Spark tags user casts with
                // `Cast.USER_SPECIFIED_CAST` and names them after a named child):
                // `CAST(id AS STRING)` is `id`, `CAST((id + 1) AS INT)` keeps the SQL text.
                if let Some(name) = column_name {
                    // ... but inside another expression it reads as the cast:
                    // `pmod(CAST(a AS BIGINT), 4)`.
                    cast.sql = Some(std::mem::replace(&mut cast.name, name));
                }
                Ok(cast)
            }
            // grammar area: SQL `TIMESTAMP '...'` in the session time zone.
            Expr::Function { name, args, .. } if name == sabot_common::spec::TIMESTAMP_LITERAL => {
                self.resolve(&super::typed_literal::timestamp(args, &self.conf.time_zone))
            }
            Expr::Function { name, args, .. } if lambda::is_lambda_call(args) => {
                lambda::resolve_higher_order(self, name, args)
            }
            Expr::Function {
                name,
                args,
                distinct,
                filter,
            } => self.function(name, args, *distinct, filter.as_deref()),
            Expr::ExtractValue { child, extraction } => {
                let child = self.resolve(child)?;
                extract::resolve_extract(self, child, extraction)
            }
            Expr::Window {
                function,
                partition_by,
                order_by,
                frame,
            } => window::resolve_window(self, function, partition_by, order_by, frame.as_ref()),
            Expr::SortOrder(_) => Err(SparkError::invalid_plan(
                "a sort order is only valid as a sort key",
            )),
            Expr::Subquery { plan, kind } => subquery::resolve_subquery(self, plan, kind),
            Expr::LambdaVariable(name) => lambda::variable(self, name),
            Expr::Lambda { .. } => Err(SparkError::unsupported(
                "a lambda function outside of a higher-order function",
            )),
            Expr::UpdateFields { struct_expr, ops } => {
                update_fields::resolve_update_fields(self, struct_expr, ops)
            }
            Expr::NamedArgument { key, .. } => Err(SparkError::invalid_plan(format!(
                "the named argument `{key}` outside a function call"
            ))),
            Expr::Regex { pattern, .. } => Err(SparkError::with_class(
                sabot_common::error::ExceptionKind::Analysis,
                "INVALID_USAGE_OF_STAR_OR_REGEX",
                "42000",
                format!("Invalid usage of regular expression '{pattern}' in expression."),
            )
            .param("elem", format!("regular expression '{pattern}'"))
            .param("prettyName", "expression")),
        }
    }

    /// `t + INTERVAL '1' DAY` is named without parentheses, datetime first (Spark's
    /// `TimestampAddInterval` / `DateAddYMInterval` SQL text).
    fn datetime_interval_display(
        &self,
        e: &DfExpr,
        args: &[String],
        first_is_interval: bool,
    ) -> Option<String> {
        // `string ± interval` is computed on a timestamp and given back as a string.
        let e = match e {
            DfExpr::ScalarFunction(f) if f.func.name() == "spark_timestamp_to_string" => {
                f.args.first()?
            }
            e => e,
        };
        let DfExpr::BinaryExpr(b) = e else {
            return None;
        };
        let symbol = match b.op {
            datafusion::logical_expr::Operator::Plus => "+",
            datafusion::logical_expr::Operator::Minus => "-",
            _ => return None,
        };
        let temporal = matches!(
            self.data_type(&b.left).ok(),
            Some(ArrowType::Timestamp(..) | ArrowType::Date32)
        );
        let interval = matches!(
            self.data_type(&b.right).ok(),
            Some(ArrowType::Duration(_) | ArrowType::Interval(_))
        );
        let [l, r] = args else { return None };
        if !(temporal && interval) {
            return None;
        }
        // `interval + t` is computed (and named) as `t + interval`.
        Some(if first_is_interval {
            format!("{r} {symbol} {l}")
        } else {
            format!("{l} {symbol} {r}")
        })
    }

    /// A call of a registry function by its Spark name.
    fn function(
        &self,
        name: &str,
        args: &[Expr],
        distinct: bool,
        filter: Option<&Expr>,
    ) -> Result<Named> {
        let lower = name.to_ascii_lowercase();
        // readers: the input-file functions, answered once the plan is resolved.
        if let Some(call) =
            super::read::metadata::function_call(&lower, args.len(), &self.conf.time_zone)
        {
            return Ok(call);
        }
        if let Some(cast) = super::cast_alias::resolve(self, &lower, args) {
            return cast;
        }
        let entry =
            sabot_functions::lookup(&lower).ok_or_else(|| SparkError::unresolved_routine(name))?;
        let rearranged = named_args::rearrange(&lower, args)?;
        let args = rearranged.as_deref().unwrap_or(args);
        let resolved = match args {
            // `count(*)` is `count(1)` in Spark, also in its name.
            [Expr::Star { target: None, .. }] if lower == "count" => vec![Named::new(
                DfExpr::Literal(ScalarValue::Int32(Some(1)), None),
                "1",
            )],
            // `struct` keeps its arguments' names as field names.
            _ if lower == "struct" => struct_args::resolve_struct_args(self, args)?,
            _ => self.resolve_list(args)?,
        };
        let mut arg_names: Vec<String> = resolved.iter().map(Named::arg_sql).collect();
        let mut arg_exprs: Vec<DfExpr> = if lower == "struct" {
            resolved.into_iter().map(|a| a.expr).collect()
        } else {
            resolved.into_iter().map(|a| a.expr.unalias()).collect()
        };
        // A default argument Spark derives from the others' SQL (`assert_true`'s message).
        if let Some(extra) = sabot_functions::implicit_string_arg(&lower, &arg_names) {
            arg_exprs.push(DfExpr::Literal(
                ScalarValue::Utf8(Some(extra.clone())),
                None,
            ));
            arg_names.push(extra);
        }
        let arg_exprs = self.implicit_casts(&lower, arg_exprs)?;
        let arg_exprs = self.common_type_casts(&lower, arg_exprs, || {
            (entry.display)(&lower, &arg_names, distinct)
        })?;
        let arg_types: Vec<Option<ArrowType>> =
            arg_exprs.iter().map(|e| self.data_type(e).ok()).collect();
        let first_is_interval = matches!(
            arg_types.first(),
            Some(Some(ArrowType::Duration(_) | ArrowType::Interval(_)))
        );
        let mut expr = (entry.build)(arg_exprs, distinct, &self.function_context())?;
        let mut display = (entry.display)(&lower, &arg_names, distinct);
        if entry.kind == sabot_functions::FunctionKind::Window {
            return Err(window::without_over(&display));
        }
        if let Some(d) = self.datetime_interval_display(&expr, &arg_names, first_is_interval) {
            display = d;
        }
        if let Some(d) = date_days_display(&lower, &arg_types, &arg_names) {
            display = d;
        }
        if let Some(d) = sabot_functions::typed_display(&lower, &arg_types, &arg_names) {
            display = d;
        }
        if let Some(cond) = filter {
            let cond = self.resolve(cond)?;
            // Through the cast some aggregates carry to give Spark's result type.
            let call = match &mut expr {
                DfExpr::Cast(c) => c.expr.as_mut(),
                other => other,
            };
            let DfExpr::AggregateFunction(agg) = call else {
                return Err(SparkError::with_class(
                    sabot_common::error::ExceptionKind::Analysis,
                    "INVALID_SQL_SYNTAX.FILTER_CLAUSE_WITHOUT_AGGREGATE",
                    "42000",
                    format!(
                        "Invalid SQL syntax: FILTER is only supported for aggregate functions, not {display}."
                    ),
                ));
            };
            agg.params.filter = Some(Box::new(cond.expr.unalias()));
            display = format!("{display} FILTER (WHERE {})", cond.name);
        }
        Ok(Named::new(expr, display))
    }
}

/// `date + n` is named `date_add(date, n)` and `date - n` `date_sub(date, n)` (the functions
/// Spark's analyzer turns them into).
fn date_days_display(op: &str, types: &[Option<ArrowType>], names: &[String]) -> Option<String> {
    let int = |t: &Option<ArrowType>| {
        matches!(
            t,
            Some(ArrowType::Int8 | ArrowType::Int16 | ArrowType::Int32)
        )
    };
    let date = |t: &Option<ArrowType>| matches!(t, Some(ArrowType::Date32));
    match (op, types, names) {
        ("+", [a, b], [x, y]) if date(a) && int(b) => Some(format!("date_add({x}, {y})")),
        ("+", [a, b], [x, y]) if int(a) && date(b) => Some(format!("date_add({y}, {x})")),
        ("-", [a, b], [x, y]) if date(a) && int(b) => Some(format!("date_sub({x}, {y})")),
        _ => None,
    }
}
