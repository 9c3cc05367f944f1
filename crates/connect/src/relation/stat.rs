//! `df.na.*` and `df.stat.*` relations (`fill_na`, `drop_na`, `replace`, `describe`, `summary`,
//! `cov`, `corr`, `crosstab`, `approx_quantile`, `freq_items`, `sample_by`) -> spec nodes; the
//! semantics live in the resolver (`sabot_plan`'s `na` and `stat` modules).

use sabot_common::spec::{Literal, PlanNode};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::expression::Literal as ProtoLiteral;
use spark_connect_proto::connect::{
    NaDrop, NaFill, NaReplace, StatApproxQuantile, StatCorr, StatCov, StatCrosstab, StatDescribe,
    StatFreqItems, StatSampleBy, StatSummary,
};

use super::input;
use crate::expression::required;
use crate::literal::literal_from_proto;

fn literal(l: Option<&ProtoLiteral>, what: &str) -> Result<Literal> {
    match l {
        Some(l) => literal_from_proto(l),
        None => Err(SparkError::invalid_plan(format!("{what} is missing"))),
    }
}

pub(super) fn fill_na(r: &NaFill) -> Result<PlanNode> {
    if r.values.is_empty() {
        return Err(SparkError::invalid_plan(
            "values must contains at least 1 item!",
        ));
    }
    if r.values.len() > 1 && r.values.len() != r.cols.len() {
        return Err(SparkError::invalid_plan(
            "When values contains more than 1 items, values and cols should have the same length!",
        ));
    }
    Ok(PlanNode::FillNa {
        input: input(r.input.as_deref(), "NAFill")?,
        cols: r.cols.clone(),
        values: r
            .values
            .iter()
            .map(literal_from_proto)
            .collect::<Result<_>>()?,
    })
}

pub(super) fn drop_na(r: &NaDrop) -> Result<PlanNode> {
    Ok(PlanNode::DropNa {
        input: input(r.input.as_deref(), "NADrop")?,
        cols: r.cols.clone(),
        min_non_nulls: r.min_non_nulls,
    })
}

pub(super) fn replace(r: &NaReplace) -> Result<PlanNode> {
    let replacements = r
        .replacements
        .iter()
        .map(|p| {
            Ok((
                literal(p.old_value.as_ref(), "replacement old_value")?,
                literal(p.new_value.as_ref(), "replacement new_value")?,
            ))
        })
        .collect::<Result<_>>()?;
    Ok(PlanNode::Replace {
        input: input(r.input.as_deref(), "NAReplace")?,
        // Spark's planner: no columns means every column (`na.replace("*", ...)`).
        cols: (!r.cols.is_empty()).then(|| r.cols.clone()),
        replacements,
    })
}

pub(super) fn describe(r: &StatDescribe) -> Result<PlanNode> {
    Ok(PlanNode::StatDescribe {
        input: input(r.input.as_deref(), "StatDescribe")?,
        cols: r.cols.clone(),
    })
}

pub(super) fn summary(r: &StatSummary) -> Result<PlanNode> {
    Ok(PlanNode::StatSummary {
        input: input(r.input.as_deref(), "StatSummary")?,
        statistics: r.statistics.clone(),
    })
}

pub(super) fn cov(r: &StatCov) -> Result<PlanNode> {
    Ok(PlanNode::StatCov {
        input: input(r.input.as_deref(), "StatCov")?,
        col1: r.col1.clone(),
        col2: r.col2.clone(),
    })
}

pub(super) fn corr(r: &StatCorr) -> Result<PlanNode> {
    Ok(PlanNode::StatCorr {
        input: input(r.input.as_deref(), "StatCorr")?,
        col1: r.col1.clone(),
        col2: r.col2.clone(),
        method: r.method.clone().unwrap_or_else(|| "pearson".to_string()),
    })
}

pub(super) fn crosstab(r: &StatCrosstab) -> Result<PlanNode> {
    Ok(PlanNode::StatCrosstab {
        input: input(r.input.as_deref(), "StatCrosstab")?,
        col1: r.col1.clone(),
        col2: r.col2.clone(),
    })
}

pub(super) fn approx_quantile(r: &StatApproxQuantile) -> Result<PlanNode> {
    Ok(PlanNode::StatApproxQuantile {
        input: input(r.input.as_deref(), "StatApproxQuantile")?,
        cols: r.cols.clone(),
        probabilities: r.probabilities.clone(),
        relative_error: r.relative_error,
    })
}

pub(super) fn freq_items(r: &StatFreqItems) -> Result<PlanNode> {
    Ok(PlanNode::StatFreqItems {
        input: input(r.input.as_deref(), "StatFreqItems")?,
        cols: r.cols.clone(),
        support: r.support,
    })
}

pub(super) fn sample_by(r: &StatSampleBy) -> Result<PlanNode> {
    let fractions = r
        .fractions
        .iter()
        .map(|f| Ok((literal(f.stratum.as_ref(), "stratum")?, f.fraction)))
        .collect::<Result<_>>()?;
    Ok(PlanNode::StatSampleBy {
        input: input(r.input.as_deref(), "StatSampleBy")?,
        col: required(r.col.as_ref(), "sample_by column")?,
        fractions,
        seed: r.seed,
    })
}
