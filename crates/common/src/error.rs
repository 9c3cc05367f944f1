//! [`SparkError`]: a failure with the Spark exception class a client should see.
//!
//! PySpark picks the Python exception from the JVM class names the server reports
//! (`pyspark.errors.exceptions.connect.convert_exception`), and reads `errorClass`, `sqlState` and
//! `messageParameters` from the same `ErrorInfo`. Every layer builds these typed errors at the point
//! of failure; the server turns them into a `tonic::Status` in one place.

use std::collections::BTreeMap;
use std::fmt;

/// Result alias used throughout Sabot.
pub type Result<T, E = SparkError> = std::result::Result<T, E>;

/// The JVM exception a Spark server would throw; determines the PySpark exception class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExceptionKind {
    /// `org.apache.spark.sql.AnalysisException` (unresolved names, bad types, missing tables).
    Analysis,
    /// `org.apache.spark.sql.catalyst.parser.ParseException`.
    Parse,
    /// `org.apache.spark.SparkIllegalArgumentException` / `java.lang.IllegalArgumentException`.
    IllegalArgument,
    /// `org.apache.spark.SparkArithmeticException` (overflow, divide by zero under ANSI).
    Arithmetic,
    /// `org.apache.spark.SparkNumberFormatException` (bad cast of a string to a number under ANSI).
    NumberFormat,
    /// `org.apache.spark.SparkDateTimeException`.
    DateTime,
    /// `org.apache.spark.SparkArrayIndexOutOfBoundsException`.
    ArrayIndexOutOfBounds,
    /// `org.apache.spark.SparkNoSuchElementException` (e.g. an unknown config key).
    NoSuchElement,
    /// `org.apache.spark.SparkUnsupportedOperationException`.
    UnsupportedOperation,
    /// `org.apache.spark.SparkRuntimeException`.
    Runtime,
    /// `org.apache.spark.sql.connect.common.InvalidPlanInput` surfaces as a SparkException in 4.x;
    /// a malformed plan from the client.
    InvalidPlanInput,
    /// `org.apache.spark.SparkSQLException` (e.g. `INVALID_HANDLE.*`, `OPERATION_CANCELED`).
    Sql,
    /// `org.apache.spark.SparkException`: anything else that failed inside the engine.
    Internal,
    /// `org.apache.spark.SparkUpgradeException` (behaviour changed since an older Spark, e.g.
    /// datetime patterns only Spark 2's formatter accepted).
    Upgrade,
    /// `org.apache.spark.SparkClassNotFoundException` (e.g. an unknown data source; readers).
    ClassNotFound,
}

impl ExceptionKind {
    /// The exception's class followed by its superclasses, as Spark reports them in the
    /// `classes` metadata of `ErrorInfo`; PySpark matches on any of them.
    pub fn class_hierarchy(self) -> &'static [&'static str] {
        match self {
            Self::Analysis => &[
                "org.apache.spark.sql.AnalysisException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::Parse => &[
                "org.apache.spark.sql.catalyst.parser.ParseException",
                "org.apache.spark.sql.AnalysisException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::IllegalArgument => &[
                "org.apache.spark.SparkIllegalArgumentException",
                "java.lang.IllegalArgumentException",
                "java.lang.RuntimeException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::Arithmetic => &[
                "org.apache.spark.SparkArithmeticException",
                "java.lang.ArithmeticException",
                "java.lang.RuntimeException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::NumberFormat => &[
                "org.apache.spark.SparkNumberFormatException",
                "java.lang.NumberFormatException",
                "java.lang.IllegalArgumentException",
                "java.lang.RuntimeException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::DateTime => &[
                "org.apache.spark.SparkDateTimeException",
                "java.time.DateTimeException",
                "java.lang.RuntimeException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::ArrayIndexOutOfBounds => &[
                "org.apache.spark.SparkArrayIndexOutOfBoundsException",
                "java.lang.ArrayIndexOutOfBoundsException",
                "java.lang.IndexOutOfBoundsException",
                "java.lang.RuntimeException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::NoSuchElement => &[
                "org.apache.spark.SparkNoSuchElementException",
                "java.util.NoSuchElementException",
                "java.lang.RuntimeException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::UnsupportedOperation => &[
                "org.apache.spark.SparkUnsupportedOperationException",
                "java.lang.UnsupportedOperationException",
                "java.lang.RuntimeException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::Runtime => &[
                "org.apache.spark.SparkRuntimeException",
                "java.lang.RuntimeException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::InvalidPlanInput => &[
                "org.apache.spark.sql.connect.common.InvalidPlanInput",
                "org.apache.spark.SparkException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::Sql => &[
                "org.apache.spark.SparkSQLException",
                "java.sql.SQLException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::Internal => &[
                "org.apache.spark.SparkException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::Upgrade => &[
                "org.apache.spark.SparkUpgradeException",
                "java.lang.RuntimeException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
            Self::ClassNotFound => &[
                "org.apache.spark.SparkClassNotFoundException",
                "java.lang.ClassNotFoundException",
                "java.lang.ReflectiveOperationException",
                "java.lang.Exception",
                "java.lang.Throwable",
            ],
        }
    }

    /// The most specific JVM class name.
    pub fn class_name(self) -> &'static str {
        self.class_hierarchy()[0]
    }
}

