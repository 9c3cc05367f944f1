//! `regexp_replace`, `regexp_extract`, `regexp_extract_all`, `regexp_count`,
//! `regexp_substr`, `regexp_instr` (Spark's `RegExpReplace`, `RegExpExtract`, ...): Java
//! regular expressions via [`super::java_regex`]; positions and indexes are in characters.

use std::sync::{Arc, LazyLock};

use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, lit};
use regex::{Captures, Regex};
use sabot_common::{Result, SparkError, error::ExceptionKind};

use super::java_regex::{compile, replacement};
use super::rowwise::{Kind, Out, Val, row_udf};
use crate::FunctionContext;
use crate::errors::to_df;
use crate::utils::check_args;

const S: Kind = Kind::Str;
const I: Kind = Kind::Int;

static REPLACE: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_regexp_replace", &[S, S, S, I], S, replace_row));
static EXTRACT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_regexp_extract", &[S, S, I], S, extract_row));
static EXTRACT_ALL: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_regexp_extract_all",
        &[S, S, I],
        Kind::StrList,
        extract_all_row,
    )
});
static COUNT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_regexp_count", &[S, S], I, count_row));
static SUBSTR: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_regexp_substr", &[S, S], S, substr_row));
static INSTR: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_regexp_instr", &[S, S, I], I, instr_row));

/// `rlike` (Spark's `RLike`, built from `predicate`): whether the pattern matches anywhere.
static RLIKE: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_rlike", &[S, S], Kind::Bool, rlike_row));

fn rlike_row(v: &[Val<'_>]) -> DfResult<Out> {
    let [Val::Str(s), Val::Str(p)] = v else {
        return Ok(Out::Null);
    };
    Ok(Out::Bool(compile("rlike", p)?.is_match(s)))
}

pub(crate) fn rlike(s: DfExpr, pattern: DfExpr) -> DfExpr {
    RLIKE.call(vec![s, pattern])
}

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    [
        &REPLACE,
        &EXTRACT,
        &EXTRACT_ALL,
        &COUNT,
        &SUBSTR,
        &INSTR,
        &RLIKE,
    ]
    .into_iter()
    .map(|u| Arc::clone(u))
    .collect()
}

/// The byte offset of character `pos` (0-based), or `None` past the end.
fn char_offset(s: &str, pos: usize) -> Option<usize> {
    if pos == s.chars().count() {
        return Some(s.len());
    }
    s.char_indices().nth(pos).map(|(i, _)| i)
}

fn chars_before(s: &str, byte: usize) -> i32 {
    i32::try_from(s[..byte].chars().count()).unwrap_or(i32::MAX)
}

