//! `f(args) WITHIN GROUP (ORDER BY e [ASC|DESC] [NULLS FIRST|LAST])` (Spark's ordered-set
//! aggregates), named as Spark prints them. `percentile_cont(p)` runs as `percentile(e, p)`
//! through `__percentile_cont`, which rejects date/time orderings as Spark 4.3 does (Spark's
//! `PercentileCont` is `Percentile` over the ordering; descending reads the `1 - p`
//! percentile). `percentile_disc(p)`, `listagg`/`string_agg` and `mode()` become the internal
//! ordered aggregate `__within_group` (see `sabot_functions`' `aggregate/within_group.rs`).

use sabot_common::spec::{Expr, Literal};
use sabot_common::{Result, SparkError};

use crate::parser::Parser;

impl Parser<'_> {
    /// At `WITHIN GROUP` after `lower(args)`; `args_text` is the arguments as written.
    pub fn parse_within_group(
        &mut self,
        lower: &str,
        args: Vec<Expr>,
        args_text: &str,
        distinct: bool,
    ) -> Result<Expr> {
        self.expect_keyword("WITHIN")?;
        self.expect_keyword("GROUP")?;
        self.expect_symbol("(")?;
        self.expect_keyword("ORDER")?;
        self.expect_keyword("BY")?;
        let start = self.position();
        let order = self.parse_expr()?;
        let order_text = self.text_since(start);
        let descending = if self.eat_keyword("DESC") {
            true
        } else {
            self.eat_keyword("ASC");
            false
        };
        let nulls_first = if self.eat_keyword("NULLS") {
            if self.eat_keyword("FIRST") {
                Some(true)
            } else if self.eat_keyword("LAST") {
                Some(false)
            } else {
                return Err(self.error_here());
            }
        } else {
            None
        };
        let mut keys = 1;
        while self.eat_symbol(",") {
            self.parse_expr()?;
            self.eat_keyword("ASC");
            self.eat_keyword("DESC");
            if self.eat_keyword("NULLS") && !(self.eat_keyword("FIRST") || self.eat_keyword("LAST"))
            {
                return Err(self.error_here());
            }
            keys += 1;
        }
        self.expect_symbol(")")?;
        let filter = if self.eat_keyword("FILTER") {
            self.expect_symbol("(")?;
            self.expect_keyword("WHERE")?;
            let start = self.position();
            let cond = self.parse_expr()?;
            let text = self.text_since(start);
            self.expect_symbol(")")?;
            Some((cond, text))
        } else {
            None
        };
        let function = match lower {
            "string_agg" => "listagg",
            other => other,
        };
        let class_name = match function {
            "percentile_cont" => "PercentileCont",
            "percentile_disc" => "PercentileDisc",
            "listagg" => "listagg",
            "mode" => "mode",
            other => {
                return Err(SparkError::unsupported(format!(
                    "{other}(...) WITHIN GROUP"
                )));
            }
        };
        let expected = if function == "mode" && !args.is_empty() {
            0
        } else {
            1
        };
        if keys != expected {
            return Err(wrong_num_orderings(class_name, expected, keys));
        }
        if distinct && function != "listagg" {
            return Err(SparkError::unsupported(format!(
                "{function}(DISTINCT ...) WITHIN GROUP"
            )));
        }
        let dir = if descending { " DESC" } else { "" };
        let built = match function {
            "percentile_cont" => {
                let [percentage] = args.as_slice() else {
                    return Err(SparkError::unsupported(
                        "percentile_cont without exactly one percentage",
                    ));
                };
                let percentage = if descending {
                    complement(percentage)?
                } else {
                    percentage.clone()
                };
                let name = format!(
                    "percentile_cont({args_text}) WITHIN GROUP (ORDER BY {order_text}{dir})"
                );
                Ok(Expr::call("__percentile_cont", vec![order, percentage]).alias(name))
            }
            "percentile_disc" => {
                if args.len() != 1 {
                    return Err(SparkError::unsupported(
                        "percentile_disc without exactly one percentage",
                    ));
                }
                let name = format!(
                    "percentile_disc({args_text}) WITHIN GROUP (ORDER BY {order_text}{dir})"
                );
                Ok(within_group(function, order, descending, nulls_first, args).alias(name))
            }
            "mode" => {
                // Spark prints the ordering of `mode` reversed (its `Mode.sql`).
                let shown = if descending { "" } else { " DESC" };
                let name = format!("mode() WITHIN GROUP (ORDER BY {order_text}{shown})");
                Ok(within_group(function, order, descending, nulls_first, args).alias(name))
            }
            _ => {
                let parts = split_top_level(args_text);
                let first = parts.first().cloned().unwrap_or_default();
                let input = match first.get(..9) {
                    Some(p) if p.eq_ignore_ascii_case("DISTINCT ") => first[9..].trim().to_string(),
                    _ => first,
                };
                if distinct && !input.trim().eq_ignore_ascii_case(order_text.trim()) {
                    return Err(SparkError::with_class(
                        sabot_common::error::ExceptionKind::Analysis,
                        "INVALID_WITHIN_GROUP_EXPRESSION.MISMATCH_WITH_DISTINCT_INPUT",
                        "42K0K",
                        format!(
                            "Invalid function `listagg` with WITHIN GROUP. The function is invoked with DISTINCT and WITHIN GROUP but expressions \"{input}\" and \"{order_text}\" do not match. The WITHIN GROUP ordering expression must be picked from the function inputs."
                        ),
                    )
                    .param("funcName", "`listagg`")
                    .param("funcArg", format!("\"{input}\""))
                    .param("orderingExpr", format!("\"{order_text}\"")));
                }
                let delim = match args.get(1) {
                    None => "NULL".to_string(),
                    Some(Expr::Literal(Literal::String(d))) => d.clone(),
                    Some(_) => parts.get(1).cloned().unwrap_or_default(),
                };
                let nulls = match nulls_first.unwrap_or(!descending) {
                    true => "NULLS FIRST",
                    false => "NULLS LAST",
                };
                let asc = if descending { "DESC" } else { "ASC" };
                let name = format!(
                    "listagg({}{input}, {delim}) WITHIN GROUP (ORDER BY {order_text} {asc} {nulls})",
                    if distinct { "DISTINCT " } else { "" }
                );
                let call = within_group(function, order, descending, nulls_first, args);
                let call = if distinct {
                    match call {
                        Expr::Function {
                            name, args, filter, ..
                        } => Expr::Function {
                            name,
                            args,
                            distinct: true,
                            filter,
                        },
                        other => other,
                    }
                } else {
                    call
                };
                Ok(call.alias(name))
            }
        };
        let built = with_filter(built?, filter);
        if !self.eat_keyword("OVER") {
            return Ok(built);
        }
        // Over a window the ordered-set aggregate reads the whole partition: Spark rejects an
        // ORDER BY or a frame (`WindowResolution`), and prints the default frame in the name.
        let window = self.parse_window(built)?;
        if let Expr::Window {
            function,
            order_by,
            frame,
            ..
        } = &window
            && (!order_by.is_empty() || frame.is_some())
        {
            let shown = match function.as_ref() {
                Expr::Alias { names, .. } => names.join("."),
                _ => lower.to_string(),
            };
            return Err(invalid_window_spec(&shown));
        }
        Ok(window)
    }
}

