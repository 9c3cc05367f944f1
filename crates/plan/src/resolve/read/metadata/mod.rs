//! `input_file_name()`, `input_file_block_start()`, `input_file_block_length()` and the
//! `_metadata` column of file reads (Spark's `InputFileName`/`InputFileBlockStart`/
//! `InputFileBlockLength` and `FileFormat.BASE_METADATA_FIELDS`).
//!
//! While a query is resolved these are placeholders ([`placeholder`]): the resolver does not
//! know yet which scan a row comes from. When the whole plan is resolved, [`lift::apply`]
//! turns the file scans below them into scans with hidden per-file columns ([`table`],
//! [`exec`]), threads those columns up to the placeholders and replaces them. Scans nobody
//! asks about stay as they are, so `_metadata` is only produced when referenced. Where no
//! file scan is below (after an aggregate, a distinct or a union, or over non-file data),
//! the functions answer Spark's "" and -1 and `_metadata` is an unresolved column.

mod exec;
pub(crate) use exec::MetaExec;
mod lift;
mod placeholder;
mod table;

pub(crate) use lift::apply;
pub(crate) use placeholder::{function_call, metadata_column};
