//! The Spark Connect protocol, generated from the descriptor set that
//! `scripts/extract_descriptors.py` takes from the PySpark distribution named in
//! `descriptors/SPARK_VERSION`.

#![allow(clippy::all, clippy::pedantic, missing_docs)]

/// `spark.connect.*`: relations, expressions, commands and the `SparkConnectService`.
pub mod spark {
    pub mod connect {
        include!(concat!(env!("OUT_DIR"), "/spark.connect.rs"));
    }
}

pub use spark::connect;

/// The Spark version whose protocol this crate was generated from.
pub const SPARK_PROTOCOL_VERSION: &str = include_str!("../descriptors/SPARK_VERSION");

use std::fmt;

// Bulk payloads: show their size, never their bytes.
impl fmt::Debug for connect::LocalRelation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalRelation")
            .field("data_bytes", &self.data.as_ref().map(|d| d.len()))
            .field("schema", &self.schema)
            .finish()
    }
}

impl fmt::Debug for connect::execute_plan_response::ArrowBatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArrowBatch")
            .field("row_count", &self.row_count)
            .field("data_bytes", &self.data.len())
            .field("start_offset", &self.start_offset)
            .finish()
    }
}

impl fmt::Debug for connect::add_artifacts_request::ArtifactChunk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArtifactChunk")
            .field("data_bytes", &self.data.len())
            .field("crc", &self.crc)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::connect::*;

    #[test]
    fn local_relation_debug_hides_payload() {
        let rel = LocalRelation {
            data: Some(vec![7u8; 1 << 20]),
            schema: None,
        };
        let shown = format!("{rel:?}");
        assert!(shown.contains("1048576"), "{shown}");
        assert!(shown.len() < 200, "{shown}");
    }

    #[test]
    fn version_is_recorded() {
        assert!(super::SPARK_PROTOCOL_VERSION.trim().starts_with('4'));
    }
}
