//! `(a, b) IN ((1, 'x'), (2, 'y'))` (Spark's `In` over `CreateNamedStruct`s): struct equality
//! treats NULL fields as equal and is never NULL, so it runs as `(a <=> 1 AND b <=> 'x') OR
//! ...`, named as Spark names the struct `IN`. The SQL parser calls it by an internal name
//! with the tuple width first, then each tuple as its field names followed by its values.

use datafusion::common::ScalarValue;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::operators::comparison::build_eq_null_safe;

fn width(args: &[DfExpr]) -> Result<usize> {
    match args.first() {
        Some(DfExpr::Literal(ScalarValue::Int32(Some(k)), _)) if *k > 0 => Ok(*k as usize),
        _ => Err(SparkError::internal("tuple IN without its width")),
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let k = width(&args)?;
    let tuples: Vec<Vec<DfExpr>> = args[1..]
        .chunks(2 * k)
        .map(|c| c.iter().skip(k).cloned().collect())
        .collect();
    let Some((value, items)) = tuples.split_first() else {
        return Err(SparkError::internal("tuple IN without a value"));
    };
    let mut alternatives = Vec::with_capacity(items.len());
    for item in items {
        let mut conjunction: Option<DfExpr> = None;
        for (f, v) in value.iter().zip(item) {
            let eq = build_eq_null_safe(vec![f.clone(), v.clone()], false, ctx)?;
            conjunction = Some(match conjunction {
                Some(c) => c.and(eq),
                None => eq,
            });
        }
        alternatives.extend(conjunction);
    }
    alternatives
        .into_iter()
        .reduce(DfExpr::or)
        .ok_or_else(|| SparkError::internal("tuple IN without items"))
}

/// `(named_struct(a, a, b, b) IN (named_struct(col1, 1, col2, x), ...))`.
pub(crate) fn display(_: &str, args: &[String], _: bool) -> String {
    let k = args
        .first()
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let structs: Vec<String> = args
        .get(1..)
        .unwrap_or_default()
        .chunks(2 * k)
        .map(|c| {
            let (names, values) = c.split_at(k.min(c.len()));
            let fields: Vec<String> = names
                .iter()
                .zip(values)
                .map(|(n, v)| format!("{n}, {v}"))
                .collect();
            format!("named_struct({})", fields.join(", "))
        })
        .collect();
    match structs.split_first() {
        Some((value, items)) => format!("({value} IN ({}))", items.join(", ")),
        None => String::new(),
    }
}
