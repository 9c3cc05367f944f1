//! A scalar UDF evaluated row by row over `ScalarValue`s, for the array and map functions whose
//! Spark semantics (NULL handling, element order, errors) no DataFusion kernel matches; plus the
//! helpers to take arrays and maps apart and build them again.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, MapArray, StructArray, new_empty_array};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef, Fields};
use datafusion::common::{Result as DfResult, ScalarValue, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};

/// The result type from the argument types.
pub(crate) type RetFn = fn(&[ArrowType]) -> DfResult<ArrowType>;
/// One row: the argument values and the result type.
pub(crate) type RowFn = fn(&[ScalarValue], &ArrowType) -> DfResult<ScalarValue>;

#[derive(Debug)]
pub(crate) struct RowUdf {
    name: &'static str,
    ret: RetFn,
    f: RowFn,
    signature: Signature,
}

// Identity is the (unique) name; function pointers are not compared.
impl PartialEq for RowUdf {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for RowUdf {}

impl Hash for RowUdf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

/// A UDF named `name` of `n` arguments (any number if `None`).
pub(crate) fn row_udf(
    name: &'static str,
    n: Option<usize>,
    ret: RetFn,
    f: RowFn,
) -> Arc<ScalarUDF> {
    let signature = match n {
        Some(n) => Signature::any(n, Volatility::Immutable),
        None => Signature::variadic_any(Volatility::Immutable),
    };
    crate::utils::udf(RowUdf {
        name,
        ret,
        f,
        signature,
    })
}

impl ScalarUDFImpl for RowUdf {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[ArrowType]) -> DfResult<ArrowType> {
        (self.ret)(arg_types)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let types: Vec<_> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        Ok(Arc::new(Field::new(self.name, (self.ret)(&types)?, true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let ret = args.return_field.data_type().clone();
        let all_scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        if all_scalar {
            let vals: Vec<ScalarValue> = args
                .args
                .iter()
                .map(|a| match a {
                    ColumnarValue::Scalar(s) => s.clone(),
                    ColumnarValue::Array(_) => ScalarValue::Null,
                })
                .collect();
            return Ok(ColumnarValue::Scalar((self.f)(&vals, &ret)?));
        }
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let rows = args.number_rows;
        if rows == 0 {
            return Ok(ColumnarValue::Array(new_empty_array(&ret)));
        }
        let mut out = Vec::with_capacity(rows);
        let mut vals = Vec::with_capacity(arrays.len());
        for row in 0..rows {
            vals.clear();
            for a in &arrays {
                vals.push(ScalarValue::try_from_array(a, row)?);
            }
            out.push((self.f)(&vals, &ret)?);
        }
        Ok(ColumnarValue::Array(ScalarValue::iter_to_array(out)?))
    }
}

/// A NULL of type `t`.
pub(crate) fn null(t: &ArrowType) -> DfResult<ScalarValue> {
    ScalarValue::try_from(t)
}

/// The element type of an array type.
pub(crate) fn element_type(t: &ArrowType) -> DfResult<ArrowType> {
    match t {
        ArrowType::List(f) | ArrowType::LargeList(f) | ArrowType::FixedSizeList(f, _) => {
            Ok(f.data_type().clone())
        }
        ArrowType::Null => Ok(ArrowType::Null),
        other => exec_err!("expected an array, got {other}"),
    }
}

/// `array<t>` as Sabot builds it.
pub(crate) fn list_of(t: ArrowType) -> ArrowType {
    ArrowType::List(Arc::new(Field::new_list_field(t, true)))
}

/// The elements of an array value, `None` if it is NULL.
pub(crate) fn elems(v: &ScalarValue) -> DfResult<Option<Vec<ScalarValue>>> {
    let arr: &dyn Array = match v {
        ScalarValue::List(a) => a.as_ref(),
        ScalarValue::LargeList(a) => a.as_ref(),
        ScalarValue::FixedSizeList(a) => a.as_ref(),
        ScalarValue::Null => return Ok(None),
        other => return exec_err!("expected an array, got {}", other.data_type()),
    };
    if arr.is_null(0) {
        return Ok(None);
    }
    let values = match arr.data_type() {
        ArrowType::List(_) => arr.as_list::<i32>().value(0),
        ArrowType::LargeList(_) => arr.as_list::<i64>().value(0),
        _ => arr.as_fixed_size_list().value(0),
    };
    (0..values.len())
        .map(|i| ScalarValue::try_from_array(&values, i))
        .collect::<DfResult<Vec<_>>>()
        .map(Some)
}

/// An array value of `ret` (an array type) from elements.
pub(crate) fn make_list(items: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let t = element_type(ret)?;
    let items: Vec<ScalarValue> = items
        .iter()
        .map(|v| {
            if v.is_null() && v.data_type() != t {
                null(&t)
            } else {
                Ok(v.clone())
            }
        })
        .collect::<DfResult<_>>()?;
    let values = if items.is_empty() {
        new_empty_array(&t)
    } else {
        ScalarValue::iter_to_array(items)?
    };
    let field = match ret {
        ArrowType::List(f) => Arc::clone(f),
        _ => Arc::new(Field::new_list_field(t, true)),
    };
    let list = datafusion::arrow::array::ListArray::try_new(
        field,
        OffsetBuffer::from_lengths([values.len()]),
        values,
        None,
    )?;
    Ok(ScalarValue::List(Arc::new(list)))
}

/// `map<k, v>` as Sabot builds it.
pub(crate) fn map_of(k: ArrowType, v: ArrowType) -> ArrowType {
    ArrowType::Map(
        Arc::new(Field::new(
            "entries",
            ArrowType::Struct(Fields::from(vec![
                Field::new("key", k, false),
                Field::new("value", v, true),
            ])),
            false,
        )),
        false,
    )
}

/// The key and value types of a map type.
pub(crate) fn map_types(t: &ArrowType) -> DfResult<(ArrowType, ArrowType)> {
    if let ArrowType::Map(f, _) = t
        && let ArrowType::Struct(kv) = f.data_type()
        && kv.len() == 2
    {
        return Ok((kv[0].data_type().clone(), kv[1].data_type().clone()));
    }
    exec_err!("expected a map, got {t}")
}

/// The entries of a map value, `None` if it is NULL.
pub(crate) fn entries(v: &ScalarValue) -> DfResult<Option<Vec<(ScalarValue, ScalarValue)>>> {
    let m = match v {
        ScalarValue::Map(m) => m,
        ScalarValue::Null => return Ok(None),
        other => return exec_err!("expected a map, got {}", other.data_type()),
    };
    if m.is_null(0) {
        return Ok(None);
    }
    let kv = m.value(0);
    let (k, val) = (kv.column(0), kv.column(1));
    (0..kv.len())
        .map(|i| {
            Ok((
                ScalarValue::try_from_array(k, i)?,
                ScalarValue::try_from_array(val, i)?,
            ))
        })
        .collect::<DfResult<Vec<_>>>()
        .map(Some)
}

fn column(items: Vec<ScalarValue>, t: &ArrowType) -> DfResult<ArrayRef> {
    if items.is_empty() {
        return Ok(new_empty_array(t));
    }
    let items: Vec<ScalarValue> = items
        .into_iter()
        .map(|v| {
            if v.is_null() && &v.data_type() != t {
                null(t)
            } else {
                Ok(v)
            }
        })
        .collect::<DfResult<_>>()?;
    ScalarValue::iter_to_array(items)
}

/// A map value of type `ret` from entries (keys already checked).
pub(crate) fn make_map(
    pairs: Vec<(ScalarValue, ScalarValue)>,
    ret: &ArrowType,
) -> DfResult<ScalarValue> {
    let ArrowType::Map(field, sorted) = ret else {
        return exec_err!("expected a map type, got {ret}");
    };
    let ArrowType::Struct(kv) = field.data_type() else {
        return exec_err!("expected map entries, got {}", field.data_type());
    };
    let n = pairs.len();
    let (keys, values): (Vec<_>, Vec<_>) = pairs.into_iter().unzip();
    let keys = column(keys, kv[0].data_type())?;
    let values = column(values, kv[1].data_type())?;
    let entries = StructArray::try_new(kv.clone(), vec![keys, values], None)?;
    let map = MapArray::try_new(
        Arc::clone(field),
        OffsetBuffer::from_lengths([n]),
        entries,
        None,
        *sorted,
    )?;
    Ok(ScalarValue::Map(Arc::new(map)))
}

/// Spark's ordering of two non-NULL values (`SQLOrderingUtil`): NaN is the largest double
/// and equals itself, `-0.0` equals `0.0`.
pub(crate) fn compare(a: &ScalarValue, b: &ScalarValue) -> Ordering {
    fn floats(x: f64, y: f64) -> Ordering {
        match (x.is_nan(), y.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        }
    }
    match (a, b) {
        (ScalarValue::Float64(Some(x)), ScalarValue::Float64(Some(y))) => floats(*x, *y),
        (ScalarValue::Float32(Some(x)), ScalarValue::Float32(Some(y))) => {
            floats(f64::from(*x), f64::from(*y))
        }
        _ => a.partial_cmp(b).unwrap_or(Ordering::Equal),
    }
}

/// Spark's equality of two non-NULL values in array functions (NaN equals NaN).
pub(crate) fn same(a: &ScalarValue, b: &ScalarValue) -> bool {
    match (a, b) {
        (ScalarValue::Float64(Some(x)), ScalarValue::Float64(Some(y))) => {
            x == y || (x.is_nan() && y.is_nan())
        }
        (ScalarValue::Float32(Some(x)), ScalarValue::Float32(Some(y))) => {
            x == y || (x.is_nan() && y.is_nan())
        }
        _ => a == b,
    }
}

/// The return type: the first argument's type.
pub(crate) fn ret_first(types: &[ArrowType]) -> DfResult<ArrowType> {
    match types.first() {
        Some(ArrowType::LargeList(f) | ArrowType::FixedSizeList(f, _)) => {
            Ok(list_of(f.data_type().clone()))
        }
        Some(t) => Ok(t.clone()),
        None => exec_err!("expected an argument"),
    }
}

/// The return type: `array<first argument's type>`.
pub(crate) fn ret_list_of_first(types: &[ArrowType]) -> DfResult<ArrowType> {
    match types.first() {
        Some(t) => Ok(list_of(t.clone())),
        None => exec_err!("expected an argument"),
    }
}

/// The return type: the first argument's element type.
pub(crate) fn ret_element(types: &[ArrowType]) -> DfResult<ArrowType> {
    match types.first() {
        Some(t) => element_type(t),
        None => exec_err!("expected an argument"),
    }
}

pub(crate) fn ret_bool(_: &[ArrowType]) -> DfResult<ArrowType> {
    Ok(ArrowType::Boolean)
}

pub(crate) fn ret_int(_: &[ArrowType]) -> DfResult<ArrowType> {
    Ok(ArrowType::Int32)
}

pub(crate) fn ret_long(_: &[ArrowType]) -> DfResult<ArrowType> {
    Ok(ArrowType::Int64)
}

pub(crate) fn ret_string(_: &[ArrowType]) -> DfResult<ArrowType> {
    Ok(ArrowType::Utf8)
}

/// An integral argument as i64 (`None` if NULL).
pub(crate) fn int_arg(v: &ScalarValue) -> DfResult<Option<i64>> {
    if v.is_null() {
        return Ok(None);
    }
    match v.cast_to(&ArrowType::Int64)? {
        ScalarValue::Int64(i) => Ok(i),
        other => exec_err!("expected an integer, got {other}"),
    }
}
