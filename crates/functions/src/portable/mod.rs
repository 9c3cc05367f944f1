//! Sabot's functions in another process: how a plan codec turns a UDF instance into bytes and
//! back, without a hand-written case per function.
//!
//! A UDF in a plan is found again in one of three ways, tried in this order when encoding:
//! - **by name in a registry** ([`SOURCES`]): Sabot's own fixed UDFs ([`crate::udfs`]),
//!   `datafusion-spark`'s, and DataFusion's built-ins. The instance must equal the registry's
//!   instance of that name, so a parameterised instance never decodes as the default one.
//! - **as a portable kind** ([`kinds`]): a UDF type whose instances carry parameters (time
//!   zone, ANSI mode, return type...) implements [`PortableUdf`]: it writes its fields with an
//!   [`Encoder`] and is rebuilt from a [`Decoder`]. The kinds are listed in alphabetical tables,
//!   so the serialisable surface can be counted.
//! - otherwise encoding fails with `UNSUPPORTED_FEATURE`, naming the function: a plan that cannot
//!   be shipped is refused rather than shipped wrong.

pub mod fields;
mod kinds;

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::logical_expr::{
    AggregateUDF, AggregateUDFImpl, HigherOrderUDF, ScalarUDF, ScalarUDFImpl, WindowUDF,
};
use prost::Message;

pub use fields::{Decoder, Encoder};
pub use kinds::{AggregateKind, ScalarKind, aggregate_kind, scalar_kind};

/// A UDF type whose instances can be rebuilt from their fields.
pub trait PortableUdf: Sized {
    /// The type's key in the kind tables; unique, stable across versions.
    const KEY: &'static str;
    /// Writes the fields that identify this instance.
    fn encode(&self, e: &mut Encoder) -> DfResult<()>;
    /// Rebuilds an instance from the fields [`PortableUdf::encode`] wrote.
    fn decode(d: &mut Decoder) -> DfResult<Self>;
}

/// Where a by-name UDF is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Sabot's fixed UDFs.
    Sabot,
    /// `datafusion-spark`'s functions under their own names.
    DataFusionSpark,
    /// DataFusion's built-in functions (also in every session's registry).
    DataFusion,
}

/// The by-name registries, in the order an encoder tries them.
pub const SOURCES: &[(Source, &str)] = &[
    (Source::Sabot, "sabot"),
    (Source::DataFusionSpark, "datafusion-spark"),
    (Source::DataFusion, "datafusion"),
];

/// The encoded form of one function: a registry (`source`) and name, or a portable kind and
/// its fields.
#[derive(Clone, PartialEq, Message)]
pub struct PortableFunction {
    /// `"sabot"`, `"datafusion-spark"`, `"datafusion"`, or a [`PortableUdf::KEY`].
    #[prost(string, tag = "1")]
    pub key: String,
    /// The fields of a portable kind (empty for a by-name function).
    #[prost(message, repeated, tag = "2")]
    pub fields: Vec<fields::Value>,
}

/// Name -> instance maps of one registry.
struct Registry {
    scalars: HashMap<String, Arc<ScalarUDF>>,
    aggregates: HashMap<String, Arc<AggregateUDF>>,
    windows: HashMap<String, Arc<WindowUDF>>,
    higher_order: HashMap<String, Arc<HigherOrderUDF>>,
}

impl Registry {
    fn new(
        scalars: Vec<Arc<ScalarUDF>>,
        aggregates: Vec<Arc<AggregateUDF>>,
        windows: Vec<Arc<WindowUDF>>,
        higher_order: Vec<Arc<HigherOrderUDF>>,
    ) -> Self {
        Self {
            scalars: by_name(scalars, |u| u.name().to_string()),
            aggregates: by_name(aggregates, |u| u.name().to_string()),
            windows: by_name(windows, |u| u.name().to_string()),
            higher_order: by_name(higher_order, |u| u.name().to_string()),
        }
    }
}

fn by_name<T>(v: Vec<Arc<T>>, name: impl Fn(&T) -> String) -> HashMap<String, Arc<T>>
where
    T: ?Sized,
{
    // First wins, as in a session registry that registers them in this order.
    let mut m = HashMap::new();
    for u in v {
        m.entry(name(&u)).or_insert(u);
    }
    m
}

