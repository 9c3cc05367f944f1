//! Tests of the NA and statistic relations: spec plans resolved and run against a fresh
//! session, checked for Spark's names, types and values.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Float64Array, Int32Array, ListArray, RecordBatch, StringArray,
};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Float64Type, Schema};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{Expr, Literal, Plan, PlanNode};

use super::tests::{ints, names, run, strings};

/// `i INT, d DOUBLE, s STRING`: (1, 2.0, a), (2, NULL, b), (NULL, NaN, NULL), (4, 1.0, a).
fn data() -> Box<Plan> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("i", ArrowType::Int32, true),
        Field::new("d", ArrowType::Float64, true),
        Field::new("s", ArrowType::Utf8, true),
    ]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![
            Arc::new(Int32Array::from(vec![Some(1), Some(2), None, Some(4)])),
            Arc::new(Float64Array::from(vec![
                Some(2.0),
                None,
                Some(f64::NAN),
                Some(1.0),
            ])),
            Arc::new(StringArray::from(vec![
                Some("a"),
                Some("b"),
                None,
                Some("a"),
            ])),
        ],
    )
    .unwrap();
    Box::new(Plan::new(PlanNode::LocalRelation {
        batches: vec![batch],
        arrow_schema: Some(schema),
        schema: None,
    }))
}

fn doubles(a: &ArrayRef) -> Vec<Option<f64>> {
    a.as_primitive::<Float64Type>().iter().collect()
}

#[tokio::test]
async fn fill_applies_to_compatible_columns_only() {
    let b = run(PlanNode::FillNa {
        input: data(),
        cols: vec![],
        values: vec![Literal::Double(1.5)],
    })
    .await
    .unwrap();
    assert_eq!(names(&b), ["i", "d", "s"]);
    assert_eq!(ints(b.column(0)), [Some(1), Some(2), Some(1), Some(4)]);
    assert_eq!(
        doubles(b.column(1)),
        [Some(2.0), Some(1.5), Some(1.5), Some(1.0)]
    );
    assert_eq!(b.column(2).null_count(), 1);
    assert!(!b.schema().field(1).is_nullable());

    let b = run(PlanNode::FillNa {
        input: data(),
        cols: vec!["s".into(), "i".into()],
        values: vec![Literal::String("x".into()), Literal::Long(0)],
    })
    .await
    .unwrap();
    assert_eq!(ints(b.column(0)), [Some(1), Some(2), Some(0), Some(4)]);
    assert_eq!(strings(b.column(2))[2].as_deref(), Some("x"));
}

#[tokio::test]
async fn fill_of_a_missing_column_is_unresolved() {
    let e = run(PlanNode::FillNa {
        input: data(),
        cols: vec!["zz".into()],
        values: vec![Literal::Long(0)],
    })
    .await
    .unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("UNRESOLVED_COLUMN.WITH_SUGGESTION")
    );
}

#[tokio::test]
async fn drop_counts_nan_as_null() {
    let drop = |cols: Vec<String>, min| PlanNode::DropNa {
        input: data(),
        cols,
        min_non_nulls: min,
    };
    assert_eq!(run(drop(vec![], None)).await.unwrap().num_rows(), 2);
    assert_eq!(
        run(drop(vec!["d".into()], None)).await.unwrap().num_rows(),
        2
    );
    assert_eq!(run(drop(vec![], Some(1))).await.unwrap().num_rows(), 3);
    assert_eq!(run(drop(vec![], Some(3))).await.unwrap().num_rows(), 2);
    assert_eq!(
        run(drop(vec!["s".into()], None)).await.unwrap().num_rows(),
        3
    );
}

#[tokio::test]
async fn replace_numbers_as_doubles_and_strings() {
    let b = run(PlanNode::Replace {
        input: data(),
        cols: None,
        replacements: vec![(Literal::Double(1.0), Literal::Double(2.5))],
    })
    .await
    .unwrap();
    assert_eq!(ints(b.column(0)), [Some(2), Some(2), None, Some(4)]);
    assert_eq!(doubles(b.column(1))[3], Some(2.5));
    let b = run(PlanNode::Replace {
        input: data(),
        cols: Some(vec!["s".into()]),
        replacements: vec![(
            Literal::String("a".into()),
            Literal::Null(sabot_common::spec::DataType::Null),
        )],
    })
    .await
    .unwrap();
    assert_eq!(strings(b.column(2)), [None, Some("b".into()), None, None]);
}

#[tokio::test]
async fn describe_has_spark_rows_and_string_columns() {
    let b = run(PlanNode::StatDescribe {
        input: data(),
        cols: vec![],
    })
    .await
    .unwrap();
    assert_eq!(names(&b), ["summary", "i", "d", "s"]);
    assert_eq!(
        strings(b.column(0)),
        ["count", "mean", "stddev", "min", "max"].map(|s| Some(s.to_string()))
    );
    assert_eq!(strings(b.column(1))[0].as_deref(), Some("3"));
    assert_eq!(strings(b.column(1))[3].as_deref(), Some("1"));
    assert_eq!(strings(b.column(3))[1], None);
    assert!(
        b.schema()
            .fields()
            .iter()
            .all(|f| f.data_type() == &ArrowType::Utf8)
    );
}

