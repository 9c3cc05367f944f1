//! Tests of the Column API's operator semantics: implicit casts of strings in comparisons and
//! logic, CASE WHEN value coercion and type errors, `mask`, `map` and the 0-based array item.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, ListArray, StringArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Int32Type};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::lit;
use datafusion::prelude::col;

use crate::test_util::{batch, eval, eval_one, render_all};

#[tokio::test]
async fn strings_compare_as_numbers_and_booleans() {
    assert_eq!(
        eval_one("==", vec![lit("10"), lit(10i32)], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("<", vec![lit("2"), lit(10i64)], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("==", vec![lit("true"), lit(true)], true)
            .await
            .unwrap(),
        "true"
    );
    // Invalid text: an error under ANSI, NULL without it.
    assert!(
        eval_one("==", vec![lit("x"), lit(1i32)], true)
            .await
            .is_err()
    );
    assert_eq!(
        eval_one("==", vec![lit("x"), lit(1i32)], false)
            .await
            .unwrap(),
        "NULL"
    );
}

#[tokio::test]
async fn logic_casts_strings_and_rejects_numbers() {
    assert_eq!(
        eval_one("and", vec![lit("true"), lit(true)], true)
            .await
            .unwrap(),
        "true"
    );
    let e = eval_one("and", vec![lit(1i32), lit(true)], true)
        .await
        .unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES")
    );
    let e = eval_one("not", vec![lit(1i32)], true).await.unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
    );
}

#[tokio::test]
async fn arithmetic_type_errors() {
    let e = eval_one("+", vec![lit(true), lit(1i32)], true)
        .await
        .unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES")
    );
    let e = eval_one("+", vec![lit("1"), lit("2")], true)
        .await
        .unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE")
    );
    assert_eq!(
        eval_one("+", vec![lit("1"), lit("2")], false)
            .await
            .unwrap(),
        "3.0"
    );
    // Under ANSI an int next to a float is computed as a double.
    let (_, field) = eval(
        crate::test_util::one_row(),
        "*",
        vec![lit(2i32), lit(1.5f32)],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(field.data_type(), &ArrowType::Float64);
}

#[tokio::test]
async fn mask_replaces_character_classes() {
    let b = batch(vec![(
        "s",
        Arc::new(StringArray::from(vec![Some("AbC-12"), None])) as ArrayRef,
    )]);
    let (out, _) = eval(b.clone(), "mask", vec![col("s")], false, true)
        .await
        .unwrap();
    assert_eq!(render_all(&out), ["XxX-nn", "NULL"]);
    let args = vec![
        col("s"),
        lit("U"),
        lit(ScalarValue::Utf8(None)),
        lit("#"),
        lit("*"),
    ];
    let (out, _) = eval(b, "mask", args, false, true).await.unwrap();
    assert_eq!(render_all(&out), ["UbU*##", "NULL"]);
}

#[tokio::test]
async fn array_item_is_zero_based_and_checked_under_ansi() {
    let arr =
        ListArray::from_iter_primitive::<Int32Type, _, _>(vec![Some(vec![Some(10), Some(20)])]);
    let b = batch(vec![("arr", Arc::new(arr) as ArrayRef)]);
    let item = |i: i32, ansi: bool| {
        let b = b.clone();
        async move {
            let ctx = datafusion::prelude::SessionContext::new();
            let df = ctx.read_batch(b).unwrap();
            let e = crate::array_item(col("arr"), lit(i), ansi);
            df.select(vec![e]).unwrap().collect().await
        }
    };
    let out = item(1, true).await.unwrap();
    assert_eq!(render_all(out[0].column(0)), ["20"]);
    let out = item(2, false).await.unwrap();
    assert_eq!(render_all(out[0].column(0)), ["NULL"]);
    let e = crate::errors::from_df(item(-1, true).await.unwrap_err());
    assert_eq!(e.error_class.as_deref(), Some("INVALID_ARRAY_INDEX"));
}

#[tokio::test]
async fn map_pairs_keys_and_values() {
    let out = eval_one("map", vec![lit("a"), lit(1i32), lit("b"), lit(2i32)], true)
        .await
        .unwrap();
    assert_eq!(out, "{a: 1, b: 2}");
    assert!(eval_one("map", vec![lit("a")], true).await.is_err());
}
