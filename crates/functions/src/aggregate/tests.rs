//! Tests of the aggregates against Spark's documented results.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, BooleanArray, Float64Array, Int32Array};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::lit;
use datafusion::prelude::col;

use crate::lookup;
use crate::test_util::{batch, eval, render_all};

fn data() -> datafusion::arrow::array::RecordBatch {
    batch(vec![
        (
            "a",
            Arc::new(Int32Array::from(vec![Some(1), Some(2), Some(2), None])) as ArrayRef,
        ),
        (
            "d",
            Arc::new(Float64Array::from(vec![
                Some(1.0),
                Some(2.0),
                Some(3.0),
                None,
            ])) as ArrayRef,
        ),
        (
            "f",
            Arc::new(BooleanArray::from(vec![
                Some(true),
                Some(false),
                None,
                Some(true),
            ])) as ArrayRef,
        ),
    ])
}

async fn agg(
    name: &str,
    args: Vec<datafusion::logical_expr::Expr>,
    distinct: bool,
) -> (Vec<String>, ArrowType, bool) {
    let (out, f) = eval(data(), name, args, distinct, true).await.unwrap();
    (render_all(&out), f.data_type().clone(), f.is_nullable())
}

#[tokio::test]
async fn counts() {
    let (v, t, nullable) = agg("count", vec![lit(1)], false).await;
    assert_eq!(
        (v, t, nullable),
        (vec!["4".to_string()], ArrowType::Int64, false)
    );
    assert_eq!(agg("count", vec![col("a")], false).await.0, ["3"]);
    assert_eq!(agg("count", vec![col("a")], true).await.0, ["2"]);
    assert_eq!(agg("count", vec![col("a"), col("f")], false).await.0, ["2"]);
    assert_eq!(agg("count_if", vec![col("f")], false).await.0, ["2"]);
}

#[tokio::test]
async fn sums_and_averages_have_spark_types() {
    let (v, t, _) = agg("sum", vec![col("a")], false).await;
    assert_eq!((v, t), (vec!["5".to_string()], ArrowType::Int64));
    assert_eq!(agg("sum", vec![col("a")], true).await.0, ["3"]);
    let (_, t, _) = agg("sum", vec![col("d")], false).await;
    assert_eq!(t, ArrowType::Float64);
    let m = lit(ScalarValue::Decimal128(Some(125), 5, 2));
    let (v, t, _) = agg("sum", vec![m.clone()], false).await;
    assert_eq!(
        (v, t),
        (vec!["5.00".to_string()], ArrowType::Decimal128(15, 2))
    );
    let (v, t, _) = agg("avg", vec![col("a")], false).await;
    assert_eq!(t, ArrowType::Float64);
    assert_eq!(v[0].parse::<f64>().unwrap(), 5.0 / 3.0);
    let (_, t, _) = agg("mean", vec![m], false).await;
    assert_eq!(t, ArrowType::Decimal128(9, 6));
}

#[tokio::test]
async fn statistics_and_booleans() {
    assert_eq!(agg("min", vec![col("a")], false).await.0, ["1"]);
    assert_eq!(agg("max", vec![col("d")], false).await.0, ["3.0"]);
    assert_eq!(agg("stddev", vec![col("d")], false).await.0, ["1.0"]);
    assert_eq!(
        agg("var_pop", vec![col("a")], false).await.0[0]
            .parse::<f64>()
            .unwrap(),
        2.0 / 9.0
    );
    assert_eq!(agg("bool_and", vec![col("f")], false).await.0, ["false"]);
    assert_eq!(agg("some", vec![col("f")], false).await.0, ["true"]);
    assert_eq!(agg("first", vec![col("a")], false).await.0, ["1"]);
    assert_eq!(agg("last", vec![col("a")], false).await.0, ["NULL"]);
    assert_eq!(agg("last", vec![col("a"), lit(true)], false).await.0, ["2"]);
    assert_eq!(
        agg("collect_list", vec![col("a")], false).await.0,
        ["[1, 2, 2]"]
    );
    let (v, _, _) = agg("collect_set", vec![col("a")], false).await;
    assert!(v[0] == "[1, 2]" || v[0] == "[2, 1]", "{v:?}");
}

#[test]
fn display_names() {
    let d = |n: &str, args: &[&str], distinct| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        (lookup(n).unwrap().display)(n, &args, distinct)
    };
    assert_eq!(d("count", &["1"], false), "count(1)");
    assert_eq!(d("count", &["a"], true), "count(DISTINCT a)");
    assert_eq!(d("mean", &["a"], false), "mean(a)");
    assert_eq!(d("first", &["x", "true"], false), "first(x)");
}

mod collected_kinds {
    use datafusion::arrow::datatypes::DataType as ArrowType;
    use datafusion::common::ScalarValue;

    use super::super::kinds::{Kind, finish};

    fn ints(v: &[i64]) -> Vec<Vec<ScalarValue>> {
        v.iter()
            .map(|x| vec![ScalarValue::Int64(Some(*x))])
            .collect()
    }

    fn doubles(v: &[f64]) -> Vec<Vec<ScalarValue>> {
        v.iter()
            .map(|x| vec![ScalarValue::Float64(Some(*x))])
            .collect()
    }