#[tokio::test]
async fn summary_percentiles_and_unknown_statistics() {
    let b = run(PlanNode::StatSummary {
        input: data(),
        statistics: vec!["50%".into(), "count_distinct".into()],
    })
    .await
    .unwrap();
    assert_eq!(strings(b.column(1)), [Some("2".into()), Some("3".into())]);
    let e = run(PlanNode::StatSummary {
        input: data(),
        statistics: vec!["foo".into()],
    })
    .await
    .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("UNRECOGNIZED_STATISTIC"));
}

#[tokio::test]
async fn cov_corr_and_non_numeric_columns() {
    let cov = |c2: &str| PlanNode::StatCov {
        input: data(),
        col1: "i".into(),
        col2: c2.into(),
    };
    let b = run(cov("i")).await.unwrap();
    assert_eq!(names(&b), ["cov"]);
    let v = doubles(b.column(0))[0].unwrap();
    // The NULL counts as 0.0 (Spark reads values with `getDouble`).
    assert!((v - 8.75 / 3.0).abs() < 1e-12, "{v}");
    let e = run(cov("s")).await.unwrap_err();
    assert_eq!(e.kind, ExceptionKind::IllegalArgument);
    let b = run(PlanNode::StatCorr {
        input: data(),
        col1: "i".into(),
        col2: "i".into(),
        method: "pearson".into(),
    })
    .await
    .unwrap();
    assert_eq!(names(&b), ["corr"]);
    assert!((doubles(b.column(0))[0].unwrap() - 1.0).abs() < 1e-12);
}

#[tokio::test]
async fn crosstab_sorts_the_second_column_values() {
    let b = run(PlanNode::StatCrosstab {
        input: data(),
        col1: "s".into(),
        col2: "i".into(),
    })
    .await
    .unwrap();
    assert_eq!(names(&b), ["s_i", "1", "2", "4", "null"]);
    assert_eq!(b.num_rows(), 3);
    assert!(!b.schema().field(1).is_nullable());
}

#[tokio::test]
async fn approx_quantile_is_exact_and_skips_nan() {
    let b = run(PlanNode::StatApproxQuantile {
        input: data(),
        cols: vec!["d".into(), "i".into()],
        probabilities: vec![0.0, 0.5, 1.0],
        relative_error: 0.0,
    })
    .await
    .unwrap();
    assert_eq!(names(&b), ["approx_quantile"]);
    let outer = b.column(0).as_any().downcast_ref::<ListArray>().unwrap();
    let cols = outer.value(0);
    let cols = cols.as_any().downcast_ref::<ListArray>().unwrap();
    assert_eq!(doubles(&cols.value(0)), [Some(1.0), Some(1.0), Some(2.0)]);
    assert_eq!(doubles(&cols.value(1)), [Some(1.0), Some(2.0), Some(4.0)]);
    let e = run(PlanNode::StatApproxQuantile {
        input: data(),
        cols: vec!["s".into()],
        probabilities: vec![0.5],
        relative_error: 0.0,
    })
    .await
    .unwrap_err();
    assert_eq!(e.kind, ExceptionKind::IllegalArgument);
}

#[tokio::test]
async fn freq_items_lists_every_item_under_the_support() {
    let b = run(PlanNode::StatFreqItems {
        input: data(),
        cols: vec!["s".into()],
        support: Some(0.3),
    })
    .await
    .unwrap();
    assert_eq!(names(&b), ["s_freqItems"]);
    let list = b.column(0).as_any().downcast_ref::<ListArray>().unwrap();
    let mut items = strings(&list.value(0));
    items.sort();
    assert_eq!(items, [None, Some("a".into()), Some("b".into())]);
}

#[tokio::test]
async fn sample_by_keeps_listed_strata_by_fraction() {
    let sample = |fractions: Vec<(Literal, f64)>| PlanNode::StatSampleBy {
        input: data(),
        col: Expr::col("s"),
        fractions,
        seed: Some(3),
    };
    let b = run(sample(vec![(Literal::String("a".into()), 1.0)]))
        .await
        .unwrap();
    assert_eq!(names(&b), ["i", "d", "s"]);
    assert_eq!(ints(b.column(0)), [Some(1), Some(4)]);
    let b = run(sample(vec![(Literal::String("a".into()), 0.0)]))
        .await
        .unwrap();
    assert_eq!(b.num_rows(), 0);
    let e = run(sample(vec![(Literal::String("a".into()), 2.0)]))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ExceptionKind::IllegalArgument);
}

#[tokio::test]
async fn fill_values_cast_as_spark_casts() {
    let e = run(PlanNode::FillNa {
        input: data(),
        cols: vec!["i".into()],
        values: vec![Literal::Long(1 << 40)],
    })
    .await
    .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("CAST_OVERFLOW"));
    // Several values cast whatever the kinds (Spark's `fillMap`).
    let b = run(PlanNode::FillNa {
        input: data(),
        cols: vec!["s".into(), "i".into()],
        values: vec![Literal::Long(7), Literal::Boolean(true)],
    })
    .await
    .unwrap();
    assert_eq!(strings(b.column(2))[2].as_deref(), Some("7"));
    assert_eq!(ints(b.column(0))[2], Some(1));
    assert!(!b.schema().field(2).is_nullable());
}
