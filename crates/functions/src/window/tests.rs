//! Tests of the window function builders and names.

use super::offset::{display_lag_lead, display_nth_value};
use super::ranking::display;
use super::requires_order;

#[test]
fn names_as_spark_prints_them() {
    assert_eq!(display("rank", &[], false), "RANK()");
    assert_eq!(display("percent_rank", &[], false), "PERCENT_RANK()");
    assert_eq!(display("row_number", &[], false), "row_number()");
    assert_eq!(display("ntile", &["3".into()], false), "ntile(3)");
    assert_eq!(
        display_lag_lead("lag", &["v".into()], false),
        "lag(v, 1, NULL)"
    );
    assert_eq!(
        display_lag_lead("lead", &["v".into(), "2".into(), "-1".into()], false),
        "lead(v, 2, -1)"
    );
    assert_eq!(
        display_nth_value("nth_value", &["d".into(), "2".into(), "true".into()], false),
        "nth_value(d, 2) ignore nulls"
    );
    assert_eq!(
        display_nth_value(
            "nth_value",
            &["d".into(), "2".into(), "false".into()],
            false
        ),
        "nth_value(d, 2)"
    );
}

#[test]
fn order_requirement() {
    assert!(requires_order("lag"));
    assert!(requires_order("rank"));
    assert!(!requires_order("nth_value"));
}

mod built {
    use std::sync::Arc;

    use datafusion::arrow::array::{ArrayRef, Int32Array};
    use datafusion::arrow::datatypes::DataType;
    use datafusion::common::ScalarValue;
    use datafusion::logical_expr::{Expr as DfExpr, col, lit};

    use crate::test_util::{batch, eval, render};

    fn ints() -> datafusion::arrow::array::RecordBatch {
        batch(vec![(
            "x",
            Arc::new(Int32Array::from(vec![1, 2, 3])) as ArrayRef,
        )])
    }

    #[tokio::test]
    async fn row_number_is_a_non_null_int() {
        let (a, f) = eval(ints(), "row_number", vec![], false, true)
            .await
            .unwrap();
        assert_eq!(f.data_type(), &DataType::Int32);
        assert!(!f.is_nullable());
        assert_eq!(a.len(), 3);
    }

    #[tokio::test]
    async fn lag_default_takes_the_input_type() {
        let args = vec![col("x"), lit(1i32), lit(0i64)];
        let (a, f) = eval(ints(), "lag", args, false, true).await.unwrap();
        assert_eq!(f.data_type(), &DataType::Int32);
        let mut got: Vec<String> = (0..3).map(|i| render(&a, i).unwrap()).collect();
        got.sort();
        assert_eq!(got, ["0", "1", "2"]);
        let bad = vec![col("x"), lit(1i32), lit("x")];
        assert!(eval(ints(), "lag", bad, false, true).await.is_err());
    }

    #[tokio::test]
    async fn literal_arguments_are_checked() {
        let e = eval(ints(), "ntile", vec![lit(0i32)], false, true)
            .await
            .unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE")
        );
        let e = eval(ints(), "ntile", vec![col("x")], false, true)
            .await
            .unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
        );
        let zero = DfExpr::Literal(ScalarValue::Int32(Some(0)), None);
        let e = eval(ints(), "nth_value", vec![col("x"), zero], false, true)
            .await
            .unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE")
        );
    }
}
