//! `WITH RECURSIVE name [(columns)] [MAX RECURSION LEVEL n] AS (query)` (Spark 4.1+).
//!
//! While its body is parsed, the CTE's own name reads [`PlanNode::RecursiveRef`]. A body that
//! refers to itself becomes a [`PlanNode::RecursiveCte`], inlined at each reference like any CTE;
//! the plan layer checks its shape (Spark's `ResolveWithCTE`) and runs the loop. A body that
//! does not refer to itself is an ordinary CTE, as in Spark.

use sabot_common::Result;
use sabot_common::spec::{Plan, PlanNode};

use crate::lexer::TokenKind;
use crate::parser::Parser;

impl Parser<'_> {
    pub(crate) fn parse_recursive_cte(&mut self, scope: usize) -> Result<()> {
        let name = self.parse_identifier()?;
        let columns = if self.at_symbol("(") {
            Some(self.parse_identifier_list()?)
        } else {
            None
        };
        let max_level = if self.eat_keywords(&["MAX", "RECURSION", "LEVEL"]) {
            Some(self.parse_level_limit()?)
        } else {
            None
        };
        self.eat_keyword("AS");
        self.expect_symbol("(")?;
        let refs_before = self.recursive_refs;
        let marker = Plan::new(PlanNode::RecursiveRef { name: name.clone() });
        self.ctes.push((name.clone(), marker));
        let body = self.parse_query();
        self.ctes.pop();
        let body = body?;
        self.expect_symbol(")")?;
        let recursive = self.recursive_refs > refs_before;
        self.recursive_refs = refs_before;
        let plan = if recursive {
            Plan::new(PlanNode::RecursiveCte {
                name: name.clone(),
                columns,
                max_level,
                body: Box::new(body),
            })
        } else {
            match columns {
                Some(names) => Plan::new(PlanNode::ToDf {
                    input: Box::new(body),
                    names,
                }),
                None => body,
            }
        };
        self.define_cte(scope, name, plan)
    }

    fn parse_level_limit(&mut self) -> Result<u64> {
        let t = self.peek().clone();
        if t.kind == TokenKind::Number
            && let Ok(n) = t.text.parse::<u64>()
        {
            self.next_token();
            return Ok(n);
        }
        Err(self.error_here())
    }
}

#[cfg(test)]
mod tests {
    use sabot_common::spec::{PlanNode, Statement};

    fn query(sql: &str) -> sabot_common::spec::Plan {
        match crate::parse_statement(sql, &crate::Params::default()) {
            Ok(Statement::Query(p)) => p,
            other => panic!("{other:?}"),
        }
    }

    fn find_recursive(p: &sabot_common::spec::Plan) -> Option<&PlanNode> {
        if matches!(p.node, PlanNode::RecursiveCte { .. }) {
            return Some(&p.node);
        }
        p.children().into_iter().find_map(find_recursive)
    }

    #[test]
    fn self_reference_makes_a_recursive_cte() {
        let p = query(
            "WITH RECURSIVE r(n) MAX RECURSION LEVEL 7 AS \
             (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
        );
        match find_recursive(&p) {
            Some(PlanNode::RecursiveCte {
                name,
                columns,
                max_level,
                body,
            }) => {
                assert_eq!(name, "r");
                assert_eq!(columns.as_deref(), Some(&["n".to_string()][..]));
                assert_eq!(*max_level, Some(7));
                assert!(matches!(body.node, PlanNode::SetOp { .. }));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn without_self_reference_it_is_an_ordinary_cte() {
        let p = query("WITH RECURSIVE a AS (SELECT 1 AS x) SELECT * FROM a");
        assert!(find_recursive(&p).is_none());
    }

    #[test]
    fn a_second_cte_reads_the_first_recursive_one() {
        let p = query(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3), \
             s AS (SELECT n FROM r) SELECT * FROM s",
        );
        assert!(find_recursive(&p).is_some());
    }
}