fn registry(source: Source) -> &'static Registry {
    static SABOT: OnceLock<Registry> = OnceLock::new();
    static SPARK: OnceLock<Registry> = OnceLock::new();
    static DATAFUSION: OnceLock<Registry> = OnceLock::new();
    match source {
        Source::Sabot => SABOT.get_or_init(|| {
            Registry::new(
                crate::udfs(),
                crate::udafs(),
                Vec::new(),
                vec![
                    crate::aggregate_function(),
                    crate::array_sort_function(),
                    crate::map_zip_with_function(),
                ],
            )
        }),
        Source::DataFusionSpark => SPARK.get_or_init(|| {
            Registry::new(
                datafusion_spark::all_default_scalar_functions(),
                datafusion_spark::all_default_aggregate_functions(),
                datafusion_spark::all_default_window_functions(),
                Vec::new(),
            )
        }),
        Source::DataFusion => DATAFUSION.get_or_init(|| {
            let mut scalars = datafusion::functions::all_default_functions();
            scalars.extend(datafusion::functions_nested::all_default_nested_functions());
            Registry::new(
                scalars,
                datafusion::functions_aggregate::all_default_aggregate_functions(),
                datafusion::functions_window::all_default_window_functions(),
                datafusion::functions_nested::all_default_higher_order_functions(),
            )
        }),
    }
}

fn source_of(key: &str) -> Option<Source> {
    SOURCES.iter().find(|(_, k)| *k == key).map(|(s, _)| *s)
}

fn unsupported(what: &str, name: &str) -> DataFusionError {
    DataFusionError::NotImplemented(format!(
        "[UNSUPPORTED_FEATURE] The {what} `{name}` cannot be serialised for distributed execution"
    ))
}

/// One kind of function in a [`Registry`] (scalar, aggregate, window, higher-order).
type Pick<T> = fn(&Registry) -> &HashMap<String, Arc<T>>;

/// The registry key under which `udf` is found by name, if its instance is the registered one.
fn registered<T: PartialEq + ?Sized>(name: &str, udf: &T, pick: Pick<T>) -> Option<Vec<u8>> {
    SOURCES
        .iter()
        .find(|(source, _)| {
            pick(registry(*source))
                .get(name)
                .is_some_and(|r| r.as_ref() == udf)
        })
        .map(|(_, key)| by_key(key))
}

/// The registered function `name` of the registry `key` names, if `key` is a registry.
fn from_registry<T: ?Sized>(
    key: &str,
    name: &str,
    what: &str,
    pick: Pick<T>,
) -> Option<DfResult<Arc<T>>> {
    source_of(key).map(|s| {
        pick(registry(s))
            .get(name)
            .cloned()
            .ok_or_else(|| unsupported(what, name))
    })
}

/// The encoded form of a scalar UDF; `extra` lists further portable kinds (another crate's).
pub fn encode_scalar(udf: &ScalarUDF, extra: &[ScalarKind]) -> DfResult<Vec<u8>> {
    let name = udf.name();
    if let Some(encoded) = registered(name, udf, |r| &r.scalars) {
        return Ok(encoded);
    }
    let any: &dyn Any = udf.inner().as_ref();
    for kind in kinds::SCALARS.iter().chain(extra) {
        if let Some(fields) = (kind.encode)(any)? {
            return Ok(encoded(kind.key, fields));
        }
    }
    Err(unsupported("function", name))
}

/// A scalar UDF from its encoded form; `extra` as in [`encode_scalar`].
pub fn decode_scalar(name: &str, buf: &[u8], extra: &[ScalarKind]) -> DfResult<Arc<ScalarUDF>> {
    let f = decode_message(buf)?;
    if let Some(found) = from_registry(&f.key, name, "function", |r| &r.scalars) {
        return found;
    }
    let kind = kinds::SCALARS
        .iter()
        .chain(extra)
        .find(|k| k.key == f.key)
        .ok_or_else(|| unsupported("function kind", &f.key))?;
    (kind.decode)(&mut Decoder::new(f.fields))
}

/// The encoded form of an aggregate UDF.
pub fn encode_aggregate(udf: &AggregateUDF, extra: &[AggregateKind]) -> DfResult<Vec<u8>> {
    let name = udf.name();
    if let Some(encoded) = registered(name, udf, |r| &r.aggregates) {
        return Ok(encoded);
    }
    let any: &dyn Any = udf.inner().as_ref();
    for kind in kinds::AGGREGATES.iter().chain(extra) {
        if let Some(fields) = (kind.encode)(any)? {
            return Ok(encoded(kind.key, fields));
        }
    }
    Err(unsupported("aggregate function", name))
}

