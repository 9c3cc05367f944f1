//! Map functions: `map`/`create_map`, `map_keys`, `map_values`, `map_entries`,
//! `map_contains_key`, `map_concat`, `map_from_arrays`, `map_from_entries` (Spark's
//! `CreateMap`, `MapKeys`, `MapValues`, `MapEntries`, `MapContainsKey`, `MapConcat`,
//! `MapFromArrays`, `MapFromEntries`). Maps are built as Spark's `ArrayBasedMapBuilder` does with
//! `spark.sql.mapKeyDedupPolicy=EXCEPTION` (the default): a NULL key or a repeated key fails.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, StructArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Fields};
use datafusion::common::{Result as DfResult, ScalarValue, exec_err};
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, lit};
use sabot_common::Result;

use super::coerce::{array_element, common};
use super::errors::{duplicated_map_key, null_map_key};
use super::rowwise::{
    elems, entries, list_of, make_list, make_map, map_of, map_types, null, ret_bool, ret_first,
    row_udf, same,
};
use crate::FunctionContext;
use crate::errors::{to_df, unexpected_input_type};
use crate::utils::{cast_to, take_args};

/// The name of the UDF `map(k1, v1, ...)` builds (its arguments alternate keys and values).
pub(crate) const CREATE_MAP_NAME: &str = "spark_create_map";

static CREATE: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf(CREATE_MAP_NAME, None, ret_create, create));
static KEYS: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_map_keys", Some(1), ret_keys, keys));
static VALUES: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_map_values", Some(1), ret_values, values));
static ENTRIES: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_map_entries", Some(1), ret_entries, map_entries));
static CONTAINS_KEY: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_map_contains_key", Some(2), ret_bool, contains_key));
static CONCAT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_map_concat", None, ret_first, concat));
static FROM_ARRAYS: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_map_from_arrays",
        Some(2),
        ret_from_arrays,
        from_arrays,
    )
});
static FROM_ENTRIES: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_map_from_entries",
        Some(1),
        ret_from_entries,
        from_entries,
    )
});

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    [
        &CREATE,
        &KEYS,
        &VALUES,
        &ENTRIES,
        &CONTAINS_KEY,
        &CONCAT,
        &FROM_ARRAYS,
        &FROM_ENTRIES,
    ]
    .map(|u| Arc::clone(u))
    .to_vec()
}

/// A map value from entries with Spark's key checks (`ArrayBasedMapBuilder.put`).
pub(crate) fn checked_map(
    pairs: Vec<(ScalarValue, ScalarValue)>,
    ret: &ArrowType,
) -> DfResult<ScalarValue> {
    for (i, (k, _)) in pairs.iter().enumerate() {
        if k.is_null() {
            return Err(null_map_key());
        }
        if pairs[..i].iter().any(|(p, _)| same(p, k)) {
            return Err(duplicated_map_key(&k.to_string()));
        }
    }
    make_map(pairs, ret)
}

fn ret_create(types: &[ArrowType]) -> DfResult<ArrowType> {
    match types {
        [k, v, ..] => Ok(map_of(k.clone(), v.clone())),
        _ => Ok(map_of(ArrowType::Null, ArrowType::Null)),
    }
}

fn create(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let pairs = args
        .chunks(2)
        .filter_map(|kv| match kv {
            [k, v] => Some((k.clone(), v.clone())),
            _ => None,
        })
        .collect();
    checked_map(pairs, ret)
}

fn ret_keys(types: &[ArrowType]) -> DfResult<ArrowType> {
    let (k, _) = map_types(types.first().unwrap_or(&ArrowType::Null))?;
    Ok(list_of(k))
}

fn ret_values(types: &[ArrowType]) -> DfResult<ArrowType> {
    let (_, v) = map_types(types.first().unwrap_or(&ArrowType::Null))?;
    Ok(list_of(v))
}

fn ret_entries(types: &[ArrowType]) -> DfResult<ArrowType> {
    let (k, v) = map_types(types.first().unwrap_or(&ArrowType::Null))?;
    Ok(list_of(ArrowType::Struct(entry_fields(k, v))))
}

