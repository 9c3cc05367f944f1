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

#[cfg(test)]
mod tests {
    use sabot_common::spec::{Expr, Literal, PlanNode};
    use spark_connect_proto::connect::expression::Literal as ProtoLiteral;
    use spark_connect_proto::connect::expression::literal::LiteralType;
    use spark_connect_proto::connect::relation::RelType;
    use spark_connect_proto::connect::{self as p, Relation};

    use crate::relation::relation_to_plan;

    fn rel(kind: RelType) -> Relation {
        Relation {
            common: None,
            rel_type: Some(kind),
        }
    }

    fn range() -> Option<Box<Relation>> {
        Some(Box::new(rel(RelType::Range(p::Range {
            start: None,
            end: 3,
            step: 1,
            num_partitions: None,
        }))))
    }

    fn lit(t: LiteralType) -> ProtoLiteral {
        ProtoLiteral {
            literal_type: Some(t),
            ..Default::default()
        }
    }

    #[test]
    fn fill_na_keeps_columns_and_values() {
        let plan = relation_to_plan(&rel(RelType::FillNa(Box::new(p::NaFill {
            input: range(),
            cols: vec!["a".into(), "b".into()],
            values: vec![
                lit(LiteralType::Long(1)),
                lit(LiteralType::String("x".into())),
            ],
        }))))
        .unwrap();
        let PlanNode::FillNa { cols, values, .. } = plan.node else {
            panic!("not a fill: {plan:?}");
        };
        assert_eq!(cols, ["a", "b"]);
        assert_eq!(values, [Literal::Long(1), Literal::String("x".into())]);
    }

    #[test]
    fn fill_na_needs_values_matching_columns() {
        let no_values = relation_to_plan(&rel(RelType::FillNa(Box::new(p::NaFill {
            input: range(),
            cols: vec![],
            values: vec![],
        }))));
        assert!(no_values.is_err());
        let mismatch = relation_to_plan(&rel(RelType::FillNa(Box::new(p::NaFill {
            input: range(),
            cols: vec!["a".into()],
            values: vec![lit(LiteralType::Long(1)), lit(LiteralType::Long(2))],
        }))));
        assert!(mismatch.is_err());
    }

    #[test]
    fn replace_without_columns_means_all() {
        let plan = relation_to_plan(&rel(RelType::Replace(Box::new(p::NaReplace {
            input: range(),
            cols: vec![],
            replacements: vec![p::na_replace::Replacement {
                old_value: Some(lit(LiteralType::Double(1.0))),
                new_value: Some(lit(LiteralType::Double(2.0))),
            }],
        }))))
        .unwrap();
        assert_eq!(
            plan.node,
            PlanNode::Replace {
                input: Box::new(
                    relation_to_plan(&rel(RelType::Range(p::Range {
                        start: None,
                        end: 3,
                        step: 1,
                        num_partitions: None,
                    })))
                    .unwrap()
                ),
                cols: None,
                replacements: vec![(Literal::Double(1.0), Literal::Double(2.0))],
            }
        );
    }

    #[test]
    fn stat_relations_convert() {
        let plan = relation_to_plan(&rel(RelType::Corr(Box::new(p::StatCorr {
            input: range(),
            col1: "a".into(),
            col2: "b".into(),
            method: None,
        }))))
        .unwrap();
        assert!(matches!(plan.node, PlanNode::StatCorr { ref method, .. } if method == "pearson"));
        let plan = relation_to_plan(&rel(RelType::SampleBy(Box::new(p::StatSampleBy {
            input: range(),
            col: Some(p::Expression {
                expr_type: Some(p::expression::ExprType::UnresolvedAttribute(
                    p::expression::UnresolvedAttribute {
                        unparsed_identifier: "k".into(),
                        ..Default::default()
                    },
                )),
                ..Default::default()
            }),
            fractions: vec![p::stat_sample_by::Fraction {
                stratum: Some(lit(LiteralType::Integer(1))),
                fraction: 0.5,
            }],
            seed: Some(7),
        }))))
        .unwrap();
        let PlanNode::StatSampleBy {
            col,
            fractions,
            seed,
            ..
        } = plan.node
        else {
            panic!("not a sampleBy: {plan:?}");
        };
        assert_eq!(col, Expr::col("k"));
        assert_eq!(fractions, [(Literal::Integer(1), 0.5)]);
        assert_eq!(seed, Some(7));
        let missing_input = relation_to_plan(&rel(RelType::Describe(Box::new(p::StatDescribe {
            input: None,
            cols: vec![],
        }))));
        assert!(missing_input.is_err());
    }
}
