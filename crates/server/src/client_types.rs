//! Types older PySpark clients cannot read. Instead of letting a client fail on an unknown
//! schema kind ("Unsupported data type"), results and schemas with such a column are refused
//! with an error that says what to do: VARIANT needs a 4.0 client, TIME a 4.1 client. The
//! client's version comes from the `client_type` user agent each request carries
//! (`_SPARK_CONNECT_PYTHON spark/3.5.9 os/linux ...`).

use std::sync::atomic::Ordering;

use sabot_common::spec::DataType;
use sabot_common::{Result, SparkError};

use crate::session::Session;

/// The `(major, minor)` Spark version a `client_type` names, if any.
fn client_version(client_type: &str) -> Option<(u32, u32)> {
    client_type
        .split_whitespace()
        .find_map(|part| part.strip_prefix("spark/"))
        .and_then(|v| {
            let mut it = v.split('.').map(|n| n.parse::<u32>().ok());
            Some((it.next()??, it.next().flatten().unwrap_or(0)))
        })
}

/// Records the session's client version (kept as `major * 1000 + minor`; 0 when unknown).
pub(crate) fn note_client(session: &Session, client_type: Option<&str>) {
    if let Some(ct) = client_type {
        let v = client_version(ct).map_or(0, |(major, minor)| major * 1000 + minor);
        session.client_version.store(v, Ordering::Relaxed);
    }
}

/// Fails when the session's client would receive a column type it cannot read.
pub(crate) fn check(session: &Session, schema: &DataType) -> Result<()> {
    let v = session.client_version.load(Ordering::Relaxed);
    let older = |major: u32, minor: u32| v != 0 && v < major * 1000 + minor;
    if older(4, 0) && contains(schema, &|t| matches!(t, DataType::Variant)) {
        return Err(SparkError::unsupported(
            "the VARIANT type with a PySpark 3.x client (it has no VariantType); use a PySpark 4.0+ client, or convert variant columns with to_json(...) or variant_get(...)",
        ));
    }
    if older(4, 1) && contains(schema, &|t| matches!(t, DataType::Time(_))) {
        return Err(SparkError::unsupported(
            "TIME columns in results for a PySpark client older than 4.1 (it cannot read \
             them); cast them to STRING or use a newer client",
        ));
    }
    Ok(())
}

/// Whether `t` or a type nested in it satisfies `pred`.
pub(crate) fn contains(t: &DataType, pred: &dyn Fn(&DataType) -> bool) -> bool {
    pred(t)
        || match t {
            DataType::Array { element, .. } => contains(element, pred),
            DataType::Map { key, value, .. } => contains(key, pred) || contains(value, pred),
            DataType::Struct(fields) => fields.iter().any(|f| contains(&f.data_type, pred)),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sabot_common::spec::StructField;

    #[test]
    fn finds_nested_types() {
        let nested = DataType::Struct(vec![StructField::new(
            "v",
            DataType::Array {
                element: Box::new(DataType::Variant),
                contains_null: true,
            },
            true,
        )]);
        assert!(contains(&nested, &|t| matches!(t, DataType::Variant)));
        assert!(!contains(&nested, &|t| matches!(t, DataType::Time(_))));
    }

    #[test]
    fn reads_client_versions() {
        assert_eq!(
            client_version("_SPARK_CONNECT_PYTHON spark/3.5.9 os/linux python/3.11"),
            Some((3, 5))
        );
        assert_eq!(client_version("x spark/4.2.0 os/linux"), Some((4, 2)));
        assert_eq!(client_version("custom-client"), None);
    }
}
