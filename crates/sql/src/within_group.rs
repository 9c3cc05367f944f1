//! `f(args) WITHIN GROUP (ORDER BY e [ASC|DESC])` (Spark's ordered-set aggregates). Sabot runs
//! `percentile_cont(p) WITHIN GROUP (ORDER BY e)` as `percentile(e, p)` (Spark's `PercentileCont`
//! is `Percentile` over the ordering; descending reads the `1 - p` percentile), named as Spark
//! prints it. The other ordered-set aggregates (`percentile_disc`, `listagg`, `mode`, ...) need
//! an ordering Sabot's aggregates do not take yet: `UNSUPPORTED_FEATURE`, not a wrong order.

use sabot_common::spec::{Expr, Literal};
use sabot_common::{Result, SparkError};

use crate::parser::Parser;

impl Parser<'_> {
    /// At `WITHIN GROUP` after `lower(args)`; `args_text` is the arguments as written.
    pub fn parse_within_group(
        &mut self,
        lower: &str,
        args: Vec<Expr>,
        args_text: &str,
        distinct: bool,
    ) -> Result<Expr> {
        self.expect_keyword("WITHIN")?;
        self.expect_keyword("GROUP")?;
        self.expect_symbol("(")?;
        self.expect_keyword("ORDER")?;
        self.expect_keyword("BY")?;
        let start = self.position();
        let order = self.parse_expr()?;
        let order_text = self.text_since(start);
        let descending = if self.eat_keyword("DESC") {
            true
        } else {
            self.eat_keyword("ASC");
            false
        };
        if self.eat_keyword("NULLS") && !(self.eat_keyword("FIRST") || self.eat_keyword("LAST")) {
            return Err(self.error_here());
        }
        if self.at_symbol(",") {
            return Err(SparkError::unsupported(
                "WITHIN GROUP with several sort keys",
            ));
        }
        self.expect_symbol(")")?;
        if lower != "percentile_cont" || distinct {
            return Err(SparkError::unsupported(format!(
                "{lower}(...) WITHIN GROUP"
            )));
        }
        if self.at_keyword("FILTER") || self.at_keyword("OVER") {
            return Err(SparkError::unsupported("FILTER or OVER after WITHIN GROUP"));
        }
        let [percentage] = args.as_slice() else {
            return Err(SparkError::unsupported(
                "percentile_cont without exactly one percentage",
            ));
        };
        let percentage = if descending {
            complement(percentage)?
        } else {
            percentage.clone()
        };
        let name = format!(
            "percentile_cont({args_text}) WITHIN GROUP (ORDER BY {order_text}{})",
            if descending { " DESC" } else { "" }
        );
        Ok(Expr::call("percentile", vec![order, percentage]).alias(name))
    }
}

/// `1 - p` of a literal percentage.
fn complement(p: &Expr) -> Result<Expr> {
    let lit = match p {
        Expr::Literal(Literal::Decimal {
            value,
            precision,
            scale,
        }) => {
            let one = 10i128.pow(u32::from(scale.unsigned_abs()));
            Literal::Decimal {
                value: one - value,
                precision: (*precision).max(scale.unsigned_abs() + 1),
                scale: *scale,
            }
        }
        Expr::Literal(Literal::Double(d)) => Literal::Double(1.0 - d),
        Expr::Literal(Literal::Integer(n)) => Literal::Integer(1 - n),
        _ => {
            return Err(SparkError::unsupported(
                "a descending percentile_cont of a percentage that is not a literal",
            ));
        }
    };
    Ok(Expr::Literal(lit))
}