/// A failure with everything a Spark client needs to raise the right exception.
#[derive(Clone, PartialEq)]
pub struct SparkError {
    pub kind: ExceptionKind,
    /// Spark's error class (condition), e.g. `UNRESOLVED_COLUMN.WITH_SUGGESTION`.
    pub error_class: Option<String>,
    /// SQLSTATE, e.g. `42703`.
    pub sql_state: Option<String>,
    /// The message parameters of the error class, in Spark's names (values already quoted as
    /// Spark quotes them, e.g. "`id`").
    pub params: BTreeMap<String, String>,
    /// The message without the `[ERROR_CLASS]` prefix.
    pub message: String,
    /// What caused this error, if anything worth reporting (returned by FetchErrorDetails).
    pub cause: Option<Box<SparkError>>,
}

impl SparkError {
    /// An error with a kind and a plain message, no error class.
    pub fn new(kind: ExceptionKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            error_class: None,
            sql_state: None,
            params: BTreeMap::new(),
            message: message.into(),
            cause: None,
        }
    }

    /// An error of a Spark error class. `message` is the rendered message.
    pub fn with_class(
        kind: ExceptionKind,
        error_class: &str,
        sql_state: &str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            error_class: Some(error_class.to_string()),
            sql_state: Some(sql_state.to_string()),
            ..Self::new(kind, message)
        }
    }

    /// An error of one of Spark's `_LEGACY_ERROR_TEMP_*` classes, which have no SQLSTATE.
    pub fn legacy(kind: ExceptionKind, error_class: &str, message: impl Into<String>) -> Self {
        Self {
            error_class: Some(error_class.to_string()),
            sql_state: None,
            ..Self::new(kind, message)
        }
    }

    /// Adds a message parameter.
    pub fn param(mut self, key: &str, value: impl Into<String>) -> Self {
        self.params.insert(key.to_string(), value.into());
        self
    }

    /// Sets the cause.
    pub fn caused_by(mut self, cause: SparkError) -> Self {
        self.cause = Some(Box::new(cause));
        self
    }

    /// The message as Spark formats it: `[ERROR_CLASS] message SQLSTATE: xxxxx`; a legacy
    /// class is not shown (`SparkThrowableHelper.getMessage`).
    pub fn display_message(&self) -> String {
        match (&self.error_class, &self.sql_state) {
            (Some(c), None) if c.starts_with("_LEGACY_ERROR_") => self.message.clone(),
            (Some(c), Some(s)) => format!("[{c}] {} SQLSTATE: {s}", self.message),
            (Some(c), None) => format!("[{c}] {}", self.message),
            _ => self.message.clone(),
        }
    }

    // ---- Constructors for the error classes Sabot raises, named after Spark's. ----

    /// `UNSUPPORTED_FEATURE.*`-style error for something Sabot does not support (yet).
    pub fn unsupported(what: impl Into<String>) -> Self {
        let what = what.into();
        Self::with_class(
            ExceptionKind::UnsupportedOperation,
            "UNSUPPORTED_FEATURE",
            "0A000",
            format!("The feature is not supported: {what}."),
        )
        .param("feature", what)
    }

    /// A malformed or incomplete plan from the client (`INVALID_PLAN_INPUT`-like).
    pub fn invalid_plan(message: impl Into<String>) -> Self {
        Self::new(ExceptionKind::InvalidPlanInput, message)
    }

    /// `UNRESOLVED_COLUMN.WITH_SUGGESTION`.
    pub fn unresolved_column(name: &str, candidates: &[String]) -> Self {
        let name = quote_identifier(name);
        let proposal = candidates
            .iter()
            .map(|c| quote_identifier(c))
            .collect::<Vec<_>>()
            .join(", ");
        if candidates.is_empty() {
            Self::with_class(
                ExceptionKind::Analysis,
                "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION",
                "42703",
                format!(
                    "A column, variable, or function parameter with name {name} cannot be resolved."
                ),
            )
            .param("objectName", name)
        } else {
            Self::with_class(
                ExceptionKind::Analysis,
                "UNRESOLVED_COLUMN.WITH_SUGGESTION",
                "42703",
                format!(
                    "A column, variable, or function parameter with name {name} cannot be resolved. Did you mean one of the following? [{proposal}]."
                ),
            )
            .param("objectName", name)
            .param("proposal", proposal)
        }
    }

    /// `TABLE_OR_VIEW_NOT_FOUND`.
    pub fn table_not_found(name: &str) -> Self {
        let name = quote_identifier(name);
        Self::with_class(
            ExceptionKind::Analysis,
            "TABLE_OR_VIEW_NOT_FOUND",
            "42P01",
            format!(
                "The table or view {name} cannot be found. Verify the spelling and correctness of the schema and catalog."
            ),
        )
        .param("relationName", name)
    }

    /// `UNRESOLVED_ROUTINE`.
    pub fn unresolved_routine(name: &str) -> Self {
        let name = quote_identifier(name);
        Self::with_class(
            ExceptionKind::Analysis,
            "UNRESOLVED_ROUTINE",
            "42883",
            format!(
                "Cannot resolve routine {name} on search path [`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]."
            ),
        )
        .param("routineName", name)
        .param("searchPath", "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]")
    }

    /// `SQL_CONF_NOT_FOUND`.
    pub fn conf_not_found(key: &str) -> Self {
        Self::with_class(
            ExceptionKind::NoSuchElement,
            "SQL_CONF_NOT_FOUND",
            "42K0I",
            format!(
                "The SQL config \"{key}\" cannot be found. Please verify that the config exists."
            ),
        )
        .param("sqlConf", format!("\"{key}\""))
    }

    /// `DIVIDE_BY_ZERO` (ANSI mode).
    pub fn divide_by_zero() -> Self {
        Self::with_class(
            ExceptionKind::Arithmetic,
            "DIVIDE_BY_ZERO",
            "22012",
            "Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.",
        )
        .param("config", "\"spark.sql.ansi.enabled\"")
    }

    /// An engine failure with no more specific class.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ExceptionKind::Internal, message)
    }

    /// `OPERATION_CANCELED`: the operation was interrupted.
    pub fn operation_canceled() -> Self {
        Self::with_class(
            ExceptionKind::Sql,
            "OPERATION_CANCELED",
            "HY008",
            "Operation has been canceled.",
        )
    }

    /// An `IllegalArgumentException` without an error class.
    pub fn illegal_argument(message: impl Into<String>) -> Self {
        Self::new(ExceptionKind::IllegalArgument, message)
    }
}

