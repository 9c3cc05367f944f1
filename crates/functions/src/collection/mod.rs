//! Collection functions: constructors and sizes (`array`, `map`, `struct`, `named_struct`,
//! `size`), Spark's array and map functions (most evaluated row by row by [`rowwise`] UDFs),
//! and the higher-order UDFs behind `aggregate`, `array_sort` with a comparator and
//! `map_zip_with` (their lambdas are resolved by the plan layer).

mod array;
mod array_edit;
mod array_item;
mod array_order;
mod array_search;
mod array_set;
mod array_slice;
mod arrays_zip;
mod coerce;
mod element_at;
mod errors;
mod higher_order;
mod maps;
mod mersenne;
mod rowwise;
mod sequence;
mod shuffle;
mod size;
mod str_to_map;
mod structs;

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

use crate::scalar;
use crate::{FunctionEntry, display_call};

pub use array_item::array_item;
pub use higher_order::{aggregate_function, array_sort_function, map_zip_with_function};
pub(crate) use maps::CREATE_MAP_NAME;
pub(crate) use mersenne::MersenneTwister;
pub(crate) use shuffle::{seed_of_call as shuffle_seed_of_call, shuffle_rows};

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("array", array::build, display_call),
    scalar("array_append", array_edit::build_append, display_call),
    scalar("array_compact", array_edit::build_compact, display_call),
    scalar("array_contains", array_search::build_contains, display_call),
    scalar("array_distinct", array_set::build_distinct, display_call),
    scalar("array_except", array_set::build_except, display_call),
    scalar("array_insert", array_edit::build_insert, display_call),
    scalar("array_intersect", array_set::build_intersect, display_call),
    scalar("array_join", array_search::build_join, display_call),
    scalar("array_max", array_search::build_max, display_call),
    scalar("array_min", array_search::build_min, display_call),
    scalar("array_position", array_search::build_position, display_call),
    scalar("array_prepend", array_edit::build_prepend, display_call),
    scalar("array_remove", array_edit::build_remove, display_call),
    scalar("array_repeat", array_edit::build_repeat, display_call),
    scalar("array_size", array_edit::build_size, display_call),
    scalar(
        "array_sort",
        array_order::build_array_sort,
        array_order::display_array_sort,
    ),
    scalar("array_union", array_set::build_union, display_call),
    scalar("arrays_overlap", array_search::build_overlap, display_call),
    scalar("arrays_zip", arrays_zip::build, display_call),
    scalar("cardinality", size::build, display_call),
    scalar("element_at", element_at::build_element_at, display_call),
    scalar("flatten", array_slice::build_flatten, display_call),
    scalar("get", element_at::build_get, display_call),
    scalar("map", maps::build_create, display_call),
    scalar("map_concat", maps::build_concat, display_call),
    scalar("map_contains_key", maps::build_contains_key, display_call),
    scalar("map_entries", maps::build_entries, display_call),
    scalar("map_from_arrays", maps::build_from_arrays, display_call),
    scalar("map_from_entries", maps::build_from_entries, display_call),
    scalar("map_keys", maps::build_keys, display_call),
    scalar("map_values", maps::build_values, display_call),
    scalar("named_struct", structs::build_named_struct, display_call),
    scalar("sequence", sequence::build, display_call),
    scalar("shuffle", shuffle::build, shuffle::display),
    scalar("size", size::build, display_call),
    scalar("slice", array_slice::build_slice, display_call),
    scalar(
        "sort_array",
        array_order::build_sort_array,
        array_order::display_sort_array,
    ),
    scalar("str_to_map", str_to_map::build, str_to_map::display),
    scalar("struct", structs::build_struct, display_call),
    scalar(
        "try_element_at",
        element_at::build_try_element_at,
        display_call,
    ),
];

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    let mut udfs = vec![Arc::clone(&array::ARRAY), Arc::clone(&size::SIZE)];
    udfs.extend(array_item::udfs());
    udfs.extend(array_edit::udfs());
    udfs.extend(array_order::udfs());
    udfs.extend(array_order::array_sort_udfs());
    udfs.extend(array_search::udfs());
    udfs.extend(array_set::udfs());
    udfs.extend(array_slice::udfs());
    udfs.extend(element_at::udfs());
    udfs.extend(maps::udfs());
    udfs.extend(arrays_zip::udfs());
    udfs.extend(str_to_map::udfs());
    udfs.extend(sequence::udfs());
    udfs.extend(shuffle::udfs());
    udfs
}

#[cfg(test)]
mod tests;
