//! Relations whose rows come from the client or are generated: `LocalRelation` (an Arrow IPC
//! stream plus a schema string), `CachedLocalRelation` and `Range`.

use sabot_common::spec::{DataType, PlanNode};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::{
    CachedLocalRelation, ChunkedCachedLocalRelation, LocalRelation, Range,
};

use crate::arrow_ipc::decode_arrow_stream;
use crate::types::parse_json_schema;

/// `spark.range(start, end, step, numPartitions)`. `start` is optional (0); `step` is a plain
/// proto3 field that every client sets (PySpark's default is 1), so 0 is a real 0, which
/// Spark's `Range` rejects.
pub(super) fn range(r: &Range) -> Result<PlanNode> {
    if r.step == 0 {
        return Err(SparkError::illegal_argument(
            "requirement failed: step (0) cannot be 0",
        ));
    }
    if let Some(n) = r.num_partitions
        && n <= 0
    {
        return Err(SparkError::invalid_plan(format!(
            "Range num_partitions must be positive, got {n}"
        )));
    }
    Ok(PlanNode::Range {
        start: r.start.unwrap_or(0),
        end: r.end,
        step: r.step,
        num_partitions: r.num_partitions,
    })
}

/// Data (an Arrow IPC stream) and schema are both optional: `createDataFrame([], schema)`
/// sends only the schema.
pub(super) fn local_relation(l: &LocalRelation) -> Result<PlanNode> {
    let (arrow_schema, batches) = match &l.data {
        Some(data) => {
            let (schema, batches) = decode_arrow_stream(data)?;
            (Some(schema), batches)
        }
        None => (None, Vec::new()),
    };
    let schema = l.schema.as_deref().map(parse_schema_string).transpose()?;
    Ok(PlanNode::LocalRelation {
        batches,
        arrow_schema,
        schema,
    })
}

/// A schema is Spark's JSON (`DataType.json`) or a DDL string (`a INT, b STRING`).
pub(crate) fn parse_schema_string(s: &str) -> Result<DataType> {
    let t = s.trim_start();
    if t.starts_with('{') || t.starts_with('"') {
        parse_json_schema(s)
    } else {
        sabot_sql::parse_ddl_schema(s)
    }
}

pub(super) fn chunked_cached_local_relation(c: &ChunkedCachedLocalRelation) -> Result<PlanNode> {
    Ok(PlanNode::ChunkedCached {
        data_hashes: c.data_hashes.clone(),
        schema_hash: c.schema_hash.clone(),
    })
}

pub(super) fn cached_local_relation(c: &CachedLocalRelation) -> Result<PlanNode> {
    if c.hash.is_empty() {
        return Err(SparkError::invalid_plan(
            "CachedLocalRelation without a hash",
        ));
    }
    Ok(PlanNode::Cached {
        hash: c.hash.clone(),
    })
}