    #[test]
    fn moments_match_spark() {
        let rows = doubles(&[1.0, 2.0, 2.0, 5.0]);
        let k = finish(Kind::Kurtosis, &[], &ArrowType::Float64, &rows).unwrap();
        assert_eq!(k, ScalarValue::Float64(Some(-0.8148148148148149)));
        let s = finish(Kind::Skewness, &[], &ArrowType::Float64, &rows).unwrap();
        assert_eq!(s, ScalarValue::Float64(Some(0.8888888888888888)));
        let rows = doubles(&[1.0, 2.0, 3.0, 10.0]);
        let k = finish(Kind::Kurtosis, &[], &ArrowType::Float64, &rows).unwrap();
        assert_eq!(k, ScalarValue::Float64(Some(-0.7696000000000001)));
        let s = finish(Kind::Skewness, &[], &ArrowType::Float64, &rows).unwrap();
        assert_eq!(s, ScalarValue::Float64(Some(1.0182337649086284)));
        let one = doubles(&[1.0]);
        let s = finish(Kind::Skewness, &[], &ArrowType::Float64, &one).unwrap();
        assert_eq!(s, ScalarValue::Float64(None));
    }

    #[test]
    fn mode_ties_follow_spark() {
        let rows = doubles(&[1.0, 2.0, 3.0, 10.0]);
        let hashed = [ScalarValue::Boolean(Some(false))];
        let m = finish(Kind::Mode, &hashed, &ArrowType::Float64, &rows).unwrap();
        assert_eq!(m, ScalarValue::Float64(Some(10.0)));
        let smallest = [ScalarValue::Boolean(Some(true))];
        let m = finish(Kind::Mode, &smallest, &ArrowType::Float64, &rows).unwrap();
        assert_eq!(m, ScalarValue::Float64(Some(1.0)));
    }

    #[test]
    fn count_min_sketch_matches_spark_bytes() {
        let params = [
            ScalarValue::Float64(Some(0.5)),
            ScalarValue::Float64(Some(0.5)),
            ScalarValue::Int32(Some(1)),
        ];
        let out = finish(
            Kind::CountMinSketch,
            &params,
            &ArrowType::Binary,
            &ints(&[1, 2, 2, 5]),
        )
        .unwrap();
        let mut expected = vec![0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 4];
        expected.extend_from_slice(&0x5d8d_6ab9i64.to_be_bytes());
        for c in [0i64, 1, 3, 0] {
            expected.extend_from_slice(&c.to_be_bytes());
        }
        assert_eq!(out, ScalarValue::Binary(Some(expected)));
    }

    #[test]
    fn percentiles_interpolate() {
        let rows: Vec<Vec<ScalarValue>> = [1.0, 2.0, 2.0, 5.0]
            .iter()
            .map(|x| vec![ScalarValue::Float64(Some(*x)), ScalarValue::Int64(Some(1))])
            .collect();
        let params = [
            ScalarValue::Boolean(Some(false)),
            ScalarValue::Float64(Some(0.25)),
        ];
        let p = finish(Kind::Percentile, &params, &ArrowType::Float64, &rows).unwrap();
        assert_eq!(p, ScalarValue::Float64(Some(1.75)));
        let params = [
            ScalarValue::Boolean(Some(false)),
            ScalarValue::Float64(Some(0.75)),
        ];
        let p = finish(Kind::Percentile, &params, &ArrowType::Float64, &rows).unwrap();
        assert_eq!(p, ScalarValue::Float64(Some(2.75)));
    }

    #[test]
    fn histogram_merges_closest_bins() {
        let rows = doubles(&[1.0, 2.0, 3.0, 10.0]);
        let params = [ScalarValue::Int64(Some(2))];
        let ret = ArrowType::List(std::sync::Arc::new(
            datafusion::arrow::datatypes::Field::new_list_field(
                ArrowType::Struct(
                    vec![
                        datafusion::arrow::datatypes::Field::new("x", ArrowType::Float64, true),
                        datafusion::arrow::datatypes::Field::new("y", ArrowType::Float64, true),
                    ]
                    .into(),
                ),
                true,
            ),
        ));
        let out = finish(Kind::HistogramNumeric, &params, &ret, &rows).unwrap();
        assert_eq!(out.to_string(), "[{x: 2.0, y: 3.0}, {x: 10.0, y: 1.0}]");
    }
}

#[tokio::test]
async fn new_aggregates_have_spark_types_and_nullability() {
    let (v, t, nullable) = agg("regr_count", vec![col("a"), col("d")], false).await;
    assert_eq!(
        (v, t, nullable),
        (vec!["3".to_string()], ArrowType::Int64, false)
    );
    let (v, t, _) = agg("median", vec![col("a")], false).await;
    assert_eq!((v, t), (vec!["2.0".to_string()], ArrowType::Float64));
    let (v, t, _) = agg("mode", vec![col("a")], false).await;
    assert_eq!((v, t), (vec!["2".to_string()], ArrowType::Int32));
    let (v, t, nullable) = agg("approx_count_distinct", vec![col("a")], false).await;
    assert_eq!(
        (v, t, nullable),
        (vec!["2".to_string()], ArrowType::Int64, false)
    );
    let (v, _, _) = agg("max_by", vec![col("a"), col("d")], false).await;
    assert_eq!(v, ["2"]);
    let (v, _, _) = agg("product", vec![col("d")], false).await;
    assert_eq!(v, ["6.0"]);
    let (_, t, nullable) = agg("bitmap_construct_agg", vec![col("a")], false).await;
    assert_eq!((t, nullable), (ArrowType::Binary, false));
}
