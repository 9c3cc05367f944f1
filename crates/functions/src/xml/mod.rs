//! XML functions. The `xpath*` family is evaluated with an XPath 1.0 engine (`sxd-xpath`,
//! as Spark uses the JDK's XPath 1.0). `from_xml`, `to_xml` and `schema_of_xml` follow
//! Spark's XML data source (`StaxXmlParser`, its type inference and writer), which Sabot does
//! not reproduce: they are registered so that a call fails with an error naming the function
//! rather than `UNRESOLVED_ROUTINE`.

mod xpath;

use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::{Result, SparkError};
use xpath::Mode;

use crate::{FunctionContext, FunctionEntry, FunctionKind::Scalar, display_call};

macro_rules! unsupported {
    ($($f:ident => $name:literal),* $(,)?) => {
        $(
            fn $f(_: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
                Err(SparkError::unsupported(concat!("the XML function `", $name, "`")))
            }
        )*
    };
}

unsupported! {
    from_xml => "from_xml",
    schema_of_xml => "schema_of_xml",
    to_xml => "to_xml",
}

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

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("from_xml", from_xml),
    scalar("schema_of_xml", schema_of_xml),
    scalar("to_xml", to_xml),
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

    #[test]
    fn xml_data_source_functions_fail_by_name() {
        let e = crate::lookup("schema_of_xml").unwrap();
        let schema = datafusion::common::DFSchema::empty();
        let ctx = crate::FunctionContext {
            schema: &schema,
            ansi: true,
            time_zone: "UTC",
        };
        let err = (e.build)(vec![], false, &ctx).unwrap_err();
        assert!(err.to_string().contains("schema_of_xml"), "{err}");
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
