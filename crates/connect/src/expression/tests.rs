//! Expression conversion tests: messages built by hand as PySpark would send them.

use sabot_common::error::ExceptionKind;
use sabot_common::spec::{
    CastMode, DataType, Expr, FrameBoundary, FrameType, Literal, NullOrdering, SortDirection,
    SortOrder, WindowFrame,
};
use spark_connect_proto::connect::expression::window::window_frame::{
    FrameBoundary as PBoundary, FrameType as PFrameType, frame_boundary::Boundary,
};
use spark_connect_proto::connect::expression::{
    self as pexpr, ExprType, cast::CastToType, cast::EvalMode, sort_order,
};
use spark_connect_proto::connect::{CallFunction, Expression, NamedArgumentExpression};

use super::expression_to_expr;
use crate::types::data_type_to_proto;

pub(crate) fn expr(kind: ExprType) -> Expression {
    Expression {
        common: None,
        expr_type: Some(kind),
    }
}

pub(crate) fn int(v: i32) -> Expression {
    expr(ExprType::Literal(pexpr::Literal {
        data_type: None,
        literal_type: Some(pexpr::literal::LiteralType::Integer(v)),
    }))
}

fn call(name: &str, args: Vec<Expression>) -> Expression {
    expr(ExprType::UnresolvedFunction(pexpr::UnresolvedFunction {
        function_name: name.to_string(),
        arguments: args,
        is_distinct: false,
        is_user_defined_function: false,
        is_internal: None,
    }))
}

fn lambda_var(parts: &[&str]) -> pexpr::UnresolvedNamedLambdaVariable {
    pexpr::UnresolvedNamedLambdaVariable {
        name_parts: parts.iter().map(|p| p.to_string()).collect(),
    }
}

#[test]
fn functions_and_operators() {
    let e = call("+", vec![int(1), int(2)]);
    assert_eq!(
        expression_to_expr(&e).unwrap(),
        Expr::call(
            "+",
            vec![
                Expr::Literal(Literal::Integer(1)),
                Expr::Literal(Literal::Integer(2))
            ]
        )
    );
    let distinct = expr(ExprType::UnresolvedFunction(pexpr::UnresolvedFunction {
        function_name: "count".into(),
        arguments: vec![int(1)],
        is_distinct: true,
        is_user_defined_function: false,
        is_internal: None,
    }));
    assert!(matches!(
        expression_to_expr(&distinct).unwrap(),
        Expr::Function { distinct: true, .. }
    ));
    let call_function = expr(ExprType::CallFunction(CallFunction {
        function_name: "abs".into(),
        arguments: vec![int(-1)],
    }));
    assert_eq!(
        expression_to_expr(&call_function).unwrap(),
        Expr::call("abs", vec![Expr::Literal(Literal::Integer(-1))])
    );
}

#[test]
fn user_defined_functions_are_unsupported() {
    let udf = expr(ExprType::UnresolvedFunction(pexpr::UnresolvedFunction {
        function_name: "my_udf".into(),
        arguments: vec![],
        is_distinct: false,
        is_user_defined_function: true,
        is_internal: None,
    }));
    let err = expression_to_expr(&udf).unwrap_err();
    assert_eq!(err.error_class.as_deref(), Some("UNSUPPORTED_FEATURE"));
}

#[test]
fn star_without_target() {
    let e = expr(ExprType::UnresolvedStar(pexpr::UnresolvedStar {
        unparsed_target: None,
        plan_id: Some(3),
    }));
    assert_eq!(
        expression_to_expr(&e).unwrap(),
        Expr::Star {
            target: None,
            plan_id: Some(3)
        }
    );
    let bad = expr(ExprType::UnresolvedStar(pexpr::UnresolvedStar {
        unparsed_target: Some("a".into()),
        plan_id: None,
    }));
    assert_eq!(
        expression_to_expr(&bad).unwrap_err().kind,
        ExceptionKind::InvalidPlanInput
    );
}

