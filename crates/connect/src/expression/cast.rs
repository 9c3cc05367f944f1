//! `Cast`: the target type comes as a message or as a type string; the eval mode picks the
//! behaviour on invalid input (Spark's `Cast.evalMode`).

use sabot_common::spec::{CastMode, Expr};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::expression::Cast;
use spark_connect_proto::connect::expression::cast::{CastToType, EvalMode};

use super::required;
use crate::types::data_type_from_proto;

pub(super) fn cast(c: &Cast) -> Result<Expr> {
    let data_type = match &c.cast_to_type {
        Some(CastToType::Type(t)) => data_type_from_proto(t)?,
        Some(CastToType::TypeStr(s)) => sabot_sql::parse_data_type(s)?,
        None => return Err(SparkError::invalid_plan("Cast without a target type")),
    };
    let mode = match EvalMode::try_from(c.eval_mode) {
        Ok(EvalMode::Unspecified) => CastMode::Default,
        Ok(EvalMode::Legacy) => CastMode::Legacy,
        Ok(EvalMode::Ansi) => CastMode::Ansi,
        Ok(EvalMode::Try) => CastMode::Try,
        Err(_) => {
            return Err(SparkError::invalid_plan(format!(
                "Unknown cast eval mode {}",
                c.eval_mode
            )));
        }
    };
    Ok(Expr::Cast {
        expr: Box::new(required(c.expr.as_deref(), "cast input")?),
        data_type,
        mode,
    })
}
