//! Connect `Relation` -> spec [`Plan`]; mirrors Spark's `SparkConnectPlanner.transformRelation`.
//!
//! - this file: the dispatch over relation kinds and the names of unsupported ones;
//! - [`unary`]: relations over one input (project, filter, sort, limit, ...);
//! - [`combine`]: joins and set operations;
//! - [`aggregate`]: group by / rollup / cube / pivot / grouping sets;
//! - [`local`]: client-sent data (`LocalRelation`, `CachedLocalRelation`) and `Range`;
//! - [`read`]: tables and data sources;
//! - [`sql`]: `spark.sql(...)` with its parameters;
//! - [`stat`]: `df.na.*`, `df.stat.*`, `describe` and `summary`.
//! - [`reshape`]: unpivot and transpose;
//! - [`sql`]: `spark.sql(...)` with its parameters.

mod aggregate;
mod combine;
mod local;
mod read;
mod reshape;
pub mod sql;
mod stat;
#[cfg(test)]
mod tests;
mod unary;
pub(crate) mod with_relations;

use sabot_common::spec::{Plan, PlanNode};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::Relation;
use spark_connect_proto::connect::relation::RelType;

/// Converts a Connect relation; the plan keeps the client's `plan_id`.
pub fn relation_to_plan(rel: &Relation) -> Result<Plan> {
    let Some(kind) = &rel.rel_type else {
        return Err(SparkError::invalid_plan(
            "Relation without a type (rel_type)",
        ));
    };
    if let RelType::WithRelations(w) = kind {
        return with_relations::with_relations(w);
    }
    let node = match kind {
        RelType::Range(r) => local::range(r)?,
        RelType::LocalRelation(l) => local::local_relation(l)?,
        RelType::CachedLocalRelation(c) => local::cached_local_relation(c)?,
        RelType::ChunkedCachedLocalRelation(c) => local::chunked_cached_local_relation(c)?,
        // The parsed query's own id is always empty; the relation's applies.
        RelType::Sql(s) => sql::sql(s)?.node,
        RelType::Read(r) => read::read(r)?,
        RelType::Project(p) => unary::project(p)?,
        RelType::Filter(f) => unary::filter(f)?,
        RelType::Sort(s) => unary::sort(s)?,
        RelType::Limit(l) => unary::limit(l)?,
        RelType::Offset(o) => unary::offset(o)?,
        RelType::Aggregate(a) => aggregate::aggregate(a)?,
        RelType::SubqueryAlias(s) => unary::subquery_alias(s)?,
        RelType::ShowString(s) => unary::show_string(s)?,
        RelType::WithColumns(w) => unary::with_columns(w)?,
        RelType::ToDf(t) => unary::to_df(t)?,
        RelType::Join(j) => combine::join(j)?,
        RelType::SetOp(s) => combine::set_op(s)?,
        RelType::LateralJoin(j) => combine::lateral_join(j)?,
        RelType::AsOfJoin(j) => combine::as_of_join(j)?,
        RelType::Deduplicate(d) => unary::deduplicate(d)?,
        RelType::Drop(d) => unary::drop(d)?,
        RelType::WithColumnsRenamed(w) => unary::with_columns_renamed(w)?,
        RelType::Tail(t) => unary::tail(t)?,
        RelType::Hint(h) => unary::hint(h)?,
        RelType::CollectMetrics(c) => unary::collect_metrics(c)?,
        RelType::CachedRemoteRelation(c) => PlanNode::CachedRemote {
            relation_id: c.relation_id.clone(),
        },
        RelType::Repartition(r) => unary::repartition(r)?,
        RelType::RepartitionByExpression(r) => unary::repartition_by_expression(r)?,
        RelType::Sample(s) => unary::sample(s)?,
        RelType::ToSchema(t) => unary::to_schema(t)?,
        RelType::HtmlString(h) => unary::html_string(h)?,
        RelType::UnresolvedTableValuedFunction(f) => {
            let args = crate::expression::expressions(&f.arguments)?;
            sabot_sql::table_valued_function(&f.function_name, args)?.node
        }
        RelType::FillNa(r) => stat::fill_na(r)?,
        RelType::DropNa(r) => stat::drop_na(r)?,
        RelType::Replace(r) => stat::replace(r)?,
        RelType::Describe(r) => stat::describe(r)?,
        RelType::Summary(r) => stat::summary(r)?,
        RelType::Cov(r) => stat::cov(r)?,
        RelType::Corr(r) => stat::corr(r)?,
        RelType::Crosstab(r) => stat::crosstab(r)?,
        RelType::ApproxQuantile(r) => stat::approx_quantile(r)?,
        RelType::FreqItems(r) => stat::freq_items(r)?,
        RelType::SampleBy(r) => stat::sample_by(r)?,
        RelType::Unpivot(u) => reshape::unpivot(u)?,
        RelType::Transpose(t) => reshape::transpose(t)?,
        other => {
            return Err(SparkError::unsupported(format!(
                "Spark Connect relation '{}'",
                rel_type_name(other)
            )));
        }
    };
    Ok(Plan {
        node,
        plan_id: rel.common.as_ref().and_then(|c| c.plan_id),
    })
}

