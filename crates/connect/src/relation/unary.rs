//! Relations over one input that map one-to-one onto spec nodes.

use sabot_common::spec::{Expr, PlanNode};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::{
    CollectMetrics, Deduplicate, Drop, Filter, Hint, HtmlString, Limit, Offset, Project,
    Repartition, RepartitionByExpression, Sample, ShowString, Sort, SubqueryAlias, Tail, ToDf,
    ToSchema, WithColumns, WithColumnsRenamed,
};

use super::{input, relation_to_plan};
use crate::expression::{expressions, required, sort_order_from_proto};

/// `select`; without an input it projects over a single empty row (`SELECT 1`).
pub(super) fn project(p: &Project) -> Result<PlanNode> {
    Ok(PlanNode::Project {
        input: p
            .input
            .as_deref()
            .map(relation_to_plan)
            .transpose()?
            .map(Box::new),
        exprs: expressions(&p.expressions)?,
    })
}

pub(super) fn filter(f: &Filter) -> Result<PlanNode> {
    Ok(PlanNode::Filter {
        input: input(f.input.as_deref(), "Filter")?,
        condition: required(f.condition.as_ref(), "filter condition")?,
    })
}

/// `orderBy` is global unless the client says otherwise (`sortWithinPartitions`).
pub(super) fn sort(s: &Sort) -> Result<PlanNode> {
    Ok(PlanNode::Sort {
        input: input(s.input.as_deref(), "Sort")?,
        order: s
            .order
            .iter()
            .map(sort_order_from_proto)
            .collect::<Result<_>>()?,
        is_global: s.is_global.unwrap_or(true),
    })
}

pub(super) fn limit(l: &Limit) -> Result<PlanNode> {
    Ok(PlanNode::Limit {
        input: input(l.input.as_deref(), "Limit")?,
        limit: i64::from(l.limit),
    })
}

pub(super) fn offset(o: &Offset) -> Result<PlanNode> {
    Ok(PlanNode::Offset {
        input: input(o.input.as_deref(), "Offset")?,
        offset: i64::from(o.offset),
    })
}

/// `df.alias(name)`; the qualifier (catalog and database) is not kept.
pub(super) fn subquery_alias(s: &SubqueryAlias) -> Result<PlanNode> {
    Ok(PlanNode::SubqueryAlias {
        input: input(s.input.as_deref(), "SubqueryAlias")?,
        alias: s.alias.clone(),
    })
}

pub(super) fn show_string(s: &ShowString) -> Result<PlanNode> {
    Ok(PlanNode::ShowString {
        input: input(s.input.as_deref(), "ShowString")?,
        num_rows: s.num_rows,
        truncate: s.truncate,
        vertical: s.vertical,
    })
}

/// `withColumns({name: expr})`: each alias has exactly one name, as Spark requires. An alias
/// with metadata stays an alias (with the same name) so the metadata is not lost.
pub(super) fn with_columns(w: &WithColumns) -> Result<PlanNode> {
    let columns = w
        .aliases
        .iter()
        .map(|a| {
            let [name] = a.name.as_slice() else {
                return Err(SparkError::invalid_plan(format!(
                    "withColumns requires a single name per alias, got {:?}",
                    a.name
                )));
            };
            let expr = required(a.expr.as_deref(), "withColumns expression")?;
            // Spark's `Dataset.withColumns(names, cols, metadata)` aliases each column with the
            // given metadata, or none: an inner `alias(..., metadata=)` does not carry over.
            let expr = Expr::Alias {
                expr: Box::new(expr),
                names: vec![name.clone()],
                metadata: Some(a.metadata.clone().unwrap_or_else(|| "{}".to_string())),
            };
            Ok((name.clone(), expr))
        })
        .collect::<Result<_>>()?;
    Ok(PlanNode::WithColumns {
        input: input(w.input.as_deref(), "WithColumns")?,
        columns,
    })
}

pub(super) fn to_df(t: &ToDf) -> Result<PlanNode> {
    Ok(PlanNode::ToDf {
        input: input(t.input.as_deref(), "ToDF")?,
        names: t.column_names.clone(),
    })
}

