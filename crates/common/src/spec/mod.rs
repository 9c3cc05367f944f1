//! The Spark-level plan spec: what a query means in Spark's terms, before any name is resolved.
//!
//! Both the Connect path (`sabot-connect`, protobuf relations) and the SQL path (`sabot-sql`) build
//! these types; `sabot-plan` resolves them against a session and turns them into DataFusion plans.
//! Names are kept unresolved (as written), types are Spark's ([`DataType`]), and functions are
//! called by their Spark name, so both paths share one resolver and one function registry.

// catalog: SQL statements over databases, tables and views.
mod catalog;
mod data_type;
mod expr;
mod literal;
mod plan;
mod statement;

pub use catalog::{CatalogCommand, ColumnDef, CreateTable, ViewKind};
pub use data_type::{DataType, DayTimeField, StructField, YearMonthField};
pub use expr::{
    CastMode, Expr, FieldOp, FrameBoundary, FrameType, NullOrdering, SortDirection, SortOrder,
    SubqueryKind, UNNAMED_LAMBDA_VARIABLE, WindowFrame,
};
pub use literal::Literal;
pub use plan::{AggregateKind, AsOfDirection, JoinType, Plan, PlanNode, ReadKind, SetOpKind};
pub use statement::{CacheCommand, ExplainMode, Statement};

/// SQL grammar (issue 5): the call the parser makes of `TIMESTAMP '...'`, whose text the plan
/// layer reads in the session time zone.
pub const TIMESTAMP_LITERAL: &str = "__sabot_timestamp_literal";