/// The required input relation of `what`.
pub(crate) fn input(rel: Option<&Relation>, what: &str) -> Result<Box<Plan>> {
    match rel {
        Some(r) => Ok(Box::new(relation_to_plan(r)?)),
        None => Err(SparkError::invalid_plan(format!(
            "{what} has no input relation"
        ))),
    }
}

/// The proto field name of a relation kind, for error messages.
fn rel_type_name(r: &RelType) -> &'static str {
    match r {
        RelType::Read(_) => "read",
        RelType::Project(_) => "project",
        RelType::Filter(_) => "filter",
        RelType::Join(_) => "join",
        RelType::SetOp(_) => "set_op",
        RelType::Sort(_) => "sort",
        RelType::Limit(_) => "limit",
        RelType::Aggregate(_) => "aggregate",
        RelType::Sql(_) => "sql",
        RelType::LocalRelation(_) => "local_relation",
        RelType::Sample(_) => "sample",
        RelType::Offset(_) => "offset",
        RelType::Deduplicate(_) => "deduplicate",
        RelType::Range(_) => "range",
        RelType::SubqueryAlias(_) => "subquery_alias",
        RelType::Repartition(_) => "repartition",
        RelType::ToDf(_) => "to_df",
        RelType::WithColumnsRenamed(_) => "with_columns_renamed",
        RelType::ShowString(_) => "show_string",
        RelType::Drop(_) => "drop",
        RelType::Tail(_) => "tail",
        RelType::WithColumns(_) => "with_columns",
        RelType::Hint(_) => "hint",
        RelType::Unpivot(_) => "unpivot",
        RelType::ToSchema(_) => "to_schema",
        RelType::RepartitionByExpression(_) => "repartition_by_expression",
        RelType::MapPartitions(_) => "map_partitions",
        RelType::CollectMetrics(_) => "collect_metrics",
        RelType::Parse(_) => "parse",
        RelType::GroupMap(_) => "group_map",
        RelType::CoGroupMap(_) => "co_group_map",
        RelType::WithWatermark(_) => "with_watermark",
        RelType::ApplyInPandasWithState(_) => "apply_in_pandas_with_state",
        RelType::HtmlString(_) => "html_string",
        RelType::CachedLocalRelation(_) => "cached_local_relation",
        RelType::CachedRemoteRelation(_) => "cached_remote_relation",
        RelType::CommonInlineUserDefinedTableFunction(_) => {
            "common_inline_user_defined_table_function"
        }
        RelType::AsOfJoin(_) => "as_of_join",
        RelType::CommonInlineUserDefinedDataSource(_) => "common_inline_user_defined_data_source",
        RelType::WithRelations(_) => "with_relations",
        RelType::Transpose(_) => "transpose",
        RelType::UnresolvedTableValuedFunction(_) => "unresolved_table_valued_function",
        RelType::LateralJoin(_) => "lateral_join",
        RelType::ChunkedCachedLocalRelation(_) => "chunked_cached_local_relation",
        RelType::RelationChanges(_) => "relation_changes",
        RelType::NearestByJoin(_) => "nearest_by_join",
        RelType::Zip(_) => "zip",
        RelType::FillNa(_) => "fill_na",
        RelType::DropNa(_) => "drop_na",
        RelType::Replace(_) => "replace",
        RelType::Summary(_) => "summary",
        RelType::Crosstab(_) => "crosstab",
        RelType::Describe(_) => "describe",
        RelType::Cov(_) => "cov",
        RelType::Corr(_) => "corr",
        RelType::ApproxQuantile(_) => "approx_quantile",
        RelType::FreqItems(_) => "freq_items",
        RelType::SampleBy(_) => "sample_by",
        RelType::Catalog(_) => "catalog",
        RelType::MlRelation(_) => "ml_relation",
        RelType::Extension(_) => "extension",
        RelType::Unknown(_) => "unknown",
    }
}
