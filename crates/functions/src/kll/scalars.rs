//! The KLL scalar functions (Spark's `KllSketchGetN*`, `KllSketchGetQuantile*`,
//! `KllSketchGetRank*`, `KllSketchMerge*`, `KllSketchToString*`): NULL in, NULL out; invalid
//! or (for quantile/rank) empty sketches fail with `KLL_INVALID_INPUT_SKETCH_BUFFER`; ranks
//! outside [0, 1] with `KLL_SKETCH_INVALID_QUANTILE_RANGE`. Quantile and rank take one
//! constant or an array of them (an array result).

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BinaryArray, Int64Array, ListArray, StringArray,
};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility,
};
use datasketches::kll::{KllFloat, KllSketch};
use sabot_common::Result;

use super::errors::{invalid_buffer, invalid_quantile_range, non_foldable};
use super::item::{Item, Ty};
use super::sketch::{java_merge, quantile, rank, read, summary};
use crate::FunctionContext;
use crate::errors::{unexpected_input_type, wrong_num_args};
use crate::hll::binary_arg;
use crate::json::to_json_type_sql as type_sql;
use crate::utils::{cast_to, constant_value, is_decimal, is_floating, is_integral, is_string, udf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    GetN,
    Quantile,
    Rank,
    Merge,
    ToString,
}

impl Op {
    fn base(self) -> &'static str {
        match self {
            Op::GetN => "kll_sketch_get_n",
            Op::Quantile => "kll_sketch_get_quantile",
            Op::Rank => "kll_sketch_get_rank",
            Op::Merge => "kll_sketch_merge",
            Op::ToString => "kll_sketch_to_string",
        }
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct KllScalar {
    op: Op,
    ty: Ty,
    /// The Spark function name (for errors).
    spark: String,
    name: String,
    signature: Signature,
}

fn list_of(t: ArrowType) -> ArrowType {
    ArrowType::List(Arc::new(Field::new_list_field(t, true)))
}

impl KllScalar {
    fn ret(&self, args: &[ArrowType]) -> ArrowType {
        let array_arg = matches!(args.get(1), Some(ArrowType::List(_)));
        match self.op {
            Op::GetN => ArrowType::Int64,
            Op::Merge => ArrowType::Binary,
            Op::ToString => ArrowType::Utf8,
            Op::Quantile if array_arg => list_of(self.ty.arrow()),
            Op::Quantile => self.ty.arrow(),
            Op::Rank if array_arg => list_of(ArrowType::Float64),
            Op::Rank => ArrowType::Float64,
        }
    }

    fn run<T: Item>(&self, args: &[ArrayRef]) -> DfResult<ArrayRef> {
        let name = self.spark.as_str();
        let Some(s) = args.first() else {
            return datafusion::common::exec_err!("{name} expects arguments");
        };
        let s = s.as_binary::<i32>();
        let rows = 0..s.len();
        match self.op {
            Op::GetN => {
                let out = rows
                    .map(|i| {
                        if s.is_null(i) {
                            return Ok(None);
                        }
                        let k = read::<T>(s.value(i), name)?;
                        Ok(Some(k.n() as i64))
                    })
                    .collect::<DfResult<Int64Array>>()?;
                Ok(Arc::new(out))
            }
            Op::ToString => {
                let out = rows
                    .map(|i| {
                        if s.is_null(i) {
                            return Ok(None);
                        }
                        let image = s.value(i);
                        Ok(Some(summary(&read::<T>(image, name)?, image)))
                    })
                    .collect::<DfResult<StringArray>>()?;
                Ok(Arc::new(out))
            }
            Op::Merge => {
                let Some(b) = args.get(1) else {
                    return datafusion::common::exec_err!("{name} expects 2 arguments");
                };
                let b = b.as_binary::<i32>();
                let out = rows
                    .map(|i| {
                        if s.is_null(i) || b.is_null(i) {
                            return Ok(None);
                        }
                        let mut left = read::<T>(s.value(i), name)?;
                        let right = read::<T>(b.value(i), name)?;
                        java_merge(&mut left, &right)?;
                        Ok(Some(left.serialize()))
                    })
                    .collect::<DfResult<Vec<_>>>()?;
                Ok(Arc::new(BinaryArray::from_iter(out)))
            }
            Op::Quantile | Op::Rank => {
                let Some(p) = args.get(1) else {
                    return datafusion::common::exec_err!("{name} expects 2 arguments");
                };
                self.query::<T>(s, p)
            }
        }
    }