/// An aggregate UDF from its encoded form.
pub fn decode_aggregate(
    name: &str,
    buf: &[u8],
    extra: &[AggregateKind],
) -> DfResult<Arc<AggregateUDF>> {
    let f = decode_message(buf)?;
    if let Some(found) = from_registry(&f.key, name, "aggregate function", |r| &r.aggregates) {
        return found;
    }
    let kind = kinds::AGGREGATES
        .iter()
        .chain(extra)
        .find(|k| k.key == f.key)
        .ok_or_else(|| unsupported("aggregate function kind", &f.key))?;
    (kind.decode)(&mut Decoder::new(f.fields))
}

/// The encoded form of a window UDF (by name only: Sabot defines none of its own).
pub fn encode_window(udf: &WindowUDF) -> DfResult<Vec<u8>> {
    let name = udf.name();
    if let Some(encoded) = registered(name, udf, |r| &r.windows) {
        return Ok(encoded);
    }
    Err(unsupported("window function", name))
}

/// A window UDF from its encoded form.
pub fn decode_window(name: &str, buf: &[u8]) -> DfResult<Arc<WindowUDF>> {
    let f = decode_message(buf)?;
    from_registry(&f.key, name, "window function", |r| &r.windows)
        .unwrap_or_else(|| Err(unsupported("window function", name)))
}

/// The encoded form of a higher-order function (by name only: Sabot's are fixed).
pub fn encode_higher_order(udf: &HigherOrderUDF) -> DfResult<Vec<u8>> {
    let name = udf.name();
    if let Some(encoded) = registered(name, udf, |r| &r.higher_order) {
        return Ok(encoded);
    }
    Err(unsupported("higher-order function", name))
}

/// A higher-order function from its encoded form.
pub fn decode_higher_order(name: &str, buf: &[u8]) -> DfResult<Arc<HigherOrderUDF>> {
    let f = decode_message(buf)?;
    from_registry(&f.key, name, "higher-order function", |r| &r.higher_order)
        .unwrap_or_else(|| Err(unsupported("higher-order function", name)))
}

fn by_key(key: &str) -> Vec<u8> {
    encoded(key, Vec::new())
}

fn encoded(key: &str, fields: Vec<fields::Value>) -> Vec<u8> {
    PortableFunction {
        key: key.to_string(),
        fields,
    }
    .encode_to_vec()
}

fn decode_message(buf: &[u8]) -> DfResult<PortableFunction> {
    PortableFunction::decode(buf)
        .map_err(|e| DataFusionError::Internal(format!("malformed encoded function: {e}")))
}

/// The user's options (sorted) and the session zone a UDF was built from: what the codec keeps
/// of UDFs it rebuilds by running their constructor again (`to_json`, `to_csv`, `to_xml`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct BuiltFrom {
    pub options: Vec<(String, String)>,
    pub zone: String,
}

impl BuiltFrom {
    pub(crate) fn new(options: &HashMap<String, String>, zone: &str) -> Self {
        let mut options: Vec<_> = options
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        options.sort();
        Self {
            options,
            zone: zone.to_string(),
        }
    }

    /// The options as the constructor takes them.
    pub(crate) fn map(&self) -> HashMap<String, String> {
        self.options.iter().cloned().collect()
    }

    pub(crate) fn encode(&self, e: &mut Encoder) {
        e.str(&self.zone).int(self.options.len() as i64);
        for (k, v) in &self.options {
            e.str(k).str(v);
        }
    }

    pub(crate) fn decode(d: &mut Decoder) -> DfResult<Self> {
        let zone = d.str()?;
        let n = d.int()?;
        let options = (0..n)
            .map(|_| Ok((d.str()?, d.str()?)))
            .collect::<DfResult<Vec<_>>>()?;
        Ok(Self { options, zone })
    }
}

/// Helpers for kind tables: rebuild a scalar/aggregate UDF from a [`PortableUdf`] impl.
pub(crate) fn scalar_udf<T: ScalarUDFImpl + 'static>(t: T) -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::new_from_impl(t))
}

pub(crate) fn aggregate_udf<T: AggregateUDFImpl + 'static>(t: T) -> Arc<AggregateUDF> {
    Arc::new(AggregateUDF::new_from_impl(t))
}
