//! `schema_of_variant(v)` (Spark's `SchemaOfVariant`): the SQL type of a variant value, with
//! objects as `OBJECT<k: T, ...>` (sorted keys), integers as `BIGINT`, decimals with the
//! precision and scale of their value without trailing zeros, and array elements merged by
//! Spark's `mergeSchema` (`VARIANT` where the types do not merge).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::encoding::{Malformed, Scalar, VType, VariantRef};
use super::malformed;
use super::row_udf::call;
use super::variant_get::variant_arg;
use crate::FunctionContext;
use crate::utils::check_args;

/// A variant value's schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum VSchema {
    Void,
    Boolean,
    Bigint,
    String,
    Double,
    Float,
    Decimal(u8, u8),
    Date,
    Timestamp,
    TimestampNtz,
    Binary,
    Variant,
    Object(Vec<(String, VSchema)>),
    Array(Box<VSchema>),
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("schema_of_variant", &args, 1, 1)?;
    let v = variant_arg("schema_of_variant", &args, ctx)?;
    Ok(call("spark_schema_of_variant", ArrowType::Utf8, row, v))
}

pub(crate) fn row(v: Option<VariantRef<'_>>) -> DfResult<ScalarValue> {
    Ok(ScalarValue::Utf8(
        v.map(|v| schema_of(&v).map(|s| s.sql()))
            .transpose()
            .map_err(|_| malformed())?,
    ))
}

/// The schema of one value (Spark's `SchemaOfVariant.schemaOf`).
pub(crate) fn schema_of(v: &VariantRef<'_>) -> std::result::Result<VSchema, Malformed> {
    Ok(match v.vtype()? {
        VType::Object => {
            let mut fields = Vec::new();
            for i in 0..v.object_len()? {
                let (k, child) = v.object_field(i)?;
                fields.push((k.to_string(), schema_of(&child)?));
            }
            VSchema::Object(fields)
        }
        VType::Array => {
            let mut t = VSchema::Void;
            for i in 0..v.array_len()? {
                t = merge(&t, &schema_of(&v.array_elem(i)?)?);
            }
            VSchema::Array(Box::new(t))
        }
        _ => match v.scalar()? {
            Scalar::Null => VSchema::Void,
            Scalar::Bool(_) => VSchema::Boolean,
            Scalar::Long(_) => VSchema::Bigint,
            Scalar::Double(_) => VSchema::Double,
            Scalar::Float(_) => VSchema::Float,
            Scalar::Decimal(u, s) => decimal_schema(u, s),
            Scalar::Date(_) => VSchema::Date,
            Scalar::Timestamp(_) => VSchema::Timestamp,
            Scalar::TimestampNtz(_) => VSchema::TimestampNtz,
            Scalar::Str(_) => VSchema::String,
            Scalar::Binary(_) => VSchema::Binary,
        },
    })
}

/// `DecimalType` of `Decimal(v.getDecimal)`: trailing zeros stripped, precision at least the
/// scale, a negative scale folded into the precision.
fn decimal_schema(unscaled: i128, scale: u8) -> VSchema {
    let (mut u, mut s) = (unscaled, i32::from(scale));
    if u == 0 {
        s = 0;
    }
    while u != 0 && u % 10 == 0 {
        u /= 10;
        s -= 1;
    }
    let p = super::encoding::precision_of(u) as i32;
    let (p, s) = if s < 0 {
        (p - s, 0)
    } else if p < s {
        (s, s)
    } else {
        (p, s)
    };
    VSchema::Decimal(p as u8, s as u8)
}

