//! The Spark-level plan spec -> DataFusion logical plans, with Spark's semantics, and the
//! Spark-facing views of results.
//!
//! - [`resolve`]: [`resolve_plan`] turns a [`sabot_common::spec::Plan`] into a DataFusion
//!   `LogicalPlan` whose output has Spark's column names, types and nullability; temp views.
//! - [`types`]: Spark type <-> Arrow type mapping (Spark's `ArrowUtils`), schemas.
//! - [`tree_string`]: `printSchema()` text.
//! - [`show`]: `df.show()` text (Spark's `Dataset.showString`), Spark's rendering of values.
//! - [`explain`]: `df.explain(mode)` text.
//! - [`exchange`]: the user's repartitions kept as exchanges to execution, and Spark's
//!   adaptive coalescing of shuffles without a partition count.
//! - [`partition`]: per-Spark-partition evaluation of partition-dependent functions.
//! - [`reuse`]: repeated subplans (a CTE referenced twice) computed once per query.
//! - [`optimizer`]: constant folding and Parquet pushdown settings, checked by tests.
//! - [`progress`]: execution progress (stages and tasks of a running physical plan).
//! - [`error`]: DataFusion errors -> [`sabot_common::SparkError`].

pub mod broadcast;
pub mod cache;
pub mod codec;
pub mod error;
pub mod exchange;
pub mod explain;
pub mod observe;
pub mod optimizer;
pub mod partition;
pub mod progress;
pub mod range_partition;
pub mod recursion;
pub mod resolve;
pub mod reuse;
pub mod show;
pub mod stores;
pub mod tree_string;
pub mod types;
pub mod write;

pub use error::from_datafusion;
pub use explain::explain_string;
pub use resolve::{
    CachedRelations, CatalogRelation, PlanConfig, register_temp_view, resolve_plan,
    resolve_plan_for_execution, resolve_view_plan,
};
pub use show::{format_value, show_string, show_string_with_schema};
pub use tree_string::tree_string;
pub use types::{
    arrow_to_spark, cast_batch_to_schema, spark_schema, spark_to_arrow, to_spark_arrow_schema,
};
