//! `Read`: `spark.table(name)` (a named table) or `spark.read.format(...).load(...)`.

use std::collections::{BTreeMap, HashMap};

use sabot_common::spec::{PlanNode, ReadKind};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::Read;
use spark_connect_proto::connect::read::ReadType;

pub(super) fn read(r: &Read) -> Result<PlanNode> {
    if r.is_streaming {
        return Err(SparkError::unsupported("streaming reads"));
    }
    let kind = match &r.read_type {
        Some(ReadType::NamedTable(t)) => ReadKind::NamedTable {
            name: sabot_sql::parse_multipart_identifier(&t.unparsed_identifier)?,
            options: sorted(&t.options),
        },
        Some(ReadType::DataSource(d)) => ReadKind::DataSource {
            // The client sends "" for an unset format or schema.
            format: d.format.clone().filter(|f| !f.is_empty()),
            schema: d
                .schema
                .as_deref()
                .filter(|s| !s.is_empty())
                .map(super::local::parse_schema_string)
                .transpose()?,
            options: sorted(&d.options),
            paths: d.paths.clone(),
            predicates: d.predicates.clone(),
        },
        None => return Err(SparkError::invalid_plan("Read without a read type")),
    };
    Ok(PlanNode::Read(kind))
}

fn sorted(m: &HashMap<String, String>) -> BTreeMap<String, String> {
    m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}
