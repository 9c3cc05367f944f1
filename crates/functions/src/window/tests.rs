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