#[test]
fn aliases() {
    let e = expr(ExprType::Alias(Box::new(pexpr::Alias {
        expr: Some(Box::new(int(1))),
        name: vec!["one".into()],
        metadata: Some("{\"k\":1}".into()),
    })));
    assert_eq!(
        expression_to_expr(&e).unwrap(),
        Expr::Alias {
            expr: Box::new(Expr::Literal(Literal::Integer(1))),
            names: vec!["one".into()],
            metadata: Some("{\"k\":1}".into()),
        }
    );
    let multi_with_metadata = expr(ExprType::Alias(Box::new(pexpr::Alias {
        expr: Some(Box::new(int(1))),
        name: vec!["a".into(), "b".into()],
        metadata: Some("{}".into()),
    })));
    assert!(expression_to_expr(&multi_with_metadata).is_err());
    let no_name = expr(ExprType::Alias(Box::new(pexpr::Alias {
        expr: Some(Box::new(int(1))),
        name: vec![],
        metadata: None,
    })));
    assert!(expression_to_expr(&no_name).is_err());
}

#[test]
fn casts_with_eval_modes() {
    let cast = |mode: EvalMode| {
        expr(ExprType::Cast(Box::new(pexpr::Cast {
            expr: Some(Box::new(int(1))),
            eval_mode: mode as i32,
            cast_to_type: Some(CastToType::Type(data_type_to_proto(&DataType::Long))),
        })))
    };
    for (mode, expected) in [
        (EvalMode::Unspecified, CastMode::Default),
        (EvalMode::Legacy, CastMode::Legacy),
        (EvalMode::Ansi, CastMode::Ansi),
        (EvalMode::Try, CastMode::Try),
    ] {
        assert_eq!(
            expression_to_expr(&cast(mode)).unwrap(),
            Expr::Cast {
                expr: Box::new(Expr::Literal(Literal::Integer(1))),
                data_type: DataType::Long,
                mode: expected,
            }
        );
    }
    let untyped = expr(ExprType::Cast(Box::new(pexpr::Cast {
        expr: Some(Box::new(int(1))),
        eval_mode: 0,
        cast_to_type: None,
    })));
    assert!(expression_to_expr(&untyped).is_err());
}

fn sort_key(
    direction: sort_order::SortDirection,
    nulls: sort_order::NullOrdering,
) -> pexpr::SortOrder {
    pexpr::SortOrder {
        child: Some(Box::new(int(1))),
        direction: direction as i32,
        null_ordering: nulls as i32,
    }
}

#[test]
fn sort_orders_default_like_spark() {
    use sort_order::{NullOrdering as N, SortDirection as D};
    let one = Expr::Literal(Literal::Integer(1));
    let cases = [
        (
            D::Unspecified,
            N::SortNullsUnspecified,
            SortOrder::asc(one.clone()),
        ),
        (
            D::Descending,
            N::SortNullsUnspecified,
            SortOrder::desc(one.clone()),
        ),
        (
            D::Ascending,
            N::SortNullsLast,
            SortOrder {
                expr: one.clone(),
                direction: SortDirection::Ascending,
                nulls: NullOrdering::NullsLast,
            },
        ),
        (
            D::Descending,
            N::SortNullsFirst,
            SortOrder {
                expr: one.clone(),
                direction: SortDirection::Descending,
                nulls: NullOrdering::NullsFirst,
            },
        ),
    ];
    for (d, n, expected) in cases {
        let e = expr(ExprType::SortOrder(Box::new(sort_key(d, n))));
        assert_eq!(
            expression_to_expr(&e).unwrap(),
            Expr::SortOrder(Box::new(expected))
        );
    }
}

