//! The `AnalyzePlan` RPC: schema, explain, printSchema, version, DDL parsing, semantic
//! comparisons and storage levels. Mirrors Spark's `SparkConnectAnalyzeHandler`.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::logical_expr::LogicalPlan;
use sabot_common::spec::ExplainMode;
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::analyze_plan_request::{Analyze, explain};
use spark_connect_proto::connect::analyze_plan_response::{self as resp, Result as R};
use spark_connect_proto::connect::plan::OpType;
use spark_connect_proto::connect::{AnalyzePlanResponse, Plan};

use crate::execution::runner::{self, Operation};
use crate::session::Session;

/// The Spark version Sabot reports: the protocol it speaks.
pub fn spark_version() -> &'static str {
    spark_connect_proto::SPARK_PROTOCOL_VERSION.trim()
}

/// Runs one analyze request.
pub async fn handle(session: &Arc<Session>, analyze: Analyze) -> Result<AnalyzePlanResponse> {
    let result = match analyze {
        Analyze::Schema(s) => {
            let (_, schema) = analyze_schema(session, s.plan).await?;
            R::Schema(resp::Schema {
                schema: Some(sabot_connect::types::data_type_to_proto(&schema)),
            })
        }
        Analyze::Explain(e) => {
            let mode = match explain::ExplainMode::try_from(e.explain_mode) {
                Ok(explain::ExplainMode::Extended) => ExplainMode::Extended,
                Ok(explain::ExplainMode::Codegen) => ExplainMode::Codegen,
                Ok(explain::ExplainMode::Cost) => ExplainMode::Cost,
                Ok(explain::ExplainMode::Formatted) => ExplainMode::Formatted,
                _ => ExplainMode::Simple,
            };
            let (logical, _) = analyze_schema(session, e.plan).await?;
            let text = sabot_plan::explain::explain_string(&session.ctx, &logical, mode).await?;
            R::Explain(resp::Explain {
                explain_string: text,
            })
        }
        Analyze::TreeString(t) => {
            let (_, schema) = analyze_schema(session, t.plan).await?;
            R::TreeString(resp::TreeString {
                tree_string: sabot_plan::tree_string::tree_string(&schema, t.level),
            })
        }
        Analyze::IsLocal(p) => {
            // Spark: a plan is local when it only reads client-provided rows.
            let rel = relation_of(p.plan)?;
            let local = matches!(
                rel.rel_type,
                Some(spark_connect_proto::connect::relation::RelType::LocalRelation(_))
                    | Some(spark_connect_proto::connect::relation::RelType::CachedLocalRelation(_))
            );
            R::IsLocal(resp::IsLocal { is_local: local })
        }
        Analyze::IsStreaming(p) => {
            analyze_schema(session, p.plan).await?;
            R::IsStreaming(resp::IsStreaming {
                is_streaming: false,
            })
        }
        Analyze::InputFiles(p) => {
            // No file sources yet (a later issue): a resolved plan reads no files.
            analyze_schema(session, p.plan).await?;
            R::InputFiles(resp::InputFiles { files: Vec::new() })
        }
        Analyze::SparkVersion(_) => R::SparkVersion(resp::SparkVersion {
            version: spark_version().to_string(),
        }),
        Analyze::DdlParse(d) => {
            let parsed = sabot_sql::parse_ddl_schema(&d.ddl_string)?;
            crate::time_gate::check_ddl(session, &parsed)?;
            R::DdlParse(resp::DdlParse {
                parsed: Some(sabot_connect::types::data_type_to_proto(&parsed)),
            })
        }
        Analyze::SameSemantics(s) => {
            let (a, _) = analyze_schema(session, s.target_plan).await?;
            let (b, _) = analyze_schema(session, s.other_plan).await?;
            R::SameSemantics(resp::SameSemantics {
                result: canonical(&a) == canonical(&b),
            })
        }
        Analyze::SemanticHash(s) => {
            let (a, _) = analyze_schema(session, s.plan).await?;
            let mut h = std::collections::hash_map::DefaultHasher::new();
            canonical(&a).hash(&mut h);
            R::SemanticHash(resp::SemanticHash {
                result: h.finish() as i32,
            })
        }
        // `df.persist(level)`: registered now, computed by the first query that runs over it.
        Analyze::Persist(p) => {
            let plan = spec_plan(p.relation)?;
            runner::resolve(session, &plan).await?;
            let level = crate::cache::level_from_proto(p.storage_level.as_ref());
            crate::cache::persist(session, plan, level)?;
            R::Persist(resp::Persist {})
        }
        Analyze::Unpersist(p) => {
            let plan = spec_plan(p.relation)?;
            crate::cache::unpersist(session, &plan)?;
            R::Unpersist(resp::Unpersist {})
        }
        Analyze::GetStorageLevel(p) => {
            let plan = spec_plan(p.relation)?;
            R::GetStorageLevel(resp::GetStorageLevel {
                storage_level: Some(crate::cache::level_to_proto(crate::cache::storage_level(
                    session, &plan,
                ))),
            })
        }
        Analyze::JsonToDdl(j) => {
            let t = sabot_connect::types::parse_json_schema(&j.json_string)?;
            R::JsonToDdl(resp::JsonToDdl {
                ddl_string: to_ddl(&t)?,
            })
        }
    };
    Ok(AnalyzePlanResponse {
        session_id: session.session_id.clone(),
        server_side_session_id: session.server_side_session_id.clone(),
        result: Some(result),
    })
}

