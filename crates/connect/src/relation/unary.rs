//! Relations over one input that map one-to-one onto spec nodes.

use sabot_common::spec::{Expr, PlanNode};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::{
    Filter, Limit, Offset, Project, ShowString, Sort, SubqueryAlias, ToDf, WithColumns,
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
            let expr = match &a.metadata {
                None => expr,
                Some(metadata) => Expr::Alias {
                    expr: Box::new(expr),
                    names: vec![name.clone()],
                    metadata: Some(metadata.clone()),
                },
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