#[test]
fn windows_with_frames() {
    let boundary = |b: Boundary| Some(Box::new(PBoundary { boundary: Some(b) }));
    let e = expr(ExprType::Window(Box::new(pexpr::Window {
        window_function: Some(Box::new(call("sum", vec![int(1)]))),
        partition_spec: vec![int(2)],
        order_spec: vec![sort_key(
            sort_order::SortDirection::Descending,
            sort_order::NullOrdering::SortNullsUnspecified,
        )],
        frame_spec: Some(Box::new(pexpr::window::WindowFrame {
            frame_type: PFrameType::Row as i32,
            lower: boundary(Boundary::Unbounded(true)),
            upper: boundary(Boundary::Value(Box::new(int(3)))),
        })),
    })));
    assert_eq!(
        expression_to_expr(&e).unwrap(),
        Expr::Window {
            function: Box::new(Expr::call("sum", vec![Expr::Literal(Literal::Integer(1))])),
            partition_by: vec![Expr::Literal(Literal::Integer(2))],
            order_by: vec![SortOrder::desc(Expr::Literal(Literal::Integer(1)))],
            frame: Some(WindowFrame {
                frame_type: FrameType::Rows,
                lower: FrameBoundary::UnboundedPreceding,
                upper: FrameBoundary::Value(Box::new(Expr::Literal(Literal::Integer(3)))),
            }),
        }
    );
    let range = expr(ExprType::Window(Box::new(pexpr::Window {
        window_function: Some(Box::new(call("rank", vec![]))),
        partition_spec: vec![],
        order_spec: vec![],
        frame_spec: Some(Box::new(pexpr::window::WindowFrame {
            frame_type: PFrameType::Range as i32,
            lower: boundary(Boundary::CurrentRow(true)),
            upper: boundary(Boundary::Unbounded(true)),
        })),
    })));
    let Expr::Window {
        frame: Some(frame), ..
    } = expression_to_expr(&range).unwrap()
    else {
        panic!("not a window with a frame");
    };
    assert_eq!(
        frame,
        WindowFrame {
            frame_type: FrameType::Range,
            lower: FrameBoundary::CurrentRow,
            upper: FrameBoundary::UnboundedFollowing,
        }
    );
    let undefined = expr(ExprType::Window(Box::new(pexpr::Window {
        window_function: Some(Box::new(call("rank", vec![]))),
        partition_spec: vec![],
        order_spec: vec![],
        frame_spec: Some(Box::new(pexpr::window::WindowFrame {
            frame_type: PFrameType::Undefined as i32,
            lower: None,
            upper: None,
        })),
    })));
    assert!(expression_to_expr(&undefined).is_err());
}

#[test]
fn extract_value() {
    let e = expr(ExprType::UnresolvedExtractValue(Box::new(
        pexpr::UnresolvedExtractValue {
            child: Some(Box::new(int(1))),
            extraction: Some(Box::new(int(0))),
        },
    )));
    assert_eq!(
        expression_to_expr(&e).unwrap(),
        Expr::ExtractValue {
            child: Box::new(Expr::Literal(Literal::Integer(1))),
            extraction: Box::new(Expr::Literal(Literal::Integer(0))),
        }
    );
    let missing = expr(ExprType::UnresolvedExtractValue(Box::new(
        pexpr::UnresolvedExtractValue {
            child: Some(Box::new(int(1))),
            extraction: None,
        },
    )));
    assert_eq!(
        expression_to_expr(&missing).unwrap_err().kind,
        ExceptionKind::InvalidPlanInput
    );
}

#[test]
fn lambdas() {
    // transform(arr, x -> x + 1) with the array elided.
    let body = call(
        "+",
        vec![
            expr(ExprType::UnresolvedNamedLambdaVariable(lambda_var(&[
                "x_1",
            ]))),
            int(1),
        ],
    );
    let e = expr(ExprType::LambdaFunction(Box::new(pexpr::LambdaFunction {
        function: Some(Box::new(body)),
        arguments: vec![lambda_var(&["x_1"])],
    })));
    // Spark shows Connect's variables as `namedlambdavariable()`; the client's id keeps them apart.
    assert_eq!(
        expression_to_expr(&e).unwrap(),
        Expr::Lambda {
            params: vec!["namedlambdavariable()#x_1".into()],
            body: Box::new(Expr::call(
                "+",
                vec![
                    Expr::LambdaVariable("namedlambdavariable()#x_1".into()),
                    Expr::Literal(Literal::Integer(1))
                ]
            )),
        }
    );
    let field = expr(ExprType::UnresolvedNamedLambdaVariable(lambda_var(&[
        "x", "a",
    ])));
    assert_eq!(
        expression_to_expr(&field).unwrap(),
        Expr::ExtractValue {
            child: Box::new(Expr::LambdaVariable("namedlambdavariable()#x".into())),
            extraction: Box::new(Expr::Literal(Literal::String("a".into()))),
        }
    );
    let no_args = expr(ExprType::LambdaFunction(Box::new(pexpr::LambdaFunction {
        function: Some(Box::new(int(1))),
        arguments: vec![],
    })));
    assert!(expression_to_expr(&no_args).is_err());
}