fn entry_fields(k: ArrowType, v: ArrowType) -> Fields {
    Fields::from(vec![
        Field::new("key", k, false),
        Field::new("value", v, true),
    ])
}

fn keys(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    match entries(&args[0])? {
        Some(p) => make_list(&p.into_iter().map(|(k, _)| k).collect::<Vec<_>>(), ret),
        None => null(ret),
    }
}

fn values(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    match entries(&args[0])? {
        Some(p) => make_list(&p.into_iter().map(|(_, v)| v).collect::<Vec<_>>(), ret),
        None => null(ret),
    }
}

fn map_entries(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let Some(pairs) = entries(&args[0])? else {
        return null(ret);
    };
    let ArrowType::List(f) = ret else {
        return exec_err!("map_entries returns a list");
    };
    let ArrowType::Struct(fields) = f.data_type() else {
        return exec_err!("map_entries returns a list of structs");
    };
    let items = pairs
        .into_iter()
        .map(|(k, v)| {
            let arr =
                StructArray::try_new(fields.clone(), vec![k.to_array()?, v.to_array()?], None)?;
            Ok(ScalarValue::Struct(Arc::new(arr)))
        })
        .collect::<DfResult<Vec<_>>>()?;
    make_list(&items, ret)
}

fn contains_key(args: &[ScalarValue], _: &ArrowType) -> DfResult<ScalarValue> {
    let Some(pairs) = entries(&args[0])? else {
        return Ok(ScalarValue::Boolean(None));
    };
    if args[1].is_null() {
        return Ok(ScalarValue::Boolean(None));
    }
    Ok(ScalarValue::Boolean(Some(
        pairs.iter().any(|(k, _)| same(k, &args[1])),
    )))
}

fn concat(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let mut pairs = Vec::new();
    for m in args {
        match entries(m)? {
            Some(mut p) => pairs.append(&mut p),
            None => return null(ret),
        }
    }
    checked_map(pairs, ret)
}

fn ret_from_arrays(types: &[ArrowType]) -> DfResult<ArrowType> {
    match types {
        [k, v] => Ok(map_of(
            super::rowwise::element_type(k)?,
            super::rowwise::element_type(v)?,
        )),
        _ => exec_err!("map_from_arrays expects 2 arguments"),
    }
}

fn from_arrays(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let (Some(k), Some(v)) = (elems(&args[0])?, elems(&args[1])?) else {
        return null(ret);
    };
    if k.len() != v.len() {
        let mut e = sabot_common::SparkError::new(
            sabot_common::error::ExceptionKind::Runtime,
            "The key array and value array of MapData must have the same length.",
        );
        e.error_class = Some("_LEGACY_ERROR_TEMP_2128".to_string());
        return Err(to_df(e));
    }
    checked_map(k.into_iter().zip(v).collect(), ret)
}

fn ret_from_entries(types: &[ArrowType]) -> DfResult<ArrowType> {
    let el = super::rowwise::element_type(types.first().unwrap_or(&ArrowType::Null))?;
    match el {
        ArrowType::Struct(f) if f.len() == 2 => {
            Ok(map_of(f[0].data_type().clone(), f[1].data_type().clone()))
        }
        other => exec_err!("map_from_entries expects an array of pairs, got {other}"),
    }
}

fn from_entries(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let Some(items) = elems(&args[0])? else {
        return null(ret);
    };
    let mut pairs = Vec::with_capacity(items.len());
    for item in items {
        let ScalarValue::Struct(s) = &item else {
            return exec_err!("map_from_entries expects structs");
        };
        if s.is_null(0) {
            return null(ret);
        }
        pairs.push((
            ScalarValue::try_from_array(s.column(0), 0)?,
            ScalarValue::try_from_array(s.column(1), 0)?,
        ));
    }
    checked_map(pairs, ret)
}

fn map_type(ctx: &FunctionContext<'_>, name: &str, e: &DfExpr) -> Result<ArrowType> {
    let t = ctx.arg_type(e)?;
    if matches!(t, ArrowType::Map(_, _)) {
        Ok(t)
    } else {
        Err(unexpected_input_type(
            name,
            format!("the argument {e} requires the \"MAP\" type, however it has the type {t}"),
        ))
    }
}

