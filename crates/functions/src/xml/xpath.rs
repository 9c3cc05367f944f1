//! `xpath`, `xpath_string`, `xpath_boolean`, `xpath_int`/`_short`/`_long`, `xpath_float`,
//! `xpath_double`/`xpath_number` (Spark's `XPathExtract` family over `UDFXPathUtil`, i.e. the
//! JDK's XPath 1.0 on a DOM): the XML text is parsed per row and the constant path evaluated
//! as a node set (each node's value: text, attribute value or comment; NULL for elements), a
//! string, a boolean or a number (cast as Java's `Double.intValue` etc.). NULL or empty XML,
//! or an empty path, give NULL.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanBuilder, Float32Array, Float64Array, Int16Array, Int32Array,
    Int64Array, ListBuilder, StringBuilder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field};
use datafusion::common::{DataFusionError, Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};
use sxd_document::dom::{ChildOfElement, ChildOfRoot, Document, Element};
use sxd_xpath::nodeset::{Node, Nodeset};
use sxd_xpath::{Context, Factory, Value, XPath};

use crate::FunctionContext;
use crate::errors::to_df;
use crate::json::from_json::require_string;
use crate::json::schema::literal_str;
use crate::json::schema_of_json::non_foldable;
use crate::utils::take_args;

/// What the path is evaluated as, and the result type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Mode {
    Nodes,
    Str,
    Bool,
    Short,
    Int,
    Long,
    Float,
    Double,
}

impl Mode {
    fn arrow(self) -> ArrowType {
        match self {
            Mode::Nodes => list_type(),
            Mode::Str => ArrowType::Utf8,
            Mode::Bool => ArrowType::Boolean,
            Mode::Short => ArrowType::Int16,
            Mode::Int => ArrowType::Int32,
            Mode::Long => ArrowType::Int64,
            Mode::Float => ArrowType::Float32,
            Mode::Double => ArrowType::Float64,
        }
    }
}

