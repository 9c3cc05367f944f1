//! HLL sketches against images and estimates recorded from Spark 4.3.0 (Java DataSketches).

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BinaryArray, Int64Array};
use datafusion::prelude::{col, lit};
use md5::Digest;

use super::coupon::coupon;
use super::state::Hll;
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

fn sketch_of(lg_k: i64, values: impl IntoIterator<Item = i64>) -> Hll {
    let mut s = Hll::new(lg_k, "t").unwrap();
    for v in values {
        let b = v.to_le_bytes();
        s.update(coupon(&b), &b).unwrap();
    }
    s
}

#[test]
fn list_set_and_hll_images_match_spark() {
    assert_eq!(
        hex(&sketch_of(12, [1, 2, 3]).serialize()),
        "0201070C030003082BF2FB06862FF90D758166070000000000000000000000000000000000000000"
    );
    assert_eq!(
        hex(&sketch_of(12, 0..8).serialize()),
        "0301070C05000009080000000000000081BC5D0600000000000000000000000000000000862FF90D00000000000000000000000000000000CBD7C20400000000000000000000000000000000C1E91705000000000000000000000000000000007581660700000000000000000000000000000000FC2D420A7B65E6082BF2FB06000000000000000000000000"
    );
    assert_eq!(
        hex(&sketch_of(12, 0..20).serialize()),
        "0301070C05000009140000000000000081BC5D0600000000CEF05B1F6EC5340600000000862FF90D0000000000000000DB522D0400000000CBD7C20400000000B05B4612AE3C881100000000C1E9170500000000D21673070000000034A2610E75816607F671F20600000000B83FF907464AB704FC2D420A7B65E6082BF2FB06C3DD5104000000007C74B907"
    );
    assert_eq!(
        hex(&sketch_of(5, 0..8).serialize()),
        "0A0107050000000AADAAAA04000020400000000000203C4000000000000000001A000000000000000001000000000300000000010000000000000000000100000000000202000000"
    );
    assert_eq!(
        hex(&Hll::new(12, "t").unwrap().serialize()),
        format!("0201070C03040008{}", "0".repeat(64))
    );
}

#[test]
fn hll_mode_images_and_estimates_match_spark() {
    let s = sketch_of(12, 0..1000);
    assert_eq!(
        hex(&md5::Md5::digest(s.serialize())),
        "74F5CCE6A7B2629A7F668D39D1E26926"
    );
    assert_eq!(s.estimate().unwrap().round(), 996.0);
    let s = sketch_of(12, 0..100_000);
    assert_eq!(
        hex(&md5::Md5::digest(s.serialize())),
        "C7C165541E035F020B94B0EB970616C3"
    );
    assert_eq!(s.estimate().unwrap().round(), 101_148.0);
    // Two partial sketches merged (Spark on two partitions): composite estimate.
    let u = Hll::union(
        12,
        &[&sketch_of(12, 0..50_000), &sketch_of(12, 50_000..100_000)],
    )
    .unwrap();
    assert_eq!(u.estimate().unwrap().round(), 102_878.0);
    // Java rebuilds curMin (2 here) and numAtCurMin after merging arrays.
    assert_eq!(
        hex(&md5::Md5::digest(u.serialize())),
        "9350715BC8707A3BE67C69E45FE1761C"
    );
    // A union of one sketch is a copy of it (HIP estimate kept).
    let one = sketch_of(12, 0..1000);
    let u = Hll::union(12, &[&one, &Hll::new(12, "t").unwrap()]).unwrap();
    assert_eq!(hex(&u.serialize()), hex(&one.serialize()));
}

#[test]
fn unions_match_spark() {
    let u = Hll::union(12, &[&sketch_of(12, 0..1000), &sketch_of(12, 500..1500)]).unwrap();
    assert_eq!(
        hex(&md5::Md5::digest(u.serialize())),
        "3321DC62E624C2A5FD02FF0733CBD9E9"
    );
    assert_eq!(u.estimate().unwrap().round(), 1488.0);
    let u = Hll::union(10, &[&sketch_of(12, 0..3), &sketch_of(10, 5..8)]).unwrap();
    assert_eq!(
        hex(&u.serialize()),
        "0201070A03000608CBD7C2042BF2FB06862FF90D7B65E608FC2D420AC1E917050000000000000000"
    );
}

#[test]
fn spark_images_are_read() {
    let img =
        unhex("0201070C0300020863B4DB05E1A01B06000000000000000000000000000000000000000000000000");
    assert!(Hll::deserialize(&img, "t").is_ok());
    assert!(
        Hll::deserialize(&unhex("0201070C03040008"), "t")
            .unwrap()
            .is_empty()
    );
    let err = Hll::deserialize(&unhex("0102"), "hll_sketch_estimate").unwrap_err();
    assert!(
        err.to_string().contains("HLL_INVALID_INPUT_SKETCH_BUFFER"),
        "{err}"
    );
    let s = Hll::deserialize(&sketch_of(12, 0..20).serialize(), "t").unwrap();
    assert_eq!(hex(&s.serialize()), hex(&sketch_of(12, 0..20).serialize()));
}

#[tokio::test]
async fn functions_run_through_the_registry() {
    let b = batch(vec![(
        "x",
        Arc::new(Int64Array::from(vec![
            Some(1),
            Some(2),
            None,
            Some(3),
            Some(2),
        ])) as ArrayRef,
    )]);
    let (a, f) = eval(b, "hll_sketch_agg", vec![col("x")], false, true)
        .await
        .unwrap();
    assert!(!f.is_nullable());
    assert_eq!(
        hex(a.as_binary::<i32>().value(0)),
        "0201070C030003082BF2FB06862FF90D758166070000000000000000000000000000000000000000"
    );
    let bytes =
        unhex("0201070C030003082BF2FB06862FF90D758166070000000000000000000000000000000000000000");
    let b = batch(vec![(
        "s",
        Arc::new(BinaryArray::from_iter(vec![Some(bytes.as_slice()), None])) as ArrayRef,
    )]);
    let (a, _) = eval(
        b.clone(),
        "hll_sketch_estimate",
        vec![col("s")],
        false,
        true,
    )
    .await
    .unwrap();
    let a = a.as_primitive::<datafusion::arrow::datatypes::Int64Type>();
    assert_eq!((a.value(0), a.is_null(1)), (3, true));
    let err = eval(b, "hll_sketch_agg", vec![col("s"), lit(3)], false, true)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("HLL_INVALID_LG_K"), "{err}");
}