/// Spark's `INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC`.
fn invalid_window_spec(function: &str) -> SparkError {
    SparkError::with_class(
        sabot_common::error::ExceptionKind::Analysis,
        "INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC",
        "42601",
        format!("Cannot specify ORDER BY or a window frame for \"{function}\"."),
    )
    .param("aggFunc", format!("\"{function}\""))
}

/// The aggregate with its `FILTER (WHERE cond)`, named with the clause as Spark prints it
/// (`... FILTER (WHERE (v > 5))`).
fn with_filter(e: Expr, filter: Option<(Expr, String)>) -> Expr {
    let Some((cond, text)) = filter else {
        return e;
    };
    let shown = text.trim();
    let shown = if shown.starts_with('(') && shown.ends_with(')') {
        shown.to_string()
    } else {
        format!("({shown})")
    };
    match e {
        Expr::Alias {
            expr,
            names,
            metadata,
        } => {
            let expr = match *expr {
                Expr::Function {
                    name,
                    args,
                    distinct,
                    ..
                } => Expr::Function {
                    name,
                    args,
                    distinct,
                    filter: Some(Box::new(cond)),
                },
                other => other,
            };
            Expr::Alias {
                expr: Box::new(expr),
                names: names
                    .into_iter()
                    .map(|n| format!("{n} FILTER (WHERE {shown})"))
                    .collect(),
                metadata,
            }
        }
        other => other,
    }
}

