//! `ascii(str)` (Spark's `Ascii`: the code point of the first character, 0 for "") and
//! `soundex(str)` (Spark's `SoundEx`), both from `datafusion-spark`.

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{Renamed, take_args};

pub(crate) static ASCII: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_ascii", datafusion_spark::function::string::ascii()));

pub(crate) static SOUNDEX: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    Renamed::udf(
        "spark_soundex",
        datafusion_spark::function::string::soundex(),
    )
});

pub(crate) fn build_ascii(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args("ascii", args)?;
    Ok(ASCII.call(vec![s]))
}

pub(crate) fn build_soundex(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args("soundex", args)?;
    Ok(SOUNDEX.call(vec![s]))
}
