//! `kll_sketch_agg_{bigint,double,float}(x [, k])` and `kll_merge_agg_{bigint,double,float}(
//! sketch [, k])` (Spark's `KllSketchAgg*`, `KllMergeAgg*`): compact sketch images, never NULL.
//! As in Spark, a single-partition input is aggregated in one step, while partial sketches
//! are merged into a fresh one, which re-inserts (and so reverses) exact-mode items.

use datafusion::arrow::array::{ArrayRef, AsArray};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use datasketches::kll::{KllFloat, KllSketch};
use sabot_common::Result;

use super::errors::{k_out_of_range, non_foldable, null_k};
use super::item::{Item, Ty, all_null};
use super::sketch::{java_merge, new_sketch, read};
use crate::FunctionContext;
use crate::errors::{unexpected_input_type, wrong_num_args};
use crate::hll::udaf::{SketchBuffer, Spec, call};
use crate::json::to_json_type_sql as type_sql;
use crate::utils::{cast_to, constant_value, is_integral};

const DEFAULT_K: u16 = 200;

#[derive(Debug)]
struct SketchAggBuffer<T: Item> {
    name: String,
    sketch: KllSketch<T>,
}

#[derive(Debug)]
struct MergeAggBuffer<T: Item> {
    name: String,
    k: Option<u16>,
    sketch: Option<KllSketch<T>>,
}

pub(crate) fn sketch_buffer(ty: Ty, k: u16) -> DfResult<Box<dyn SketchBuffer>> {
    fn make<T: Item>(ty: Ty, k: u16) -> DfResult<Box<dyn SketchBuffer>> {
        Ok(Box::new(SketchAggBuffer::<T> {
            name: format!("kll_sketch_agg_{}", ty.suffix()),
            sketch: new_sketch(k)?,
        }))
    }
    match ty {
        Ty::Bigint => make::<i64>(ty, k),
        Ty::Double => make::<KllFloat<f64>>(ty, k),
        Ty::Float => make::<KllFloat<f32>>(ty, k),
    }
}

pub(crate) fn merge_buffer(ty: Ty, k: Option<u16>) -> Box<dyn SketchBuffer> {
    fn make<T: Item>(ty: Ty, k: Option<u16>) -> Box<dyn SketchBuffer> {
        Box::new(MergeAggBuffer::<T> {
            name: format!("kll_merge_agg_{}", ty.suffix()),
            k,
            sketch: None,
        })
    }
    match ty {
        Ty::Bigint => make::<i64>(ty, k),
        Ty::Double => make::<KllFloat<f64>>(ty, k),
        Ty::Float => make::<KllFloat<f32>>(ty, k),
    }
}

impl<T: Item> SketchBuffer for SketchAggBuffer<T> {
    fn update(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        if let Some(a) = values.first().filter(|a| !all_null(a)) {
            for v in T::values(a) {
                self.sketch.update(v);
            }
        }
        Ok(())
    }

    fn merge(&mut self, image: &[u8]) -> DfResult<()> {
        let other = read::<T>(image, &self.name)?;
        // A partial sketch merged into an empty buffer is taken as it is (Spark's grouped
        // final aggregation keeps the partial's item order).
        if self.sketch.is_empty() {
            self.sketch = other;
            return Ok(());
        }
        java_merge(&mut self.sketch, &other)
    }

    fn state(&self) -> DfResult<Option<Vec<u8>>> {
        Ok(Some(self.sketch.serialize()))
    }

    fn finish(&self) -> DfResult<ScalarValue> {
        Ok(ScalarValue::Binary(Some(self.sketch.serialize())))
    }
}

impl<T: Item> SketchBuffer for MergeAggBuffer<T> {
    fn update(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        if let Some(a) = values.first() {
            for image in a.as_binary::<i32>().iter().flatten() {
                let other = read::<T>(image, &self.name)?;
                let dst = match self.sketch.take() {
                    Some(s) => s,
                    None => new_sketch(self.k.unwrap_or(other.k()))?,
                };
                let mut dst = dst;
                java_merge(&mut dst, &other)?;
                self.sketch = Some(dst);
            }
        }
        Ok(())
    }

    fn merge(&mut self, image: &[u8]) -> DfResult<()> {
        let other = read::<T>(image, &self.name)?;
        match &mut self.sketch {
            None => self.sketch = Some(other),
            Some(s) => java_merge(s, &other)?,
        }
        Ok(())
    }

    fn state(&self) -> DfResult<Option<Vec<u8>>> {
        Ok(self.sketch.as_ref().map(KllSketch::serialize))
    }

