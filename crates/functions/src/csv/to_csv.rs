//! `to_csv(struct[, options])` (Spark's `StructsToCsv` over `UnivocityGenerator`; always
//! nullable): a struct as one CSV record; numbers as Java prints them, dates/timestamps with
//! `dateFormat`/`timestampFormat`, NULL as the empty string, nested values as Spark prints
//! them.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringBuilder};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::line::{Dialect, join};
use crate::FunctionContext;
use crate::json::schema::options_arg;
use crate::json::write_text::WriteFormats;
use crate::utils::check_args;

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ToCsv {
    dialect: Dialect,
    formats: WriteFormats,
    /// What the plan codec rebuilds it from.
    source: crate::portable::BuiltFrom,
    signature: Signature,
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("to_csv", &args, 1, 2)?;
    let t = ctx.arg_type(&args[0])?;
    if !matches!(t, ArrowType::Struct(_)) {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE",
            "42K09",
            format!(
                "Cannot resolve \"to_csv({input})\" due to data type mismatch: The input of `to_csv` can't be \"{shown}\" type data.",
                input = args[0].schema_name(),
                shown = crate::json::to_json_type_sql(&t),
            ),
        )
        .param("functionName", "`to_csv`"));
    }
    let opts = options_arg(args.get(1))?;
    let udf = crate::utils::udf(ToCsv::new(&opts, ctx.time_zone)?);
    let e = args
        .into_iter()
        .next()
        .ok_or_else(|| SparkError::internal("no argument"))?;
    Ok(udf.call(vec![e]))
}

impl ToCsv {
    fn text(&self, a: &ArrayRef, i: usize) -> Option<String> {
        if a.data_type() == &ArrowType::Null || a.is_null(i) {
            return None;
        }
        if let Some(text) = self.formats.atom(a, i) {
            return Some(text);
        }
        Some(match a.data_type() {
            // Nested values as Spark's `UnivocityGenerator` prints them: `[1,]` (NULL elements
            // empty), `{1, z}`, `{k -> 1}`.
            ArrowType::List(_) => {
                let l = a.as_list::<i32>().value(i);
                let items: Vec<String> = (0..l.len())
                    .map(|j| self.text(&l, j).unwrap_or_default())
                    .collect();
                format!("[{}]", items.join(","))
            }
            ArrowType::Struct(_) => {
                let s = a.as_struct();
                let items: Vec<String> = s
                    .columns()
                    .iter()
                    .map(|c| self.text(c, i).unwrap_or_else(|| "null".into()))
                    .collect();
                format!("{{{}}}", items.join(", "))
            }
            ArrowType::Map(_, _) => {
                let m = a.as_map().value(i);
                let items: Vec<String> = (0..m.len())
                    .map(|j| {
                        let k = self.text(m.column(0), j).unwrap_or_default();
                        let v = self.text(m.column(1), j).unwrap_or_else(|| "null".into());
                        format!("{k} -> {v}")
                    })
                    .collect();
                format!("{{{}}}", items.join(", "))
            }
            _ => datafusion::arrow::util::display::array_value_to_string(a, i).ok()?,
        })
    }
}

impl ScalarUDFImpl for ToCsv {
    fn name(&self) -> &str {
        "spark_to_csv"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let scalar = matches!(args.args.first(), Some(ColumnarValue::Scalar(_)));
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let s = arrays[0].as_struct();
        let mut b = StringBuilder::new();
        for i in 0..s.len() {
            if s.is_null(i) {
                b.append_null();
                continue;
            }
            let fields: Vec<Option<String>> = s.columns().iter().map(|c| self.text(c, i)).collect();
            b.append_value(join(&fields, &self.dialect));
        }
        let out: ArrayRef = Arc::new(b.finish());
        Ok(if scalar {
            ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?)
        } else {
            ColumnarValue::Array(out)
        })
    }
}

impl ToCsv {
    fn new(opts: &std::collections::HashMap<String, String>, tz: &str) -> Result<Self> {
        Ok(Self {
            dialect: Dialect::new(opts),
            formats: WriteFormats::new(opts, tz)?,
            source: crate::portable::BuiltFrom::new(opts, tz),
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}

// The plan codec rebuilds `to_csv` from the options and zone it was built with.
impl crate::portable::PortableUdf for ToCsv {
    const KEY: &'static str = "to_csv";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        self.source.encode(e);
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let from = crate::portable::BuiltFrom::decode(d)?;
        Self::new(&from.map(), &from.zone).map_err(crate::errors::to_df)
    }
}
