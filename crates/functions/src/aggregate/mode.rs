//! `mode(x[, deterministic])` (Spark's `Mode`): the most frequent non-NULL value, NULL for
//! none. With `deterministic` a tie goes to the smallest value; without it Spark returns the
//! first tied value in the iteration order of its `OpenHashMap`, which Sabot reproduces for
//! keys whose Java `hashCode` it knows (numbers, dates, timestamps, booleans, strings) and
//! otherwise also resolves to the smallest (one of the values Spark may return).

use std::collections::HashMap;

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::{Result, SparkError};

use super::collected::{Rows, call};
use super::kinds::{Kind, spark_cmp};
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::hash::murmur3::{murmur3_bytes, murmur3_int};
use crate::utils::check_args;

/// The Java `hashCode` of a boxed Spark value, where Sabot knows it.
fn java_hash(v: &ScalarValue) -> Option<i32> {
    let long = |l: i64| (l ^ ((l as u64) >> 32) as i64) as i32;
    Some(match v {
        ScalarValue::Boolean(Some(true)) => 1231,
        ScalarValue::Boolean(Some(false)) => 1237,
        ScalarValue::Int8(Some(i)) => i32::from(*i),
        ScalarValue::Int16(Some(i)) => i32::from(*i),
        ScalarValue::Int32(Some(i)) | ScalarValue::Date32(Some(i)) => *i,
        ScalarValue::Int64(Some(i)) | ScalarValue::TimestampMicrosecond(Some(i), _) => long(*i),
        ScalarValue::Float64(Some(d)) if d.is_nan() => long(0x7ff8_0000_0000_0000),
        ScalarValue::Float64(Some(d)) => long(d.to_bits() as i64),
        ScalarValue::Float32(Some(f)) if f.is_nan() => 0x7fc0_0000,
        ScalarValue::Float32(Some(f)) => f.to_bits() as i32,
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => murmur3_bytes(s.as_bytes(), 42),
        _ => return None,
    })
}

/// The distinct keys in the iteration order of Spark's `OpenHashSet` after inserting them in
/// this order: capacity 64 doubling past a 0.7 load, slot `murmur3(hashCode) & mask`, probing
/// 1, 2, 3... slots further; growing re-inserts in slot order.
fn open_hash_order<'a>(keys: &[&'a ScalarValue]) -> Option<Vec<&'a ScalarValue>> {
    type Slot<'a> = Option<(&'a ScalarValue, i32)>;
    fn insert<'a>(table: &mut [Slot<'a>], key: &'a ScalarValue, h: i32) {
        let mask = table.len() - 1;
        let mut pos = (murmur3_int(h) as u32 as usize) & mask;
        let mut delta = 1;
        while table[pos].is_some() {
            pos = (pos + delta) & mask;
            delta += 1;
        }
        table[pos] = Some((key, h));
    }
    let mut table: Vec<Slot<'a>> = vec![None; 64];
    let mut size = 0usize;
    for key in keys {
        let h = java_hash(key)?;
        insert(&mut table, key, h);
        size += 1;
        if size > table.len() * 7 / 10 {
            let old: Vec<(&ScalarValue, i32)> = table.iter().flatten().copied().collect();
            table = vec![None; table.len() * 2];
            for (k, h) in old {
                insert(&mut table, k, h);
            }
        }
    }
    Some(table.into_iter().flatten().map(|(k, _)| k).collect())
}

pub(crate) fn finish(
    params: &[ScalarValue],
    ret: &ArrowType,
    rows: &Rows,
) -> DfResult<ScalarValue> {
    let deterministic = matches!(params.first(), Some(ScalarValue::Boolean(Some(true))));
    let mut counts: HashMap<&ScalarValue, u64> = HashMap::new();
    let mut first_seen: Vec<&ScalarValue> = Vec::new();
    for r in rows {
        if let Some(x) = r.first().filter(|x| !x.is_null()) {
            let c = counts.entry(x).or_insert(0);
            if *c == 0 {
                first_seen.push(x);
            }
            *c += 1;
        }
    }
    let Some(top) = counts.values().max().copied() else {
        return ScalarValue::try_from(ret);
    };
    let order = if deterministic {
        None
    } else {
        open_hash_order(&first_seen)
    };
    let best = match order {
        // Scala's `maxBy` keeps the first maximum in iteration order.
        Some(order) => order.into_iter().find(|k| counts.get(k) == Some(&top)),
        None => first_seen
            .into_iter()
            .filter(|k| counts.get(k) == Some(&top))
            .min_by(|a, b| spark_cmp(a, b)),
    };
    match best {
        Some(x) => Ok(x.clone()),
        None => ScalarValue::try_from(ret),
    }
}

pub(crate) fn build(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("mode", &args, 1, 2)?;
    let mut it = args.into_iter();
    let x = it
        .next()
        .ok_or_else(|| SparkError::internal("missing argument"))?;
    let deterministic = match it.next() {
        None => false,
        Some(DfExpr::Literal(ScalarValue::Boolean(Some(b)), _)) => b,
        Some(other) => {
            return Err(unexpected_input_type(
                "mode",
                format!("the `deterministic` of `mode` must be a boolean literal, got {other}"),
            ));
        }
    };
    let ret = ctx.arg_type(&x)?;
    with_distinct(
        call(
            Kind::Mode,
            vec![ScalarValue::Boolean(Some(deterministic))],
            ret,
            true,
            vec![x],
        ),
        distinct,
    )
}

/// `mode(x)`; Spark prints the deterministic form as `mode() WITHIN GROUP (ORDER BY x DESC)`.
pub(crate) fn display(name: &str, args: &[String], distinct: bool) -> String {
    match args {
        [x, d] if d == "true" => format!("{name}() WITHIN GROUP (ORDER BY {x} DESC)"),
        _ => crate::display_call(name, &args[..args.len().min(1)], distinct),
    }
}