    fn finish(&self) -> DfResult<ScalarValue> {
        let bytes = match &self.sketch {
            Some(s) => s.serialize(),
            None => new_sketch::<T>(self.k.unwrap_or(DEFAULT_K))?.serialize(),
        };
        Ok(ScalarValue::Binary(Some(bytes)))
    }
}

/// The optional constant `k` (INT in [8, 65535]); `sql` is the call as Spark prints it.
fn k_param(e: &DfExpr, ctx: &FunctionContext<'_>, function: &str, sql: &str) -> Result<u16> {
    let t = ctx.arg_type(e)?;
    if !matches!(t, ArrowType::Int32 | ArrowType::Null) {
        return Err(unexpected_input_type(
            function,
            format!(
                "The second parameter requires the \"INT\" type, however \"{e}\" has the type \"{}\"",
                type_sql(&t)
            ),
        ));
    }
    match constant_value(e) {
        Some(ScalarValue::Int32(Some(k))) if (8..=65535).contains(&k) => Ok(k as u16),
        Some(ScalarValue::Int32(Some(k))) => Err(k_out_of_range(function, sql, i64::from(k))),
        Some(ScalarValue::Int32(None) | ScalarValue::Null) => Err(null_k(sql)),
        _ => Err(non_foldable(sql, "k", "int", &e.to_string())),
    }
}

fn split(function: &str, args: Vec<DfExpr>) -> Result<(DfExpr, Option<DfExpr>)> {
    let n = args.len();
    let mut it = args.into_iter();
    match (it.next(), it.next(), it.next()) {
        (Some(x), k, None) => Ok((x, k)),
        _ => Err(wrong_num_args(function, "[1, 2]", n)),
    }
}

fn build_sketch(
    ty: Ty,
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let name = format!("kll_sketch_agg_{}", ty.suffix());
    let (x, k) = split(&name, args)?;
    let t = ctx.arg_type(&x)?;
    let ok = match ty {
        Ty::Bigint => is_integral(&t),
        Ty::Double => matches!(t, ArrowType::Float32 | ArrowType::Float64),
        Ty::Float => matches!(t, ArrowType::Float32),
    };
    if !ok && t != ArrowType::Null {
        let wanted = match ty {
            Ty::Bigint => "(\"TINYINT\" or \"INT\" or \"BIGINT\" or \"SMALLINT\")",
            Ty::Double => "(\"FLOAT\" or \"DOUBLE\")",
            Ty::Float => "\"FLOAT\"",
        };
        return Err(unexpected_input_type(
            &name,
            format!(
                "The first parameter requires the {wanted} type, however \"{x}\" has the type \"{}\"",
                type_sql(&t)
            ),
        ));
    }
    let sql = format!(
        "{name}({x}{})",
        k.as_ref().map(|k| format!(", {k}")).unwrap_or_default()
    );
    let k = match k {
        Some(k) => k_param(&k, ctx, &name, &sql)?,
        None => DEFAULT_K,
    };
    let x = cast_to(x, &t, &ty.arrow());
    let spec = if distinct {
        Spec::KllDistinct(ty, Some(k), None)
    } else {
        Spec::KllSketch(ty, k)
    };
    Ok(call(spec, ArrowType::Binary, vec![x]))
}

fn build_merge(
    ty: Ty,
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let name = format!("kll_merge_agg_{}", ty.suffix());
    let (x, k) = split(&name, args)?;
    let x = crate::hll::binary_arg(x, ctx, &name, "first")?;
    let sql = format!(
        "{name}({x}{})",
        k.as_ref().map(|k| format!(", {k}")).unwrap_or_default()
    );
    let k = match k {
        Some(k) => Some(k_param(&k, ctx, &name, &sql)?),
        None => None,
    };
    let spec = if distinct {
        Spec::KllDistinct(ty, None, k)
    } else {
        Spec::KllMerge(ty, k)
    };
    Ok(call(spec, ArrowType::Binary, vec![x]))
}

macro_rules! builders {
    ($($sketch:ident, $merge:ident => $ty:expr;)*) => {$(
        pub(crate) fn $sketch(args: Vec<DfExpr>, distinct: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
            build_sketch($ty, args, distinct, ctx)
        }
        pub(crate) fn $merge(args: Vec<DfExpr>, distinct: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
            build_merge($ty, args, distinct, ctx)
        }
    )*};
}

builders! {
    sketch_bigint, merge_bigint => Ty::Bigint;
    sketch_double, merge_double => Ty::Double;
    sketch_float, merge_float => Ty::Float;
}
