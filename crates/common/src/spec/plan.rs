//! [`Plan`]: Spark relations before resolution.

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use std::collections::BTreeMap;

use super::{DataType, Expr, Literal, SortOrder};

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

    /// The input relations of this relation.
    pub fn children(&self) -> Vec<&Plan> {
        use PlanNode::*;
        match &self.node {
            Range { .. }
            | LocalRelation { .. }
            | OneRow
            | Read(_)
            | Values { .. }
            | ChunkedCached { .. }
            | Cached { .. }
            | CachedRemote { .. }
            | RecursiveRef { .. } => vec![],
            Project { input, .. } => input.iter().map(|p| p.as_ref()).collect(),
            Filter { input, .. }
            | Sort { input, .. }
            | Limit { input, .. }
            | Offset { input, .. }
            | Aggregate { input, .. }
            | SubqueryAlias { input, .. }
            | ShowString { input, .. }
            | WithColumns { input, .. }
            | ToDf { input, .. }
            | Deduplicate { input, .. }
            | Drop { input, .. }
            | WithColumnsRenamed { input, .. }
            | Tail { input, .. }
            | Hint { input, .. }
            | Repartition { input, .. }
            | Sample { input, .. }
            | ToSchema { input, .. }
            | HtmlString { input, .. }
            | FillNa { input, .. }
            | DropNa { input, .. }
            | Replace { input, .. }
            | StatDescribe { input, .. }
            | StatSummary { input, .. }
            | StatCov { input, .. }
            | StatCorr { input, .. }
            | StatCrosstab { input, .. }
            | StatApproxQuantile { input, .. }
            | StatFreqItems { input, .. }
            | StatSampleBy { input, .. }
            | Unpivot { input, .. }
            | UnpivotSets { input, .. }
            | LateralView { input, .. }
            | Transpose { input, .. }
            | CollectMetrics { input, .. } => vec![input.as_ref()],
            RecursiveCte { body, .. } => vec![body.as_ref()],
            Join { left, right, .. }
            | AsOfJoin { left, right, .. }
            | LateralJoin { left, right, .. }
            | NaturalJoin { left, right, .. }
            | SetOp { left, right, .. } => {
                vec![left.as_ref(), right.as_ref()]
            }
        }
    }

    /// The depth (0 = this relation) of the shallowest relation with each plan id below here.
    pub fn plan_id_depths(&self) -> std::collections::HashMap<i64, usize> {
        let mut out = std::collections::HashMap::new();
        let mut level = vec![self];
        let mut depth = 0;
        while !level.is_empty() {
            let mut next = Vec::new();
            for p in level {
                if let Some(id) = p.plan_id {
                    out.entry(id).or_insert(depth);
                }
                next.extend(p.children());
            }
            level = next;
            depth += 1;
        }
        out
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
        /// The user's schema (sent as JSON or DDL text), parsed (readers).
        schema: Option<DataType>,
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

/// The kind of a join (Spark's `JoinType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinType {
    Inner,
    LeftOuter,
    RightOuter,
    FullOuter,
    LeftSemi,
    LeftAnti,
    Cross,
}

/// Which right rows an as-of join may pick: at or before, at or after, or nearest to the left key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOfDirection {
    Backward,
    Forward,
    Nearest,
}

