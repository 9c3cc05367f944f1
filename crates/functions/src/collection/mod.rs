//! Collection constructors and sizes: `array`, `map`, `struct`, `named_struct`, `size`.

mod array;
mod array_item;
mod map;
mod size;
mod structs;

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

use crate::{FunctionEntry, FunctionKind::Scalar, display_call};

const fn scalar(
    name: &'static str,
    build: crate::BuildFn,
    display: crate::DisplayFn,
) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: Scalar,
        build,
        display,
    }
}

pub use array_item::array_item;

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("array", array::build, display_call),
    scalar("cardinality", size::build, display_call),
    scalar("map", map::build, display_call),
    scalar("named_struct", structs::build_named_struct, display_call),
    scalar("size", size::build, display_call),
    scalar("struct", structs::build_struct, display_call),
];

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    let mut udfs = vec![Arc::clone(&array::ARRAY), Arc::clone(&size::SIZE)];
    udfs.extend(array_item::udfs());
    udfs
}

#[cfg(test)]
mod tests;
