//! Artifacts a client uploads to its session (`AddArtifacts`): cached local relations
//! (`cache/<sha256>`) today, jars/pyfiles/files/archives for UDFs later. Each chunk is checked
//! against the CRC32 the client computed, as Spark's `SparkConnectAddArtifactsHandler` does; an
//! artifact whose CRC fails is not stored.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use prost::Message;
use sabot_common::error::ExceptionKind;
use sabot_common::spec::Plan;
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::add_artifacts_request::{ArtifactChunk, Payload};
use spark_connect_proto::connect::add_artifacts_response::ArtifactSummary;
use spark_connect_proto::connect::{LocalRelation, Relation, relation};

use crate::session::lock;

/// The prefix of cached-relation artifacts.
pub const CACHE_PREFIX: &str = "cache/";

/// A chunked artifact being received.
struct Pending {
    name: String,
    data: Vec<u8>,
    total_bytes: i64,
    remaining_chunks: i64,
    crc_ok: bool,
}

/// A session's artifacts, in memory.
#[derive(Default)]
pub struct ArtifactStore {
    artifacts: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

impl ArtifactStore {
    /// Whether an artifact exists (`ArtifactStatus`).
    pub fn exists(&self, name: &str) -> bool {
        self.artifacts
            .lock()
            .map(|a| a.contains_key(name))
            .unwrap_or(false)
    }

    fn insert(&self, name: String, data: Vec<u8>) -> Result<()> {
        lock(&self.artifacts)?.insert(name, Arc::new(data));
        Ok(())
    }

    /// The bytes of an artifact.
    pub fn get(&self, name: &str) -> Result<Arc<Vec<u8>>> {
        lock(&self.artifacts)?.get(name).cloned().ok_or_else(|| {
            SparkError::new(
                ExceptionKind::Internal,
                format!("Artifact '{name}' was not found in this session. Was it uploaded?"),
            )
        })
    }

    /// Drops every artifact (session close).
    pub fn clear(&self) {
        if let Ok(mut a) = self.artifacts.lock() {
            a.clear();
        }
    }

    /// A 3.5-style `CachedLocalRelation`: the artifact holds a serialized `LocalRelation`.
    pub fn cached_local_relation(&self, hash: &str) -> Result<Plan> {
        let bytes = self.get(&format!("{CACHE_PREFIX}{hash}"))?;
        let local = LocalRelation::decode(bytes.as_slice())
            .map_err(|e| SparkError::invalid_plan(format!("cached local relation {hash}: {e}")))?;
        sabot_connect::relation_to_plan(&Relation {
            common: None,
            rel_type: Some(relation::RelType::LocalRelation(local)),
        })
    }

    /// A 4.x `ChunkedCachedLocalRelation`: each data artifact is an Arrow IPC stream, the schema
    /// artifact is the schema string (JSON or DDL) in UTF-8.
    pub fn chunked_local_relation(
        &self,
        data_hashes: &[String],
        schema_hash: Option<&str>,
    ) -> Result<Plan> {
        let mut data = Vec::new();
        for hash in data_hashes {
            data.push(self.get(&format!("{CACHE_PREFIX}{hash}"))?);
        }
        let schema = match schema_hash {
            Some(h) => {
                let bytes = self.get(&format!("{CACHE_PREFIX}{h}"))?;
                Some(String::from_utf8(bytes.to_vec()).map_err(|_| {
                    SparkError::invalid_plan("cached local relation schema is not UTF-8")
                })?)
            }
            None => None,
        };
        // Every chunk is a complete IPC stream; decode each as a LocalRelation and merge.
        let mut batches = Vec::new();
        let mut arrow_schema = None;
        let mut spark_schema = None;
        for chunk in data {
            let plan = sabot_connect::relation_to_plan(&Relation {
                common: None,
                rel_type: Some(relation::RelType::LocalRelation(LocalRelation {
                    data: Some(chunk.to_vec()),
                    schema: schema.clone(),
                })),
            })?;
            if let sabot_common::spec::PlanNode::LocalRelation {
                batches: b,
                arrow_schema: a,
                schema: s,
            } = plan.node
            {
                batches.extend(b);
                arrow_schema = arrow_schema.or(a);
                spark_schema = spark_schema.or(s);
            }
        }
        if data_hashes.is_empty() {
            return sabot_connect::relation_to_plan(&Relation {
                common: None,
                rel_type: Some(relation::RelType::LocalRelation(LocalRelation {
                    data: None,
                    schema,
                })),
            });
        }
        Ok(Plan::new(sabot_common::spec::PlanNode::LocalRelation {
            batches,
            arrow_schema,
            schema: spark_schema,
        }))
    }
}

/// Validates an artifact name: relative, no `..`, a known prefix.
fn check_name(name: &str) -> Result<()> {
    let bad = name.is_empty()
        || name.starts_with('/')
        || name.split('/').any(|p| p == ".." || p.is_empty());
    if bad {
        return Err(SparkError::illegal_argument(format!(
            "Invalid artifact path: {name}"
        )));
    }
    Ok(())
}

fn crc_ok(chunk: &ArtifactChunk) -> bool {
    i64::from(crc32fast::hash(&chunk.data)) == chunk.crc
}

/// Consumes one `AddArtifacts` client stream's payloads in order and stores the artifacts.
#[derive(Default)]
pub struct AddArtifactsHandler {
    pending: Option<Pending>,
    summaries: Vec<ArtifactSummary>,
}

impl AddArtifactsHandler {
    /// Handles one request payload.
    pub fn handle(&mut self, store: &ArtifactStore, payload: Payload) -> Result<()> {
        match payload {
            Payload::Batch(batch) => {
                self.finish_pending(store)?;
                for artifact in batch.artifacts {
                    check_name(&artifact.name)?;
                    let chunk = artifact.data.unwrap_or_default();
                    let ok = crc_ok(&chunk);
                    if ok {
                        store.insert(artifact.name.clone(), chunk.data)?;
                    }
                    self.summaries.push(ArtifactSummary {
                        name: artifact.name,
                        is_crc_successful: ok,
                    });
                }
            }
            Payload::BeginChunk(begin) => {
                self.finish_pending(store)?;
                check_name(&begin.name)?;
                let chunk = begin.initial_chunk.unwrap_or_default();
                let crc = crc_ok(&chunk);
                self.pending = Some(Pending {
                    name: begin.name,
                    data: chunk.data,
                    total_bytes: begin.total_bytes,
                    remaining_chunks: begin.num_chunks - 1,
                    crc_ok: crc,
                });
                self.finish_if_complete(store)?;
            }
            Payload::Chunk(chunk) => {
                let Some(p) = self.pending.as_mut() else {
                    return Err(SparkError::invalid_plan(
                        "AddArtifacts: a chunk arrived without BeginChunkedArtifact",
                    ));
                };
                p.crc_ok &= crc_ok(&chunk);
                p.data.extend_from_slice(&chunk.data);
                p.remaining_chunks -= 1;
                self.finish_if_complete(store)?;
            }
        }
        Ok(())
    }

