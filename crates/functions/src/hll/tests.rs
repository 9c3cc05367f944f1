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

#[test]
fn unions_of_arrays_with_coupons_match_spark() {
    let a = sketch_of(12, 0..1000);
    let b = sketch_of(12, 5000..5002);
    let c = sketch_of(12, 5000..5020);
    for (x, y, md5) in [
        (&a, &b, "C7639EF379FB7215F91BA7AF9CD12E38"),
        (&b, &a, "C7639EF379FB7215F91BA7AF9CD12E38"),
        (&a, &c, "4F1505A8FFA9944F5CBE0F32F822A80A"),
        (&c, &a, "4F1505A8FFA9944F5CBE0F32F822A80A"),
    ] {
        let u = Hll::union(12, &[x, y]).unwrap();
        assert_eq!(hex(&md5::Md5::digest(u.serialize())), md5);
    }
}

#[test]
fn unions_of_different_lg_k_downsample_like_spark() {
    // hll_union_agg(s, true) over sketches of 0..1000 (lgK 12) then 500..2000 (lgK 10).
    let g = Hll::union(12, &[&sketch_of(12, 0..1000)]).unwrap();
    let u = Hll::union(12, &[&g, &sketch_of(10, 500..2000)]).unwrap();
    assert_eq!(hex(&u.serialize()), SPARK_LGK_UNION);
    assert_eq!(u.estimate().unwrap().round(), 2037.0);
}

const SPARK_LGK_UNION: &str = "0A01070A0010000A00000000000000000000000089F3754000000000000000009600000000000000020101020203030102050205010202010301030302010704030203000103020601040502030300030102010304040300070004050304050306080701000403020002060001030402010302000201010003030403020100030303010102010101010002020402000401050305010201010000010601010202030204000300030101020104020402010302030101040104000402020005000200060100000506000401030108010304030701010101040001010501010306000206060102030404030C0107020100030101010200000703020004020003040301030201050403000205020303030004040400010101000200010505030406050203020002010201080103080202040004020503020300060200030801010202010202020506040603030301000102000103040102000102020102000403020202000603040304020404010301000305010200010303020001000A0802000107000300070506010003010305030302000204030104030105020301040202060002030602040002010A00070102000204040802020001000401040402040104010601030000010103030402030101050104040004000405010002000402010101050404010402030203040202010406010504000002020502010201030100040001010300040201020404010004010306010301060302030400040302030302050205020302020201010102020400020204030102020103000003000308030004040800020103050404000003010203010102020301010002010003020302050201030504010103030102000102010103050100050102030809050301030300020002030302030300010002020204040000010103010201010804020303000201030201020101030105010001020601030004050401000B0701020505050000040301020401030204060202020400050007020302000003020102010002050301050202050301010502000201020201010204000002030105000205010405030105020403030304040205030003020102000105040403020003040202000203010103010304020501020202030102040800020200010202020005040203000201010301050300010004030500030301030100010804040404030303000403030000020703030201000302010603010102030201020A02000203020102040301030203020101020202030004030104000402010000010105040402010101020600010B0502010200010302020002030300010503030402020105040201030302060202010002030303020000020302000002010504050601030400050001030106060103000701010702000200010702020404010202000403000400030101060203020003010302030103010201000205010000030201020101010302020102020006000401010001";
