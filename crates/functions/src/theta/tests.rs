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
