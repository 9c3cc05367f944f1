//! Shared by every layer of Sabot:
//!
//! - [`error`]: [`SparkError`], the one error type that crosses layer boundaries; it knows the
//!   Spark exception class, error class, SQLSTATE and message parameters a PySpark client expects.
//! - [`config`]: Spark configuration keys, their defaults, and a session's settings.
//! - [`spec`]: the Spark-level plan spec that both the Connect (DataFrame) path and the SQL path
//!   produce, so that names, types, functions and errors agree between the two.

pub mod config;
pub mod error;
pub mod numbers;
pub mod spec;
pub mod time_of_day;

pub use error::{Result, SparkError};
