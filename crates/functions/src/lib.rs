//! Spark's function library as one registry: Spark function name -> how to build it over
//! DataFusion. Shared by the DataFrame path, `expr()` strings and SQL (all arrive as
//! [`sabot_common::spec::Expr::Function`] with a Spark name).
//!
//! Each category module holds an alphabetical table of its names; [`lookup`] searches them
//! case-insensitively, as Spark's `FunctionRegistry` does. Functions that Sabot implements
//! itself are DataFusion UDFs with unique names, listed by [`udfs`]/[`udafs`] so that a
//! `SessionContext` (and later a datafusion-proto codec) can find them by name.

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::DFSchema;
use datafusion::logical_expr::{AggregateUDF, Expr as DfExpr, ExprSchemable, ScalarUDF};
use sabot_common::{Result, SparkError};

mod aggregate;
mod collection;
mod conditional;
mod crypto;
mod csv;
// Shared with the file readers (`sabot-plan`'s `resolve::read`).
mod common_type;
pub mod datasource;
mod datetime;
pub mod errors;
mod generator;
mod grouping;
pub(crate) mod hash;
mod hll;
mod implicit_cast;
pub use common_type::{CommonType, Widening, common_type};
pub use implicit_cast::{ImplicitCast, implicit_cast};
mod json;
mod kll;
mod lambda;
pub use collection::array_item;
pub use collection::{aggregate_function, array_sort_function, map_zip_with_function};
pub use datetime::time::cast as time_cast;
pub use datetime::tz_cast::zoned_cast;
pub use hash::murmur3_hash;
pub use misc::partitioned::{PartitionFn, PartitionFnState, partition_fn_of};
pub use misc::random::Draw;
pub use misc::xorshift::XorShiftRandom;
pub use named_params::{ParamDefault, named_parameters};
pub mod file_rows;
pub use operators::day_interval_metadata;
mod math;
mod misc;
mod named_params;
mod operators;
pub mod portable;
mod predicate;
mod string;
mod theta;
mod url;
mod utils;
pub mod variant;
mod window;
mod xml;

pub(crate) use csv::is_double as csv_is_double;

/// Spark's column name of calls whose name depends on argument types (`to_char` of a date).
pub fn typed_display(name: &str, types: &[Option<ArrowType>], names: &[String]) -> Option<String> {
    datetime::typed_display(name, types, names)
}
pub use grouping::{GROUPING_ID_UDAF, GROUPING_UDAF, unsupported_grouping_expression};
pub use json::json_tuple::output_names as json_tuple_output_names;
/// Sabot's JSON value (objects keep their field order) and its compact text, for commands
/// that print JSON documents in Spark's key order (`DESCRIBE ... AS JSON`).
pub use json::value::{Json, to_text as json_text};
pub use window::requires_order as window_requires_order;

#[cfg(test)]
mod column_ops_tests;
#[cfg(test)]
mod test_util;

/// What a function builder can see besides its arguments.
pub struct FunctionContext<'a> {
    /// The schema the arguments are evaluated against (to read argument types).
    pub schema: &'a DFSchema,
    /// `spark.sql.ansi.enabled`.
    pub ansi: bool,
    /// `spark.sql.session.timeZone`.
    pub time_zone: &'a str,
    /// The session's user, for `current_user()`.
    pub user: &'a str,
    /// `spark.sql.timeType.enabled`: whether the TIME type's functions and casts are allowed.
    pub time_type: bool,
    /// The query's instant (microseconds since the epoch), taken once when it is planned:
    /// every `current_timestamp()`/`now()`/`localtimestamp()` of a query sees it (Spark's
    /// `ComputeCurrentTime`).
    pub now_micros: i64,
}

impl FunctionContext<'_> {
    /// The Arrow type of a resolved argument.
    pub fn arg_type(&self, arg: &DfExpr) -> Result<ArrowType> {
        arg.get_type(self.schema)
            .map_err(|e| SparkError::internal(format!("cannot type argument {arg}: {e}")))
    }

    /// The Arrow types of all arguments.
    pub fn arg_types(&self, args: &[DfExpr]) -> Result<Vec<ArrowType>> {
        args.iter().map(|a| self.arg_type(a)).collect()
    }

    /// Whether a resolved argument may be NULL.
    pub fn arg_nullable(&self, arg: &DfExpr) -> Result<bool> {
        arg.nullable(self.schema)
            .map_err(|e| SparkError::internal(format!("cannot type argument {arg}: {e}")))
    }
}

/// Whether a function is evaluated per row, per group, or per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionKind {
    Scalar,
    Aggregate,
    Window,
    Generator,
}

/// Builds the DataFusion expression for a call, given resolved arguments.
pub type BuildFn =
    fn(args: Vec<DfExpr>, distinct: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr>;

/// Renders Spark's auto-generated column name for a call from its arguments' names
/// (Spark's `Expression.sql`/`toPrettySQL`): `sum(x)`, `(a + b)`, `(a IS NULL)`.
pub type DisplayFn = fn(name: &str, args: &[String], distinct: bool) -> String;

/// One registry entry.
pub struct FunctionEntry {
    /// The Spark name, lower case (the key in the category table).
    pub name: &'static str,
    pub kind: FunctionKind,
    pub build: BuildFn,
    pub display: DisplayFn,
}

/// A scalar function's table entry (the category tables' constructor).
pub(crate) const fn scalar(
    name: &'static str,
    build: BuildFn,
    display: DisplayFn,
) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: FunctionKind::Scalar,
        build,
        display,
    }
}