/// Quotes an identifier as Spark's `toSQLId` does: each dotted part in backquotes.
pub fn quote_identifier(name: &str) -> String {
    if name.starts_with('`') {
        return name.to_string();
    }
    name.split('.')
        .map(|p| format!("`{}`", p.replace('`', "``")))
        .collect::<Vec<_>>()
        .join(".")
}

impl fmt::Display for SparkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_message())
    }
}

impl fmt::Debug for SparkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.class_name(), self.display_message())
    }
}

impl std::error::Error for SparkError {}

/// Returns early with an `UNSUPPORTED_FEATURE` error.
#[macro_export]
macro_rules! unsupported_err {
    ($($arg:tt)*) => {
        return Err($crate::error::SparkError::unsupported(format!($($arg)*)))
    };
}

/// Returns early with an invalid-plan error.
#[macro_export]
macro_rules! invalid_plan_err {
    ($($arg:tt)*) => {
        return Err($crate::error::SparkError::invalid_plan(format!($($arg)*)))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_class_and_state() {
        let e = SparkError::divide_by_zero();
        assert!(
            e.display_message()
                .starts_with("[DIVIDE_BY_ZERO] Division by zero.")
        );
        assert!(e.display_message().ends_with("SQLSTATE: 22012"));
        assert_eq!(
            e.kind.class_name(),
            "org.apache.spark.SparkArithmeticException"
        );
    }

    #[test]
    fn quotes_identifiers_like_spark() {
        assert_eq!(quote_identifier("a.b"), "`a`.`b`");
        assert_eq!(quote_identifier("x`y"), "`x``y`");
    }

    #[test]
    fn unresolved_column_suggests() {
        let e = SparkError::unresolved_column("idd", &["id".to_string()]);
        assert_eq!(
            e.error_class.as_deref(),
            Some("UNRESOLVED_COLUMN.WITH_SUGGESTION")
        );
        assert_eq!(e.params.get("proposal").map(String::as_str), Some("`id`"));
    }
}
