//! [`Statement`]: what a `spark.sql(...)` string is: a query, or a command run when submitted.

use super::catalog::CatalogCommand;
use super::{DataType, Expr, Plan};

/// The modes of `EXPLAIN` and `df.explain(mode)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExplainMode {
    Simple,
    Extended,
    Codegen,
    Cost,
    Formatted,
}

/// A parsed SQL statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// A query: lazily evaluated, becomes a DataFrame.
    Query(Plan),
    /// `SET key=value`.
    SetConfig {
        key: String,
        value: String,
    },
    /// `SET key`: shows one value.
    ShowConfig {
        key: String,
    },
    /// `SET`: shows the session's set values.
    ShowAllConfigs,
    /// `RESET` / `RESET key`.
    ResetConfig {
        key: Option<String>,
    },
    /// `EXPLAIN [mode] query`.
    Explain {
        plan: Plan,
        mode: ExplainMode,
    },
    // catalog: statements over databases, tables and views (see `catalog.rs`).
    Catalog(Box<CatalogCommand>),
    // cache: `CACHE TABLE`, `UNCACHE TABLE`, `CLEAR CACHE`.
    Cache(CacheCommand),
    // --- session variables (issue 5 grammar) ---
    /// `DECLARE [OR REPLACE] [VARIABLE] name [type] [DEFAULT|= expr]`.
    DeclareVariable {
        name: String,
        data_type: Option<DataType>,
        default: Option<Expr>,
        replace: bool,
    },
    /// `SET VAR name = expr`.
    SetVariable {
        name: String,
        value: Expr,
    },
    /// `SET VAR (a, b) = (query)` and `SET VAR a = e1, b = DEFAULT`: the variables take the
    /// columns of the query's single row (NULLs without a row); a `default` variable is reset
    /// to its declared default instead.
    SetVariables {
        names: Vec<String>,
        query: Box<Plan>,
        defaults: Vec<bool>,
    },
    /// `DROP TEMPORARY VARIABLE [IF EXISTS] name`.
    DropVariable {
        name: String,
        if_exists: bool,
    },
}

/// The caching statements.
#[derive(Debug, Clone, PartialEq)]
pub enum CacheCommand {
    /// `CACHE [LAZY] TABLE name [OPTIONS (...)] [[AS] query]`.
    CacheTable {
        name: Vec<String>,
        lazy: bool,
        options: std::collections::BTreeMap<String, String>,
        query: Option<Box<Plan>>,
    },
    /// `UNCACHE TABLE [IF EXISTS] name`.
    UncacheTable { name: Vec<String>, if_exists: bool },
    /// `CLEAR CACHE`.
    ClearCache,
}
