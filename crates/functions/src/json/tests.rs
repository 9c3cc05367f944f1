//! Tests of the JSON functions against Spark's documented results.

use datafusion::logical_expr::lit;

use crate::test_util::eval_one;

#[tokio::test]
async fn from_and_to_json_round_trip() {
    let parsed = eval_one(
        "from_json",
        vec![lit(r#"{"a":1, "b":0.8}"#), lit("a INT, b DOUBLE")],
        true,
    )
    .await
    .unwrap();
    assert_eq!(parsed, "{a: 1, b: 0.8}");
    let bad = eval_one(
        "from_json",
        vec![lit(r#"{"a":"x", "b":0.8}"#), lit("a INT, b DOUBLE")],
        true,
    )
    .await
    .unwrap();
    assert_eq!(bad, "{a: , b: 0.8}");
    let arr = eval_one("from_json", vec![lit("[1,2,3]"), lit("array<int>")], true)
        .await
        .unwrap();
    assert_eq!(arr, "[1, 2, 3]");
}

#[tokio::test]
async fn json_lengths_and_keys() {
    assert_eq!(
        eval_one("json_array_length", vec![lit("[1,2,{\"a\":[3]}]")], true)
            .await
            .unwrap(),
        "3"
    );
    assert_eq!(
        eval_one("json_array_length", vec![lit("[1,2")], true)
            .await
            .unwrap(),
        "NULL"
    );
    assert_eq!(
        eval_one("json_object_keys", vec![lit("{\"b\":1,\"a\":2}")], true)
            .await
            .unwrap(),
        "[b, a]"
    );
}
