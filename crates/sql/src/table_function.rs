//! Table-valued functions, shared by SQL (`FROM range(10)`) and Spark Connect
//! (`spark.tvf.range(10)`, `UnresolvedTableValuedFunction`): `range` and the generators
//! (`explode`, `posexplode`, `inline` and their `_outer` forms) over a single row.

use sabot_common::error::ExceptionKind;
use sabot_common::spec::{Expr, Literal, Plan, PlanNode};
use sabot_common::{Result, SparkError};

/// The relation of table-valued function `name` applied to `args`.
pub fn table_valued_function(name: &str, args: Vec<Expr>) -> Result<Plan> {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "range" => range(&args),
        "explode"
        | "explode_outer"
        | "posexplode"
        | "posexplode_outer"
        | "inline"
        | "inline_outer"
        | "variant_explode"
        | "variant_explode_outer" => {
            if args.len() != 1 {
                return Err(wrong_num_args(&lower, "1", args.len()));
            }
            Ok(Plan::new(PlanNode::Project {
                input: Some(Plan::boxed(PlanNode::OneRow)),
                exprs: vec![Expr::call(lower, args)],
            }))
        }
        _ => Err(SparkError::unsupported(format!(
            "the table-valued function {name}"
        ))),
    }
}

/// `range(end)`, `range(start, end[, step[, numPartitions]])`: the same relation as
/// `spark.range`. Arguments must be integer constants.
fn range(args: &[Expr]) -> Result<Plan> {
    let ints = args
        .iter()
        .map(|a| match a {
            Expr::Literal(Literal::Integer(v)) => Ok(i64::from(*v)),
            Expr::Literal(Literal::Long(v)) => Ok(*v),
            Expr::Literal(Literal::Short(v)) => Ok(i64::from(*v)),
            Expr::Literal(Literal::Byte(v)) => Ok(i64::from(*v)),
            _ => Err(SparkError::unsupported(
                "range() arguments that are not integer constants",
            )),
        })
        .collect::<Result<Vec<i64>>>()?;
    let (start, end, step, parts) = match ints.as_slice() {
        [end] => (0, *end, 1, None),
        [start, end] => (*start, *end, 1, None),
        [start, end, step] => (*start, *end, *step, None),
        [start, end, step, n] => (*start, *end, *step, Some(*n)),
        _ => return Err(wrong_num_args("range", "[1, 2, 3, 4]", ints.len())),
    };
    if step == 0 {
        return Err(SparkError::illegal_argument(
            "requirement failed: step (0) cannot be 0",
        ));
    }
    let num_partitions = parts.map(|n| i32::try_from(n).unwrap_or(i32::MAX));
    Ok(Plan::new(PlanNode::Range {
        start,
        end,
        step,
        num_partitions,
    }))
}

fn wrong_num_args(name: &str, expected: &str, actual: usize) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
        "42605",
        format!(
            "The `{name}` requires {expected} parameters but the actual number is {actual}. Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix."
        ),
    )
    .param("functionName", format!("`{name}`"))
    .param("expectedNum", expected)
    .param("actualNum", actual.to_string())
}