/// Spark's `SchemaOfVariant.mergeSchema`.
pub(crate) fn merge(a: &VSchema, b: &VSchema) -> VSchema {
    use VSchema as S;
    match (a, b) {
        (x, y) if x == y => x.clone(),
        (S::Void, t) | (t, S::Void) => t.clone(),
        (S::Bigint, S::Decimal(p, s)) | (S::Decimal(p, s), S::Bigint) => wider(20, 0, *p, *s),
        (S::Decimal(p1, s1), S::Decimal(p2, s2)) => wider(*p1, *s1, *p2, *s2),
        (S::Double, S::Bigint | S::Decimal(..)) | (S::Bigint | S::Decimal(..), S::Double) => {
            S::Double
        }
        (S::Object(f1), S::Object(f2)) => {
            let mut out: Vec<(String, VSchema)> = Vec::new();
            let (mut i, mut j) = (0, 0);
            while i < f1.len() || j < f2.len() {
                let ord = match (f1.get(i), f2.get(j)) {
                    (Some(x), Some(y)) => x.0.encode_utf16().cmp(y.0.encode_utf16()),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    _ => std::cmp::Ordering::Greater,
                };
                match ord {
                    std::cmp::Ordering::Less => {
                        out.push(f1[i].clone());
                        i += 1;
                    }
                    std::cmp::Ordering::Greater => {
                        out.push(f2[j].clone());
                        j += 1;
                    }
                    std::cmp::Ordering::Equal => {
                        out.push((f1[i].0.clone(), merge(&f1[i].1, &f2[j].1)));
                        i += 1;
                        j += 1;
                    }
                }
            }
            S::Object(out)
        }
        (S::Array(x), S::Array(y)) => S::Array(Box::new(merge(x, y))),
        _ => S::Variant,
    }
}

/// The wider of two decimals, or `DOUBLE` past precision 38.
fn wider(p1: u8, s1: u8, p2: u8, s2: u8) -> VSchema {
    let s = s1.max(s2);
    let range = (p1 - s1).max(p2 - s2);
    if u32::from(range) + u32::from(s) > 38 {
        VSchema::Double
    } else {
        VSchema::Decimal(range + s, s)
    }
}

impl VSchema {
    /// Spark's SQL rendering.
    pub(crate) fn sql(&self) -> String {
        match self {
            Self::Void => "VOID".into(),
            Self::Boolean => "BOOLEAN".into(),
            Self::Bigint => "BIGINT".into(),
            Self::String => "STRING".into(),
            Self::Double => "DOUBLE".into(),
            Self::Float => "FLOAT".into(),
            Self::Decimal(p, s) => format!("DECIMAL({p},{s})"),
            Self::Date => "DATE".into(),
            Self::Timestamp => "TIMESTAMP".into(),
            Self::TimestampNtz => "TIMESTAMP_NTZ".into(),
            Self::Binary => "BINARY".into(),
            Self::Variant => "VARIANT".into(),
            Self::Object(fields) => format!(
                "OBJECT<{}>",
                fields
                    .iter()
                    .map(|(k, t)| format!("{k}: {}", t.sql()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Self::Array(t) => format!("ARRAY<{}>", t.sql()),
        }
    }

    /// A JSON form for aggregation states.
    pub(crate) fn to_state(&self) -> serde_json::Value {
        use serde_json::{Value, json};
        match self {
            Self::Object(fields) => Value::Array(
                fields
                    .iter()
                    .map(|(k, t)| json!([k, t.to_state()]))
                    .collect(),
            ),
            Self::Array(t) => json!({ "a": t.to_state() }),
            Self::Decimal(p, s) => json!({ "d": [p, s] }),
            other => Value::String(other.sql()),
        }
    }

    /// Reads [`VSchema::to_state`].
    pub(crate) fn from_state(v: &serde_json::Value) -> Option<Self> {
        use serde_json::Value;
        Some(match v {
            Value::Array(fields) => Self::Object(
                fields
                    .iter()
                    .map(|f| {
                        let pair = f.as_array()?;
                        Some((
                            pair.first()?.as_str()?.to_string(),
                            Self::from_state(pair.get(1)?)?,
                        ))
                    })
                    .collect::<Option<Vec<_>>>()?,
            ),
            Value::Object(o) => {
                if let Some(t) = o.get("a") {
                    Self::Array(Box::new(Self::from_state(t)?))
                } else {
                    let d = o.get("d")?.as_array()?;
                    Self::Decimal(
                        u8::try_from(d.first()?.as_u64()?).ok()?,
                        u8::try_from(d.get(1)?.as_u64()?).ok()?,
                    )
                }
            }
            Value::String(s) => match s.as_str() {
                "VOID" => Self::Void,
                "BOOLEAN" => Self::Boolean,
                "BIGINT" => Self::Bigint,
                "STRING" => Self::String,
                "DOUBLE" => Self::Double,
                "FLOAT" => Self::Float,
                "DATE" => Self::Date,
                "TIMESTAMP" => Self::Timestamp,
                "TIMESTAMP_NTZ" => Self::TimestampNtz,
                "BINARY" => Self::Binary,
                "VARIANT" => Self::Variant,
                _ => return None,
            },
            _ => return None,
        })
    }
}