#[test]
fn named_arguments_and_untyped_expressions() {
    let named = expr(ExprType::NamedArgumentExpression(Box::new(
        NamedArgumentExpression {
            key: "k".into(),
            value: Some(Box::new(int(1))),
        },
    )));
    assert_eq!(
        expression_to_expr(&named).unwrap(),
        Expr::NamedArgument {
            key: "k".into(),
            value: Box::new(Expr::Literal(Literal::Integer(1))),
        }
    );
    let empty = Expression {
        common: None,
        expr_type: None,
    };
    assert_eq!(
        expression_to_expr(&empty).unwrap_err().kind,
        ExceptionKind::InvalidPlanInput
    );
}

// ---- Paths through `sabot-sql` (identifiers, expression strings, type strings). ----

#[test]
fn attributes_parse_their_identifier() {
    let e = expr(ExprType::UnresolvedAttribute(pexpr::UnresolvedAttribute {
        unparsed_identifier: "t.`a.b`".into(),
        plan_id: Some(7),
        is_metadata_column: None,
    }));
    assert_eq!(
        expression_to_expr(&e).unwrap(),
        Expr::Column {
            name: vec!["t".into(), "a.b".into()],
            plan_id: Some(7),
        }
    );
}

#[test]
fn star_with_target() {
    let e = expr(ExprType::UnresolvedStar(pexpr::UnresolvedStar {
        unparsed_target: Some("`a.b`.c.*".into()),
        plan_id: None,
    }));
    assert_eq!(
        expression_to_expr(&e).unwrap(),
        Expr::Star {
            target: Some(vec!["a.b".into(), "c".into()]),
            plan_id: None,
        }
    );
}

#[test]
fn expression_strings_and_type_strings() {
    let e = expr(ExprType::ExpressionString(pexpr::ExpressionString {
        expression: "a".into(),
    }));
    assert_eq!(expression_to_expr(&e).unwrap(), Expr::col("a"));
    let cast = expr(ExprType::Cast(Box::new(pexpr::Cast {
        expr: Some(Box::new(int(1))),
        eval_mode: 0,
        cast_to_type: Some(CastToType::TypeStr("decimal(10,2)".into())),
    })));
    assert_eq!(
        expression_to_expr(&cast).unwrap(),
        Expr::Cast {
            expr: Box::new(Expr::Literal(Literal::Integer(1))),
            data_type: DataType::Decimal {
                precision: 10,
                scale: 2
            },
            mode: CastMode::Default,
        }
    );
}

#[test]
fn col_regex_quoted_is_a_regex_and_plain_is_a_column() {
    let regex = |name: &str| {
        expr(ExprType::UnresolvedRegex(pexpr::UnresolvedRegex {
            col_name: name.into(),
            plan_id: Some(3),
        }))
    };
    assert_eq!(
        expression_to_expr(&regex("`a.*`")).unwrap(),
        Expr::Regex {
            pattern: "a.*".into(),
            qualifier: None,
            plan_id: Some(3),
        }
    );
    assert_eq!(
        expression_to_expr(&regex("t.`a.*`")).unwrap(),
        Expr::Regex {
            pattern: "a.*".into(),
            qualifier: Some(vec!["t".into()]),
            plan_id: Some(3),
        }
    );
    assert_eq!(
        expression_to_expr(&regex("a.b")).unwrap(),
        Expr::Column {
            name: vec!["a".into(), "b".into()],
            plan_id: Some(3),
        }
    );
}

#[test]
fn update_fields_chain_into_one_list() {
    use sabot_common::spec::FieldOp;
    let update = |base: Expression, name: &str, value: Option<Expression>| {
        expr(ExprType::UpdateFields(Box::new(pexpr::UpdateFields {
            struct_expression: Some(Box::new(base)),
            field_name: name.into(),
            value_expression: value.map(Box::new),
        })))
    };
    let base = expr(ExprType::UnresolvedAttribute(pexpr::UnresolvedAttribute {
        unparsed_identifier: "s".into(),
        plan_id: None,
        is_metadata_column: None,
    }));
    let with = update(base, "a.b", Some(int(1)));
    let both = update(with, "c", None);
    assert_eq!(
        expression_to_expr(&both).unwrap(),
        Expr::UpdateFields {
            struct_expr: Box::new(Expr::col("s")),
            ops: vec![
                FieldOp::With {
                    path: vec!["a".into(), "b".into()],
                    value: Expr::Literal(Literal::Integer(1)),
                },
                FieldOp::Drop {
                    path: vec!["c".into()],
                },
            ],
        }
    );
}
