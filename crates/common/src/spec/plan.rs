//! [`Plan`]: Spark relations before resolution.

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use std::collections::BTreeMap;

use super::{DataType, Expr, SortOrder};

/// A relation and the client's id for it (Spark Connect `plan_id`, used to resolve `df["col"]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub node: PlanNode,
    pub plan_id: Option<i64>,
}

impl Plan {
    pub fn new(node: PlanNode) -> Self {
        Self {
            node,
            plan_id: None,
        }
    }

    pub fn boxed(node: PlanNode) -> Box<Self> {
        Box::new(Self::new(node))
    }
}

/// What is read by a `Read` relation.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadKind {
    /// A table or view by multi-part name.
    NamedTable {
        name: Vec<String>,
        options: BTreeMap<String, String>,
    },
    /// `spark.read.format(...).load(paths)`.
    DataSource {
        format: Option<String>,
        schema: Option<String>,
        options: BTreeMap<String, String>,
        paths: Vec<String>,
        predicates: Vec<String>,
    },
}

/// How an `Aggregate` groups.
#[derive(Debug, Clone, PartialEq)]
pub enum AggregateKind {
    GroupBy,
    Rollup,
    Cube,
    GroupingSets(Vec<Vec<Expr>>),
    Pivot {
        column: Expr,
        values: Option<Vec<Expr>>,
    },
}

/// A Spark relation.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanNode {
    /// `spark.range(start, end, step, numPartitions)`: one `id: bigint NOT NULL` column.
    Range {
        start: i64,
        end: i64,
        step: i64,
        num_partitions: Option<i32>,
    },
    /// Rows sent by the client as Arrow, with the Spark schema they are to have (if given).
    LocalRelation {
        batches: Vec<RecordBatch>,
        arrow_schema: Option<SchemaRef>,
        schema: Option<DataType>,
    },
    /// A single row with no columns: the input of `SELECT 1` without `FROM`.
    OneRow,
    Read(ReadKind),
    /// `select`: `input` is `None` for a projection without a relation.
    Project {
        input: Option<Box<Plan>>,
        exprs: Vec<Expr>,
    },
    Filter {
        input: Box<Plan>,
        condition: Expr,
    },
    Sort {
        input: Box<Plan>,
        order: Vec<SortOrder>,
        is_global: bool,
    },
    Limit {
        input: Box<Plan>,
        limit: i64,
    },
    Offset {
        input: Box<Plan>,
        offset: i64,
    },
    Aggregate {
        input: Box<Plan>,
        kind: AggregateKind,
        grouping: Vec<Expr>,
        aggregates: Vec<Expr>,
        having: Option<Expr>,
    },
    /// `df.alias(name)` / `FROM t AS name`.
    SubqueryAlias {
        input: Box<Plan>,
        alias: String,
    },
    /// `VALUES (...), (...)` with optional column names.
    Values {
        rows: Vec<Vec<Expr>>,
        names: Vec<String>,
    },
    /// `df.show()`: one `show_string` column with the rendered table.
    ShowString {
        input: Box<Plan>,
        num_rows: i32,
        truncate: i32,
        vertical: bool,
    },
    /// `df.withColumns({...})`.
    WithColumns {
        input: Box<Plan>,
        columns: Vec<(String, Expr)>,
    },
    /// `df.toDF(names...)`.
    ToDf {
        input: Box<Plan>,
        names: Vec<String>,
    },
    /// Rows the client uploaded in chunks (4.x's `ChunkedCachedLocalRelation`: Arrow IPC chunks
    /// and a schema string), resolved by the session.
    ChunkedCached {
        data_hashes: Vec<String>,
        schema_hash: Option<String>,
    },
    /// Rows the client uploaded as an artifact (3.5's `CachedLocalRelation`: a serialized
    /// `LocalRelation`), resolved by the session.
    Cached {
        hash: String,
    },
    // --- reshaping (unpivot / transpose) ---
    /// `df.unpivot(ids, values, variableColumnName, valueColumnName)` / `melt`; `values: None`
    /// unpivots every column that is not an id.
    Unpivot {
        input: Box<Plan>,
        ids: Vec<Expr>,
        values: Option<Vec<Expr>>,
        variable_column_name: String,
        value_column_name: String,
    },
    /// `df.transpose(indexColumn)` (4.x); no index column: the first column.
    Transpose {
        input: Box<Plan>,
        index_columns: Vec<Expr>,
    },
}
