//! Sketch images and estimates checked against real Spark 4.3.0 (`hex(theta_sketch_agg(...))`).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Float64Array, Int32Array, Int64Array, StringArray};
use datafusion::logical_expr::{col, lit};

use crate::test_util::{batch, eval, eval_one, render};

async fn agg_hex(a: ArrayRef, lg: Option<i32>) -> String {
    let mut args = vec![col("x")];
    if let Some(lg) = lg {
        args.push(lit(lg));
    }
    let (out, _) = eval(
        batch(vec![("x", a)]),
        "theta_sketch_agg",
        args,
        false,
        false,
    )
    .await
    .unwrap();
    let s = render(&out, 0).unwrap();
    s.to_uppercase()
}

#[tokio::test]
async fn sketch_images_match_spark() {
    let ints: ArrayRef = Arc::new(Int32Array::from(vec![1, 2, 3]));
    assert_eq!(
        agg_hex(ints, None).await,
        "0104033E011ACC930316861AF72DF7E4558FBE9C3477E9EAEFB2E5966BADAA3DC0"
    );
    let longs: ArrayRef = Arc::new(Int64Array::from(vec![1, 2, 3]));
    assert_eq!(
        agg_hex(longs, None).await,
        "0104033E011ACC930316861AF72DF7E4558FBE9C3477E9EAEFB2E5966BADAA3DC0"
    );
    let strings: ArrayRef = Arc::new(StringArray::from(vec!["1", "2", "3"]));
    assert_eq!(
        agg_hex(strings, None).await,
        "0104033F011ACC930313864298760FA6AA17C873D633CB4552D18309AE9B8F8CF0"
    );
    let doubles: ArrayRef = Arc::new(Float64Array::from(vec![1.0, 2.0, 3.0]));
    assert_eq!(
        agg_hex(doubles, None).await,
        "0104033F011ACC930336656CCAFA95448E07DBBB354694A002FBD194C0B6F841F0"
    );
    let one: ArrayRef = Arc::new(Int32Array::from(vec![1]));
    assert_eq!(
        agg_hex(one, Some(4)).await,
        "01030300003ACC9315F97DCBBD86A105"
    );
    let empty: ArrayRef = Arc::new(StringArray::from(vec![Some(""), None]));
    assert_eq!(agg_hex(empty, None).await, "01030300001E0000");
}

#[tokio::test]
async fn lg_out_of_range_is_sparks_error() {
    let ints: ArrayRef = Arc::new(Int32Array::from(vec![1]));
    let e = eval(
        batch(vec![("x", ints)]),
        "theta_sketch_agg",
        vec![col("x"), lit(27)],
        false,
        false,
    )
    .await
    .unwrap_err();
    assert!(
        e.to_string().contains("SKETCH_INVALID_LG_NOM_ENTRIES"),
        "{e}"
    );
}

#[tokio::test]
async fn estimate_reads_spark_images() {
    let image = hex_bytes("0104033E011ACC930316861AF72DF7E4558FBE9C3477E9EAEFB2E5966BADAA3DC0");
    let v = eval_one("theta_sketch_estimate", vec![lit(image)], false)
        .await
        .unwrap();
    assert_eq!(v, "3");
    let e = eval_one("theta_sketch_estimate", vec![lit(vec![1u8, 2])], false)
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("THETA_INVALID_INPUT_SKETCH_BUFFER"),
        "{e}"
    );
}

fn hex_bytes(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

async fn tuple_agg_hex(
    keys: ArrayRef,
    values: ArrayRef,
    name: &str,
    extra: Vec<datafusion::logical_expr::Expr>,
) -> String {
    let mut args = vec![col("k"), col("v")];
    args.extend(extra);
    let (out, _) = eval(
        batch(vec![("k", keys), ("v", values)]),
        name,
        args,
        false,
        false,
    )
    .await
    .unwrap();
    render(&out, 0).unwrap().to_uppercase()
}

#[tokio::test]
async fn tuple_images_match_spark() {
    let keys: ArrayRef = Arc::new(Int32Array::from(vec![1, 2, 2]));
    let doubles: ArrayRef = Arc::new(Float64Array::from(vec![1.5, 2.0, 3.0]));
    assert_eq!(
        tuple_agg_hex(
            Arc::clone(&keys),
            doubles,
            "tuple_sketch_agg_double",
            vec![]
        )
        .await,
        "02030901000ACC93020000000000000015F97DCBBD86A105000000000000F83F00C397FC1281709D1E000000000000144000"
    );
    let ints: ArrayRef = Arc::new(Int32Array::from(vec![1, 2, 3]));
    assert_eq!(
        tuple_agg_hex(
            keys,
            ints,
            "tuple_sketch_agg_integer",
            vec![lit(12), lit("max")]
        )
        .await,
        "02030901000ACC93020000000000000015F97DCBBD86A1050100000002C397FC1281709D1E0300000002"
    );
    let none: ArrayRef = Arc::new(Int32Array::from(vec![Some(1), None]));
    let values: ArrayRef = Arc::new(Float64Array::from(vec![None, Some(1.0)]));
    assert_eq!(
        tuple_agg_hex(none, values, "tuple_sketch_agg_double", vec![]).await,
        "01030901000ECC93"
    );
}

#[tokio::test]
async fn tuple_intersection_keeps_javas_entry_order() {
    // Spark: tuple_intersection_agg over {1, 2, 3} and {2, 3, 4} (sum) writes key 3 first.
    let a = hex_bytes(
        "02030901000ACC93030000000000000015F97DCBBD86A105000000000000F03F00BA40B3C1DA06695D000000000000084000C397FC1281709D1E000000000000004000",
    );
    let b = hex_bytes(
        "02030901000ACC930300000000000000BA40B3C1DA06695D000000000000184000C397FC1281709D1E00000000000014400040DE2EE1C9DB3D080000000000001C4000",
    );
    let v = eval_one("tuple_intersection_double", vec![lit(a), lit(b)], false)
        .await
        .unwrap();
    assert_eq!(
        v.to_uppercase(),
        "02030901000ACC930200000000000000C397FC1281709D1E0000000000001C4000BA40B3C1DA06695D000000000000224000"
    );
}

#[tokio::test]
async fn tuple_mode_is_checked_at_analysis() {
    let image = hex_bytes("01030901000ACC9315F97DCBBD86A105000000000000F83F00");
    let e = eval_one(
        "tuple_sketch_summary_double",
        vec![lit(image.clone()), lit("avg")],
        false,
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("TUPLE_INVALID_SKETCH_MODE"), "{e}");
    let v = eval_one(
        "tuple_sketch_summary_double",
        vec![lit(image), lit("MAX")],
        false,
    )
    .await
    .unwrap();
    assert_eq!(v, "1.5");
}

#[test]
fn summaries_fold_like_java() {
    use super::tuple_summary::{Mode, aggregate};
    assert_eq!(aggregate([1.0, 5.0, -1.0].into_iter(), Mode::Sum), 5.0);
    assert_eq!(aggregate([1.0, 5.0, -1.0].into_iter(), Mode::Min), -1.0);
    assert_eq!(
        aggregate([1.0, 5.0, -1.0].into_iter(), Mode::AlwaysOne),
        3.0
    );
    assert_eq!(aggregate(std::iter::empty::<f64>(), Mode::Min), 0.0);
    assert_eq!(
        aggregate([i32::MAX, 1].into_iter(), Mode::Sum),
        2147483648.0
    );
    assert_eq!(Mode::parse("AlwaysOne"), Some(Mode::AlwaysOne));
    assert_eq!(Mode::parse("avg"), None);
}
