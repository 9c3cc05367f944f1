//! `DISTINCT` for the KLL aggregates: the buffer keeps each distinct input once (its
//! little-endian bytes, or the sketch image for the merge aggregates; `-0.0` counted as `0.0`
//! as Spark normalizes it) and builds the sketch from them at the end, so that duplicates in
//! different partitions are still counted once.

use std::collections::HashSet;
use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BinaryArray, Float32Array, Float64Array, Int64Array,
};
use datafusion::arrow::datatypes::{Float32Type, Float64Type, Int64Type};
use datafusion::common::{Result as DfResult, ScalarValue};

use super::agg::{merge_buffer, sketch_buffer};
use super::item::Ty;
use crate::hll::udaf::SketchBuffer;

#[derive(Debug)]
pub(crate) struct DistinctBuffer {
    ty: Ty,
    /// `Some(k)` for `kll_sketch_agg_*` (its k), `None` for `kll_merge_agg_*`.
    sketch_k: Option<u16>,
    merge_k: Option<u16>,
    seen: HashSet<Vec<u8>>,
    order: Vec<Vec<u8>>,
}

pub(crate) fn buffer(ty: Ty, sketch_k: Option<u16>, merge_k: Option<u16>) -> Box<dyn SketchBuffer> {
    Box::new(DistinctBuffer {
        ty,
        sketch_k,
        merge_k,
        seen: HashSet::new(),
        order: Vec::new(),
    })
}

impl DistinctBuffer {
    fn add(&mut self, v: Vec<u8>) {
        if self.seen.insert(v.clone()) {
            self.order.push(v);
        }
    }

    /// The kept values as the inner aggregate's input column.
    fn column(&self) -> ArrayRef {
        let items = self.order.iter();
        match (self.sketch_k, self.ty) {
            (None, _) => Arc::new(BinaryArray::from_iter_values(items)),
            (Some(_), Ty::Bigint) => {
                Arc::new(Int64Array::from_iter_values(items.filter_map(|b| {
                    b.as_slice().try_into().ok().map(i64::from_le_bytes)
                })))
            }
            (Some(_), Ty::Double) => {
                Arc::new(Float64Array::from_iter_values(items.filter_map(|b| {
                    b.as_slice().try_into().ok().map(f64::from_le_bytes)
                })))
            }
            (Some(_), Ty::Float) => {
                Arc::new(Float32Array::from_iter_values(items.filter_map(|b| {
                    b.as_slice().try_into().ok().map(f32::from_le_bytes)
                })))
            }
        }
    }
}

impl SketchBuffer for DistinctBuffer {
    fn update(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        let Some(a) = values.first() else {
            return Ok(());
        };
        match (self.sketch_k, self.ty) {
            (None, _) => {
                for v in a.as_binary::<i32>().iter().flatten() {
                    self.add(v.to_vec());
                }
            }
            (Some(_), Ty::Bigint) => {
                for v in a.as_primitive::<Int64Type>().iter().flatten() {
                    self.add(v.to_le_bytes().to_vec());
                }
            }
            (Some(_), Ty::Double) => {
                for v in a.as_primitive::<Float64Type>().iter().flatten() {
                    let v = if v == 0.0 { 0.0 } else { v };
                    self.add(v.to_le_bytes().to_vec());
                }
            }
            (Some(_), Ty::Float) => {
                for v in a.as_primitive::<Float32Type>().iter().flatten() {
                    let v = if v == 0.0 { 0.0 } else { v };
                    self.add(v.to_le_bytes().to_vec());
                }
            }
        }
        Ok(())
    }

    fn merge(&mut self, image: &[u8]) -> DfResult<()> {
        let mut rest = image;
        while rest.len() >= 4 {
            let len = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
            let Some(v) = rest.get(4..4 + len) else {
                break;
            };
            self.add(v.to_vec());
            rest = &rest[4 + len..];
        }
        Ok(())
    }

    fn state(&self) -> DfResult<Option<Vec<u8>>> {
        let mut out = Vec::new();
        for v in &self.order {
            out.extend_from_slice(&(v.len() as u32).to_le_bytes());
            out.extend_from_slice(v);
        }
        Ok(Some(out))
    }

    fn finish(&self) -> DfResult<ScalarValue> {
        let mut inner = match self.sketch_k {
            Some(k) => sketch_buffer(self.ty, k)?,
            None => merge_buffer(self.ty, self.merge_k),
        };
        let column = self.column();
        if !column.is_empty() {
            inner.update(&[column])?;
        }
        inner.finish()
    }
}
