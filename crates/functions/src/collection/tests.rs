//! Tests of the collection functions against Spark's documented results.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{cast, lit};

use crate::test_util::{eval, eval_one, one_row};

#[tokio::test]
async fn arrays_structs_and_sizes() {
    let (_, f) = eval(one_row(), "array", vec![lit(1i32), lit(2i64)], false, true)
        .await
        .unwrap();
    assert!(
        matches!(f.data_type(), ArrowType::List(e) if e.data_type() == &ArrowType::Int64),
        "{f:?}"
    );
    let (_, f) = eval(one_row(), "struct", vec![lit(1i32), lit("x")], false, true)
        .await
        .unwrap();
    let ArrowType::Struct(fields) = f.data_type() else {
        panic!("{f:?}")
    };
    let names: Vec<_> = fields.iter().map(|f| f.name().as_str()).collect();
    assert_eq!(names, ["col1", "col2"]);
    let (_, f) = eval(
        one_row(),
        "struct",
        vec![datafusion::prelude::col("dummy")],
        false,
        true,
    )
    .await
    .unwrap();
    let ArrowType::Struct(fields) = f.data_type() else {
        panic!("{f:?}")
    };
    assert_eq!(fields[0].name(), "dummy");
    let (_, f) = eval(
        one_row(),
        "named_struct",
        vec![lit("x"), lit(1i32)],
        false,
        true,
    )
    .await
    .unwrap();
    let ArrowType::Struct(fields) = f.data_type() else {
        panic!("{f:?}")
    };
    assert_eq!(fields[0].name(), "x");
    let null_list = cast(
        lit(ScalarValue::Null),
        ArrowType::List(std::sync::Arc::new(
            datafusion::arrow::datatypes::Field::new_list_field(ArrowType::Int32, true),
        )),
    );
    assert_eq!(
        eval_one("size", vec![null_list.clone()], false)
            .await
            .unwrap(),
        "-1"
    );
    assert_eq!(
        eval_one("size", vec![null_list], true).await.unwrap(),
        "NULL"
    );
}

fn ints(v: &[Option<i32>]) -> datafusion::logical_expr::Expr {
    use datafusion::arrow::array::ListArray;
    use datafusion::arrow::datatypes::Int32Type;
    let list = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![Some(v.to_vec())]);
    lit(ScalarValue::List(std::sync::Arc::new(list)))
}

async fn one(name: &str, args: Vec<datafusion::logical_expr::Expr>) -> String {
    eval_one(name, args, true).await.unwrap()
}

async fn error_class(name: &str, args: Vec<datafusion::logical_expr::Expr>, ansi: bool) -> String {
    let e = eval_one(name, args, ansi).await.unwrap_err();
    e.error_class.unwrap_or_default()
}

#[tokio::test]
async fn array_insert_follows_spark_3_4_positions() {
    let a = || ints(&[Some(1), Some(2)]);
    assert_eq!(
        one("array_insert", vec![a(), lit(1), lit(0)]).await,
        "[0, 1, 2]"
    );
    assert_eq!(
        one("array_insert", vec![a(), lit(-1), lit(0)]).await,
        "[1, 2, 0]"
    );
    assert_eq!(
        one("array_insert", vec![a(), lit(5), lit(0)]).await,
        "[1, 2, , , 0]"
    );
    assert_eq!(
        one("array_insert", vec![a(), lit(-4), lit(0)]).await,
        "[0, , 1, 2]"
    );
    assert_eq!(
        error_class("array_insert", vec![a(), lit(0), lit(0)], true).await,
        "INVALID_INDEX_OF_ZERO"
    );
}

#[tokio::test]
async fn set_functions_keep_first_occurrences_and_one_null() {
    let a = || ints(&[Some(1), None, Some(2), Some(1), None]);
    let b = || ints(&[Some(2), Some(3)]);
    assert_eq!(one("array_distinct", vec![a()]).await, "[1, , 2]");
    assert_eq!(one("array_union", vec![a(), b()]).await, "[1, , 2, 3]");
    assert_eq!(one("array_intersect", vec![a(), b()]).await, "[2]");
    assert_eq!(one("array_except", vec![a(), b()]).await, "[1, ]");
}

#[tokio::test]
async fn arrays_overlap_and_contains_are_three_valued() {
    let with_null = || ints(&[Some(1), None]);
    assert_eq!(
        one("arrays_overlap", vec![with_null(), ints(&[Some(2)])]).await,
        "NULL"
    );
    assert_eq!(
        one("arrays_overlap", vec![with_null(), ints(&[])]).await,
        "false"
    );
    assert_eq!(
        one("arrays_overlap", vec![with_null(), ints(&[Some(1)])]).await,
        "true"
    );
    assert_eq!(
        one("array_contains", vec![with_null(), lit(3)]).await,
        "NULL"
    );
    assert_eq!(
        one("array_contains", vec![with_null(), lit(1)]).await,
        "true"
    );
}

#[tokio::test]
async fn element_at_bounds_depend_on_ansi() {
    let a = || ints(&[Some(1), Some(2)]);
    assert_eq!(one("element_at", vec![a(), lit(-1)]).await, "2");
    assert_eq!(
        error_class("element_at", vec![a(), lit(3)], true).await,
        "INVALID_ARRAY_INDEX_IN_ELEMENT_AT"
    );
    assert_eq!(
        eval_one("element_at", vec![a(), lit(3)], false)
            .await
            .unwrap(),
        "NULL"
    );
    assert_eq!(one("try_element_at", vec![a(), lit(3)]).await, "NULL");
    assert_eq!(
        error_class("try_element_at", vec![a(), lit(0)], false).await,
        "INVALID_INDEX_OF_ZERO"
    );
}

#[tokio::test]
async fn slice_sort_and_sequence() {
    let a = || ints(&[Some(3), None, Some(1)]);
    assert_eq!(one("slice", vec![a(), lit(-2), lit(5)]).await, "[, 1]");
    assert_eq!(
        error_class("slice", vec![a(), lit(0), lit(1)], true).await,
        "INVALID_PARAMETER_VALUE.START"
    );
    assert_eq!(one("sort_array", vec![a()]).await, "[, 1, 3]");
    assert_eq!(one("sort_array", vec![a(), lit(false)]).await, "[3, 1, ]");
    assert_eq!(one("array_sort", vec![a()]).await, "[1, 3, ]");
    assert_eq!(
        one("sequence", vec![lit(5), lit(1), lit(-2)]).await,
        "[5, 3, 1]"
    );
    assert!(
        eval_one("sequence", vec![lit(1), lit(5), lit(-1)], true)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn maps_reject_duplicate_keys() {
    let m = |k: i32| {
        datafusion::logical_expr::Expr::ScalarFunction(
            datafusion::logical_expr::expr::ScalarFunction::new_udf(
                std::sync::Arc::clone(&super::maps::udfs()[0]),
                vec![lit(k), lit("v")],
            ),
        )
    };
    assert_eq!(one("map_concat", vec![m(1), m(2)]).await, "{1: v, 2: v}");
    assert_eq!(
        error_class("map_concat", vec![m(1), m(1)], true).await,
        "DUPLICATED_MAP_KEY"
    );
    assert_eq!(one("str_to_map", vec![lit("a:1,b")]).await, "{a: 1, b: }");
    assert_eq!(
        error_class("str_to_map", vec![lit("a:1,a:2")], true).await,
        "DUPLICATED_MAP_KEY"
    );
}
