//! KLL sketches against images and summaries recorded from Spark 4.3.0 (Java DataSketches).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, AsArray, Float64Array, Int64Array};
use datafusion::prelude::{col, lit};
use datasketches::kll::KllFloat;

use super::agg::{merge_buffer, sketch_buffer};
use super::item::Ty;
use super::sketch::{java_merge, read, summary};
use crate::test_util::{batch, eval};

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// A partial sketch of `values` merged into a final one, as Spark's two-step aggregation.
fn agg_image(ty: Ty, k: u16, values: ArrayRef) -> Vec<u8> {
    let mut partial = sketch_buffer(ty, k).unwrap();
    partial.update(&[values]).unwrap();
    let image = partial.state().unwrap().unwrap();
    match ty {
        Ty::Bigint => {
            let mut fresh = super::sketch::new_sketch::<i64>(k).unwrap();
            java_merge(&mut fresh, &read::<i64>(&image, "t").unwrap()).unwrap();
            fresh.serialize()
        }
        _ => {
            let mut fresh = super::sketch::new_sketch::<KllFloat<f64>>(k).unwrap();
            java_merge(&mut fresh, &read::<KllFloat<f64>>(&image, "t").unwrap()).unwrap();
            fresh.serialize()
        }
    }
}

const LONGS_1235_K8: &str = "05010F000800080004000000000000000800010004000000010000000000000005000000000000000100000000000000020000000000000003000000000000000500000000000000";

#[test]
fn sketch_images_match_spark() {
    let longs = Arc::new(Int64Array::from(vec![
        Some(1),
        Some(2),
        Some(3),
        None,
        Some(5),
    ]));
    assert_eq!(hex(&agg_image(Ty::Bigint, 8, longs)), LONGS_1235_K8);
    let doubles = Arc::new(Float64Array::from(vec![1.0, f64::NAN, 2.0]));
    assert_eq!(
        hex(&agg_image(Ty::Double, 200, doubles)),
        "05010F00C80008000200000000000000C8000100C6000000000000000000F03F0000000000000040000000000000F03F0000000000000040"
    );
    let one = Arc::new(Float64Array::from(vec![1.5]));
    assert_eq!(
        hex(&agg_image(Ty::Double, 200, one)),
        "02020F04C8000800000000000000F83F"
    );
    let b = merge_buffer(Ty::Bigint, None);
    assert_eq!(
        b.finish().unwrap(),
        datafusion::common::ScalarValue::Binary(Some(unhex("02010F01C8000800")))
    );
}

#[test]
fn merges_reinsert_in_java_order() {
    let a = Arc::new(Int64Array::from(vec![1, 2]));
    let b = Arc::new(Int64Array::from(vec![11, 12]));
    let mut left = read::<i64>(&agg_image(Ty::Bigint, 200, a), "t").unwrap();
    let right = read::<i64>(&agg_image(Ty::Bigint, 200, b), "t").unwrap();
    java_merge(&mut left, &right).unwrap();
    assert_eq!(
        hex(&left.serialize()),
        "05010F00C80008000400000000000000C8000100C400000001000000000000000C000000000000000C000000000000000B0000000000000001000000000000000200000000000000"
    );
}

#[test]
fn summary_matches_java_to_string() {
    let image = unhex(LONGS_1235_K8);
    let s = read::<i64>(&image, "t").unwrap();
    let text = summary(&s, &image);
    assert!(
        text.starts_with("\n### KllKllLongsSketch Summary:\n   K                      : 8\n"),
        "{text}"
    );
    let longs = Arc::new(Int64Array::from(vec![1, 2, 3, 5]));
    let image = agg_image(Ty::Bigint, 200, longs);
    let text = summary(&read::<i64>(&image, "t").unwrap(), &image);
    assert_eq!(
        text,
        "\n### KllKllLongsSketch Summary:\n   K                      : 200\n   Dynamic min K          : 200\n   M                      : 8\n   N                      : 4\n   Epsilon                : 1.329%\n   Epsilon PMF            : 1.652%\n   Empty                  : false\n   Estimation Mode        : false\n   Levels                 : 1\n   Level 0 Sorted         : false\n   Capacity Items         : 200\n   Retained Items         : 4\n   Free Space             : 196\n   ReadOnly               : false\n   Updatable Storage Bytes: 1644\n   Compact Storage Bytes  : 72\n   Min Item               : 1\n   Max Item               : 5\n### End sketch summary\n"
    );
}

#[tokio::test]
async fn quantiles_and_ranks_through_the_registry() {
    let b = batch(vec![(
        "s",
        Arc::new(datafusion::arrow::array::BinaryArray::from_iter(vec![
            Some(unhex(LONGS_1235_K8)),
        ])) as ArrayRef,
    )]);
    let (a, _) = eval(
        b.clone(),
        "kll_sketch_get_quantile_bigint",
        vec![col("s"), lit(0.5)],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(
        a.as_primitive::<datafusion::arrow::datatypes::Int64Type>()
            .value(0),
        2
    );
    let (a, _) = eval(
        b.clone(),
        "kll_sketch_get_rank_bigint",
        vec![col("s"), lit(3i64)],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(
        a.as_primitive::<datafusion::arrow::datatypes::Float64Type>()
            .value(0),
        0.75
    );
    let err = eval(
        b,
        "kll_sketch_get_quantile_bigint",
        vec![col("s"), lit(1.5)],
        false,
        true,
    )
    .await
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("KLL_SKETCH_INVALID_QUANTILE_RANGE"),
        "{err}"
    );
}

#[test]
fn distinct_counts_values_once_across_partials() {
    let mut a = super::distinct::buffer(Ty::Bigint, Some(200), None);
    let mut b = super::distinct::buffer(Ty::Bigint, Some(200), None);
    a.update(&[Arc::new(Int64Array::from(vec![1, 2, 2])) as ArrayRef])
        .unwrap();
    b.update(&[Arc::new(Int64Array::from(vec![2, 3])) as ArrayRef])
        .unwrap();
    let mut total = super::distinct::buffer(Ty::Bigint, Some(200), None);
    total.merge(&a.state().unwrap().unwrap()).unwrap();
    total.merge(&b.state().unwrap().unwrap()).unwrap();
    let datafusion::common::ScalarValue::Binary(Some(image)) = total.finish().unwrap() else {
        panic!("not a sketch");
    };
    assert_eq!(read::<i64>(&image, "t").unwrap().n(), 3);
}
