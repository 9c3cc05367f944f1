//! URL functions beyond `url_encode`/`url_decode` (which live with the string functions):
//! `parse_url`, `try_parse_url`, `try_url_decode`.

mod parse_url;
mod uri;

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

use crate::{FunctionEntry, FunctionKind::Scalar, display_call};

const fn scalar(name: &'static str, build: crate::BuildFn) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: Scalar,
        build,
        display: display_call,
    }
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("parse_url", parse_url::build),
    scalar("try_parse_url", parse_url::build_try),
    scalar("try_url_decode", parse_url::build_try_decode),
];

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    parse_url::udfs()
}