fn replace_row(v: &[Val<'_>]) -> DfResult<Out> {
    let [Val::Str(s), Val::Str(p), Val::Str(r), Val::Int(pos)] = v else {
        return Ok(Out::Null);
    };
    if *pos < 1 {
        return Err(to_df(SparkError::illegal_argument(format!(
            "The position argument of regexp_replace must be positive, but got {pos}"
        ))));
    }
    let re = compile("regexp_replace", p)?;
    let rep = replacement(r, re.captures_len() - 1)?;
    let start = usize::try_from(pos - 1).unwrap_or(usize::MAX);
    let Some(at) = char_offset(s, start) else {
        return Ok(Out::Str((*s).to_string()));
    };
    let tail = re.replace_all(&s[at..], rep.as_str());
    Ok(Out::Str(format!("{}{tail}", &s[..at])))
}

/// `INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX` (Spark's `RegExpExtractBase.checkGroupIndex`).
fn check_group(function: &str, re: &Regex, idx: i64) -> DfResult<usize> {
    let groups = re.captures_len() - 1;
    match usize::try_from(idx) {
        Ok(i) if i <= groups => Ok(i),
        _ => Err(to_df(
            SparkError::with_class(
                ExceptionKind::Runtime,
                "INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX",
                "22023",
                format!(
                    "The value of parameter(s) `idx` in `{function}` is invalid: Expects group index between 0 and {groups}, but got {idx}."
                ),
            )
            .param("parameter", "`idx`")
            .param("functionName", format!("`{function}`")),
        )),
    }
}

fn group(c: &Captures<'_>, i: usize) -> String {
    c.get(i)
        .map_or_else(String::new, |m| m.as_str().to_string())
}

fn extract_row(v: &[Val<'_>]) -> DfResult<Out> {
    let [Val::Str(s), Val::Str(p), Val::Int(idx)] = v else {
        return Ok(Out::Null);
    };
    let re = compile("regexp_extract", p)?;
    let i = check_group("regexp_extract", &re, *idx)?;
    Ok(Out::Str(
        re.captures(s).map_or_else(String::new, |c| group(&c, i)),
    ))
}

fn extract_all_row(v: &[Val<'_>]) -> DfResult<Out> {
    let [Val::Str(s), Val::Str(p), Val::Int(idx)] = v else {
        return Ok(Out::Null);
    };
    let re = compile("regexp_extract_all", p)?;
    let i = check_group("regexp_extract_all", &re, *idx)?;
    Ok(Out::List(
        re.captures_iter(s).map(|c| group(&c, i)).collect(),
    ))
}

fn count_row(v: &[Val<'_>]) -> DfResult<Out> {
    let [Val::Str(s), Val::Str(p)] = v else {
        return Ok(Out::Null);
    };
    let re = compile("regexp_count", p)?;
    Ok(Out::Int(
        i32::try_from(re.find_iter(s).count()).unwrap_or(i32::MAX),
    ))
}

fn substr_row(v: &[Val<'_>]) -> DfResult<Out> {
    let [Val::Str(s), Val::Str(p)] = v else {
        return Ok(Out::Null);
    };
    let re = compile("regexp_substr", p)?;
    Ok(re
        .find(s)
        .map_or(Out::Null, |m| Out::Str(m.as_str().to_string())))
}

/// The 1-based position of the first match (Spark returns the match's start whatever the
/// group index, which is only validated).
fn instr_row(v: &[Val<'_>]) -> DfResult<Out> {
    let [Val::Str(s), Val::Str(p), Val::Int(idx)] = v else {
        return Ok(Out::Null);
    };
    let re = compile("regexp_instr", p)?;
    check_group("regexp_instr", &re, *idx)?;
    Ok(Out::Int(
        re.find(s).map_or(0, |m| chars_before(s, m.start()) + 1),
    ))
}

/// Fills a missing trailing argument with its default.
fn with_default(name: &str, args: Vec<DfExpr>, min: usize, default: i32) -> Result<Vec<DfExpr>> {
    check_args(name, &args, min, min + 1)?;
    let mut args = args;
    if args.len() == min {
        args.push(lit(default));
    }
    Ok(args)
}

pub(crate) fn build_replace(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    Ok(REPLACE.call(with_default("regexp_replace", args, 3, 1)?))
}

pub(crate) fn build_extract(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    Ok(EXTRACT.call(with_default("regexp_extract", args, 2, 1)?))
}

pub(crate) fn build_extract_all(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    Ok(EXTRACT_ALL.call(with_default("regexp_extract_all", args, 2, 1)?))
}

pub(crate) fn build_count(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("regexp_count", &args, 2, 2)?;
    Ok(COUNT.call(args))
}

pub(crate) fn build_substr(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("regexp_substr", &args, 2, 2)?;
    Ok(SUBSTR.call(args))
}

pub(crate) fn build_instr(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    Ok(INSTR.call(with_default("regexp_instr", args, 2, 0)?))
}

fn display_with(name: &str, args: &[String], min: usize, default: &str) -> String {
    let mut all = args.to_vec();
    if all.len() == min {
        all.push(default.to_string());
    }
    format!("{name}({})", all.join(", "))
}

/// `regexp_replace(s, p, r, 1)`: Spark prints the default position.
pub(crate) fn display_replace(name: &str, args: &[String], _: bool) -> String {
    display_with(name, args, 3, "1")
}

/// `regexp_extract(s, p, 1)` / `regexp_extract_all(s, p, 1)`.
pub(crate) fn display_extract(name: &str, args: &[String], _: bool) -> String {
    display_with(name, args, 2, "1")
}

/// `regexp_instr(s, p, 0)`.
pub(crate) fn display_instr(name: &str, args: &[String], _: bool) -> String {
    display_with(name, args, 2, "0")
}