fn relation_of(plan: Option<Plan>) -> Result<spark_connect_proto::connect::Relation> {
    let plan = plan.ok_or_else(|| SparkError::invalid_plan("AnalyzePlan request has no plan"))?;
    match runner::operation(plan)? {
        Operation::Relation(r) => Ok(*r),
        Operation::Command(_) => Err(SparkError::invalid_plan(
            "AnalyzePlan expects a relation, not a command",
        )),
    }
}

fn spec_plan(
    rel: Option<spark_connect_proto::connect::Relation>,
) -> Result<sabot_common::spec::Plan> {
    let rel = rel.ok_or_else(|| SparkError::invalid_plan("AnalyzePlan request has no relation"))?;
    sabot_connect::relation_to_plan(&rel)
}

/// Resolves a plan and returns it with its Spark schema.
async fn analyze_schema(
    session: &Arc<Session>,
    plan: Option<Plan>,
) -> Result<(LogicalPlan, sabot_common::spec::DataType)> {
    let plan = plan.ok_or_else(|| SparkError::invalid_plan("AnalyzePlan request has no plan"))?;
    if let Some(OpType::Command(_)) = &plan.op_type {
        return Err(SparkError::invalid_plan(
            "AnalyzePlan expects a relation, not a command",
        ));
    }
    let rel = relation_of(Some(plan))?;
    let spec = sabot_connect::relation_to_plan(&rel)?;
    let logical = runner::resolve_for_analysis(session, &spec).await?;
    let tz = session.plan_config()?.time_zone;
    let arrow = sabot_plan::types::to_spark_arrow_schema(logical.schema().as_arrow(), &tz)?;
    let schema = sabot_plan::types::spark_schema(&arrow)?;
    crate::client_types::check(session, &schema)?;
    Ok((logical, schema))
}

/// A plan's text without the client's plan ids/aliases, for sameSemantics/semanticHash.
fn canonical(plan: &LogicalPlan) -> String {
    plan.display_indent().to_string()
}

/// `StructType.toDDL`: `a INT,b STRING` with Spark's SQL type names.
fn to_ddl(t: &sabot_common::spec::DataType) -> Result<String> {
    use sabot_common::spec::DataType;
    let DataType::Struct(fields) = t else {
        return Err(SparkError::illegal_argument(
            "json_to_ddl expects a struct type",
        ));
    };
    Ok(fields
        .iter()
        .map(|f| {
            let not_null = if f.nullable { "" } else { " NOT NULL" };
            format!(
                "{} {}{not_null}",
                quote_if_needed(&f.name),
                f.data_type.simple_string().to_uppercase()
            )
        })
        .collect::<Vec<_>>()
        .join(","))
}

fn quote_if_needed(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !name.is_empty() {
        name.to_string()
    } else {
        format!("`{}`", name.replace('`', "``"))
    }
}
