//! SQL `TIMESTAMP '...'` / `TIMESTAMP_LTZ '...'` (Spark's `visitTypeConstructor`): the text is
//! read in the session time zone (a zone suffix wins), giving a timestamp literal, named
//! `TIMESTAMP '2020-01-01 00:00:00'` as Spark names it.

use sabot_common::spec::{CastMode, DataType, Expr, Literal};
use sabot_functions::datasource::default_timestamp;

/// The literal for the marker call's text; a text it cannot read stays a cast from string,
/// which raises Spark's error.
pub(super) fn timestamp(args: &[Expr], zone: &str) -> Expr {
    let text = match args {
        [Expr::Literal(Literal::String(s))] => s.clone(),
        _ => {
            return Expr::Literal(Literal::Null(DataType::Timestamp));
        }
    };
    match default_timestamp(&text, zone, false) {
        Some(micros) => Expr::Literal(Literal::Timestamp(micros)),
        None => Expr::Cast {
            expr: Box::new(Expr::Literal(Literal::String(text))),
            data_type: DataType::Timestamp,
            mode: CastMode::Default,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_in_the_session_zone() {
        let t = |s: &str, z: &str| timestamp(&[Expr::Literal(Literal::String(s.into()))], z);
        assert_eq!(
            t("1970-01-01 00:00:01", "UTC"),
            Expr::Literal(Literal::Timestamp(1_000_000))
        );
        assert_eq!(
            t("1970-01-01 01:00:00", "Europe/Paris"),
            Expr::Literal(Literal::Timestamp(0))
        );
        assert_eq!(
            t("1970-01-01 00:00:00+01:00", "UTC"),
            Expr::Literal(Literal::Timestamp(-3_600_000_000))
        );
    }
}