/// `distinct()` (all columns) or `dropDuplicates(names)`.
pub(super) fn deduplicate(d: &Deduplicate) -> Result<PlanNode> {
    if d.within_watermark == Some(true) {
        return Err(SparkError::unsupported(
            "dropDuplicatesWithinWatermark (streaming)",
        ));
    }
    let all = d.all_columns_as_keys.unwrap_or(false);
    if all && !d.column_names.is_empty() {
        return Err(SparkError::invalid_plan(
            "Cannot deduplicate on both all columns and a subset of columns",
        ));
    }
    Ok(PlanNode::Deduplicate {
        input: input(d.input.as_deref(), "Deduplicate")?,
        columns: (!all).then(|| d.column_names.clone()),
    })
}

pub(super) fn drop(d: &Drop) -> Result<PlanNode> {
    Ok(PlanNode::Drop {
        input: input(d.input.as_deref(), "Drop")?,
        columns: expressions(&d.columns)?,
        names: d.column_names.clone(),
    })
}

/// 4.x clients send an ordered `renames` list; 3.5 clients a map (whose order is not defined).
pub(super) fn with_columns_renamed(w: &WithColumnsRenamed) -> Result<PlanNode> {
    let mut renames: Vec<(String, String)> = w
        .renames
        .iter()
        .map(|r| (r.col_name.clone(), r.new_col_name.clone()))
        .collect();
    let mut from_map: Vec<(String, String)> = w
        .rename_columns_map
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    from_map.sort();
    renames.extend(from_map);
    Ok(PlanNode::WithColumnsRenamed {
        input: input(w.input.as_deref(), "WithColumnsRenamed")?,
        renames,
    })
}

pub(super) fn tail(t: &Tail) -> Result<PlanNode> {
    Ok(PlanNode::Tail {
        input: input(t.input.as_deref(), "Tail")?,
        limit: i64::from(t.limit),
    })
}

pub(super) fn hint(h: &Hint) -> Result<PlanNode> {
    Ok(PlanNode::Hint {
        input: input(h.input.as_deref(), "Hint")?,
        name: h.name.clone(),
        params: expressions(&h.parameters)?,
    })
}

/// `df.observe(name, *metrics)`.
pub(super) fn collect_metrics(c: &CollectMetrics) -> Result<PlanNode> {
    Ok(PlanNode::CollectMetrics {
        input: input(c.input.as_deref(), "CollectMetrics")?,
        name: c.name.clone(),
        metrics: expressions(&c.metrics)?,
    })
}

/// `repartition(n)` shuffles; `coalesce(n)` does not.
pub(super) fn repartition(r: &Repartition) -> Result<PlanNode> {
    Ok(PlanNode::Repartition {
        input: input(r.input.as_deref(), "Repartition")?,
        num_partitions: Some(r.num_partitions),
        shuffle: r.shuffle.unwrap_or(false),
        by: Vec::new(),
    })
}

/// `repartition(n, cols)` (hash) and `repartitionByRange(n, cols)` (sort orders).
pub(super) fn repartition_by_expression(r: &RepartitionByExpression) -> Result<PlanNode> {
    Ok(PlanNode::Repartition {
        input: input(r.input.as_deref(), "RepartitionByExpression")?,
        num_partitions: r.num_partitions,
        shuffle: true,
        by: expressions(&r.partition_exprs)?,
    })
}

/// `sample(...)`; Spark's client always sends a seed (a random one when the user gives none).
pub(super) fn sample(s: &Sample) -> Result<PlanNode> {
    Ok(PlanNode::Sample {
        input: input(s.input.as_deref(), "Sample")?,
        lower: s.lower_bound,
        upper: s.upper_bound,
        with_replacement: s.with_replacement.unwrap_or(false),
        seed: s.seed.unwrap_or(0),
        deterministic_order: s.deterministic_order,
    })
}

pub(super) fn to_schema(t: &ToSchema) -> Result<PlanNode> {
    let Some(schema) = &t.schema else {
        return Err(SparkError::invalid_plan("ToSchema without a schema"));
    };
    Ok(PlanNode::ToSchema {
        input: input(t.input.as_deref(), "ToSchema")?,
        schema: crate::types::data_type_from_proto(schema)?,
    })
}

pub(super) fn html_string(h: &HtmlString) -> Result<PlanNode> {
    Ok(PlanNode::HtmlString {
        input: input(h.input.as_deref(), "HtmlString")?,
        num_rows: h.num_rows,
        truncate: h.truncate,
    })
}
