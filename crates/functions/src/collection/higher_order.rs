//! DataFusion higher-order functions for Spark's `aggregate`/`reduce` (`ArrayAggregate`),
//! `array_sort` with a comparator (`ArraySort`) and `map_zip_with` (`MapZipWith`). The plan
//! layer resolves the lambdas and builds the calls; these evaluate them row by row.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, UInt32Array, new_empty_array, new_null_array,
};
use datafusion::arrow::compute::{cast, interleave, take};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::{Result as DfResult, ScalarValue, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, HigherOrderFunctionArgs, HigherOrderReturnFieldArgs, HigherOrderSignature,
    HigherOrderUDF, HigherOrderUDFImpl, LambdaArgument, LambdaParametersProgress, ValueOrLambda,
    Volatility,
};
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

use super::rowwise::{
    element_type, elems, entries, make_list, make_map, map_of, map_types, null, same,
};
use crate::errors::to_df;

/// Which function.
#[derive(Debug, PartialEq, Eq, Hash, Clone, Copy)]
enum Kind {
    /// `(array, zero, (acc, x) -> acc, acc -> out)`.
    Aggregate,
    /// `(array, (a, b) -> int)`.
    Sort,
    /// `(map1, map2, (k, v1, v2) -> out)`.
    MapZipWith,
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct SparkHigherOrder {
    kind: Kind,
    signature: HigherOrderSignature,
}

fn function(kind: Kind) -> Arc<HigherOrderUDF> {
    Arc::new(HigherOrderUDF::new_from_impl(SparkHigherOrder {
        kind,
        signature: HigherOrderSignature::variadic_any(Volatility::Immutable),
    }))
}

static AGGREGATE: LazyLock<Arc<HigherOrderUDF>> = LazyLock::new(|| function(Kind::Aggregate));
static SORT: LazyLock<Arc<HigherOrderUDF>> = LazyLock::new(|| function(Kind::Sort));
static MAP_ZIP_WITH: LazyLock<Arc<HigherOrderUDF>> = LazyLock::new(|| function(Kind::MapZipWith));

/// `aggregate(array, zero, merge, finish)`: the lambdas take `(acc, x)` and `(acc)`.
pub fn aggregate_function() -> Arc<HigherOrderUDF> {
    Arc::clone(&AGGREGATE)
}

/// `array_sort(array, comparator)`: the lambda takes `(left, right)` and returns an int.
pub fn array_sort_function() -> Arc<HigherOrderUDF> {
    Arc::clone(&SORT)
}

/// `map_zip_with(map1, map2, f)`: the lambda takes `(key, value1, value2)`.
pub fn map_zip_with_function() -> Arc<HigherOrderUDF> {
    Arc::clone(&MAP_ZIP_WITH)
}

fn param(name: &str, t: ArrowType) -> FieldRef {
    Arc::new(Field::new(name, t, true))
}

fn value_type(f: &ValueOrLambda<FieldRef, Option<FieldRef>>) -> DfResult<ArrowType> {
    match f {
        ValueOrLambda::Value(f) => Ok(f.data_type().clone()),
        ValueOrLambda::Lambda(_) => exec_err!("expected a value argument"),
    }
}

/// Repeats row `row`'s captured values `n` times.
fn spread(row: usize, n: usize) -> impl FnOnce(&[ArrayRef]) -> DfResult<Vec<ArrayRef>> {
    move |caps: &[ArrayRef]| {
        let idx = UInt32Array::from(vec![row as u32; n]);
        caps.iter()
            .map(|c| take(c.as_ref(), &idx, None).map_err(Into::into))
            .collect()
    }
}

/// Evaluates `lambda` on `n` rows of parameters, with the captures of row `row`.
fn call(lambda: &LambdaArgument, params: &[ArrayRef], row: usize, n: usize) -> DfResult<ArrayRef> {
    let closures: Vec<Box<dyn Fn() -> DfResult<ArrayRef>>> = params
        .iter()
        .map(|p| {
            let p = Arc::clone(p);
            Box::new(move || Ok(Arc::clone(&p))) as Box<dyn Fn() -> DfResult<ArrayRef>>
        })
        .collect();
    let refs: Vec<&dyn Fn() -> DfResult<ArrayRef>> = closures.iter().map(|c| c.as_ref()).collect();
    lambda.evaluate(&refs, spread(row, n))?.into_array(n)
}

/// Evaluates `lambda` over parameter arrays whose rows come from the input rows `rows`.
fn evaluate(
    lambda: &LambdaArgument,
    params: &[ArrayRef],
    rows: &UInt32Array,
) -> DfResult<ArrayRef> {
    let n = rows.len();
    let closures: Vec<Box<dyn Fn() -> DfResult<ArrayRef>>> = params
        .iter()
        .map(|p| {
            let p = Arc::clone(p);
            Box::new(move || Ok(Arc::clone(&p))) as Box<dyn Fn() -> DfResult<ArrayRef>>
        })
        .collect();
    let refs: Vec<&dyn Fn() -> DfResult<ArrayRef>> = closures.iter().map(|c| c.as_ref()).collect();
    let spread = |caps: &[ArrayRef]| {
        caps.iter()
            .map(|c| take(c.as_ref(), rows, None).map_err(Into::into))
            .collect()
    };
    lambda.evaluate(&refs, spread)?.into_array(n)
}

/// The offsets (as `usize`) and the values of a list array.
fn list_parts(list: &ArrayRef) -> DfResult<(Vec<usize>, ArrayRef)> {
    match list.data_type() {
        ArrowType::List(_) => {
            let l = list.as_list::<i32>();
            Ok((
                l.value_offsets().iter().map(|o| *o as usize).collect(),
                Arc::clone(l.values()),
            ))
        }
        ArrowType::LargeList(_) => {
            let l = list.as_list::<i64>();
            Ok((
                l.value_offsets().iter().map(|o| *o as usize).collect(),
                Arc::clone(l.values()),
            ))
        }
        other => exec_err!("aggregate expects an array, got {other}"),
    }
}

fn scalar_array(v: &ScalarValue, t: &ArrowType) -> DfResult<ArrayRef> {
    if v.is_null() && &v.data_type() != t {
        return null(t)?.to_array();
    }
    v.to_array()
}

fn comparator_null() -> datafusion::common::DataFusionError {
    to_df(SparkError::with_class(
        ExceptionKind::Internal,
        "COMPARATOR_RETURNS_NULL",
        "22004",
        "The comparator has returned a NULL for a comparison between elements. It should return a negative integer for \"less than\", 0 for \"equal\" and a positive integer for \"greater than\".",
    ))
}

impl SparkHigherOrder {
    /// Folds all rows at once: step `k` runs the merge lambda over the rows that have a `k`-th
    /// element, then the finish lambda runs over every row.
    fn aggregate(&self, args: &HigherOrderFunctionArgs) -> DfResult<ColumnarValue> {
        let [
            ValueOrLambda::Value(list),
            ValueOrLambda::Value(zero),
            ValueOrLambda::Lambda(merge),
            ValueOrLambda::Lambda(finish),
        ] = args.args.as_slice()
        else {
            return exec_err!("aggregate expects (array, zero, merge, finish)");
        };
        let n = args.number_rows;
        let ret = args.return_type().clone();
        let list = list.to_array(n)?;
        let (offsets, values) = list_parts(&list)?;
        let mut acc = zero.to_array(n)?;
        let acc_type = acc.data_type().clone();
        let lens: Vec<usize> = (0..n)
            .map(|r| {
                if list.is_null(r) {
                    0
                } else {
                    offsets[r + 1] - offsets[r]
                }
            })
            .collect();
        let longest = lens.iter().copied().max().unwrap_or(0);
        for k in 0..longest {
            let active: Vec<u32> = (0..n).filter(|&r| lens[r] > k).map(|r| r as u32).collect();
            let rows = UInt32Array::from(active.clone());
            let elems = UInt32Array::from(
                active
                    .iter()
                    .map(|&r| (offsets[r as usize] + k) as u32)
                    .collect::<Vec<_>>(),
            );
            let params = [
                take(acc.as_ref(), &rows, None)?,
                take(values.as_ref(), &elems, None)?,
            ];
            let merged = evaluate(merge, &params, &rows)?;
            let merged = cast(&merged, &acc_type)?;
            let mut pos = 0usize;
            let picks: Vec<(usize, usize)> = (0..n)
                .map(|r| {
                    if lens[r] > k {
                        pos += 1;
                        (1, pos - 1)
                    } else {
                        (0, r)
                    }
                })
                .collect();
            acc = interleave(&[acc.as_ref(), merged.as_ref()], &picks)?;
        }
        let all = UInt32Array::from((0..n as u32).collect::<Vec<_>>());
        let done = cast(&evaluate(finish, &[acc], &all)?, &ret)?;
        // A NULL array gives NULL.
        let nulls = new_null_array(&ret, 1);
        let picks: Vec<(usize, usize)> = (0..n)
            .map(|r| if list.is_null(r) { (1, 0) } else { (0, r) })
            .collect();
        Ok(ColumnarValue::Array(interleave(
            &[done.as_ref(), nulls.as_ref()],
            &picks,
        )?))
    }

