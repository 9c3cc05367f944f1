//! `variant_get(v, path[, type])` / `try_variant_get(...)` (Spark's `VariantGet`): the value
//! at a JSON-path-like `path` cast to `type` (`variant` when omitted). A missing value is NULL;
//! an invalid path is `INVALID_VARIANT_GET_PATH`; a failed cast is `INVALID_VARIANT_CAST`
//! under `variant_get` and NULL under `try_variant_get` (ANSI mode plays no part).

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::DataType;
use sabot_common::{Result, SparkError};

use super::cast::{CastCtx, cast_rows, target_arrow};
use super::path::{Segment, parse, walk};
use super::{VariantColumn, is_variant, malformed};
use crate::FunctionContext;
use crate::errors::to_df;
use crate::json::schema::literal_str;
use crate::utils::{check_args, null_of};

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    make("variant_get", args, ctx, true)
}

pub(crate) fn build_try(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    make("try_variant_get", args, ctx, false)
}

/// `v:path` (Spark's `SemiStructuredExtract`): `variant_get(v, path)` of a variant column,
/// `COLUMN_IS_NOT_VARIANT_TYPE` for anything else.
pub(crate) fn build_colon(args: Vec<DfExpr>, d: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args(":", &args, 2, 2)?;
    let t = ctx.arg_type(&args[0])?;
    if !is_variant(&t) {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "COLUMN_IS_NOT_VARIANT_TYPE",
            "42K09",
            "The semi-structured extraction operator (`:`) can only be applied to a column of the VARIANT type.",
        ));
    }
    build(args, d, ctx)
}

/// `INVALID_VARIANT_GET_PATH`.
pub(crate) fn invalid_path(path: &str, function: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "INVALID_VARIANT_GET_PATH",
        "22023",
        format!(
            "The path `{path}` is not a valid variant extraction path in ``{function}``.\nA valid path should start with `$` and is followed by zero or more segments like `[123]`, `.name`, `['name']`, or `[\"name\"]`."
        ),
    )
    .param("path", path)
    .param("functionName", format!("`{function}`"))
}

/// `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` for a first argument that is not a variant.
pub(crate) fn variant_expected(call: &str, arg: &str, t: &ArrowType) -> SparkError {
    let shown = super::cast::type_sql(t);
    crate::errors::unexpected_input_type(
        call,
        format!(
            "The first parameter requires the \"VARIANT\" type, however \"{arg}\" has the type \"{shown}\""
        ),
    )
    .param("paramIndex", "first")
    .param("requiredType", "\"VARIANT\"")
    .param("inputSql", format!("\"{arg}\""))
    .param("inputType", format!("\"{shown}\""))
}

/// Checks that the first argument is a variant (a NULL literal is taken as one).
pub(crate) fn variant_arg(
    name: &str,
    args: &[DfExpr],
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let t = ctx.arg_type(&args[0])?;
    if is_variant(&t) {
        return Ok(args[0].clone());
    }
    if t == ArrowType::Null {
        return Ok(null_of(&super::arrow_type()));
    }
    let names: Vec<String> = args.iter().map(|a| a.schema_name().to_string()).collect();
    Err(variant_expected(
        &format!("{name}({})", names.join(", ")),
        &names[0],
        &t,
    ))
}

/// The target type string; a lone unknown type word is Spark's `UNSUPPORTED_DATATYPE`.
fn target_type(s: &str) -> Result<DataType> {
    crate::json::schema::parse_schema(s).map_err(|e| {
        let word = s.trim();
        if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            let shown = format!("\"{}\"", word.to_ascii_uppercase());
            SparkError::with_class(
                ExceptionKind::Analysis,
                "UNSUPPORTED_DATATYPE",
                "0A000",
                format!("Unsupported data type {shown}."),
            )
            .param("typeName", shown)
        } else {
            e
        }
    })
}

