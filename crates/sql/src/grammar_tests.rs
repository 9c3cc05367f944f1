//! Unit tests of the grammar added for issue 5: lateral views, named windows, `QUALIFY`,
//! `GROUP BY ALL` / `ORDER BY ALL`, distribution clauses, hints, `TABLESAMPLE`,
//! `PIVOT`/`UNPIVOT`, `TRIM(... FROM ...)` and FROM-first queries.

use sabot_common::spec::{AggregateKind, Expr, Plan, PlanNode, Statement};

use crate::{Params, parse_statement};

fn plan(sql: &str) -> Plan {
    match parse_statement(sql, &Params::default()).unwrap() {
        Statement::Query(p) => p,
        other => panic!("not a query: {other:?}"),
    }
}

fn error_class(sql: &str) -> String {
    parse_statement(sql, &Params::default())
        .unwrap_err()
        .error_class
        .unwrap_or_default()
}

#[test]
fn lateral_view_projects_star_and_generator() {
    let p = plan("SELECT k, a FROM t LATERAL VIEW OUTER explode(arr) e AS a");
    let PlanNode::Project {
        input: Some(input), ..
    } = p.node
    else {
        panic!("{p:?}")
    };
    let PlanNode::LateralView {
        generator,
        qualifier,
        ..
    } = &input.node
    else {
        panic!("{input:?}")
    };
    assert_eq!(qualifier, "e");
    let Expr::Alias { expr, names, .. } = generator else {
        panic!("{generator:?}")
    };
    assert_eq!(names, &vec!["a".to_string()]);
    assert!(matches!(expr.as_ref(), Expr::Function { name, .. } if name == "explode_outer"));
}

#[test]
fn named_window_is_substituted() {
    let p = plan("SELECT sum(x) OVER w FROM t WINDOW w AS (PARTITION BY k)");
    let PlanNode::Project { exprs, .. } = p.node else {
        panic!()
    };
    assert!(matches!(&exprs[0], Expr::Window { partition_by, .. } if partition_by.len() == 1));
    assert_eq!(
        error_class("SELECT sum(x) OVER w FROM t"),
        "MISSING_WINDOW_SPECIFICATION"
    );
}

#[test]
fn qualify_filters_a_hidden_column_then_drops_it() {
    let p = plan("SELECT k, row_number() OVER (ORDER BY k) AS rn FROM t QUALIFY rn = 1");
    let PlanNode::Drop { input, names, .. } = p.node else {
        panic!()
    };
    assert_eq!(names.len(), 1);
    let PlanNode::Filter { input, .. } = input.node else {
        panic!()
    };
    let PlanNode::Project { exprs, .. } = input.node else {
        panic!()
    };
    // The alias in the condition stands for the window expression.
    let Expr::Alias { expr, .. } = &exprs[2] else {
        panic!()
    };
    let Expr::Function { args, .. } = expr.as_ref() else {
        panic!()
    };
    assert!(matches!(args[0], Expr::Window { .. }));
}

#[test]
fn group_by_all_and_order_by_all_are_columns_named_all() {
    let p = plan("SELECT k, count(*) FROM t GROUP BY ALL ORDER BY ALL DESC");
    let PlanNode::Sort { input, order, .. } = p.node else {
        panic!()
    };
    assert_eq!(order[0].expr, Expr::col("ALL"));
    let PlanNode::Aggregate { grouping, .. } = input.node else {
        panic!()
    };
    assert_eq!(grouping, vec![Expr::col("ALL")]);
}

