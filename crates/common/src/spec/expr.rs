//! [`Expr`]: Spark expressions before resolution. Operators are functions with Spark's names
//! (`+`, `==`, `and`, `when`, `in`, ...), exactly as Spark Connect sends them, so the SQL path
//! and the DataFrame path meet in one function registry.

use super::{DataType, Literal, Plan};

/// How a cast treats values that do not fit (Spark's `Cast.evalMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CastMode {
    /// Follow `spark.sql.ansi.enabled`.
    Default,
    /// Always ANSI: invalid input raises an error.
    Ansi,
    /// Always legacy: invalid input becomes NULL.
    Legacy,
    /// `try_cast`: invalid input becomes NULL.
    Try,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDirection {
    Ascending,
    Descending,
}

/// Where NULLs go. Spark's default: first when ascending, last when descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullOrdering {
    NullsFirst,
    NullsLast,
}

/// One key of an ordering.
#[derive(Debug, Clone, PartialEq)]
pub struct SortOrder {
    pub expr: Expr,
    pub direction: SortDirection,
    pub nulls: NullOrdering,
}

impl SortOrder {
    /// Ascending with Spark's default NULLS FIRST.
    pub fn asc(expr: Expr) -> Self {
        Self {
            expr,
            direction: SortDirection::Ascending,
            nulls: NullOrdering::NullsFirst,
        }
    }

    /// Descending with Spark's default NULLS LAST.
    pub fn desc(expr: Expr) -> Self {
        Self {
            expr,
            direction: SortDirection::Descending,
            nulls: NullOrdering::NullsLast,
        }
    }
}

/// Rows or range frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameType {
    Rows,
    Range,
}

/// A window frame boundary.
#[derive(Debug, Clone, PartialEq)]
pub enum FrameBoundary {
    UnboundedPreceding,
    UnboundedFollowing,
    CurrentRow,
    /// An offset: negative precedes the current row, positive follows it.
    Value(Box<Expr>),
}

/// A window frame.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowFrame {
    pub frame_type: FrameType,
    pub lower: FrameBoundary,
    pub upper: FrameBoundary,
}

/// How Spark shows a Spark Connect lambda variable (`UnresolvedNamedLambdaVariable.prettyName`).
pub const UNNAMED_LAMBDA_VARIABLE: &str = "namedlambdavariable()";

/// How a subquery is used in an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum SubqueryKind {
    /// `df.scalar()`: the single value of a one-column, at most one-row relation.
    Scalar,
    /// `df.exists()`: whether the relation has rows.
    Exists,
    /// `col.isin(df)`: whether the values are among the relation's rows.
    In(Vec<Expr>),
    /// SQL `(a, b) NOT IN (SELECT x, y ...)` (issue 5): true when no row of the relation
    /// equals the values or compares to them as NULL (Spark's null-aware anti join).
    NotIn(Vec<Expr>),
}

/// An unresolved Spark expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Literal(Literal),
    /// A column by (possibly qualified) name: `["t", "a"]` for `t.a`. `plan_id` pins it to the
    /// DataFrame it came from (`df["a"]`), for self-join disambiguation.
    Column {
        name: Vec<String>,
        plan_id: Option<i64>,
    },
    /// `*`, or `t.*` / `struct_col.*` with a target.
    Star {
        target: Option<Vec<String>>,
        plan_id: Option<i64>,
    },
    /// `expr AS name`; several names for multi-output generators.
    Alias {
        expr: Box<Expr>,
        names: Vec<String>,
        metadata: Option<String>,
    },
    Cast {
        expr: Box<Expr>,
        data_type: DataType,
        mode: CastMode,
    },
    /// A call of a Spark function or operator, by name.
    Function {
        name: String,
        args: Vec<Expr>,
        distinct: bool,
        filter: Option<Box<Expr>>,
    },
    /// `child[extraction]`: array index, map key or struct field, by value.
    ExtractValue {
        child: Box<Expr>,
        extraction: Box<Expr>,
    },
    /// `function OVER (PARTITION BY ... ORDER BY ... frame)`.
    Window {
        function: Box<Expr>,
        partition_by: Vec<Expr>,
        order_by: Vec<SortOrder>,
        frame: Option<WindowFrame>,
    },
    /// A sort key where an expression is expected (Spark Connect sends these in `orderBy`).
    SortOrder(Box<SortOrder>),
    /// `(x, y) -> body`.
    Lambda {
        params: Vec<String>,
        body: Box<Expr>,
    },
    /// A lambda parameter used in a lambda body. Spark Connect's variables are unnamed in Spark's
    /// output names: theirs start with [`UNNAMED_LAMBDA_VARIABLE`] (then `#` and the client's id).
    LambdaVariable(String),
    /// A relation used as a value (`df.scalar()`, `df.exists()`, `col.isin(df)`); names it
    /// cannot resolve itself refer to the enclosing query (correlation).
    Subquery {
        plan: Box<Plan>,
        kind: SubqueryKind,
    },
    // --- Column API expression kinds ---
    /// `struct.withField(...)` / `struct.dropFields(...)` (Spark's `UpdateFields`): the
    /// operations applied in order to the struct's fields.
    UpdateFields {
        struct_expr: Box<Expr>,
        ops: Vec<FieldOp>,
    },
    /// `df.colRegex("`re`")` (Spark's `UnresolvedRegex`): every input column whose name matches
    /// the whole pattern, optionally only those of relation `qualifier`.
    Regex {
        pattern: String,
        qualifier: Option<Vec<String>>,
        plan_id: Option<i64>,
    },
    /// `key => value`, an argument of a function call by parameter name.
    NamedArgument {
        key: String,
        value: Box<Expr>,
    },
}

/// One operation of [`Expr::UpdateFields`] on a (possibly nested: `["a", "b"]`) field path.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldOp {
    /// Replace the field(s) with that name, or append it.
    With { path: Vec<String>, value: Expr },
    /// Drop the field(s) with that name (nothing when absent).
    Drop { path: Vec<String> },
}

impl Expr {
    /// A column by a single (unqualified) name.
    pub fn col(name: impl Into<String>) -> Self {
        Self::Column {
            name: vec![name.into()],
            plan_id: None,
        }
    }

    /// A function call.
    pub fn call(name: impl Into<String>, args: Vec<Expr>) -> Self {
        Self::Function {
            name: name.into(),
            args,
            distinct: false,
            filter: None,
        }
    }

    /// `self AS name`.
    pub fn alias(self, name: impl Into<String>) -> Self {
        Self::Alias {
            expr: Box::new(self),
            names: vec![name.into()],
            metadata: None,
        }
    }
}
