//! XML functions (`from_xml`, `to_xml`, `schema_of_xml`, `xpath*`): Spark evaluates them with
//! the JVM's XML stack (`javax.xml.xpath`, `StaxXmlParser`), which Sabot does not reproduce;
//! they are registered so that a call fails with an error naming the function rather than
//! `UNRESOLVED_ROUTINE`.

use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::{Result, SparkError};

use crate::{FunctionContext, FunctionEntry, FunctionKind::Scalar, display_call};

macro_rules! unsupported {
    ($($f:ident => $name:literal),* $(,)?) => {
        $(
            fn $f(_: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
                Err(SparkError::unsupported(concat!("the XML function `", $name, "`")))
            }
        )*
        pub(crate) static TABLE: &[FunctionEntry] = &[
            $(FunctionEntry { name: $name, kind: Scalar, build: $f, display: display_call },)*
        ];
    };
}

unsupported! {
    from_xml => "from_xml",
    schema_of_xml => "schema_of_xml",
    to_xml => "to_xml",
    xpath => "xpath",
    xpath_boolean => "xpath_boolean",
    xpath_double => "xpath_double",
    xpath_float => "xpath_float",
    xpath_int => "xpath_int",
    xpath_long => "xpath_long",
    xpath_number => "xpath_number",
    xpath_short => "xpath_short",
    xpath_string => "xpath_string",
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_functions_fail_by_name() {
        let e = crate::lookup("xpath_int").unwrap();
        let schema = datafusion::common::DFSchema::empty();
        let ctx = crate::FunctionContext {
            schema: &schema,
            ansi: true,
            time_zone: "UTC",
        };
        let err = (e.build)(vec![], false, &ctx).unwrap_err();
        assert!(err.to_string().contains("xpath_int"), "{err}");
    }
}