#[test]
fn distribution_clauses_and_hints() {
    let p = plan("SELECT k FROM t CLUSTER BY k");
    let PlanNode::Sort {
        input, is_global, ..
    } = p.node
    else {
        panic!()
    };
    assert!(!is_global);
    assert!(matches!(
        input.node,
        PlanNode::Repartition {
            num_partitions: None,
            ..
        }
    ));
    let p = plan("SELECT /*+ COALESCE(2), BROADCAST(u) */ k FROM t");
    let PlanNode::Repartition {
        input,
        num_partitions,
        shuffle,
        ..
    } = p.node
    else {
        panic!()
    };
    assert_eq!((num_partitions, shuffle), (Some(2), false));
    assert!(matches!(&input.node, PlanNode::Hint { name, .. } if name == "BROADCAST"));
    // Not after SELECT: a comment.
    assert!(matches!(
        plan("SELECT 1 /*+ x */").node,
        PlanNode::Project { .. }
    ));
}

#[test]
fn tablesample_forms() {
    let PlanNode::Sample { lower, upper, .. } =
        plan("SELECT * FROM t TABLESAMPLE (BUCKET 2 OUT OF 4)")
            .node
            .children_owned()
    else {
        panic!()
    };
    assert_eq!((lower, upper), (0.25, 0.5));
    assert!(matches!(
        plan("SELECT * FROM t TABLESAMPLE (3 ROWS)")
            .node
            .children_owned(),
        PlanNode::Limit { limit: 3, .. }
    ));
    assert_eq!(
        error_class("SELECT * FROM t TABLESAMPLE (150 PERCENT)"),
        "INVALID_TABLESAMPLE_FRACTION"
    );
}

#[test]
fn pivot_and_unpivot_use_implicit_columns() {
    let p = plan("SELECT * FROM s PIVOT (sum(x) FOR q IN ('a' AS first, 'b'))");
    let PlanNode::Aggregate { kind, grouping, .. } = p.node.children_owned() else {
        panic!()
    };
    assert!(matches!(grouping.as_slice(), [Expr::Star { .. }]));
    let AggregateKind::Pivot {
        values: Some(v), ..
    } = kind
    else {
        panic!()
    };
    assert_eq!(v.len(), 2);
    let p = plan("SELECT * FROM s UNPIVOT (v FOR n IN (a, b))");
    assert!(matches!(p.node.children_owned(), PlanNode::Filter { .. }));
}

#[test]
fn pivot_and_unpivot_over_several_columns() {
    let p = plan("SELECT * FROM s PIVOT (sum(x) FOR (a, b) IN ((1, 'x') AS p, (2, 'y')))");
    let PlanNode::Aggregate {
        kind: AggregateKind::Pivot { column, .. },
        ..
    } = p.node.children_owned()
    else {
        panic!()
    };
    assert_eq!(
        column,
        Expr::call("struct", vec![Expr::col("a"), Expr::col("b")])
    );
    let p = plan("SELECT * FROM s UNPIVOT ((v1, v2) FOR n IN ((a, b) AS x, (c, d)))");
    let PlanNode::Filter { input, condition } = p.node.children_owned() else {
        panic!()
    };
    assert_eq!(
        condition,
        Expr::call(
            "or",
            vec![
                Expr::call("isnotnull", vec![Expr::col("v1")]),
                Expr::call("isnotnull", vec![Expr::col("v2")])
            ]
        )
    );
    let PlanNode::UnpivotSets {
        sets,
        value_column_names,
        ..
    } = input.node
    else {
        panic!()
    };
    assert_eq!(value_column_names, vec!["v1", "v2"]);
    assert_eq!(sets[0].1.as_deref(), Some("x"));
    assert_eq!(sets[1].1, None);
    assert_eq!(
        error_class("SELECT * FROM s UNPIVOT (v FOR n IN ((a, b)))"),
        "PARSE_SYNTAX_ERROR"
    );
}

#[test]
fn trim_from_syntax() {
    let PlanNode::Project { exprs, .. } = plan("SELECT TRIM(LEADING 'x' FROM s)").node else {
        panic!()
    };
    assert_eq!(
        exprs[0],
        Expr::call(
            "ltrim",
            vec![
                Expr::Literal(sabot_common::spec::Literal::String("x".into())),
                Expr::col("s")
            ]
        )
    );
}

