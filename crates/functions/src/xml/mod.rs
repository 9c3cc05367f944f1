//! XML functions. The `xpath*` family is evaluated with an XPath 1.0 engine (`sxd-xpath`,
//! as Spark uses the JDK's XPath 1.0); `from_xml`, `to_xml` and `schema_of_xml` follow the
//! record layout of Spark's XML data source (attributes as `_name`, text as `_VALUE`).

pub(crate) mod from_xml;
mod schema_of_xml;
pub(crate) mod to_xml;
mod tree;
pub(crate) mod xpath;

use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;
use xpath::Mode;

use crate::{FunctionContext, FunctionEntry, FunctionKind::Scalar, display_call};

macro_rules! xpath_fns {
    ($($f:ident => $name:literal, $mode:expr);* $(;)?) => {
        $(
            fn $f(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
                xpath::build($name, concat!("spark_", $name), $mode, args, ctx)
            }
        )*
    };
}

xpath_fns! {
    xpath_nodes => "xpath", Mode::Nodes;
    xpath_boolean => "xpath_boolean", Mode::Bool;
    xpath_double => "xpath_double", Mode::Double;
    xpath_float => "xpath_float", Mode::Float;
    xpath_int => "xpath_int", Mode::Int;
    xpath_long => "xpath_long", Mode::Long;
    xpath_number => "xpath_number", Mode::Double;
    xpath_short => "xpath_short", Mode::Short;
    xpath_string => "xpath_string", Mode::Str;
}

const fn scalar(name: &'static str, build: crate::BuildFn) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: Scalar,
        build,
        display: display_call,
    }
}

/// Named after the first argument only, like the JSON functions.
const fn first(name: &'static str, build: crate::BuildFn) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: Scalar,
        build,
        display: crate::json::display_first,
    }
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    first("from_xml", from_xml::build),
    first("schema_of_xml", schema_of_xml::build),
    first("to_xml", to_xml::build),
    scalar("xpath", xpath_nodes),
    scalar("xpath_boolean", xpath_boolean),
    scalar("xpath_double", xpath_double),
    scalar("xpath_float", xpath_float),
    scalar("xpath_int", xpath_int),
    scalar("xpath_long", xpath_long),
    scalar("xpath_number", xpath_number),
    scalar("xpath_short", xpath_short),
    scalar("xpath_string", xpath_string),
];

#[cfg(test)]
mod tests {
    use datafusion::logical_expr::lit;

    use crate::test_util::eval_one;

    #[tokio::test]
    async fn xml_records_follow_spark() {
        let schema = eval_one(
            "schema_of_xml",
            vec![lit("<p><a attr=\"2\">1</a><a>3</a></p>")],
            true,
        )
        .await
        .unwrap();
        assert_eq!(
            schema,
            "STRUCT<a: ARRAY<STRUCT<_VALUE: BIGINT, _attr: BIGINT>>>"
        );
        let parsed = eval_one(
            "from_xml",
            vec![
                lit("<p x=\"1\"><a>1</a><a>2</a></p>"),
                lit("_x INT, a ARRAY<INT>"),
            ],
            true,
        )
        .await
        .unwrap();
        assert_eq!(parsed, "{_x: 1, a: [1, 2]}");
    }

    #[tokio::test]
    async fn xpath_follows_spark() {
        let xml = || lit("<a><b>1</b><b>2</b><c>x</c></a>");
        let nodes = eval_one("xpath", vec![xml(), lit("a/b/text()")], true)
            .await
            .unwrap();
        assert_eq!(nodes, "[1, 2]");
        let sum = eval_one("xpath_int", vec![xml(), lit("sum(a/b)")], true)
            .await
            .unwrap();
        assert_eq!(sum, "3");
        let s = eval_one("xpath_string", vec![xml(), lit("a/b * 1.5")], true)
            .await
            .unwrap();
        assert_eq!(s, "1.5");
        let none = eval_one("xpath_int", vec![xml(), lit("a/d")], true)
            .await
            .unwrap();
        assert_eq!(none, "0");
    }
}
