//! The `Config` RPC: `spark.conf.set/get/unset/getAll/isModifiable` and the config reads
//! PySpark makes on its own. Mirrors Spark's `SparkConnectConfigHandler`.

use sabot_common::config;
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::config_request::operation::OpType;
use spark_connect_proto::connect::{ConfigResponse, KeyValue};

use crate::session::Session;

/// Runs one config operation.
pub fn handle(session: &Session, op: OpType) -> Result<ConfigResponse> {
    let mut warnings = Vec::new();
    let pairs = match op {
        OpType::Set(set) => {
            for kv in set.pairs {
                let value = kv.value.unwrap_or_default();
                if kv.key.starts_with("spark.")
                    && !kv.key.starts_with("spark.sql.")
                    && config::lookup(&kv.key).is_none()
                    && !is_connect_key(&kv.key)
                {
                    // Spark only warns for core (non-SQL) keys: they have no effect at runtime.
                    warnings.push(format!(
                        "Cannot modify the value of a Spark config: {}. See also 'https://spark.apache.org/docs/latest/sql-migration-guide.html#ddl-statements'",
                        kv.key
                    ));
                }
                session.conf_set(&kv.key, &value)?;
            }
            Vec::new()
        }
        OpType::Get(get) => {
            let mut out = Vec::new();
            for key in get.keys {
                let value = session.conf_get(&key)?;
                if value.is_none() && !session.conf_is_known(&key)? {
                    return Err(SparkError::conf_not_found(&key));
                }
                out.push(KeyValue { key, value });
            }
            out
        }
        OpType::GetWithDefault(g) => {
            let mut out = Vec::new();
            for kv in g.pairs {
                // Spark converts a known key's default with the key's type first.
                if let Some(default) = &kv.value {
                    config::validate(&kv.key, default)?;
                }
                let value = match session_set_value(session, &kv.key)? {
                    Some(v) => Some(v),
                    None => kv.value,
                };
                out.push(KeyValue { key: kv.key, value });
            }
            out
        }
        OpType::GetOption(g) => {
            let mut out = Vec::new();
            for key in g.keys {
                let value = session.conf_get(&key)?;
                out.push(KeyValue { key, value });
            }
            out
        }
        OpType::GetAll(g) => {
            let prefix = g.prefix.unwrap_or_default();
            session
                .conf_all()?
                .into_iter()
                .filter(|(k, _)| k.starts_with(&prefix))
                .map(|(key, value)| KeyValue {
                    key,
                    value: Some(value),
                })
                .collect()
        }
        OpType::Unset(u) => {
            for key in u.keys {
                session.conf_unset(&key)?;
            }
            Vec::new()
        }
        OpType::IsModifiable(m) => m
            .keys
            .into_iter()
            .map(|key| {
                let modifiable = config::lookup(&key).is_some_and(|e| !e.is_static)
                    || key == config::SESSION_TIME_ZONE;
                KeyValue {
                    key,
                    value: Some(modifiable.to_string()),
                }
            })
            .collect(),
    };
    Ok(ConfigResponse {
        session_id: session.session_id.clone(),
        server_side_session_id: session.server_side_session_id.clone(),
        pairs,
        warnings,
    })
}

fn is_connect_key(key: &str) -> bool {
    key.starts_with("spark.connect.")
}

/// `getWithDefault` answers with the client's default unless the key was set: Spark's
/// `RuntimeConfig.get(key, default)` ignores the registered default.
fn session_set_value(session: &Session, key: &str) -> Result<Option<String>> {
    let all = session.conf_all()?;
    Ok(all.into_iter().find(|(k, _)| k == key).map(|(_, v)| v))
}