/// The kind of a set operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOpKind {
    Union,
    Intersect,
    Except,
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
    // ---- joins, set operations and row-level relations of the DataFrame API ----
    /// `df.join(other, on, how)`: `using` names shared columns (`on="id"` or a list); otherwise
    /// `condition` (none: a cartesian product).
    Join {
        left: Box<Plan>,
        right: Box<Plan>,
        join_type: JoinType,
        condition: Option<Expr>,
        using: Vec<String>,
    },
    /// `df.lateralJoin(other, on, how)` (inner, left outer or cross): `right` may refer to the
    /// left side's columns (`col.outer()`), row by row.
    LateralJoin {
        left: Box<Plan>,
        right: Box<Plan>,
        join_type: JoinType,
        condition: Option<Expr>,
    },
    /// `df._joinAsOf(...)` (pandas-on-Spark's `merge_asof`): each left row with the nearest
    /// right row by the as-of keys among those matching `condition` / `using`.
    AsOfJoin {
        left: Box<Plan>,
        right: Box<Plan>,
        left_as_of: Expr,
        right_as_of: Expr,
        condition: Option<Expr>,
        using: Vec<String>,
        /// `inner` or `left`.
        join_type: JoinType,
        tolerance: Option<Expr>,
        allow_exact_matches: bool,
        direction: AsOfDirection,
    },
    /// `union`/`unionByName`/`intersect(All)`/`subtract`/`exceptAll`.
    SetOp {
        left: Box<Plan>,
        right: Box<Plan>,
        kind: SetOpKind,
        /// Keep duplicates (`UNION ALL`, `intersectAll`, `exceptAll`).
        all: bool,
        /// Match columns by name instead of by position (`unionByName`).
        by_name: bool,
        /// With `by_name`: columns missing on one side become NULL.
        allow_missing: bool,
    },
    /// `distinct()` (no `columns`) or `dropDuplicates(columns)`.
    Deduplicate {
        input: Box<Plan>,
        columns: Option<Vec<String>>,
    },
    /// `df.drop(...)`: by column expression and/or by name (names that match nothing are ignored).
    Drop {
        input: Box<Plan>,
        columns: Vec<Expr>,
        names: Vec<String>,
    },
    /// `withColumnsRenamed({old: new})`, applied in order.
    WithColumnsRenamed {
        input: Box<Plan>,
        renames: Vec<(String, String)>,
    },
    /// `df.tail(n)`: the last `n` rows.
    Tail {
        input: Box<Plan>,
        limit: i64,
    },
    /// `df.hint(name, params...)`.
    Hint {
        input: Box<Plan>,
        name: String,
        params: Vec<Expr>,
    },
    /// `repartition(n)` (`shuffle`) or `coalesce(n)`; `repartition(n, cols)` /
    /// `repartitionByRange(n, cols)` (sort orders in `by`).
    Repartition {
        input: Box<Plan>,
        num_partitions: Option<i32>,
        shuffle: bool,
        by: Vec<Expr>,
    },
    /// `sample` / `randomSplit`: rows whose random draw falls in `[lower, upper)`.
    Sample {
        input: Box<Plan>,
        lower: f64,
        upper: f64,
        with_replacement: bool,
        seed: i64,
        deterministic_order: bool,
    },
    /// `df.to(schema)`: reorder, cast and check columns against a schema.
    ToSchema {
        input: Box<Plan>,
        schema: DataType,
    },
    /// `df._repr_html_()`: the rows as an HTML table, in one `html_string` column.
    HtmlString {
        input: Box<Plan>,
        num_rows: i32,
        truncate: i32,
    },
    // --- NA and statistic functions (`df.na.*`, `df.stat.*`, `describe`, `summary`) ---
    /// `df.na.fill`: one value for the columns of a compatible type (all or `cols`), or one
    /// value per column of `cols`.
    FillNa {
        input: Box<Plan>,
        cols: Vec<String>,
        values: Vec<Literal>,
    },
    /// `df.na.drop`: keeps rows with at least `min_non_nulls` non-null (non-NaN) values among
    /// `cols` (all columns when empty); `None` means all of them.
    DropNa {
        input: Box<Plan>,
        cols: Vec<String>,
        min_non_nulls: Option<i32>,
    },
    /// `df.na.replace`: `(old, new)` pairs over `cols` (all columns when `None`).
    Replace {
        input: Box<Plan>,
        cols: Option<Vec<String>>,
        replacements: Vec<(Literal, Literal)>,
    },
    /// `df.describe(cols)`.
    StatDescribe {
        input: Box<Plan>,
        cols: Vec<String>,
    },
    /// `df.summary(statistics)`; empty means Spark's default statistics.
    StatSummary {
        input: Box<Plan>,
        statistics: Vec<String>,
    },
    /// `df.stat.cov(col1, col2)`: one `cov` row.
    StatCov {
        input: Box<Plan>,
        col1: String,
        col2: String,
    },
    /// `df.stat.corr(col1, col2, method)`: one `corr` row.
    StatCorr {
        input: Box<Plan>,
        col1: String,
        col2: String,
        method: String,
    },
    /// `df.stat.crosstab(col1, col2)`.
    StatCrosstab {
        input: Box<Plan>,
        col1: String,
        col2: String,
    },
    /// `df.stat.approxQuantile(cols, probabilities, relativeError)`: one `approx_quantile` row.
    StatApproxQuantile {
        input: Box<Plan>,
        cols: Vec<String>,
        probabilities: Vec<f64>,
        relative_error: f64,
    },
    /// `df.stat.freqItems(cols, support)`.
    StatFreqItems {
        input: Box<Plan>,
        cols: Vec<String>,
        support: Option<f64>,
    },
    /// `df.stat.sampleBy(col, fractions, seed)`.
    StatSampleBy {
        input: Box<Plan>,
        col: Expr,
        fractions: Vec<(Literal, f64)>,
        seed: Option<i64>,
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
    // ---- engine features (issue 7) ----
    /// A checkpointed DataFrame (`df.checkpoint()`/`localCheckpoint()`) by the id the server
    /// gave it: its stored data, without its lineage.
    CachedRemote {
        relation_id: String,
    },
    /// `df.observe(name, *metrics)`: named aggregate metrics computed while the rows pass
    /// through, reported with the result (Spark's `CollectMetrics`).
    CollectMetrics {
        input: Box<Plan>,
        name: String,
        metrics: Vec<Expr>,
    },
    // --- SQL grammar (issue 5) ---
    /// SQL `NATURAL [type] JOIN`: a `USING` join on the columns both sides have.
    NaturalJoin {
        left: Box<Plan>,
        right: Box<Plan>,
        join_type: JoinType,
    },
    /// SQL `WITH RECURSIVE name [(columns)] [MAX RECURSION LEVEL n] AS (body)` at a reference
    /// to `name` (Spark's `UnionLoop`): `body` should be `anchor UNION ALL recursive`, where
    /// only `recursive` reads [`PlanNode::RecursiveRef`] `name`.
    RecursiveCte {
        name: String,
        columns: Option<Vec<String>>,
        max_level: Option<u64>,
        body: Box<Plan>,
    },
    /// Inside a recursive CTE's definition: the rows its previous level produced.
    RecursiveRef {
        name: String,
    },
    /// SQL `LATERAL VIEW [OUTER] generator(...) qualifier [AS names]`: the input's columns and
    /// the generated ones, which `qualifier` qualifies (Spark's `Generate`).
    LateralView {
        input: Box<Plan>,
        generator: Expr,
        qualifier: String,
    },
    /// SQL `UNPIVOT ((v1, v2) FOR name IN ((a1, a2) [AS x], ...))` (Spark's `Unpivot` with
    /// several value columns): each input row becomes one row per column set; the columns the
    /// clause does not use are kept as ids.
    UnpivotSets {
        input: Box<Plan>,
        /// Each set's columns (one per value column) and its optional alias.
        sets: Vec<(Vec<Expr>, Option<String>)>,
        variable_column_name: String,
        value_column_names: Vec<String>,
    },
}
