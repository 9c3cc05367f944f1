//! `count_min_sketch(x, eps, confidence, seed)` (Spark's `CountMinSketchAgg` over
//! `CountMinSketchImpl`): a sketch of width `ceil(2 / eps)` and depth
//! `ceil(-ln(1 - confidence) / ln 2)` whose row hashes come from `java.util.Random(seed)`,
//! serialized as Spark's `writeTo` (big-endian: version 1, total count, depth, width, the
//! hash seeds, the table). Integral values are hashed as longs, strings and binaries with
//! Spark's Murmur3. Never NULL.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::collected::{Rows, call};
use super::java_random::JavaRandom;
use super::kinds::Kind;
use super::params::{constant, double_sql, non_foldable, out_of_range};
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::hash::murmur3::murmur3_bytes;
use crate::utils::{cast_to, is_integral, is_string, take_args};

const PRIME_MODULUS: i64 = (1 << 31) - 1;

struct Sketch {
    depth: usize,
    width: usize,
    hash_a: Vec<i64>,
    table: Vec<i64>,
    total: i64,
}

impl Sketch {
    fn new(eps: f64, confidence: f64, seed: i32) -> Self {
        let width = (2.0 / eps).ceil() as usize;
        let depth = (-(1.0 - confidence).ln() / 2f64.ln()).ceil() as usize;
        let mut r = JavaRandom::new(i64::from(seed));
        let hash_a = (0..depth)
            .map(|_| i64::from(r.next_int(i32::MAX)))
            .collect();
        Self {
            depth,
            width,
            hash_a,
            table: vec![0; depth * width],
            total: 0,
        }
    }

    fn add_long(&mut self, item: i64) {
        for i in 0..self.depth {
            let mut h = self.hash_a[i].wrapping_mul(item);
            h = h.wrapping_add(h >> 32);
            h &= PRIME_MODULUS;
            let bucket = (h as i32) as usize % self.width;
            self.table[i * self.width + bucket] += 1;
        }
        self.total += 1;
    }

    fn add_bytes(&mut self, item: &[u8]) {
        let h1 = murmur3_bytes(item, 0);
        let h2 = murmur3_bytes(item, h1);
        for i in 0..self.depth {
            // Math.abs((hash1 + i * hash2) % width), in int arithmetic.
            let combined = h1.wrapping_add((i as i32).wrapping_mul(h2));
            let bucket = (combined % self.width as i32).unsigned_abs() as usize;
            self.table[i * self.width + bucket] += 1;
        }
        self.total += 1;
    }

    fn serialize(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(20 + 8 * (self.depth + self.table.len()));
        out.extend_from_slice(&1i32.to_be_bytes());
        out.extend_from_slice(&self.total.to_be_bytes());
        out.extend_from_slice(&(self.depth as i32).to_be_bytes());
        out.extend_from_slice(&(self.width as i32).to_be_bytes());
        for a in &self.hash_a {
            out.extend_from_slice(&a.to_be_bytes());
        }
        for c in &self.table {
            out.extend_from_slice(&c.to_be_bytes());
        }
        out
    }
}

/// Params: eps, confidence, seed.
pub(crate) fn finish(params: &[ScalarValue], rows: &Rows) -> DfResult<ScalarValue> {
    let (
        Some(ScalarValue::Float64(Some(eps))),
        Some(ScalarValue::Float64(Some(confidence))),
        Some(ScalarValue::Int32(Some(seed))),
    ) = (params.first(), params.get(1), params.get(2))
    else {
        return Ok(ScalarValue::Binary(None));
    };
    let mut sketch = Sketch::new(*eps, *confidence, *seed);
    for r in rows {
        match r.first() {
            Some(ScalarValue::Int64(Some(v))) => sketch.add_long(*v),
            Some(ScalarValue::Utf8(Some(s))) => sketch.add_bytes(s.as_bytes()),
            Some(ScalarValue::Binary(Some(b))) => sketch.add_bytes(b),
            _ => {}
        }
    }
    Ok(ScalarValue::Binary(Some(sketch.serialize())))
}

fn double_param(e: &DfExpr, name: &str) -> Result<f64> {
    match constant(e).map(|v| v.cast_to(&ArrowType::Float64)) {
        Some(Ok(ScalarValue::Float64(Some(v)))) => Ok(v),
        _ => Err(non_foldable(
            "count_min_sketch",
            name,
            "DOUBLE",
            &e.to_string(),
        )),
    }
}

pub(crate) fn build(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x, eps, confidence, seed] = take_args("count_min_sketch", args)?;
    let eps = double_param(&eps, "eps")?;
    let confidence = double_param(&confidence, "confidence")?;
    let seed = match constant(&seed).map(|v| v.cast_to(&ArrowType::Int32)) {
        Some(Ok(ScalarValue::Int32(Some(s)))) => s,
        _ => {
            return Err(non_foldable(
                "count_min_sketch",
                "seed",
                "INT",
                &seed.to_string(),
            ));
        }
    };
    if eps <= 0.0 {
        return Err(out_of_range(
            "count_min_sketch",
            "eps",
            "(0.0, 1.7976931348623157E308]",
            &double_sql(eps),
        ));
    }
    if confidence <= 0.0 || confidence > 1.0 {
        return Err(out_of_range(
            "count_min_sketch",
            "confidence",
            "(0.0, 1.0]",
            &double_sql(confidence),
        ));
    }
    // Spark allocates the table as given; refuse sizes that cannot be allocated.
    let cells = (2.0 / eps).ceil() * (-(1.0 - confidence).ln() / 2f64.ln()).ceil();
    if !cells.is_finite() || cells > f64::from(1u32 << 27) {
        return Err(sabot_common::SparkError::unsupported(format!(
            "count_min_sketch with eps {eps} and confidence {confidence} (a table of {cells} counters)"
        )));
    }
    let t = ctx.arg_type(&x)?;
    let x = if is_integral(&t) {
        cast_to(x, &t, &ArrowType::Int64)
    } else if is_string(&t) {
        cast_to(x, &t, &ArrowType::Utf8)
    } else if matches!(
        t,
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView
    ) {
        cast_to(x, &t, &ArrowType::Binary)
    } else {
        return Err(unexpected_input_type(
            "count_min_sketch",
            format!(
                "The first parameter requires the (\"INTEGRAL\" or \"STRING\" or \"BINARY\") type, got {t}"
            ),
        ));
    };
    let params = vec![
        ScalarValue::Float64(Some(eps)),
        ScalarValue::Float64(Some(confidence)),
        ScalarValue::Int32(Some(seed)),
    ];
    with_distinct(
        call(
            Kind::CountMinSketch,
            params,
            ArrowType::Binary,
            false,
            vec![x],
        ),
        distinct,
    )
}