fn make(
    name: &'static str,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
    fail: bool,
) -> Result<DfExpr> {
    check_args(name, &args, 2, 3)?;
    let v = variant_arg(name, &args, ctx)?;
    let target = match args.get(2) {
        None => DataType::Variant,
        Some(t) => match literal_str(t) {
            Some(Some(s)) => target_type(&s)?,
            _ => {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "INVALID_SCHEMA.NON_STRING_LITERAL",
                    "42K07",
                    format!(
                        "The input schema \"{}\" is not a valid schema string. The input expression must be string literal and not null.",
                        t.schema_name()
                    ),
                )
                .param("inputSchema", format!("\"{}\"", t.schema_name())));
            }
        },
    };
    let target = target_arrow(&target, ctx.time_zone)?;
    let cast = CastCtx {
        fail,
        zone: ctx.time_zone.to_string(),
    };
    let path_t = ctx.arg_type(&args[1])?;
    let (path, call_args) = match literal_str(&args[1]) {
        Some(None) => return Ok(null_of(&target)),
        Some(Some(p)) => match parse(&p) {
            Some(segs) => (Some(segs), vec![v]),
            None => return Err(invalid_path(&p, name)),
        },
        None if crate::utils::is_string(&path_t) => (None, vec![v, args[1].clone()]),
        None => {
            return Err(SparkError::unsupported(format!(
                "{name} with a path of type {path_t}"
            )));
        }
    };
    Ok(crate::utils::udf(VariantGet {
        name,
        path,
        target,
        cast,
        signature: Signature::any(call_args.len(), Volatility::Immutable),
    })
    .call(call_args))
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct VariantGet {
    name: &'static str,
    /// The parsed path when it is a literal (else the second argument holds it per row).
    path: Option<Vec<Segment>>,
    target: ArrowType,
    cast: CastCtx,
    signature: Signature,
}

impl ScalarUDFImpl for VariantGet {
    fn name(&self) -> &str {
        if self.cast.fail {
            "spark_variant_get"
        } else {
            "spark_try_variant_get"
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(self.target.clone())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let col = VariantColumn::new(&arrays[0])?;
        let paths = arrays
            .get(1)
            .map(|p| datafusion::arrow::compute::cast(p, &ArrowType::Utf8))
            .transpose()?;
        let n = arrays[0].len();
        let mut rows = Vec::with_capacity(n);
        for i in 0..n {
            let Some(v) = col.get(i) else {
                rows.push(None);
                continue;
            };
            let owned;
            let path = match (&self.path, &paths) {
                (Some(p), _) => p,
                (None, Some(ps)) => {
                    let ps = ps.as_string::<i32>();
                    if ps.is_null(i) {
                        rows.push(None);
                        continue;
                    }
                    let text = ps.value(i);
                    owned = parse(text).ok_or_else(|| to_df(invalid_path(text, self.name)))?;
                    &owned
                }
                (None, None) => {
                    return Ok(ColumnarValue::Scalar(ScalarValue::try_from(&self.target)?));
                }
            };
            rows.push(walk(v, path).map_err(|_| malformed())?);
        }
        Ok(ColumnarValue::Array(cast_rows(
            &rows,
            &self.target,
            &self.cast,
        )?))
    }
}

/// `CAST(v AS t)` of a variant: `variant_get(v, '$', t)`, or its TRY form when not failing.
pub(crate) fn cast_call(e: DfExpr, target: &ArrowType, fail: bool, zone: &str) -> Result<DfExpr> {
    Ok(crate::utils::udf(VariantGet {
        name: if fail {
            "variant_get"
        } else {
            "try_variant_get"
        },
        path: Some(Vec::new()),
        target: target.clone(),
        cast: CastCtx {
            fail,
            zone: zone.to_string(),
        },
        signature: Signature::any(1, Volatility::Immutable),
    })
    .call(vec![e]))
}

// The plan codec rebuilds a `variant_get` from its name, path, target and cast mode.
impl crate::portable::PortableUdf for VariantGet {
    const KEY: &'static str = "variant_get";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.str(self.name)
            .data_type(&self.target)?
            .bool(self.cast.fail)
            .str(&self.cast.zone);
        match &self.path {
            None => {
                e.int(-1);
            }
            Some(segs) => {
                e.int(segs.len() as i64);
                for s in segs {
                    match s {
                        Segment::Key(k) => e.bool(true).str(k),
                        Segment::Index(i) => e.bool(false).int(*i as i64),
                    };
                }
            }
        }
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let name = match d.str()?.as_str() {
            "variant_get" => "variant_get",
            "try_variant_get" => "try_variant_get",
            other => {
                return Err(datafusion::common::DataFusionError::Internal(format!(
                    "unknown variant_get {other}"
                )));
            }
        };
        let target = d.data_type()?;
        let cast = CastCtx {
            fail: d.bool()?,
            zone: d.str()?,
        };
        let path = match d.int()? {
            -1 => None,
            n => Some(
                (0..n)
                    .map(|_| {
                        Ok(if d.bool()? {
                            Segment::Key(d.str()?)
                        } else {
                            Segment::Index(usize::try_from(d.int()?).map_err(|_| {
                                datafusion::common::DataFusionError::Internal(
                                    "malformed path".into(),
                                )
                            })?)
                        })
                    })
                    .collect::<DfResult<Vec<_>>>()?,
            ),
        };
        let args = if path.is_some() { 1 } else { 2 };
        Ok(Self {
            name,
            path,
            target,
            cast,
            signature: Signature::any(args, Volatility::Immutable),
        })
    }
}