/// `map(k1, v1, ...)`: keys and values each cast to a common type.
pub(crate) fn build_create(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    if !args.len().is_multiple_of(2) {
        return Err(crate::errors::wrong_num_args(
            "map",
            "2n (n > 0)",
            args.len(),
        ));
    }
    if args.is_empty() {
        let empty = make_map(Vec::new(), &map_of(ArrowType::Null, ArrowType::Null))
            .map_err(crate::errors::from_df)?;
        return Ok(lit(empty));
    }
    let types = ctx.arg_types(&args)?;
    let mut kt = ArrowType::Null;
    let mut vt = ArrowType::Null;
    for kv in types.chunks(2) {
        kt = common("map", &kt, &kv[0])?;
        vt = common("map", &vt, &kv[1])?;
    }
    let args = args
        .into_iter()
        .zip(types)
        .enumerate()
        .map(|(i, (e, t))| cast_to(e, &t, if i % 2 == 0 { &kt } else { &vt }))
        .collect();
    Ok(CREATE.call(args))
}

fn build_one(
    name: &str,
    udf: &ScalarUDF,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [m] = take_args(name, args)?;
    map_type(ctx, name, &m)?;
    Ok(udf.call(vec![m]))
}

pub(crate) fn build_keys(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    build_one("map_keys", &KEYS, args, ctx)
}

pub(crate) fn build_values(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_one("map_values", &VALUES, args, ctx)
}

pub(crate) fn build_entries(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_one("map_entries", &ENTRIES, args, ctx)
}

pub(crate) fn build_contains_key(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [m, k] = take_args("map_contains_key", args)?;
    let (key, _) =
        map_types(&map_type(ctx, "map_contains_key", &m)?).map_err(crate::errors::from_df)?;
    let kt = ctx.arg_type(&k)?;
    Ok(CONTAINS_KEY.call(vec![m, cast_to(k, &kt, &key)]))
}

/// `map_concat(m1, m2, ...)`; with no argument an empty `map<string, string>`.
pub(crate) fn build_concat(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    if args.is_empty() {
        let empty = make_map(Vec::new(), &map_of(ArrowType::Utf8, ArrowType::Utf8))
            .map_err(crate::errors::from_df)?;
        return Ok(lit(empty));
    }
    // The maps' common key and value types (Spark's `MapConcat` coercion); a map that has
    // other types is cast.
    let types = args
        .iter()
        .map(|m| map_type(ctx, "map_concat", m))
        .collect::<Result<Vec<_>>>()?;
    let mut kt = ArrowType::Null;
    let mut vt = ArrowType::Null;
    for t in &types {
        let (k, v) = map_types(t).map_err(crate::errors::from_df)?;
        kt = common("map_concat", &kt, &k)?;
        vt = common("map_concat", &vt, &v)?;
    }
    let args = args
        .into_iter()
        .zip(types)
        .map(|(m, t)| {
            let same = map_types(&t).is_ok_and(|(k, v)| k == kt && v == vt);
            if same {
                m
            } else {
                cast_to(m, &t, &map_of(kt.clone(), vt.clone()))
            }
        })
        .collect::<Vec<_>>();
    Ok(CONCAT.call(args))
}

pub(crate) fn build_from_arrays(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [k, v] = take_args("map_from_arrays", args)?;
    array_element(ctx, "map_from_arrays", &k)?;
    array_element(ctx, "map_from_arrays", &v)?;
    Ok(FROM_ARRAYS.call(vec![k, v]))
}

pub(crate) fn build_from_entries(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [a] = take_args("map_from_entries", args)?;
    match array_element(ctx, "map_from_entries", &a)? {
        ArrowType::Struct(f) if f.len() == 2 => Ok(FROM_ENTRIES.call(vec![a])),
        _ => Err(unexpected_input_type(
            "map_from_entries",
            "the argument requires the \"ARRAY<STRUCT<KEY, VALUE>>\" type",
        )),
    }
}
