//! Spark Connect protobuf messages -> the Spark-level plan spec ([`sabot_common::spec`]).
//!
//! Modules:
//! - [`relation`]: `Relation` -> [`Plan`](sabot_common::spec::Plan) ([`relation_to_plan`]);
//! - [`expression`]: `Expression` -> [`Expr`](sabot_common::spec::Expr)
//!   ([`expression_to_expr`]);
//! - [`literal`]: `Expression.Literal` -> [`Literal`](sabot_common::spec::Literal)
//!   ([`literal_from_proto`], also used for SQL command arguments);
//! - [`types`]: `DataType` messages and Spark's JSON schemas <-> spec types;
//! - [`arrow_ipc`]: the Arrow IPC streams of `LocalRelation`.
//!
//! Names stay unresolved and functions keep their Spark names; SQL text inside messages
//! (expression strings, type strings, DDL schemas, identifiers) is parsed by `sabot-sql`.

pub mod arrow_ipc;
pub mod expression;
pub mod literal;
pub mod relation;
pub mod types;

pub use expression::expression_to_expr;
pub use literal::{literal_from_proto, literal_to_proto};
pub use relation::relation_to_plan;
pub use relation::sql::{sql_params, sql_statement};