fn list_type() -> ArrowType {
    ArrowType::List(Arc::new(Field::new("item", ArrowType::Utf8, true)))
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct XPathUdf {
    /// The UDF's unique name (`spark_xpath_int`, ...).
    name: &'static str,
    mode: Mode,
    path: Option<String>,
    signature: Signature,
}

/// A runtime failure of the XPath evaluation (malformed XML, a path that does not compile, a
/// result that is not a node set): Spark's `UDFXPathUtil` throws a plain `RuntimeException`
/// without an error class.
fn xpath_error(message: String) -> DataFusionError {
    to_df(SparkError::new(ExceptionKind::Runtime, message))
}

pub(crate) fn build(
    name: &'static str,
    udf_name: &'static str,
    mode: Mode,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [xml, path] = take_args(name, args)?;
    require_string(name, &xml, ctx)?;
    let Some(path_value) = literal_str(&path) else {
        return Err(non_foldable(name, &path, "path"));
    };
    let udf = crate::utils::udf(XPathUdf {
        name: udf_name,
        mode,
        path: path_value,
        signature: Signature::any(1, Volatility::Immutable),
    });
    Ok(udf.call(vec![xml]))
}

/// Java's `Double.intValue`/`longValue`: saturating, NaN is 0.
fn java_long(d: f64) -> i64 {
    d as i64
}

enum Out {
    Null,
    Nodes(Vec<Option<String>>),
    Str(String),
    Bool(bool),
    Num(f64),
}

fn node_value(n: &Node<'_>) -> Option<String> {
    match n {
        Node::Text(t) => Some(t.text().to_string()),
        Node::Attribute(a) => Some(a.value().to_string()),
        Node::Comment(c) => Some(c.text().to_string()),
        Node::ProcessingInstruction(p) => p.value().map(str::to_string),
        Node::Namespace(ns) => Some(ns.uri().to_string()),
        Node::Root(_) | Node::Element(_) => None,
    }
}

/// Makes the DOM look like the JDK's non-namespace-aware one that Spark queries: adjacent
/// text (split at entity references and CDATA sections) is one text node, and elements under
/// a default namespace are matched by their plain name.
fn normalize(doc: &Document<'_>) {
    let mut stack: Vec<Element<'_>> = doc
        .root()
        .children()
        .into_iter()
        .filter_map(|c| match c {
            ChildOfRoot::Element(e) => Some(e),
            _ => None,
        })
        .collect();
    while let Some(e) = stack.pop() {
        let name = e.name();
        if name.namespace_uri().is_some() && e.preferred_prefix().is_none() {
            let local = name.local_part().to_string();
            e.set_name(local.as_str());
        }
        let children = e.children();
        let split_text = children
            .windows(2)
            .any(|w| matches!(w, [ChildOfElement::Text(_), ChildOfElement::Text(_)]));
        if split_text {
            let mut merged: Vec<ChildOfElement<'_>> = Vec::with_capacity(children.len());
            for c in children {
                match (merged.last(), c) {
                    (Some(ChildOfElement::Text(prev)), ChildOfElement::Text(t)) => {
                        let joined = format!("{}{}", prev.text(), t.text());
                        merged.pop();
                        merged.push(ChildOfElement::Text(doc.create_text(&joined)));
                    }
                    (_, c) => merged.push(c),
                }
            }
            e.replace_children(merged);
        }
        stack.extend(e.children().into_iter().filter_map(|c| match c {
            ChildOfElement::Element(x) => Some(x),
            _ => None,
        }));
    }
}

/// The nodes of `ns` in document order, an element's attributes in source order before its
/// children (namespace nodes, which the walk does not visit, last).
fn document_order<'d>(doc: &Document<'d>, ns: &Nodeset<'d>) -> Vec<Node<'d>> {
    let mut out = Vec::with_capacity(ns.size());
    let mut stack: Vec<Node<'d>> = vec![doc.root().into()];
    while let Some(n) = stack.pop() {
        if ns.contains(n) {
            out.push(n);
        }
        stack.extend(n.children().into_iter().rev());
        if let Node::Element(e) = n {
            stack.extend(e.attributes().into_iter().rev().map(Node::Attribute));
        }
    }
    if out.len() < ns.size() {
        out.extend(ns.iter().filter(|n| matches!(n, Node::Namespace(_))));
    }
    out
}

/// XPath 1.0's `number()` of a string: optional whitespace, `-`, digits with an optional
/// fraction; anything else (exponents included) is NaN.
fn xpath_number(s: &str) -> f64 {
    let t = s.trim_matches([' ', '\t', '\n', '\r']);
    let body = t.strip_prefix('-').unwrap_or(t);
    let (i, f) = body.split_once('.').unwrap_or((body, ""));
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    if (i.is_empty() && f.is_empty()) || !digits(i) || !digits(f) {
        return f64::NAN;
    }
    t.parse().unwrap_or(f64::NAN)
}

fn eval(xml: &str, xpath: &XPath, mode: Mode) -> DfResult<Out> {
    let package = sxd_document::parser::parse(xml)
        .map_err(|e| xpath_error(format!("Invalid XML document: {e:?}\n{xml}")))?;
    let doc = package.as_document();
    normalize(&doc);
    let ctx = Context::new();
    let v = xpath
        .evaluate(&ctx, doc.root())
        .map_err(|e| xpath_error(format!("Error loading expression: {e}")))?;
    Ok(match mode {
        Mode::Nodes => match v {
            Value::Nodeset(ns) => {
                Out::Nodes(document_order(&doc, &ns).iter().map(node_value).collect())
            }
            _ => {
                return Err(xpath_error(
                    "Error loading expression: cannot convert the result to a NodeList".into(),
                ));
            }
        },
        Mode::Str => Out::Str(v.string()),
        Mode::Bool => Out::Bool(v.boolean()),
        _ => Out::Num(match &v {
            Value::Nodeset(_) | Value::String(_) => xpath_number(&v.string()),
            other => other.number(),
        }),
    })
}

impl ScalarUDFImpl for XPathUdf {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(self.mode.arrow())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let scalar = matches!(args.args.first(), Some(ColumnarValue::Scalar(_)));
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let input = cast(&arrays[0], &ArrowType::Utf8)?;
        let input = input.as_string::<i32>();
        let xpath = match self.path.as_deref() {
            Some(p) if !p.is_empty() => Some(
                Factory::new()
                    .build(p)
                    .map_err(|e| xpath_error(format!("Error loading expression '{p}': {e}")))?
                    .ok_or_else(|| xpath_error(format!("Error loading expression '{p}'")))?,
            ),
            _ => None,
        };
        let mut outs = Vec::with_capacity(input.len());
        for i in 0..input.len() {
            let out = match &xpath {
                Some(x) if !input.is_null(i) && !input.value(i).is_empty() => {
                    eval(input.value(i), x, self.mode)?
                }
                _ => Out::Null,
            };
            outs.push(out);
        }
        let out = self.column(outs);
        Ok(if scalar {
            ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?)
        } else {
            ColumnarValue::Array(out)
        })
    }
}