    fn sort(&self, args: &HigherOrderFunctionArgs) -> DfResult<ColumnarValue> {
        let [ValueOrLambda::Value(list), ValueOrLambda::Lambda(cmp)] = args.args.as_slice() else {
            return exec_err!("array_sort expects (array, comparator)");
        };
        let n = args.number_rows;
        let ret = args.return_type().clone();
        let list = list.to_array(n)?;
        let el = element_type(list.data_type())?;
        let mut out = Vec::with_capacity(n);
        for row in 0..n {
            let Some(mut xs) = elems(&ScalarValue::try_from_array(&list, row)?)? else {
                out.push(null(&ret)?);
                continue;
            };
            let failure = RefCell::new(None);
            xs.sort_by(|a, b| {
                if failure.borrow().is_some() {
                    return Ordering::Equal;
                }
                let r = scalar_array(a, &el)
                    .and_then(|a| Ok((a, scalar_array(b, &el)?)))
                    .and_then(|(a, b)| call(cmp, &[a, b], row, 1))
                    .and_then(|r| ScalarValue::try_from_array(&r, 0));
                match r.and_then(|v| super::rowwise::int_arg(&v)) {
                    Ok(Some(v)) => v.cmp(&0),
                    Ok(None) => {
                        *failure.borrow_mut() = Some(comparator_null());
                        Ordering::Equal
                    }
                    Err(e) => {
                        *failure.borrow_mut() = Some(e);
                        Ordering::Equal
                    }
                }
            });
            if let Some(e) = failure.into_inner() {
                return Err(e);
            }
            out.push(make_list(&xs, &ret)?);
        }
        finish_rows(out, &ret)
    }

