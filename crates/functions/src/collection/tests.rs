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