impl XPathUdf {
    fn column(&self, outs: Vec<Out>) -> ArrayRef {
        let num = |o: &Out| match o {
            Out::Num(d) => Some(*d),
            _ => None,
        };
        match self.mode {
            Mode::Nodes => {
                let mut b = ListBuilder::new(StringBuilder::new())
                    .with_field(Arc::new(Field::new("item", ArrowType::Utf8, true)));
                for o in outs {
                    match o {
                        Out::Nodes(v) => b.append_value(v),
                        _ => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            Mode::Str => {
                let mut b = StringBuilder::new();
                for o in outs {
                    match o {
                        Out::Str(s) => b.append_value(s),
                        _ => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            Mode::Bool => {
                let mut b = BooleanBuilder::new();
                for o in outs {
                    match o {
                        Out::Bool(v) => b.append_value(v),
                        _ => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            // `Double.shortValue()` is `(short) (int) d`: saturate to int, then wrap.
            Mode::Short => Arc::new(
                outs.iter()
                    .map(|o| num(o).map(|d| d as i32 as i16))
                    .collect::<Int16Array>(),
            ),
            Mode::Int => Arc::new(
                outs.iter()
                    .map(|o| num(o).map(|d| d as i32))
                    .collect::<Int32Array>(),
            ),
            Mode::Long => Arc::new(
                outs.iter()
                    .map(|o| num(o).map(java_long))
                    .collect::<Int64Array>(),
            ),
            Mode::Float => Arc::new(
                outs.iter()
                    .map(|o| num(o).map(|d| d as f32))
                    .collect::<Float32Array>(),
            ),
            Mode::Double => Arc::new(outs.iter().map(num).collect::<Float64Array>()),
        }
    }
}

/// Every XPath UDF by name, with its result mode (what the plan codec rebuilds one from).
static XPATHS: &[(&str, Mode)] = &[
    ("spark_xpath", Mode::Nodes),
    ("spark_xpath_boolean", Mode::Bool),
    ("spark_xpath_double", Mode::Double),
    ("spark_xpath_float", Mode::Float),
    ("spark_xpath_int", Mode::Int),
    ("spark_xpath_long", Mode::Long),
    ("spark_xpath_number", Mode::Double),
    ("spark_xpath_short", Mode::Short),
    ("spark_xpath_string", Mode::Str),
];

// The plan codec rebuilds an XPath function from its name and literal path.
impl crate::portable::PortableUdf for XPathUdf {
    const KEY: &'static str = "xpath";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.str(self.name)
            .bool(self.path.is_some())
            .str(self.path.as_deref().unwrap_or(""));
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let name = d.str()?;
        let (name, mode) = XPATHS
            .iter()
            .find(|(n, _)| *n == name)
            .copied()
            .ok_or_else(|| {
                datafusion::common::DataFusionError::Internal(format!(
                    "unknown xpath function {name}"
                ))
            })?;
        let some = d.bool()?;
        let path = d.str()?;
        Ok(Self {
            name,
            mode,
            path: some.then_some(path),
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}