#[test]
fn from_first_queries() {
    assert!(matches!(
        plan("FROM t SELECT k WHERE k > 1").node,
        PlanNode::Project { .. }
    ));
    assert!(matches!(plan("FROM t").node, PlanNode::Read(_)));
}

/// The input of a `SELECT *` projection.
trait ChildrenOwned {
    fn children_owned(self) -> PlanNode;
}

impl ChildrenOwned for PlanNode {
    fn children_owned(self) -> PlanNode {
        match self {
            PlanNode::Project {
                input: Some(input), ..
            } => input.node,
            other => other,
        }
    }
}

#[test]
fn within_group_aggregates() {
    let PlanNode::Project { exprs, .. } =
        plan("SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY x DESC) FROM t").node
    else {
        panic!()
    };
    let Expr::Alias { expr, names, .. } = &exprs[0] else {
        panic!()
    };
    assert_eq!(
        names[0],
        "percentile_cont(0.25) WITHIN GROUP (ORDER BY x DESC)"
    );
    let Expr::Function { name, args, .. } = expr.as_ref() else {
        panic!()
    };
    assert_eq!(name, "__percentile_cont");
    assert!(matches!(
        args[1],
        Expr::Literal(sabot_common::spec::Literal::Decimal { value: 75, .. })
    ));
    assert_eq!(
        error_class("SELECT mode(v) WITHIN GROUP (ORDER BY v) FROM t"),
        "INVALID_WITHIN_GROUP_EXPRESSION.WRONG_NUM_ORDERINGS"
    );
    assert_eq!(
        error_class("SELECT listagg(DISTINCT v) WITHIN GROUP (ORDER BY w) FROM t"),
        "INVALID_WITHIN_GROUP_EXPRESSION.MISMATCH_WITH_DISTINCT_INPUT"
    );
    // The other ordered-set aggregates become the internal ordered aggregate, named as Spark.
    let p = plan("SELECT listagg(v, ',') WITHIN GROUP (ORDER BY w DESC) FROM t");
    let PlanNode::Project { exprs, .. } = p.node else {
        panic!()
    };
    let Expr::Alias { expr, names, .. } = &exprs[0] else {
        panic!()
    };
    assert_eq!(
        names[0],
        "listagg(v, ,) WITHIN GROUP (ORDER BY w DESC NULLS LAST)"
    );
    assert!(matches!(expr.as_ref(), Expr::Function { name, .. } if name == "__within_group"));
}

#[test]
fn session_variable_statements() {
    let p = |sql: &str| parse_statement(sql, &Params::default()).unwrap();
    assert!(matches!(
        p("DECLARE OR REPLACE VARIABLE system.session.v INT DEFAULT 5"),
        Statement::DeclareVariable { ref name, data_type: Some(_), default: Some(_), replace: true } if name == "v"
    ));
    assert!(matches!(
        p("DECLARE v = 1.5"),
        Statement::DeclareVariable {
            data_type: None,
            default: Some(_),
            replace: false,
            ..
        }
    ));
    assert!(
        matches!(p("SET VAR session.v = 7"), Statement::SetVariable { ref name, .. } if name == "v")
    );
    assert!(matches!(
        p("DROP TEMPORARY VARIABLE IF EXISTS v"),
        Statement::DropVariable {
            if_exists: true,
            ..
        }
    ));
    assert!(matches!(
        p("SET VAR (a, system.session.b) = (SELECT 1, 2)"),
        Statement::SetVariables { ref names, ref defaults, .. }
            if names == &["a", "b"] && defaults == &[false, false]
    ));
    assert!(matches!(
        p("SET VARIABLE a = 1, b = DEFAULT"),
        Statement::SetVariables { ref defaults, .. } if defaults == &[false, true]
    ));
    assert_eq!(error_class("SET VAR (a, b) = (1, 2)"), "INVALID_SET_SYNTAX");
}
