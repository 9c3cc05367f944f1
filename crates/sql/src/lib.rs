//! Spark SQL text -> the Spark-level plan spec ([`sabot_common::spec`]).
//!
//! Public entry points (used by `sabot-connect` and the server):
//! - [`parse_statement`]: a `spark.sql(...)` string, with named/positional parameters.
//! - [`parse_expression`]: an expression string (`expr(...)`, `selectExpr`, `filter("...")`).
//! - [`parse_data_type`] / [`parse_ddl_schema`]: Spark type strings and DDL schemas.
//! - [`parse_multipart_identifier`]: `a.b`, `` `a.b`.c `` as used by `spark.table` and columns.
//!
//! A hand-written recursive-descent parser following Spark's `SqlBaseLexer.g4` /
//! `SqlBaseParser.g4` (typed numeric literals, backslash escapes, `"..."` strings, lambdas and
//! Spark's error messages do not map onto a generic SQL dialect). Modules:
//! - `lexer`: tokens. `parser`: the token cursor, syntax errors, parameter binding.
//! - `statement`: `SET`/`RESET`/`EXPLAIN` and dispatch. `query`: `SELECT`/`VALUES`/ordering.
//!   `relation`: the `FROM` clause.
//! - `expression`: operators and predicates. `primary`: literals, columns, `CASE`, `CAST`.
//!   `function`: calls, `FILTER`, `count(*)`. `window`: `OVER (...)` and sort items.
//!   `lambda`: binding lambda parameters.
//! - `literal`: numbers and strings. `interval`: `INTERVAL` literals. `datetime`: date and
//!   timestamp strings.
//! - `data_type`: type strings and DDL schemas. `identifier`: names. `error`: Spark's
//!   parse error classes.

use std::collections::BTreeMap;

use sabot_common::Result;
use sabot_common::spec::{DataType, Expr, Statement};

mod cache;
mod data_type;
mod datetime;
// catalog: CREATE/DROP/ALTER/USE/INSERT... and SHOW/DESCRIBE statements.
mod ddl;
mod error;
mod expression;
mod function;
mod hints;
mod identifier;
mod interval;
mod lambda;
mod lexer;
mod literal;
mod organization;
mod parser;
mod pivot;
mod primary;
mod query;
mod recursive_cte;
mod relation;
mod rewrite;
mod sample;
mod select_clauses;
mod show;
mod star_except;
mod statement;
mod substitute;
mod table_function;
mod tuple_in;
mod variables;
mod variant_path;
mod window;
mod within_group;

pub use datetime::{parse_date, parse_local_timestamp};
pub use substitute::substitute_variables;
pub use table_function::table_valued_function;

#[cfg(test)]
mod grammar_tests;
#[cfg(test)]
mod tests;

/// Parameters of a parameterized query: `:name` markers and `?` markers, already as literals
/// or expressions.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pub named: BTreeMap<String, Expr>,
    pub positional: Vec<Expr>,
}

/// Parses one SQL statement. Unsupported statements and clauses return
/// `UNSUPPORTED_FEATURE`; malformed text returns Spark's `PARSE_SYNTAX_ERROR`.
pub fn parse_statement(sql: &str, params: &Params) -> Result<Statement> {
    statement::parse_statement(sql, params)
}

/// Parses an expression string; `a AS b` gives an alias. Parameter markers are unbound here.
pub fn parse_expression(sql: &str) -> Result<Expr> {
    let mut parser = parser::Parser::new(sql, None)?;
    let expr = parser.parse_named_expr()?;
    parser.expect_end()?;
    Ok(expr)
}

/// Parses a Spark type string: `int`, `bigint`, `decimal(10,2)`, `array<string>`,
/// `map<string,int>`, `struct<a:int,b:string>`.
pub fn parse_data_type(s: &str) -> Result<DataType> {
    data_type::parse_data_type(s)
}

/// Parses a DDL schema (`a INT, b STRING NOT NULL`) into a struct type; a single type string
/// is accepted too, as Spark's `DataType.fromDDL` does.
pub fn parse_ddl_schema(s: &str) -> Result<DataType> {
    data_type::parse_ddl_schema(s)
}

/// Splits a multi-part identifier, honouring backquotes: `` `a.b`.c `` -> `["a.b", "c"]`.
/// Follows Spark's `parseAttributeName` (column names like `count(1)` or `a b` are one part);
/// malformed names give `INVALID_ATTRIBUTE_NAME_SYNTAX`.
pub fn parse_multipart_identifier(s: &str) -> Result<Vec<String>> {
    identifier::parse_multipart_identifier(s)
}
