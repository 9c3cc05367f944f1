//! [`CatalogCommand`]: the SQL statements over the catalog (databases, tables, views,
//! functions), as Spark's `DDLParser`/`SparkSqlAstBuilder` reads them. Names are as written
//! (multi-part, case preserved); the server resolves them against the session's catalog.

use std::collections::BTreeMap;

use super::{DataType, Literal, Plan};

/// A column of `CREATE TABLE (...)` / `ALTER TABLE ADD COLUMNS (...)`.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    pub name: String,
    pub data_type: DataType,
    pub nullable: bool,
    pub comment: Option<String>,
}

/// Where a view lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    /// `CREATE TEMP VIEW`: this session only.
    Temp,
    /// `CREATE GLOBAL TEMP VIEW`: `global_temp`, all sessions of the server.
    GlobalTemp,
    /// `CREATE VIEW`: the persistent catalog.
    Persistent,
}

/// `CREATE [OR REPLACE] TABLE ...` / `REPLACE TABLE`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateTable {
    pub name: Vec<String>,
    /// Empty with `AS SELECT` (the query's columns) or when the files give the schema.
    pub columns: Vec<ColumnDef>,
    pub provider: Option<String>,
    pub partition_by: Vec<String>,
    pub location: Option<String>,
    pub options: BTreeMap<String, String>,
    pub properties: BTreeMap<String, String>,
    pub comment: Option<String>,
    pub if_not_exists: bool,
    pub replace: bool,
    /// `AS query`.
    pub query: Option<Box<Plan>>,
}

/// A statement over the catalog.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogCommand {
    CreateDatabase {
        name: Vec<String>,
        if_not_exists: bool,
        comment: Option<String>,
        location: Option<String>,
        properties: BTreeMap<String, String>,
    },
    DropDatabase {
        name: Vec<String>,
        if_exists: bool,
        cascade: bool,
    },
    /// `USE [NAMESPACE|DATABASE|SCHEMA] name`.
    Use {
        name: Vec<String>,
    },
    ShowDatabases {
        pattern: Option<String>,
    },
    ShowTables {
        database: Option<Vec<String>>,
        pattern: Option<String>,
    },
    ShowViews {
        database: Option<Vec<String>>,
        pattern: Option<String>,
    },
    ShowColumns {
        table: Vec<String>,
        database: Option<Vec<String>>,
    },
    ShowFunctions {
        pattern: Option<String>,
    },
    ShowCreateTable {
        table: Vec<String>,
    },
    ShowTblProperties {
        table: Vec<String>,
        key: Option<String>,
    },
    ShowPartitions {
        table: Vec<String>,
    },
    DescribeDatabase {
        name: Vec<String>,
        extended: bool,
    },
    DescribeTable {
        table: Vec<String>,
        extended: bool,
    },
    /// `DESCRIBE [TABLE] EXTENDED|FORMATTED table AS JSON`.
    DescribeTableJson {
        table: Vec<String>,
    },
    DescribeFunction {
        name: Vec<String>,
        extended: bool,
    },
    DescribeQuery {
        query: Box<Plan>,
    },
    CreateView {
        name: Vec<String>,
        kind: ViewKind,
        /// Column names (and comments) given after the name.
        columns: Vec<(String, Option<String>)>,
        query: Box<Plan>,
        /// The query's SQL text (kept for persistent views).
        sql_text: String,
        replace: bool,
        if_not_exists: bool,
        comment: Option<String>,
        properties: BTreeMap<String, String>,
    },
    DropView {
        name: Vec<String>,
        if_exists: bool,
    },
    DropTable {
        name: Vec<String>,
        if_exists: bool,
        purge: bool,
    },
    CreateTable(CreateTable),
    CreateTableLike {
        name: Vec<String>,
        source: Vec<String>,
        if_not_exists: bool,
        provider: Option<String>,
        location: Option<String>,
        properties: BTreeMap<String, String>,
    },
    RenameTable {
        from: Vec<String>,
        to: Vec<String>,
        is_view: bool,
    },
    AddColumns {
        table: Vec<String>,
        columns: Vec<ColumnDef>,
    },
    SetTblProperties {
        table: Vec<String>,
        properties: BTreeMap<String, String>,
        is_view: bool,
    },
    UnsetTblProperties {
        table: Vec<String>,
        keys: Vec<String>,
        if_exists: bool,
        is_view: bool,
    },
    RefreshTable {
        table: Vec<String>,
    },
    /// `INSERT INTO|OVERWRITE [TABLE] t [PARTITION (...)] [(cols)] query`.
    Insert {
        table: Vec<String>,
        overwrite: bool,
        partition: Vec<(String, Option<Literal>)>,
        columns: Vec<String>,
        query: Box<Plan>,
        /// SQL grammar (issue 5): `INSERT ... BY NAME` (the query's column names pick the
        /// table's columns).
        by_name: bool,
    },
    Truncate {
        table: Vec<String>,
        partition: Vec<(String, Option<Literal>)>,
    },
    // SQL grammar (issue 5): SHOW TABLE EXTENDED and DESCRIBE of a column or a partition.
    /// `SHOW TABLE EXTENDED [IN db] LIKE 'pattern' [PARTITION (k = v, ...)]` (with a
    /// partition the pattern names one table; empty: none).
    ShowTableExtended {
        database: Option<Vec<String>>,
        pattern: String,
        partition: Vec<(String, Option<Literal>)>,
    },
    /// `DESCRIBE [EXTENDED] table column`.
    DescribeColumn {
        table: Vec<String>,
        column: Vec<String>,
        extended: bool,
    },
    /// `INSERT INTO t REPLACE WHERE cond query`: the session catalog's tables cannot do it
    /// (Spark's `UNSUPPORTED_FEATURE.TABLE_OPERATION`).
    InsertReplaceWhere {
        table: Vec<String>,
    },
    /// `DESCRIBE [EXTENDED] table PARTITION (k = v, ...)`.
    DescribePartition {
        table: Vec<String>,
        partition: Vec<(String, Option<Literal>)>,
        extended: bool,
    },
}