    fn map_zip_with(&self, args: &HigherOrderFunctionArgs) -> DfResult<ColumnarValue> {
        let [
            ValueOrLambda::Value(m1),
            ValueOrLambda::Value(m2),
            ValueOrLambda::Lambda(f),
        ] = args.args.as_slice()
        else {
            return exec_err!("map_zip_with expects (map1, map2, function)");
        };
        let n = args.number_rows;
        let ret = args.return_type().clone();
        let (m1, m2) = (m1.to_array(n)?, m2.to_array(n)?);
        let (kt, v1t) = map_types(m1.data_type())?;
        let (_, v2t) = map_types(m2.data_type())?;
        let mut out = Vec::with_capacity(n);
        for row in 0..n {
            let (Some(a), Some(b)) = (
                entries(&ScalarValue::try_from_array(&m1, row)?)?,
                entries(&ScalarValue::try_from_array(&m2, row)?)?,
            ) else {
                out.push(null(&ret)?);
                continue;
            };
            // Keys of the first map in order, then the second map's new keys.
            let mut keys: Vec<ScalarValue> = a.iter().map(|(k, _)| k.clone()).collect();
            for (k, _) in &b {
                if !keys.iter().any(|x| same(x, k)) {
                    keys.push(k.clone());
                }
            }
            let find = |m: &[(ScalarValue, ScalarValue)], k: &ScalarValue, t: &ArrowType| {
                m.iter()
                    .find(|(x, _)| same(x, k))
                    .map_or_else(|| null(t), |(_, v)| Ok(v.clone()))
            };
            let v1 = keys
                .iter()
                .map(|k| find(&a, k, &v1t))
                .collect::<DfResult<Vec<_>>>()?;
            let v2 = keys
                .iter()
                .map(|k| find(&b, k, &v2t))
                .collect::<DfResult<Vec<_>>>()?;
            let len = keys.len();
            let column = |items: &[ScalarValue], t: &ArrowType| -> DfResult<ArrayRef> {
                if items.is_empty() {
                    Ok(new_empty_array(t))
                } else {
                    ScalarValue::iter_to_array(items.iter().map(|v| {
                        if v.is_null() {
                            null(t).unwrap_or(ScalarValue::Null)
                        } else {
                            v.clone()
                        }
                    }))
                }
            };
            let values = if len == 0 {
                Vec::new()
            } else {
                let r = call(
                    f,
                    &[column(&keys, &kt)?, column(&v1, &v1t)?, column(&v2, &v2t)?],
                    row,
                    len,
                )?;
                (0..len)
                    .map(|i| ScalarValue::try_from_array(&r, i))
                    .collect::<DfResult<Vec<_>>>()?
            };
            out.push(make_map(keys.into_iter().zip(values).collect(), &ret)?);
        }
        finish_rows(out, &ret)
    }
}

fn finish_rows(out: Vec<ScalarValue>, ret: &ArrowType) -> DfResult<ColumnarValue> {
    if out.is_empty() {
        return Ok(ColumnarValue::Array(new_empty_array(ret)));
    }
    Ok(ColumnarValue::Array(ScalarValue::iter_to_array(out)?))
}

impl HigherOrderUDFImpl for SparkHigherOrder {
    fn name(&self) -> &str {
        match self.kind {
            Kind::Aggregate => "spark_aggregate",
            Kind::Sort => "spark_array_sort_by",
            Kind::MapZipWith => "spark_map_zip_with",
        }
    }