    fn finish_if_complete(&mut self, store: &ArtifactStore) -> Result<()> {
        if self
            .pending
            .as_ref()
            .is_some_and(|p| p.remaining_chunks <= 0)
        {
            self.finish_pending(store)?;
        }
        Ok(())
    }

    fn finish_pending(&mut self, store: &ArtifactStore) -> Result<()> {
        if let Some(p) = self.pending.take() {
            let ok = p.crc_ok && p.remaining_chunks <= 0 && p.data.len() as i64 == p.total_bytes;
            if ok {
                store.insert(p.name.clone(), p.data)?;
            }
            self.summaries.push(ArtifactSummary {
                name: p.name,
                is_crc_successful: ok,
            });
        }
        Ok(())
    }

    /// Ends the stream: a chunked artifact still open is stored if complete, and the summaries
    /// are returned.
    pub fn finish(mut self, store: &ArtifactStore) -> Result<Vec<ArtifactSummary>> {
        self.finish_pending(store)?;
        Ok(self.summaries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spark_connect_proto::connect::add_artifacts_request::{
        Batch, BeginChunkedArtifact, SingleChunkArtifact,
    };

    fn chunk(data: &[u8]) -> ArtifactChunk {
        ArtifactChunk {
            data: data.to_vec(),
            crc: i64::from(crc32fast::hash(data)),
        }
    }

    #[test]
    fn batch_with_good_and_bad_crc() {
        let store = ArtifactStore::default();
        let mut h = AddArtifactsHandler::default();
        let mut bad = chunk(b"xyz");
        bad.crc += 1;
        h.handle(
            &store,
            Payload::Batch(Batch {
                artifacts: vec![
                    SingleChunkArtifact {
                        name: "cache/a".into(),
                        data: Some(chunk(b"abc")),
                    },
                    SingleChunkArtifact {
                        name: "cache/b".into(),
                        data: Some(bad),
                    },
                ],
            }),
        )
        .unwrap();
        let s = h.finish(&store).unwrap();
        assert!(s[0].is_crc_successful && !s[1].is_crc_successful);
        assert!(store.exists("cache/a") && !store.exists("cache/b"));
    }

    #[test]
    fn chunked_artifact_is_assembled() {
        let store = ArtifactStore::default();
        let mut h = AddArtifactsHandler::default();
        h.handle(
            &store,
            Payload::BeginChunk(BeginChunkedArtifact {
                name: "files/x".into(),
                total_bytes: 6,
                num_chunks: 2,
                initial_chunk: Some(chunk(b"abc")),
            }),
        )
        .unwrap();
        h.handle(&store, Payload::Chunk(chunk(b"def"))).unwrap();
        let s = h.finish(&store).unwrap();
        assert_eq!(s.len(), 1);
        assert!(s[0].is_crc_successful);
        assert_eq!(store.get("files/x").unwrap().as_slice(), b"abcdef");
    }

    #[test]
    fn rejects_path_traversal() {
        assert!(check_name("../etc/passwd").is_err());
        assert!(check_name("/abs").is_err());
        assert!(check_name("cache/ok").is_ok());
    }
}
