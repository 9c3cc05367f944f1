//! `to_xml(struct[, options])` (Spark's `StructsToXml` over `StaxXmlGenerator`; always
//! nullable): a struct as one XML record in a `rowTag` element (default `ROW`), indented by
//! four spaces; `_name` fields become attributes, `_VALUE` the text, arrays repeat their
//! element, NULL fields are left out, text is escaped.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringBuilder};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::json::schema::options_arg;
use crate::json::write_text::WriteFormats;
use crate::utils::check_args;

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ToXml {
    row_tag: String,
    formats: WriteFormats,
    /// What the plan codec rebuilds it from.
    source: crate::portable::BuiltFrom,
    signature: Signature,
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("to_xml", &args, 1, 2)?;
    let t = ctx.arg_type(&args[0])?;
    if !matches!(t, ArrowType::Struct(_)) {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
            "42K09",
            format!(
                "Cannot resolve \"to_xml({})\" due to data type mismatch: The first parameter requires the \"STRUCT\" type, however it has the type \"{}\".",
                args[0].schema_name(),
                crate::json::to_json_type_sql(&t)
            ),
        ));
    }
    let opts = options_arg(args.get(1))?;
    let udf = crate::utils::udf(ToXml::new(&opts, ctx.time_zone)?);
    let e = args
        .into_iter()
        .next()
        .ok_or_else(|| SparkError::internal("no argument"))?;
    Ok(udf.call(vec![e]))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn null_at(a: &ArrayRef, i: usize) -> bool {
    a.data_type() == &ArrowType::Null || a.is_null(i)
}

impl ToXml {
    /// An atomic value's text.
    fn atom(&self, a: &ArrayRef, i: usize) -> String {
        self.formats.atom(a, i).unwrap_or_else(|| {
            datafusion::arrow::util::display::array_value_to_string(a, i).unwrap_or_default()
        })
    }

    /// Writes `<name ...>...</name>` for row `i` of `a` at indentation `level`.
    fn element(&self, out: &mut String, name: &str, a: &ArrayRef, i: usize, level: usize) {
        let pad = "    ".repeat(level);
        match a.data_type() {
            ArrowType::List(_) | ArrowType::LargeList(_) => {
                let l = match a.data_type() {
                    ArrowType::List(_) => a.as_list::<i32>().value(i),
                    _ => a.as_list::<i64>().value(i),
                };
                for j in 0..l.len() {
                    if !null_at(&l, j) {
                        self.element(out, name, &l, j, level);
                    }
                }
            }
            ArrowType::Struct(fields) => {
                let s = a.as_struct();
                let mut attrs = String::new();
                let mut value = None;
                let mut body = String::new();
                for (f, c) in fields.iter().zip(s.columns()) {
                    if null_at(c, i) {
                        continue;
                    }
                    if f.name() == "_VALUE" {
                        value = Some(escape(&self.atom(c, i)));
                    } else if let Some(attr) = f.name().strip_prefix('_') {
                        attrs.push_str(&format!(" {attr}=\"{}\"", escape(&self.atom(c, i))));
                    } else {
                        self.element(&mut body, f.name(), c, i, level + 1);
                    }
                }
                match (value, body.is_empty()) {
                    (None, true) => out.push_str(&format!("{pad}<{name}{attrs}/>\n")),
                    (Some(v), true) => out.push_str(&format!("{pad}<{name}{attrs}>{v}</{name}>\n")),
                    (v, false) => {
                        out.push_str(&format!("{pad}<{name}{attrs}>\n"));
                        if let Some(v) = v {
                            out.push_str(&format!("{pad}    {v}\n"));
                        }
                        out.push_str(&body);
                        out.push_str(&format!("{pad}</{name}>\n"));
                    }
                }
            }
            ArrowType::Map(_, _) => {
                let m = a.as_map().value(i);
                out.push_str(&format!("{pad}<{name}>\n"));
                for j in 0..m.len() {
                    if !null_at(m.column(1), j) {
                        let k = self.atom(m.column(0), j);
                        self.element(out, &k, m.column(1), j, level + 1);
                    }
                }
                out.push_str(&format!("{pad}</{name}>\n"));
            }
            _ => out.push_str(&format!(
                "{pad}<{name}>{}</{name}>\n",
                escape(&self.atom(a, i))
            )),
        }
    }
}

impl ScalarUDFImpl for ToXml {
    fn name(&self) -> &str {
        "spark_to_xml"
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
        let a = &arrays[0];
        let mut b = StringBuilder::new();
        for i in 0..a.len() {
            if null_at(a, i) {
                b.append_null();
                continue;
            }
            let mut s = String::new();
            self.element(&mut s, &self.row_tag, a, i, 0);
            b.append_value(s.trim_end_matches('\n'));
        }
        let out: ArrayRef = Arc::new(b.finish());
        Ok(if scalar {
            ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?)
        } else {
            ColumnarValue::Array(out)
        })
    }
}

impl ToXml {
    fn new(opts: &std::collections::HashMap<String, String>, tz: &str) -> Result<Self> {
        Ok(Self {
            row_tag: opts
                .get("rowtag")
                .cloned()
                .unwrap_or_else(|| "ROW".to_string()),
            formats: WriteFormats::new(opts, tz)?,
            source: crate::portable::BuiltFrom::new(opts, tz),
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}

// The plan codec rebuilds `to_xml` from the options and zone it was built with.
impl crate::portable::PortableUdf for ToXml {
    const KEY: &'static str = "to_xml";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        self.source.encode(e);
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let from = crate::portable::BuiltFrom::decode(d)?;
        Self::new(&from.map(), &from.zone).map_err(crate::errors::to_df)
    }
}