    fn signature(&self) -> &HigherOrderSignature {
        &self.signature
    }

    fn coerce_value_types(&self, arg_types: &[ArrowType]) -> DfResult<Vec<ArrowType>> {
        Ok(arg_types.to_vec())
    }

    fn clear_null_values(&self) -> bool {
        false
    }

    fn lambda_parameters(
        &self,
        _step: usize,
        fields: &[ValueOrLambda<FieldRef, Option<FieldRef>>],
    ) -> DfResult<LambdaParametersProgress> {
        Ok(LambdaParametersProgress::Complete(match self.kind {
            Kind::Aggregate => {
                let (Some(list), Some(zero)) = (fields.first(), fields.get(1)) else {
                    return exec_err!("aggregate expects (array, zero, merge, finish)");
                };
                let el = element_type(&value_type(list)?)?;
                let acc = value_type(zero)?;
                vec![
                    vec![param("acc", acc.clone()), param("x", el)],
                    vec![param("acc", acc)],
                ]
            }
            Kind::Sort => {
                let Some(list) = fields.first() else {
                    return exec_err!("array_sort expects (array, comparator)");
                };
                let el = element_type(&value_type(list)?)?;
                vec![vec![param("left", el.clone()), param("right", el)]]
            }
            Kind::MapZipWith => {
                let (Some(m1), Some(m2)) = (fields.first(), fields.get(1)) else {
                    return exec_err!("map_zip_with expects (map1, map2, function)");
                };
                let (k, v1) = map_types(&value_type(m1)?)?;
                let (_, v2) = map_types(&value_type(m2)?)?;
                vec![vec![param("k", k), param("v1", v1), param("v2", v2)]]
            }
        }))
    }

    fn return_field_from_args(&self, args: HigherOrderReturnFieldArgs) -> DfResult<FieldRef> {
        let t = match (self.kind, args.arg_fields) {
            (Kind::Aggregate, [_, _, _, ValueOrLambda::Lambda(finish)]) => {
                finish.data_type().clone()
            }
            (Kind::Sort, [ValueOrLambda::Value(list), _]) => {
                super::rowwise::list_of(element_type(list.data_type())?)
            }
            (Kind::MapZipWith, [ValueOrLambda::Value(m1), _, ValueOrLambda::Lambda(f)]) => {
                map_of(map_types(m1.data_type())?.0, f.data_type().clone())
            }
            _ => return exec_err!("{}: unexpected arguments", self.name()),
        };
        Ok(Arc::new(Field::new(self.name(), t, true)))
    }

    fn invoke_with_args(&self, args: HigherOrderFunctionArgs) -> DfResult<ColumnarValue> {
        match self.kind {
            Kind::Aggregate => self.aggregate(&args),
            Kind::Sort => self.sort(&args),
            Kind::MapZipWith => self.map_zip_with(&args),
        }
    }
}
