//! CSV functions (`from_csv`, `to_csv`, `schema_of_csv`): one CSV record per value, with
//! Spark's `CSVOptions` defaults (separator `,`, quote `"`, escape `\`, empty string as NULL).

pub(crate) mod from_csv;
pub(crate) mod line;
pub(crate) mod schema_of_csv;
pub(crate) use schema_of_csv::is_double;
pub(crate) mod to_csv;

use crate::json::display_first;
use crate::{FunctionEntry, FunctionKind::Scalar};

const fn scalar(name: &'static str, build: crate::BuildFn) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: Scalar,
        build,
        display: display_first,
    }
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("from_csv", from_csv::build),
    scalar("schema_of_csv", schema_of_csv::build),
    scalar("to_csv", to_csv::build),
];

#[cfg(test)]
mod tests {
    use datafusion::logical_expr::lit;

    use crate::test_util::eval_one;

    #[tokio::test]
    async fn csv_round_trip() {
        let parsed = eval_one(
            "from_csv",
            vec![lit("1, 0.8"), lit("a INT, b DOUBLE")],
            true,
        )
        .await
        .unwrap();
        assert_eq!(parsed, "{a: 1, b: 0.8}");
        let schema = eval_one("schema_of_csv", vec![lit("1,abc")], true)
            .await
            .unwrap();
        assert_eq!(schema, "STRUCT<_c0: INT, _c1: STRING>");
    }
}