/// `__within_group(function, key, descending, nulls_first, args...)` (Sabot's ordered-set
/// aggregate; Spark's default NULL order is first for ascending keys, last for descending).
fn within_group(
    function: &str,
    key: Expr,
    descending: bool,
    nulls_first: Option<bool>,
    args: Vec<Expr>,
) -> Expr {
    let mut all = vec![
        Expr::Literal(Literal::String(function.to_string())),
        key,
        Expr::Literal(Literal::Boolean(descending)),
        Expr::Literal(Literal::Boolean(nulls_first.unwrap_or(!descending))),
    ];
    all.extend(args);
    Expr::call("__within_group", all)
}

/// Spark's `INVALID_WITHIN_GROUP_EXPRESSION.WITHIN_GROUP_MISSING` (`percentile_cont(p)` and
/// `percentile_disc(p)` called without `WITHIN GROUP`).
pub(crate) fn within_group_missing(function: &str) -> SparkError {
    SparkError::with_class(
        sabot_common::error::ExceptionKind::Analysis,
        "INVALID_WITHIN_GROUP_EXPRESSION.WITHIN_GROUP_MISSING",
        "42K0K",
        format!(
            "Invalid function `{function}` with WITHIN GROUP. WITHIN GROUP is required for the \
             function."
        ),
    )
    .param("funcName", format!("`{function}`"))
}

/// Spark's `INVALID_WITHIN_GROUP_EXPRESSION.WRONG_NUM_ORDERINGS`.
fn wrong_num_orderings(function: &str, expected: usize, actual: usize) -> SparkError {
    SparkError::with_class(
        sabot_common::error::ExceptionKind::Analysis,
        "INVALID_WITHIN_GROUP_EXPRESSION.WRONG_NUM_ORDERINGS",
        "42K0K",
        format!(
            "Invalid function `{function}` with WITHIN GROUP. The function requires {expected} orderings in WITHIN GROUP but got {actual}."
        ),
    )
    .param("funcName", format!("`{function}`"))
    .param("expectedNum", expected.to_string())
    .param("actualNum", actual.to_string())
}

/// The comma-separated parts of `text` outside quotes and parentheses.
fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut cur) = (0i32, None::<char>, String::new());
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' | '`' => quote = Some(c),
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(cur.trim().to_string());
                    cur = String::new();
                    continue;
                }
                _ => {}
            },
        }
        cur.push(c);
    }
    parts.push(cur.trim().to_string());
    parts
}

/// `1 - p` of a literal percentage.
fn complement(p: &Expr) -> Result<Expr> {
    let lit = match p {
        Expr::Literal(Literal::Decimal {
            value,
            precision,
            scale,
        }) => {
            let one = 10i128.pow(u32::from(scale.unsigned_abs()));
            Literal::Decimal {
                value: one - value,
                precision: (*precision).max(scale.unsigned_abs() + 1),
                scale: *scale,
            }
        }
        Expr::Literal(Literal::Double(d)) => Literal::Double(1.0 - d),
        Expr::Literal(Literal::Integer(n)) => Literal::Integer(1 - n),
        _ => {
            return Err(SparkError::unsupported(
                "a descending percentile_cont of a percentage that is not a literal",
            ));
        }
    };
    Ok(Expr::Literal(lit))
}
