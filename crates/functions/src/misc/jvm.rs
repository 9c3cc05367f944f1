//! Functions that call into the JVM (`reflect`, `java_method`, `try_reflect`): Sabot has no
//! JVM, so each fails with `UNSUPPORTED_FEATURE` naming the function.

use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::{Result, SparkError};

use crate::FunctionContext;

fn jvm_only(name: &str) -> SparkError {
    SparkError::unsupported(format!(
        "`{name}` calls a Java method through reflection, and Sabot has no JVM"
    ))
}

pub(crate) fn build_reflect(_: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    Err(jvm_only("reflect"))
}

pub(crate) fn build_java_method(
    _: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    Err(jvm_only("java_method"))
}

pub(crate) fn build_try_reflect(
    _: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    Err(jvm_only("try_reflect"))
}
