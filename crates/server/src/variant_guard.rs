//! PySpark 3.5 clients have no VARIANT type: instead of letting them fail on an unknown
//! schema kind ("Unsupported data type"), results and schemas with a variant column are
//! refused with an error that says what to do. The client is known from the `client_type`
//! user agent (`... spark/3.5.x ...`) each request carries.

use std::sync::atomic::Ordering;

use sabot_common::spec::DataType;
use sabot_common::{Result, SparkError};

use crate::session::Session;

/// Records whether the session's client is PySpark 3.x.
pub(crate) fn note_client(session: &Session, client_type: Option<&str>) {
    if let Some(ct) = client_type {
        let legacy = ct.split_whitespace().any(|p| p.starts_with("spark/3."));
        session.legacy_client.store(legacy, Ordering::Relaxed);
    }
}

/// Fails when a 3.x client would receive a variant column.
pub(crate) fn check(session: &Session, schema: &DataType) -> Result<()> {
    if session.legacy_client.load(Ordering::Relaxed) && has_variant(schema) {
        return Err(SparkError::unsupported(
            "the VARIANT type with a PySpark 3.x client (it has no VariantType); use a PySpark 4.0+ client, or convert variant columns with to_json(...) or variant_get(...)",
        ));
    }
    Ok(())
}

fn has_variant(t: &DataType) -> bool {
    match t {
        DataType::Variant => true,
        DataType::Array { element, .. } => has_variant(element),
        DataType::Map { key, value, .. } => has_variant(key) || has_variant(value),
        DataType::Struct(fields) => fields.iter().any(|f| has_variant(&f.data_type)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sabot_common::spec::StructField;

    #[test]
    fn finds_nested_variants() {
        assert!(has_variant(&DataType::Struct(vec![StructField::new(
            "v",
            DataType::Array {
                element: Box::new(DataType::Variant),
                contains_null: true
            },
            true
        )])));
        assert!(!has_variant(&DataType::Struct(vec![StructField::new(
            "v",
            DataType::String,
            true
        )])));
    }
}
