//! `json_array_length(json)` / `json_object_keys(json)` (Spark's `LengthOfJsonArray` /
//! `JsonObjectKeys`): the top-level array's length / object's keys; NULL for other values and
//! malformed text.

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::value::{Json, ReadOptions, parse};
use crate::FunctionContext;
use crate::string::rowwise::{Kind, Out, Val, row_udf};
use crate::utils::take_args;

static LENGTH: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf("spark_json_array_length", &[Kind::Str], Kind::Int, |v| {
        Ok(match v {
            [Val::Str(s)] => match parse(s, &ReadOptions::default()) {
                Some(Json::Array(items)) => i32::try_from(items.len()).map_or(Out::Null, Out::Int),
                _ => Out::Null,
            },
            _ => Out::Null,
        })
    })
});

static KEYS: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf("spark_json_object_keys", &[Kind::Str], Kind::StrList, |v| {
        Ok(match v {
            [Val::Str(s)] => match parse(s, &ReadOptions::default()) {
                Some(Json::Object(fields)) => {
                    Out::List(fields.into_iter().map(|(k, _)| k).collect())
                }
                _ => Out::Null,
            },
            _ => Out::Null,
        })
    })
});

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&LENGTH), Arc::clone(&KEYS)]
}

pub(crate) fn build_length(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [j] = take_args("json_array_length", args)?;
    super::from_json::require_string("json_array_length", &j, ctx)?;
    Ok(LENGTH.call(vec![j]))
}

pub(crate) fn build_keys(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [j] = take_args("json_object_keys", args)?;
    super::from_json::require_string("json_object_keys", &j, ctx)?;
    Ok(KEYS.call(vec![j]))
}
