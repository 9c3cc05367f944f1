//! Named function arguments (`mask(s, upperChar => 'U')`): rearranged into positional order
//! with defaults for the rest, with Spark's errors (`SupportsNamedArguments.defaultRearrange`
//! and `QueryCompilationErrors`' named-argument errors, SQLSTATE 4274K).

use sabot_common::error::ExceptionKind;
use sabot_common::spec::{DataType, Expr, Literal};
use sabot_common::{Result, SparkError};
use sabot_functions::{ParamDefault, named_parameters};

const STATE: &str = "4274K";

fn error(class: &str, message: String) -> SparkError {
    SparkError::with_class(ExceptionKind::Analysis, class, STATE, message)
}

/// The positional arguments of a call that has named ones; `None` when it has none.
pub(crate) fn rearrange(function: &str, args: &[Expr]) -> Result<Option<Vec<Expr>>> {
    if !args.iter().any(|a| matches!(a, Expr::NamedArgument { .. })) {
        return Ok(None);
    }
    let lower = function.to_ascii_lowercase();
    let routine = format!("`{lower}`");
    let Some(params) = named_parameters(&lower) else {
        return Err(error(
            "NAMED_PARAMETERS_NOT_SUPPORTED",
            format!("Named parameters are not supported for function {routine}; please retry the query with positional arguments to the function call instead."),
        )
        .param("functionName", routine));
    };
    let mut slots: Vec<Option<(Expr, bool)>> = vec![None; params.len()];
    let mut last_named: Option<&str> = None;
    for (i, a) in args.iter().enumerate() {
        match a {
            Expr::NamedArgument { key, value } => {
                last_named = Some(key);
                let Some(at) = params.iter().position(|(p, _)| p == key) else {
                    let proposal = params
                        .iter()
                        .map(|(p, _)| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(" ");
                    return Err(error(
                        "UNRECOGNIZED_PARAMETER_NAME",
                        format!("Cannot invoke routine {routine} because the routine call included a named argument reference for the argument named `{key}`, but this routine does not include any signature containing an argument with this name. Did you mean one of the following? [{proposal}]."),
                    )
                    .param("routineName", routine)
                    .param("argumentName", format!("`{key}`"))
                    .param("proposal", proposal));
                };
                match &slots[at] {
                    Some((_, positional)) => {
                        let (sub, why) = if *positional {
                            (
                                "BOTH_POSITIONAL_AND_NAMED",
                                "A positional argument and named argument both referred to the same parameter. Please remove the named argument referring to this parameter.",
                            )
                        } else {
                            (
                                "DOUBLE_NAMED_ARGUMENT_REFERENCE",
                                "More than one named argument referred to the same parameter. Please assign a value only once.",
                            )
                        };
                        return Err(error(
                            &format!("DUPLICATE_ROUTINE_PARAMETER_ASSIGNMENT.{sub}"),
                            format!("Call to routine {routine} is invalid because it includes multiple argument assignments to the same parameter name `{key}`. {why}"),
                        )
                        .param("routineName", routine)
                        .param("parameterName", format!("`{key}`")));
                    }
                    None => slots[at] = Some((value.as_ref().clone(), false)),
                }
            }
            positional => {
                if let Some(named) = last_named {
                    return Err(error(
                        "UNEXPECTED_POSITIONAL_ARGUMENT",
                        format!("Cannot invoke routine {routine} because it contains positional argument(s) following the named argument assigned to `{named}`; please rearrange them so the positional arguments come first and then retry the query again."),
                    )
                    .param("routineName", routine)
                    .param("parameterName", format!("`{named}`")));
                }
                if i >= slots.len() {
                    return Err(sabot_functions::errors::wrong_num_args(
                        &lower,
                        &format!("[1, {}]", params.len()),
                        args.len(),
                    ));
                }
                slots[i] = Some((positional.clone(), true));
            }
        }
    }
    slots
        .into_iter()
        .zip(params.iter())
        .enumerate()
        .map(|(i, (slot, (name, default)))| match (slot, default) {
            (Some((e, _)), _) => Ok(e),
            (None, ParamDefault::String(s)) => Ok(Expr::Literal(Literal::String(s.to_string()))),
            (None, ParamDefault::NullString) => Ok(Expr::Literal(Literal::Null(DataType::String))),
            (None, ParamDefault::Required) => Err(error(
                "REQUIRED_PARAMETER_NOT_FOUND",
                format!("Cannot invoke routine {routine} because the parameter named `{name}` is required, but the routine call did not supply a value. Please update the routine call to supply an argument value (either positionally at index {i} or by name) and retry the query again."),
            )
            .param("routineName", routine.clone())
            .param("parameterName", format!("`{name}`"))
            .param("index", i.to_string())),
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(k: &str, v: &str) -> Expr {
        Expr::NamedArgument {
            key: k.into(),
            value: Box::new(Expr::Literal(Literal::String(v.into()))),
        }
    }

    fn s(v: &str) -> Expr {
        Expr::Literal(Literal::String(v.into()))
    }

    #[test]
    fn fills_positions_and_defaults() {
        let out = rearrange("MASK", &[s("a"), named("digitChar", "D")])
            .unwrap()
            .unwrap();
        assert_eq!(
            out,
            [
                s("a"),
                s("X"),
                s("x"),
                s("D"),
                Expr::Literal(Literal::Null(DataType::String))
            ]
        );
        assert_eq!(rearrange("mask", &[s("a")]).unwrap(), None);
    }

    #[test]
    fn errors_follow_spark() {
        let class = |args: &[Expr], f: &str| rearrange(f, args).unwrap_err().error_class;
        assert_eq!(
            class(&[named("str", "a")], "upper").as_deref(),
            Some("NAMED_PARAMETERS_NOT_SUPPORTED")
        );
        assert_eq!(
            class(&[named("upperChar", "U"), s("a")], "mask").as_deref(),
            Some("UNEXPECTED_POSITIONAL_ARGUMENT")
        );
        assert_eq!(
            class(&[s("a"), named("foo", "U")], "mask").as_deref(),
            Some("UNRECOGNIZED_PARAMETER_NAME")
        );
        assert_eq!(
            class(&[s("a"), named("str", "U")], "mask").as_deref(),
            Some("DUPLICATE_ROUTINE_PARAMETER_ASSIGNMENT.BOTH_POSITIONAL_AND_NAMED")
        );
        assert_eq!(
            class(&[named("upperChar", "U")], "mask").as_deref(),
            Some("REQUIRED_PARAMETER_NOT_FOUND")
        );
    }
}
