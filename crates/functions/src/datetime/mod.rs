//! Date and time functions.

mod current;

use crate::{FunctionEntry, FunctionKind::Scalar, display_call};

const fn scalar(
    name: &'static str,
    build: crate::BuildFn,
    display: crate::DisplayFn,
) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: Scalar,
        build,
        display,
    }
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("current_date", current::build_current_date, display_call),
    scalar(
        "current_timestamp",
        current::build_current_timestamp,
        display_call,
    ),
    scalar("now", current::build_current_timestamp, display_call),
];

#[cfg(test)]
mod tests {
    use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};

    use crate::test_util::{eval, one_row};

    #[tokio::test]
    async fn current_date_and_timestamp_types() {
        let (_, f) = eval(one_row(), "current_date", vec![], false, true)
            .await
            .unwrap();
        assert_eq!(f.data_type(), &ArrowType::Date32);
        let (_, f) = eval(one_row(), "now", vec![], false, true).await.unwrap();
        assert_eq!(
            f.data_type(),
            &ArrowType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
        );
    }
}
