//! Executions: one per `ExecutePlan` operation.
//!
//! - [`holder`]: [`ExecuteHolder`], the buffer between the task producing responses and the
//!   gRPC stream(s) sending them, with reattach/release and interrupts.
//! - [`runner`]: what an operation does: run a relation, or a command, into responses.
//! - [`substitute`]: `${var}` substitution of SQL text.
//! - [`progress`]: `ExecutionProgress` responses while a query runs.
//! - [`arrow_result`]: results as Spark's Arrow IPC `ArrowBatch` messages, split by size.

pub mod arrow_result;
pub mod holder;
mod observed;
pub mod progress;
pub mod runner;
pub mod set_variables;
pub mod substitute;
pub mod variables;
pub mod write;

pub use holder::ExecuteHolder;
