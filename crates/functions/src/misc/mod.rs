//! Miscellaneous functions: random generators, row ids, `typeof`, `version`, errors raised
//! from queries, null helpers, input-file metadata, and the JVM-only functions (which fail).

mod collation;
mod input_file;
mod jvm;
mod null_fns;
pub(crate) mod partition_id;
pub(crate) mod partitioned;
mod raise_error;
pub(crate) mod random;
pub(crate) mod row_ids;
mod session_info;
mod type_of;
mod version;
pub(crate) mod xorshift;

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

use crate::scalar;
use crate::{FunctionEntry, display_call};

/// `name()` with the arguments hidden: Spark prints `uuid()` whatever seed the client sent.
fn display_no_args(name: &str, _: &[String], _: bool) -> String {
    format!("{name}()")
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("assert_true", raise_error::build_assert_true, display_call),
    scalar("collate", collation::build_collate, display_call),
    scalar("collation", collation::build_collation, display_call),
    scalar("current_catalog", session_info::build_catalog, display_call),
    scalar(
        "current_database",
        session_info::build_database,
        display_schema,
    ),
    scalar("current_path", collation::build_current_path, display_call),
    scalar(
        "current_schema",
        session_info::build_database,
        display_schema,
    ),
    scalar("current_user", session_info::build_user, display_call),
    scalar("equal_null", null_fns::build_equal_null, display_call),
    scalar(
        "input_file_block_length",
        input_file::build_block_length,
        display_call,
    ),
    scalar(
        "input_file_block_start",
        input_file::build_block_start,
        display_call,
    ),
    scalar("input_file_name", input_file::build_name, display_call),
    scalar("java_method", jvm::build_java_method, display_call),
    scalar(
        "monotonically_increasing_id",
        row_ids::build_monotonically_increasing_id,
        display_call,
    ),
    scalar("nullifzero", null_fns::build_nullifzero, display_call),
    scalar("raise_error", raise_error::build_raise_error, display_call),
    scalar("rand", random::build_rand, display_call),
    scalar("randn", random::build_randn, display_call),
    scalar("random", random::build_rand, display_rand),
    scalar("randstr", random::build_randstr, display_call),
    scalar("reflect", jvm::build_reflect, display_call),
    scalar("session_user", session_info::build_user, display_call),
    scalar(
        "spark_partition_id",
        partition_id::build,
        partition_id::display,
    ),
    scalar("try_reflect", jvm::build_try_reflect, display_call),
    scalar("typeof", type_of::build, display_call),
    scalar("uniform", random::build_uniform, display_call),
    scalar("user", session_info::build_user, display_call),
    scalar("uuid", row_ids::build_uuid, display_no_args),
    scalar("version", version::build, display_call),
    scalar("zeroifnull", null_fns::build_zeroifnull, display_call),
];

/// A string argument Spark adds to a call, derived from the other arguments' SQL.
pub(crate) fn implicit_string_arg(name: &str, arg_names: &[String]) -> Option<String> {
    match name {
        "assert_true" => raise_error::default_message(arg_names),
        _ => None,
    }
}

/// `current_database()` is named `current_schema()` (Spark's `CurrentDatabase.prettyName`).
fn display_schema(_: &str, _: &[String], _: bool) -> String {
    "current_schema()".to_string()
}

/// `rand` under its alias `random` is still named `rand(seed)`.
fn display_rand(_: &str, args: &[String], distinct: bool) -> String {
    display_call("rand", args, distinct)
}

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![raise_error::udf()]
}
