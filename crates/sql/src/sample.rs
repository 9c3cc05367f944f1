//! `TABLESAMPLE (...) [REPEATABLE (seed)]` after a table or subquery (Spark's `sample`):
//! `x PERCENT` and `BUCKET x OUT OF y` are `df.sample` bounds (`Sample(lower, upper)`, as
//! Spark's `AstBuilder.withSample` builds them), `n ROWS` is a limit.

use sabot_common::spec::{Expr, Literal, Plan, PlanNode};
use sabot_common::{Result, SparkError};

use crate::parser::Parser;
use sabot_common::error::ExceptionKind;

impl Parser<'_> {
    /// A `TABLESAMPLE` clause over `plan`, if one follows.
    pub fn parse_sample(&mut self, plan: Plan) -> Result<Plan> {
        if !self.eat_keyword("TABLESAMPLE") {
            return Ok(plan);
        }
        self.expect_symbol("(")?;
        let input = Box::new(plan);
        let bounds = if self.eat_keyword("BUCKET") {
            let x = self.parse_sample_number()?;
            self.expect_keyword("OUT")?;
            self.expect_keyword("OF")?;
            let y = self.parse_sample_number()?;
            if self.at_keyword("ON") {
                return Err(SparkError::unsupported(
                    "TABLESAMPLE(BUCKET x OUT OF y ON colname)",
                ));
            }
            if x > y || y <= 0.0 {
                return Err(invalid_fraction(x / y));
            }
            Some(((x - 1.0) / y, x / y))
        } else {
            let value = self.parse_expr()?;
            if self.eat_keyword("ROWS") {
                self.expect_symbol(")")?;
                let limit = match value {
                    Expr::Literal(Literal::Integer(n)) => i64::from(n),
                    Expr::Literal(Literal::Long(n)) => n,
                    _ => return Err(SparkError::unsupported("TABLESAMPLE ROWS of an expression")),
                };
                return Ok(Plan::new(PlanNode::Limit { input, limit }));
            }
            self.expect_keyword("PERCENT")?;
            let percent = literal_number(&value)
                .ok_or_else(|| SparkError::unsupported("TABLESAMPLE PERCENT of an expression"))?;
            let fraction = percent / 100.0;
            // Spark's tolerance `RandomSampler.roundingEpsilon`.
            let eps = 1e-6;
            if !(-eps..=1.0 + eps).contains(&fraction) {
                return Err(invalid_fraction(fraction));
            }
            Some((0.0, fraction))
        };
        self.expect_symbol(")")?;
        let seed = if self.eat_keyword("REPEATABLE") {
            self.expect_symbol("(")?;
            let seed = self.parse_sample_number()?;
            self.expect_symbol(")")?;
            seed as i64
        } else {
            random_seed()
        };
        let Some((lower, upper)) = bounds else {
            return Err(self.error_here());
        };
        Ok(Plan::new(PlanNode::Sample {
            input,
            lower,
            upper,
            with_replacement: false,
            seed,
            deterministic_order: false,
        }))
    }

    fn parse_sample_number(&mut self) -> Result<f64> {
        let value = self.parse_expr()?;
        literal_number(&value).ok_or_else(|| self.error_here())
    }
}

fn literal_number(e: &Expr) -> Option<f64> {
    match e {
        Expr::Literal(Literal::Integer(n)) => Some(f64::from(*n)),
        Expr::Literal(Literal::Long(n)) => Some(*n as f64),
        Expr::Literal(Literal::Double(n)) => Some(*n),
        Expr::Literal(Literal::Decimal { value, scale, .. }) => {
            Some(*value as f64 / 10f64.powi(i32::from(*scale)))
        }
        _ => None,
    }
}

/// Spark draws a seed in [0, 1000) when no `REPEATABLE` is given.
fn random_seed() -> i64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    i64::from(nanos % 1000)
}

/// `INVALID_TABLESAMPLE_FRACTION` (a ParseException in Spark).
fn invalid_fraction(fraction: f64) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Parse,
        "INVALID_TABLESAMPLE_FRACTION",
        "22023",
        format!("Sampling fraction ({fraction:?}) must be on interval [0, 1]."),
    )
    .param("fraction", format!("{fraction:?}"))
}