/// The default display: `name(arg1, arg2)`, with `DISTINCT ` before the arguments if distinct.
pub fn display_call(name: &str, args: &[String], distinct: bool) -> String {
    let d = if distinct { "DISTINCT " } else { "" };
    format!("{name}({d}{})", args.join(", "))
}

/// The current instant in microseconds since the epoch (0 if the clock is before it).
pub fn now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A string argument Spark adds to a call at analysis, derived from the other arguments' SQL
/// (`assert_true(c)` is `assert_true(c, '<c>' is not true!)`, also in its column name).
pub fn implicit_string_arg(name: &str, arg_names: &[String]) -> Option<String> {
    misc::implicit_string_arg(name, arg_names)
}

/// All category tables.
fn tables() -> &'static [&'static [FunctionEntry]] {
    static TABLES: &[&[FunctionEntry]] = &[
        operators::TABLE,
        predicate::TABLE,
        conditional::TABLE,
        math::TABLE,
        string::TABLE,
        aggregate::TABLE,
        datetime::TABLE,
        collection::TABLE,
        grouping::TABLE,
        window::TABLE,
        hash::TABLE,
        misc::TABLE,
        generator::TABLE,
        lambda::TABLE,
        json::TABLE,
        csv::TABLE,
        url::TABLE,
        xml::TABLE,
        crypto::TABLE,
        theta::TABLE,
        hll::TABLE,
        kll::TABLE,
        variant::TABLE,
    ];
    TABLES
}

/// The entry for a Spark function name (case-insensitive).
pub fn lookup(name: &str) -> Option<&'static FunctionEntry> {
    let lower = name.to_ascii_lowercase();
    tables().iter().find_map(|t| {
        t.binary_search_by(|e| e.name.cmp(lower.as_str()))
            .ok()
            .map(|i| &t[i])
    })
}

/// Every registered name, for `SHOW FUNCTIONS` and coverage counts.
pub fn names() -> Vec<&'static str> {
    let mut v: Vec<_> = tables()
        .iter()
        .flat_map(|t| t.iter())
        .map(|e| e.name)
        // Internal names the SQL parser calls (`__likeany`) are not functions users see.
        .filter(|n| !n.starts_with("__"))
        .collect();
    v.sort_unstable();
    v
}

/// Every registry entry, sorted by name.
pub fn entries() -> Vec<&'static FunctionEntry> {
    let mut v: Vec<_> = tables().iter().flat_map(|t| t.iter()).collect();
    v.sort_unstable_by_key(|e| e.name);
    v
}

/// Whether a registered name exists only to fail with a specific error; the coverage table
/// counts these as unsupported.
pub fn is_unsupported(name: &str) -> bool {
    UNSUPPORTED.binary_search(&name).is_ok()
}

/// The names registered only to raise a specific error, sorted: functions that need a JVM,
/// the TIME-type functions (Spark 4.3 itself refuses them
/// while `spark.sql.timeType.enabled` is off, its default) and the partition transforms
/// (meaningful only in `writeTo(...).partitionedBy`).
/// the DataSketches HLL functions and the partition transforms (meaningful only in `writeTo(...).partitionedBy`).
const UNSUPPORTED: &[&str] = &[
    "bucket",
    "days",
    "hours",
    "java_method",
    "months",
    "reflect",
    "try_reflect",
    "years",
];

/// The scalar UDFs Sabot defines, to register in each session.
pub fn udfs() -> Vec<Arc<ScalarUDF>> {
    let mut v = Vec::new();
    v.extend(operators::udfs());
    v.extend(math::udfs());
    v.extend(string::udfs());
    v.extend(predicate::udfs());
    v.extend(collection::udfs());
    v.extend(datetime::udfs());
    v.extend(hash::udfs());
    v.extend(misc::udfs());
    v.extend(crypto::udfs());
    v.extend(json::udfs());
    v.extend(url::udfs());
    v.extend(aggregate::udfs());
    v.extend(theta::udfs());
    v.extend(hll::udfs());
    v.extend(kll::udfs());
    v
}

/// The aggregate UDFs Sabot defines, to register in each session.
pub fn udafs() -> Vec<Arc<AggregateUDF>> {
    let mut v = aggregate::udafs();
    v.extend(theta::udafs());
    v.extend(hll::udafs());
    v.extend(kll::udafs());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_unique() {
        for t in tables() {
            for w in t.windows(2) {
                assert!(w[0].name < w[1].name, "{} !< {}", w[0].name, w[1].name);
            }
        }
        let all = names();
        for w in all.windows(2) {
            assert_ne!(w[0], w[1], "duplicate name");
        }
    }

    #[test]
    fn unsupported_names_are_sorted_and_registered() {
        for w in UNSUPPORTED.windows(2) {
            assert!(w[0] < w[1], "{} !< {}", w[0], w[1]);
        }
        for n in UNSUPPORTED {
            assert!(lookup(n).is_some(), "{n} is not registered");
        }
    }

    #[test]
    fn lookup_is_case_insensitive() {
        assert_eq!(lookup("DIV").map(|e| e.name), Some("div"));
        assert_eq!(
            lookup("Negative").map(|e| e.kind),
            Some(FunctionKind::Scalar)
        );
        assert!(lookup("no_such_function").is_none());
    }

    #[test]
    fn udf_names_are_unique() {
        let mut n: Vec<String> = udfs().iter().map(|u| u.name().to_string()).collect();
        n.extend(udafs().iter().map(|u| u.name().to_string()));
        let len = n.len();
        n.sort();
        n.dedup();
        assert_eq!(n.len(), len);
    }
}
