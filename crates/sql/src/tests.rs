//! End-to-end tests of the public API: SQL text in, spec out, against Spark's documented
//! parsing behaviour (checked with Spark 4.3).

use sabot_common::spec::{
    AggregateKind, CastMode, DataType, ExplainMode, Expr, FrameBoundary, FrameType, JoinType,
    Literal, NullOrdering, Plan, PlanNode, ReadKind, SetOpKind, SortDirection, SortOrder,
    Statement, SubqueryKind,
};

use crate::{Params, parse_expression, parse_statement};

fn col(parts: &[&str]) -> Expr {
    Expr::Column {
        name: parts.iter().map(|s| s.to_string()).collect(),
        plan_id: None,
    }
}

fn int(v: i32) -> Expr {
    Expr::Literal(Literal::Integer(v))
}

fn string(s: &str) -> Expr {
    Expr::Literal(Literal::String(s.into()))
}

fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::call(name, args)
}

fn expr(s: &str) -> Expr {
    parse_expression(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn query(sql: &str) -> PlanNode {
    match parse_statement(sql, &Params::default()).unwrap_or_else(|e| panic!("{sql}: {e}")) {
        Statement::Query(p) => p.node,
        other => panic!("not a query: {other:?}"),
    }
}

fn table(name: &[&str]) -> Plan {
    Plan::new(PlanNode::Read(ReadKind::NamedTable {
        name: name.iter().map(|s| s.to_string()).collect(),
        options: Default::default(),
    }))
}

fn one_row() -> Option<Box<Plan>> {
    Some(Box::new(Plan::new(PlanNode::OneRow)))
}

fn err_class(sql: &str) -> String {
    let e = parse_statement(sql, &Params::default()).unwrap_err();
    e.error_class.unwrap_or_default()
}

#[test]
fn select_without_from_reads_one_row() {
    assert_eq!(
        query("SELECT 1, 'a' AS s"),
        PlanNode::Project {
            input: one_row(),
            exprs: vec![int(1), string("a").alias("s")],
        }
    );
}

#[test]
fn projection_forms() {
    let PlanNode::Project { input, exprs } = query("select *, t.*, a b, `x y` AS c from db.tbl t")
    else {
        panic!()
    };
    assert_eq!(
        exprs,
        vec![
            Expr::Star {
                target: None,
                plan_id: None
            },
            Expr::Star {
                target: Some(vec!["t".into()]),
                plan_id: None
            },
            col(&["a"]).alias("b"),
            col(&["x y"]).alias("c"),
        ]
    );
    assert_eq!(
        input.map(|p| p.node),
        Some(PlanNode::SubqueryAlias {
            input: Box::new(table(&["db", "tbl"])),
            alias: "t".into()
        })
    );
}

#[test]
fn where_group_having_order_limit() {
    let node = query(
        "SELECT a, count(*) FROM t WHERE a > 1 GROUP BY a HAVING count(*) > 2 ORDER BY 1 DESC, a NULLS LAST LIMIT 10 OFFSET 5",
    );
    let PlanNode::Limit { input, limit: 10 } = node else {
        panic!("{node:?}")
    };
    let PlanNode::Offset { input, offset: 5 } = input.node else {
        panic!()
    };
    let PlanNode::Sort {
        input,
        order,
        is_global: true,
    } = input.node
    else {
        panic!()
    };
    assert_eq!(
        order,
        vec![
            SortOrder::desc(int(1)),
            SortOrder {
                expr: col(&["a"]),
                direction: SortDirection::Ascending,
                nulls: NullOrdering::NullsLast
            }
        ]
    );
    let count1 = call("count", vec![int(1)]);
    assert_eq!(
        input.node,
        PlanNode::Aggregate {
            input: Box::new(Plan::new(PlanNode::Filter {
                input: Box::new(table(&["t"])),
                condition: call(">", vec![col(&["a"]), int(1)]),
            })),
            kind: AggregateKind::GroupBy,
            grouping: vec![col(&["a"])],
            aggregates: vec![col(&["a"]), count1.clone()],
            having: Some(call(">", vec![count1, int(2)])),
        }
    );
}

#[test]
fn aggregate_without_group_by_is_a_project() {
    assert!(matches!(
        query("select sum(a) from t"),
        PlanNode::Project { .. }
    ));
    assert!(matches!(
        query("select sum(a) from t having sum(a) > 1"),
        PlanNode::Aggregate { ref grouping, .. } if grouping.is_empty()
    ));
}

#[test]
fn rollup_cube_grouping_sets() {
    let kind = |sql: &str| match query(sql) {
        PlanNode::Aggregate { kind, grouping, .. } => (kind, grouping),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        kind("select a from t group by a, b with rollup"),
        (AggregateKind::Rollup, vec![col(&["a"]), col(&["b"])])
    );
    assert_eq!(
        kind("select a from t group by cube(a)"),
        (AggregateKind::Cube, vec![col(&["a"])])
    );
    assert_eq!(
        kind("select a from t group by grouping sets ((a, b), (a), ())"),
        (
            AggregateKind::GroupingSets(vec![
                vec![col(&["a"]), col(&["b"])],
                vec![col(&["a"])],
                vec![]
            ]),
            vec![col(&["a"]), col(&["b"])]
        )
    );
}

#[test]
fn subqueries_and_values() {
    assert_eq!(
        query("select a from (select 1 as a) s"),
        PlanNode::Project {
            input: Some(Box::new(Plan::new(PlanNode::SubqueryAlias {
                input: Box::new(Plan::new(PlanNode::Project {
                    input: one_row(),
                    exprs: vec![int(1).alias("a")],
                })),
                alias: "s".into(),
            }))),
            exprs: vec![col(&["a"])],
        }
    );
    let values = PlanNode::Values {
        rows: vec![vec![int(1), string("x")], vec![int(2), string("y")]],
        names: vec!["a".into(), "b".into()],
    };
    assert_eq!(
        query("SELECT a FROM VALUES (1, 'x'), (2, 'y') AS t(a, b)"),
        PlanNode::Project {
            input: Some(Box::new(Plan::new(PlanNode::SubqueryAlias {
                input: Box::new(Plan::new(values)),
                alias: "t".into(),
            }))),
            exprs: vec![col(&["a"])],
        }
    );
    assert_eq!(
        query("values 1, 2"),
        PlanNode::Values {
            rows: vec![vec![int(1)], vec![int(2)]],
            names: vec![]
        }
    );
    assert!(matches!(
        query("values (1, 2) order by 1 limit 1"),
        PlanNode::Limit { .. }
    ));
    assert_eq!(query("TABLE db.t;"), table(&["db", "t"]).node);
    assert!(matches!(
        query("select * from t as x(a, b)"),
        PlanNode::Project { input: Some(p), .. }
            if matches!(&p.node, PlanNode::SubqueryAlias { input, .. } if matches!(input.node, PlanNode::ToDf { .. }))
    ));
}

#[test]
fn sort_by_is_local() {
    assert!(matches!(
        query("select a from t sort by a"),
        PlanNode::Sort {
            is_global: false,
            ..
        }
    ));
}

#[test]
fn literals() {
    assert_eq!(expr("2147483648"), Expr::Literal(Literal::Long(2147483648)));
    assert_eq!(expr("-2147483648"), int(i32::MIN));
    assert_eq!(
        expr("1.5"),
        Expr::Literal(Literal::Decimal {
            value: 15,
            precision: 2,
            scale: 1
        })
    );
    assert_eq!(expr("1E2"), Expr::Literal(Literal::Double(100.0)));
    assert_eq!(expr("10Y"), Expr::Literal(Literal::Byte(10)));
    assert_eq!(expr(r#""a\"b" 'c'"#), string("a\"bc"));
    assert_eq!(expr("true"), Expr::Literal(Literal::Boolean(true)));
    assert_eq!(expr("NULL"), Expr::Literal(Literal::Null(DataType::Null)));
    assert_eq!(
        expr("DATE '2024-01-02'"),
        Expr::Literal(Literal::Date(19724))
    );
    assert_eq!(
        expr("timestamp_ntz '1970-01-01 00:00:01.5'"),
        Expr::Literal(Literal::TimestampNtz(1_500_000))
    );
    assert_eq!(
        expr("TIMESTAMP '2024-01-02 03:04:05'"),
        Expr::call(
            sabot_common::spec::TIMESTAMP_LITERAL,
            vec![string("2024-01-02 03:04:05")]
        )
    );
    assert_eq!(
        expr("X'0A0B'"),
        Expr::Literal(Literal::Binary(vec![10, 11]))
    );
    assert!(matches!(
        expr("INTERVAL '1' DAY"),
        Expr::Literal(Literal::DayTimeInterval {
            micros: 86_400_000_000,
            ..
        })
    ));
    let e = parse_expression("DATE '2024-13-01'").unwrap_err();
    assert_eq!(
        e.display_message(),
        "[INVALID_TYPED_LITERAL] The value of the typed literal \"DATE\" is invalid: '2024-13-01'. SQLSTATE: 42604"
    );
    assert!(parse_expression("TIMESTAMP 'abc'").is_err());
}

#[test]
fn operators_map_to_spark_function_names() {
    let (a, b) = (col(&["a"]), col(&["b"]));
    assert_eq!(expr("a = b"), call("==", vec![a.clone(), b.clone()]));
    assert_eq!(expr("a == b"), call("==", vec![a.clone(), b.clone()]));
    assert_eq!(
        expr("a <> b"),
        call("not", vec![call("==", vec![a.clone(), b.clone()])])
    );
    assert_eq!(expr("a <=> b"), call("<=>", vec![a.clone(), b.clone()]));
    assert_eq!(expr("a DIV b"), call("div", vec![a.clone(), b.clone()]));
    assert_eq!(expr("a || b"), call("concat", vec![a.clone(), b.clone()]));
    assert_eq!(expr("-a"), call("-", vec![a.clone()]));
    assert_eq!(expr("+a"), call("positive", vec![a.clone()]));
    assert_eq!(expr("~a"), call("~", vec![a.clone()]));
    assert_eq!(expr("a IS NULL"), call("isnull", vec![a.clone()]));
    assert_eq!(expr("a is not null"), call("isnotnull", vec![a.clone()]));
    assert_eq!(
        expr("a IS DISTINCT FROM b"),
        call("not", vec![call("<=>", vec![a.clone(), b.clone()])])
    );
    assert_eq!(
        expr("a IS NOT DISTINCT FROM b"),
        call("<=>", vec![a.clone(), b.clone()])
    );
    assert_eq!(
        expr("a NOT IN (1, 2)"),
        call("not", vec![call("in", vec![a.clone(), int(1), int(2)])])
    );
    assert_eq!(
        expr("a between 1 and 2"),
        call("between", vec![a.clone(), int(1), int(2)])
    );
    assert_eq!(
        expr("a LIKE 'x!%' ESCAPE '!'"),
        call("like", vec![a.clone(), string("x!%"), string("!")])
    );
    assert_eq!(
        expr("a not ilike 'x'"),
        call("not", vec![call("ilike", vec![a.clone(), string("x")])])
    );
    assert_eq!(
        expr("a REGEXP 'x'"),
        call("rlike", vec![a.clone(), string("x")])
    );
    assert_eq!(
        parse_expression("a like 'x' escape 'xy'")
            .unwrap_err()
            .error_class
            .as_deref(),
        Some("INVALID_ESC")
    );
}

#[test]
fn precedence_follows_spark() {
    let (a, b, c) = (col(&["a"]), col(&["b"]), col(&["c"]));
    assert_eq!(
        expr("a + b * c"),
        call("+", vec![a.clone(), call("*", vec![b.clone(), c.clone()])])
    );
    assert_eq!(
        expr("a - b - c"),
        call("-", vec![call("-", vec![a.clone(), b.clone()]), c.clone()])
    );
    assert_eq!(
        expr("NOT a AND b OR c"),
        call(
            "or",
            vec![
                call("and", vec![call("not", vec![a.clone()]), b.clone()]),
                c.clone()
            ]
        )
    );
    // `1 = 1 IS NULL` is `(1 = 1) IS NULL` in Spark.
    assert_eq!(
        expr("1 = 1 is null"),
        call("isnull", vec![call("==", vec![int(1), int(1)])])
    );
    assert_eq!(
        expr("a | b & c"),
        call("|", vec![a.clone(), call("&", vec![b.clone(), c.clone()])])
    );
    assert_eq!(
        expr("a < b + 1"),
        call("<", vec![a, call("+", vec![b, int(1)])])
    );
}

#[test]
fn case_cast_and_postfix() {
    let a = col(&["a"]);
    assert_eq!(
        expr("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END"),
        call("when", vec![a.clone(), int(1), col(&["b"]), int(2), int(3)])
    );
    assert_eq!(
        expr("case a when 1 then 'x' end"),
        call(
            "when",
            vec![call("==", vec![a.clone(), int(1)]), string("x")]
        )
    );
    let cast = |mode| Expr::Cast {
        expr: Box::new(a.clone()),
        data_type: DataType::Long,
        mode,
    };
    assert_eq!(expr("CAST(a AS bigint)"), cast(CastMode::Default));
    assert_eq!(expr("try_cast(a as long)"), cast(CastMode::Try));
    assert_eq!(expr("a::bigint"), cast(CastMode::Default));
    assert_eq!(
        expr("a[0]['k']"),
        Expr::ExtractValue {
            child: Box::new(Expr::ExtractValue {
                child: Box::new(a.clone()),
                extraction: Box::new(int(0)),
            }),
            extraction: Box::new(string("k")),
        }
    );
    assert_eq!(expr("t.a.b"), col(&["t", "a", "b"]));
    assert_eq!(
        expr("f(x).y"),
        Expr::ExtractValue {
            child: Box::new(call("f", vec![col(&["x"])])),
            extraction: Box::new(string("y")),
        }
    );
    assert_eq!(expr("a AS b"), a.clone().alias("b"));
    assert_eq!(expr("(a, 1)"), call("struct", vec![a.clone(), int(1)]));
    assert_eq!(expr("current_date"), call("current_date", vec![]));
    assert_eq!(
        expr("CURRENT_TIMESTAMP()"),
        call("CURRENT_TIMESTAMP", vec![])
    );
}

#[test]
fn function_calls() {
    assert_eq!(expr("count(*)"), call("count", vec![int(1)]));
    assert_eq!(
        expr("Count(DISTINCT a) FILTER (WHERE a > 0)"),
        Expr::Function {
            name: "Count".into(),
            args: vec![col(&["a"])],
            distinct: true,
            filter: Some(Box::new(call(">", vec![col(&["a"]), int(0)]))),
        }
    );
    assert_eq!(
        expr("first(a IGNORE NULLS)"),
        call(
            "first",
            vec![col(&["a"]), Expr::Literal(Literal::Boolean(true))]
        )
    );
    assert_eq!(
        expr("struct(1 AS x)"),
        call("struct", vec![int(1).alias("x")])
    );
    assert_eq!(
        expr("extract(YEAR FROM d)"),
        call("extract", vec![string("YEAR"), col(&["d"])])
    );
    assert_eq!(
        expr("window(ts, '5 minutes')"),
        call("window", vec![col(&["ts"]), string("5 minutes")])
    );
    assert_eq!(
        expr("dateadd(day, 1, d)"),
        call("timestampadd", vec![string("DAY"), int(1), col(&["d"])])
    );
    assert_eq!(
        expr("date_diff(HOUR, a, b)"),
        call(
            "timestampdiff",
            vec![string("HOUR"), col(&["a"]), col(&["b"])]
        )
    );
    assert_eq!(
        expr("substring(s FROM 2 FOR 3)"),
        call("substring", vec![col(&["s"]), int(2), int(3)])
    );
    assert_eq!(
        expr("left('abc', 2)"),
        call("left", vec![string("abc"), int(2)])
    );
}

#[test]
fn window_calls() {
    let e = expr(
        "sum(a) OVER (PARTITION BY b ORDER BY c DESC ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)",
    );
    assert_eq!(
        e,
        Expr::Window {
            function: Box::new(call("sum", vec![col(&["a"])])),
            partition_by: vec![col(&["b"])],
            order_by: vec![SortOrder::desc(col(&["c"]))],
            frame: Some(sabot_common::spec::WindowFrame {
                frame_type: FrameType::Rows,
                lower: FrameBoundary::Value(Box::new(call("negative", vec![int(2)]))),
                upper: FrameBoundary::CurrentRow,
            }),
        }
    );
    let Expr::Window { frame, .. } =
        expr("row_number() over (order by a range unbounded preceding)")
    else {
        panic!()
    };
    assert_eq!(
        frame.map(|f| (f.frame_type, f.lower, f.upper)),
        Some((
            FrameType::Range,
            FrameBoundary::UnboundedPreceding,
            FrameBoundary::CurrentRow
        ))
    );
}

#[test]
fn lambdas_bind_their_parameters() {
    assert_eq!(
        expr("transform(xs, x -> x + 1)"),
        call(
            "transform",
            vec![
                col(&["xs"]),
                Expr::Lambda {
                    params: vec!["x".into()],
                    body: Box::new(call("+", vec![Expr::LambdaVariable("x".into()), int(1)])),
                }
            ]
        )
    );
    let Expr::Function { args, .. } = expr("aggregate(xs, 0, (acc, X) -> acc + x.f + y)") else {
        panic!()
    };
    assert_eq!(
        args[2],
        Expr::Lambda {
            params: vec!["acc".into(), "X".into()],
            body: Box::new(call(
                "+",
                vec![
                    call(
                        "+",
                        vec![
                            Expr::LambdaVariable("acc".into()),
                            Expr::ExtractValue {
                                child: Box::new(Expr::LambdaVariable("X".into())),
                                extraction: Box::new(string("f")),
                            }
                        ]
                    ),
                    col(&["y"])
                ]
            )),
        }
    );
}

#[test]
fn parameters() {
    let mut params = Params::default();
    params.named.insert("x".into(), int(5));
    params.positional = vec![int(1), int(2)];
    let stmt = parse_statement("SELECT :x, ?, ?", &params).unwrap();
    assert_eq!(
        stmt,
        Statement::Query(Plan::new(PlanNode::Project {
            input: one_row(),
            exprs: vec![int(5), int(1), int(2)],
        }))
    );
    let e = parse_statement("select :y", &params).unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("UNBOUND_SQL_PARAMETER"));
    assert_eq!(e.sql_state.as_deref(), Some("42P02"));
    assert_eq!(e.params.get("name").map(String::as_str), Some("y"));
    // Spark names an unbound `?` after its offset in the text.
    let e = parse_statement("select ?", &Params::default()).unwrap_err();
    assert_eq!(e.params.get("name").map(String::as_str), Some("_7"));
}

#[test]
fn config_statements() {
    let p = Params::default();
    let set = |s: &str| parse_statement(s, &p).unwrap();
    assert_eq!(set("SET"), Statement::ShowAllConfigs);
    assert_eq!(
        set("set spark.sql.ansi.enabled"),
        Statement::ShowConfig {
            key: "spark.sql.ansi.enabled".into()
        }
    );
    assert_eq!(
        set("SET x.y = 'abc';"),
        Statement::SetConfig {
            key: "x.y".into(),
            value: "'abc'".into()
        }
    );
    assert_eq!(
        set("set x.z=  a b  "),
        Statement::SetConfig {
            key: "x.z".into(),
            value: "a b".into()
        }
    );
    assert_eq!(
        set("SET `a=b` = `v`"),
        Statement::SetConfig {
            key: "a=b".into(),
            value: "v".into()
        }
    );
    assert_eq!(
        set("SET TIME ZONE 'UTC'"),
        Statement::SetConfig {
            key: "spark.sql.session.timeZone".into(),
            value: "UTC".into()
        }
    );
    assert_eq!(set("RESET"), Statement::ResetConfig { key: None });
    assert_eq!(
        set(" reset spark.sql.shuffle.partitions ;"),
        Statement::ResetConfig {
            key: Some("spark.sql.shuffle.partitions".into())
        }
    );
    assert_eq!(err_class("SET a b = 1"), "INVALID_SET_SYNTAX");
}

#[test]
fn explain() {
    let p = Params::default();
    assert!(matches!(
        parse_statement("EXPLAIN EXTENDED SELECT 1", &p).unwrap(),
        Statement::Explain {
            mode: ExplainMode::Extended,
            ..
        }
    ));
    assert!(matches!(
        parse_statement("explain select 1", &p).unwrap(),
        Statement::Explain {
            mode: ExplainMode::Simple,
            ..
        }
    ));
    assert_eq!(err_class("EXPLAIN SET x = 1"), "UNSUPPORTED_FEATURE");
}

#[test]
fn generator_table_functions_select_over_one_row() {
    assert_eq!(
        query("select * from explode(array(1))"),
        PlanNode::Project {
            input: Some(Box::new(Plan::new(PlanNode::Project {
                input: one_row(),
                exprs: vec![Expr::call(
                    "explode",
                    vec![Expr::call(
                        "array",
                        vec![Expr::Literal(Literal::Integer(1))]
                    )]
                )],
            }))),
            exprs: vec![Expr::Star {
                target: None,
                plan_id: None
            }],
        }
    );
}

#[test]
fn unsupported_constructs() {
    for sql in [
        "select * from json_tuple('{}', 'a')",
        "select db.f(1)",
        "select * from a natural cross join b",
    ] {
        assert_eq!(err_class(sql), "UNSUPPORTED_FEATURE", "{sql}");
    }
}

#[test]
fn lateral_join_types() {
    assert_eq!(
        err_class("select * from t right join lateral (select 1) on true"),
        "INVALID_LATERAL_JOIN_TYPE"
    );
    for sql in [
        "select * from t, lateral (select t.a)",
        "select * from t left join lateral (select 1) x on true",
        "select * from lateral (select 1)",
    ] {
        assert!(parse_statement(sql, &Params::default()).is_ok(), "{sql}");
    }
}

#[test]
fn syntax_errors_match_spark() {
    let msg = |sql: &str| {
        parse_statement(sql, &Params::default())
            .unwrap_err()
            .display_message()
    };
    assert_eq!(
        msg("SELEC 1"),
        "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601"
    );
    assert_eq!(
        msg("select 1 +"),
        "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601"
    );
    assert_eq!(
        msg("select * form t"),
        "[PARSE_SYNTAX_ERROR] Syntax error at or near 't': extra input 't'. SQLSTATE: 42601"
    );
    assert_eq!(
        msg("select 1 from t where a = = 1"),
        "[PARSE_SYNTAX_ERROR] Syntax error at or near '='. SQLSTATE: 42601"
    );
    assert_eq!(
        msg("select f(1,,2)"),
        "[PARSE_SYNTAX_ERROR] Syntax error at or near ','. SQLSTATE: 42601"
    );
    assert_eq!(
        msg("select 1 )"),
        "[PARSE_SYNTAX_ERROR] Syntax error at or near ')': extra input ')'. SQLSTATE: 42601"
    );
    assert_eq!(
        msg("SELECT FROM t"),
        "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'. SQLSTATE: 42601"
    );
    let e = parse_statement("select cast(1 as foo)", &Params::default()).unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("UNSUPPORTED_DATATYPE"));
    let e = parse_statement("select 128Y", &Params::default()).unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("INVALID_NUMERIC_LITERAL_RANGE")
    );
    assert_eq!(
        err_class("select 1 limit -1"),
        "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE"
    );
    assert_eq!(err_class(" -- nothing\n "), "PARSE_EMPTY_STATEMENT");
    assert_eq!(err_class(" ; "), "PARSE_SYNTAX_ERROR");
    assert_eq!(err_class("select 1 from"), "PARSE_SYNTAX_ERROR");
}

#[test]
fn range_table_function() {
    let range = |start, end, step, num_partitions| {
        Plan::new(PlanNode::Range {
            start,
            end,
            step,
            num_partitions,
        })
    };
    let from = |sql: &str| match parse_statement(sql, &Params::default()).unwrap() {
        Statement::Query(Plan {
            node: PlanNode::Project {
                input: Some(input), ..
            },
            ..
        }) => *input,
        other => panic!("not a projection: {other:?}"),
    };
    assert_eq!(from("SELECT * FROM range(3)"), range(0, 3, 1, None));
    assert_eq!(
        from("SELECT * FROM RANGE(1, 10, -2, 4)"),
        range(1, 10, -2, Some(4))
    );
    assert_eq!(
        err_class("SELECT * FROM range()"),
        "WRONG_NUM_ARGS.WITHOUT_SUGGESTION"
    );
    assert!(parse_statement("SELECT * FROM range(0, 1, 0)", &Params::default()).is_err());
}

#[test]
fn window_functions_take_ignore_nulls() {
    let Expr::Window { function, .. } = expr("lag(a) IGNORE NULLS OVER (ORDER BY b)") else {
        panic!()
    };
    assert_eq!(
        *function,
        call(
            "lag",
            vec![
                col(&["a"]),
                int(1),
                Expr::Literal(Literal::Null(DataType::Null)),
                Expr::Literal(Literal::Boolean(true))
            ]
        )
    );
    let Expr::Window { function, .. } = expr("nth_value(a, 2) IGNORE NULLS OVER (ORDER BY b)")
    else {
        panic!()
    };
    assert_eq!(
        *function,
        call(
            "nth_value",
            vec![col(&["a"]), int(2), Expr::Literal(Literal::Boolean(true))]
        )
    );
}

fn join_of(node: &PlanNode) -> (&Plan, &Plan, JoinType, Option<&Expr>, &[String]) {
    match node {
        PlanNode::Join {
            left,
            right,
            join_type,
            condition,
            using,
        } => (left, right, *join_type, condition.as_ref(), using),
        other => panic!("not a join: {other:?}"),
    }
}

fn from_of(sql: &str) -> PlanNode {
    match query(sql) {
        PlanNode::Project { input: Some(i), .. } => i.node,
        other => panic!("not a projection: {other:?}"),
    }
}

#[test]
fn joins_are_left_deep_and_commas_are_inner_joins() {
    // The comma binds loosest: a, ((b LEFT JOIN c) ANTI JOIN d).
    let node = from_of("select * from a, b left outer join c using (k) left anti join d on x = y");
    let (a, chain, jt, cond, _) = join_of(&node);
    assert_eq!((a, jt, cond), (&table(&["a"]), JoinType::Inner, None));
    let (left, right, jt, cond, _) = join_of(&chain.node);
    assert_eq!(jt, JoinType::LeftAnti);
    assert!(cond.is_some());
    assert_eq!(right, &table(&["d"]));
    let (b, c, jt, _, using) = join_of(&left.node);
    assert_eq!((jt, using), (JoinType::LeftOuter, &["k".to_string()][..]));
    assert_eq!((b, c), (&table(&["b"]), &table(&["c"])));
    for (sql, want) in [
        ("select * from a cross join b", JoinType::Cross),
        ("select * from a semi join b on true", JoinType::LeftSemi),
        (
            "select * from a left semi join b on true",
            JoinType::LeftSemi,
        ),
        ("select * from a full join b on true", JoinType::FullOuter),
        ("select * from a right join b on true", JoinType::RightOuter),
        ("select * from (a join b on true)", JoinType::Inner),
    ] {
        assert_eq!(join_of(&from_of(sql)).2, want, "{sql}");
    }
}

#[test]
fn ctes_are_inlined_where_referenced() {
    let node = from_of("with t (x) as (select 1), u as (select * from t) select * from u");
    let PlanNode::SubqueryAlias { input, alias } = node else {
        panic!()
    };
    assert_eq!(alias, "u");
    let PlanNode::Project {
        input: Some(inner), ..
    } = input.node
    else {
        panic!()
    };
    assert!(matches!(&inner.node, PlanNode::SubqueryAlias { alias, .. } if alias == "t"));
    assert_eq!(
        err_class("with t as (select 1), T as (select 2) select * from t"),
        "DUPLICATED_CTE_NAMES"
    );
    // Out of scope after its query: a table of that name again.
    let node = from_of("select * from (with t as (select 1) select * from t) s, t");
    assert_eq!(join_of(&node).1, &table(&["t"]));
}

#[test]
fn set_operations_bind_intersect_tighter() {
    let PlanNode::SetOp {
        kind, all, right, ..
    } = query("select 1 union all select 2 intersect select 3")
    else {
        panic!()
    };
    assert_eq!((kind, all), (SetOpKind::Union, true));
    assert!(matches!(
        right.node,
        PlanNode::SetOp {
            kind: SetOpKind::Intersect,
            all: false,
            ..
        }
    ));
    assert!(matches!(
        query("select distinct a from t"),
        PlanNode::Deduplicate { columns: None, .. }
    ));
}

#[test]
fn subquery_expressions() {
    let scalar = expr("(select max(a) from t)");
    assert!(matches!(
        scalar,
        Expr::Subquery {
            kind: SubqueryKind::Scalar,
            ..
        }
    ));
    assert!(matches!(
        expr("exists (select 1)"),
        Expr::Subquery {
            kind: SubqueryKind::Exists,
            ..
        }
    ));
    let Expr::Subquery {
        kind: SubqueryKind::In(values),
        ..
    } = expr("(a, b) in (select x, y from t)")
    else {
        panic!()
    };
    assert_eq!(values.len(), 2);
    assert!(matches!(expr("a not in (select 1)"), Expr::Function { name, .. } if name == "not"));
}