    /// Quantile or rank queries, one value or an array per row.
    fn query<T: Item>(&self, s: &BinaryArray, p: &ArrayRef) -> DfResult<ArrayRef> {
        let name = self.spark.as_str();
        let sketch_at = |i: usize| -> DfResult<KllSketch<T>> {
            let k = read::<T>(s.value(i), name)?;
            if k.is_empty() {
                return Err(invalid_buffer(name));
            }
            Ok(k)
        };
        let one = |k: &KllSketch<T>, v: &ScalarValue| -> DfResult<Option<ScalarValue>> {
            if v.is_null() {
                return Ok(None);
            }
            Ok(Some(if self.op == Op::Quantile {
                let ScalarValue::Float64(Some(r)) = v else {
                    return Ok(None);
                };
                if !(0.0..=1.0).contains(r) {
                    return Err(invalid_quantile_range(name));
                }
                let q = quantile(k, *r);
                ScalarValue::try_from_array(&T::array(vec![q]), 0)?
            } else {
                let Some(item) = T::from_scalar(v) else {
                    return Ok(None);
                };
                ScalarValue::Float64(rank(k, &item))
            }))
        };
        if let ArrowType::List(_) = p.data_type() {
            let lists = p.as_list::<i32>();
            let mut values: Vec<ScalarValue> = Vec::new();
            let mut offsets = vec![0i32];
            let mut valid = Vec::with_capacity(s.len());
            for i in 0..s.len() {
                if s.is_null(i) || lists.is_null(i) {
                    valid.push(false);
                    offsets.push(values.len() as i32);
                    continue;
                }
                let k = sketch_at(i)?;
                let items = lists.value(i);
                for j in 0..items.len() {
                    let v = ScalarValue::try_from_array(&items, j)?;
                    let out_type = self.ret(&[ArrowType::Binary, p.data_type().clone()]);
                    let elem = match &out_type {
                        ArrowType::List(f) => f.data_type().clone(),
                        t => t.clone(),
                    };
                    values.push(match one(&k, &v)? {
                        Some(x) => x,
                        None => ScalarValue::try_from(&elem)?,
                    });
                }
                valid.push(true);
                offsets.push(values.len() as i32);
            }
            let elem = match self.op {
                Op::Quantile => self.ty.arrow(),
                _ => ArrowType::Float64,
            };
            let flat = if values.is_empty() {
                datafusion::arrow::array::new_empty_array(&elem)
            } else {
                ScalarValue::iter_to_array(values)?
            };
            let list = ListArray::try_new(
                Arc::new(Field::new_list_field(elem, true)),
                OffsetBuffer::new(offsets.into()),
                flat,
                Some(valid.into()),
            )?;
            return Ok(Arc::new(list));
        }
        let mut out = Vec::with_capacity(s.len());
        for i in 0..s.len() {
            let v = ScalarValue::try_from_array(p, i)?;
            if s.is_null(i) || v.is_null() {
                out.push(None);
                continue;
            }
            out.push(one(&sketch_at(i)?, &v)?);
        }
        let elem = match self.op {
            Op::Quantile => self.ty.arrow(),
            _ => ArrowType::Float64,
        };
        if out.iter().all(Option::is_none) {
            return Ok(datafusion::arrow::array::new_null_array(&elem, out.len()));
        }
        let filled = out
            .into_iter()
            .map(|v| v.map_or_else(|| ScalarValue::try_from(&elem), Ok))
            .collect::<DfResult<Vec<_>>>()?;
        ScalarValue::iter_to_array(filled)
    }
}

impl ScalarUDFImpl for KllScalar {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, args: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(self.ret(args))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let nullable = args.arg_fields.iter().any(|f| f.is_nullable());
        let types: Vec<ArrowType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        Ok(Arc::new(Field::new(
            self.name(),
            self.ret(&types),
            nullable,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let out = match self.ty {
            Ty::Bigint => self.run::<i64>(&arrays)?,
            Ty::Double => self.run::<KllFloat<f64>>(&arrays)?,
            Ty::Float => self.run::<KllFloat<f32>>(&arrays)?,
        };
        Ok(ColumnarValue::Array(out))
    }
}

const OPS: [Op; 5] = [Op::GetN, Op::Quantile, Op::Rank, Op::Merge, Op::ToString];
const TYS: [Ty; 3] = [Ty::Bigint, Ty::Double, Ty::Float];

fn make(op: Op, ty: Ty) -> Arc<ScalarUDF> {
    let spark = format!("{}_{}", op.base(), ty.suffix());
    let arity = match op {
        Op::GetN | Op::ToString => 1,
        _ => 2,
    };
    udf(KllScalar {
        op,
        ty,
        name: format!("spark_{spark}"),
        spark,
        signature: Signature::any(arity, Volatility::Immutable),
    })
}

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    OPS.iter()
        .flat_map(|op| TYS.iter().map(move |ty| make(*op, *ty)))
        .collect()
}

/// The quantile (rank) or rank (item) argument, cast to its element type; must be constant.
fn param(op: Op, ty: Ty, e: DfExpr, ctx: &FunctionContext<'_>, sql: &str) -> Result<DfExpr> {
    let spark = format!("{}_{}", op.base(), ty.suffix());
    let target = if op == Op::Quantile {
        ArrowType::Float64
    } else {
        ty.arrow()
    };
    let numeric = |t: &ArrowType| is_integral(t) || is_floating(t) || is_decimal(t);
    let t = ctx.arg_type(&e)?;
    let wanted = match (op, ty) {
        (Op::Quantile, _) | (_, Ty::Double) => "(\"DOUBLE\" or \"ARRAY<DOUBLE>\")",
        (_, Ty::Bigint) => "(\"BIGINT\" or \"ARRAY<BIGINT>\")",
        (_, Ty::Float) => "(\"FLOAT\" or \"ARRAY<FLOAT>\")",
    };
    let cast = match &t {
        ArrowType::Null => cast_to(e.clone(), &t, &target),
        // Spark's implicit cast of text: invalid text fails under ANSI, is NULL otherwise.
        t if is_string(t) && ctx.ansi => cast_to(e.clone(), t, &target),
        t if is_string(t) => datafusion::logical_expr::try_cast(e.clone(), target.clone()),
        t if numeric(t) => cast_to(e.clone(), t, &target),
        ArrowType::List(f) if numeric(f.data_type()) || f.data_type() == &ArrowType::Null => {
            cast_to(e.clone(), &t, &list_of(target))
        }
        _ => {
            return Err(unexpected_input_type(
                &spark,
                format!(
                    "The second parameter requires the {wanted} type, however \"{e}\" has the type \"{}\"",
                    type_sql(&t)
                ),
            ));
        }
    };
    if constant_value(&e).is_none() {
        let what = if op == Op::Quantile {
            "rank"
        } else {
            "quantile"
        };
        return Err(non_foldable(
            sql,
            &format!("`{what}`"),
            "DOUBLE",
            &e.to_string(),
        ));
    }
    Ok(cast)
}

fn build(op: Op, ty: Ty, args: Vec<DfExpr>, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let spark = format!("{}_{}", op.base(), ty.suffix());
    let arity = match op {
        Op::GetN | Op::ToString => 1,
        _ => 2,
    };
    if args.len() != arity {
        return Err(wrong_num_args(&spark, &arity.to_string(), args.len()));
    }
    let sql = format!(
        "{spark}({})",
        args.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut it = args.into_iter();
    let mut out = Vec::with_capacity(arity);
    if let Some(s) = it.next() {
        out.push(binary_arg(s, ctx, &spark, "first")?);
    }
    if let Some(p) = it.next() {
        out.push(match op {
            Op::Merge => binary_arg(p, ctx, &spark, "second")?,
            _ => param(op, ty, p, ctx, &sql)?,
        });
    }
    Ok(make(op, ty).call(out))
}

macro_rules! builders {
    ($($f:ident => $op:expr, $ty:expr;)*) => {$(
        pub(crate) fn $f(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
            build($op, $ty, args, ctx)
        }
    )*};
}

builders! {
    get_n_bigint => Op::GetN, Ty::Bigint;
    get_n_double => Op::GetN, Ty::Double;
    get_n_float => Op::GetN, Ty::Float;
    quantile_bigint => Op::Quantile, Ty::Bigint;
    quantile_double => Op::Quantile, Ty::Double;
    quantile_float => Op::Quantile, Ty::Float;
    rank_bigint => Op::Rank, Ty::Bigint;
    rank_double => Op::Rank, Ty::Double;
    rank_float => Op::Rank, Ty::Float;
    merge_bigint => Op::Merge, Ty::Bigint;
    merge_double => Op::Merge, Ty::Double;
    merge_float => Op::Merge, Ty::Float;
    to_string_bigint => Op::ToString, Ty::Bigint;
    to_string_double => Op::ToString, Ty::Double;
    to_string_float => Op::ToString, Ty::Float;
}
