//! Parsed values already converted to their Spark type (one [`Cell`] tree per row), and the
//! Arrow column built from them; shared by `from_json` and `from_csv`.

use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, BinaryBuilder, BooleanBuilder, Date32Builder, Decimal128Builder, Float32Builder,
    Float64Builder, Int8Builder, Int16Builder, Int32Builder, Int64Builder, ListArray, MapArray,
    NullArray, StringBuilder, StructArray, TimestampMicrosecondBuilder,
};
use datafusion::arrow::buffer::{NullBuffer, OffsetBuffer};
use datafusion::arrow::datatypes::{DataType as ArrowType, Fields};
use datafusion::common::{DataFusionError, Result as DfResult};

/// One value of a Spark type: integers, dates (days) and timestamps (micros) as `I64`.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Bool(bool),
    I64(i64),
    F64(f64),
    Dec(i128),
    Str(String),
    Bin(Vec<u8>),
    List(Vec<Cell>),
    Map(Vec<(Cell, Cell)>),
    Struct(Vec<Cell>),
}

fn err(t: &ArrowType) -> DataFusionError {
    DataFusionError::Internal(format!("no JSON/CSV cell conversion to {t}"))
}

macro_rules! prim {
    ($b:expr, $cells:expr, $pat:pat => $v:expr) => {{
        let mut b = $b;
        for c in $cells {
            match c {
                $pat => b.append_value($v),
                _ => b.append_null(),
            }
        }
        Arc::new(b.finish()) as ArrayRef
    }};
}

fn validity(cells: &[&Cell]) -> Option<NullBuffer> {
    let valid: Vec<bool> = cells.iter().map(|c| !matches!(c, Cell::Null)).collect();
    if valid.iter().all(|v| *v) {
        None
    } else {
        Some(NullBuffer::from(valid))
    }
}

/// The Arrow column of `cells` (all of Arrow type `t`, or NULL).
pub fn to_array(cells: &[&Cell], t: &ArrowType) -> DfResult<ArrayRef> {
    Ok(match t {
        t if crate::variant::is_variant(t) => crate::variant::cells_array(cells)?,
        ArrowType::Null => Arc::new(NullArray::new(cells.len())),
        ArrowType::Boolean => prim!(BooleanBuilder::new(), cells, Cell::Bool(v) => *v),
        ArrowType::Int8 => prim!(Int8Builder::new(), cells, Cell::I64(v) => *v as i8),
        ArrowType::Int16 => prim!(Int16Builder::new(), cells, Cell::I64(v) => *v as i16),
        ArrowType::Int32 => prim!(Int32Builder::new(), cells, Cell::I64(v) => *v as i32),
        ArrowType::Int64 => prim!(Int64Builder::new(), cells, Cell::I64(v) => *v),
        ArrowType::Float32 => prim!(Float32Builder::new(), cells, Cell::F64(v) => *v as f32),
        ArrowType::Float64 => prim!(Float64Builder::new(), cells, Cell::F64(v) => *v),
        ArrowType::Decimal128(p, s) => {
            let b = Decimal128Builder::new().with_precision_and_scale(*p, *s)?;
            prim!(b, cells, Cell::Dec(v) => *v)
        }
        ArrowType::Utf8 => prim!(StringBuilder::new(), cells, Cell::Str(v) => v),
        ArrowType::Binary => prim!(BinaryBuilder::new(), cells, Cell::Bin(v) => v),
        ArrowType::Date32 => prim!(Date32Builder::new(), cells, Cell::I64(v) => *v as i32),
        ArrowType::Timestamp(_, tz) => {
            let b = TimestampMicrosecondBuilder::new().with_timezone_opt(tz.clone());
            prim!(b, cells, Cell::I64(v) => *v)
        }
        ArrowType::List(f) => {
            let mut lens = Vec::with_capacity(cells.len());
            let mut items: Vec<&Cell> = Vec::new();
            for c in cells {
                match c {
                    Cell::List(v) => {
                        lens.push(v.len());
                        items.extend(v.iter());
                    }
                    _ => lens.push(0),
                }
            }
            let child = to_array(&items, f.data_type())?;
            Arc::new(ListArray::try_new(
                Arc::clone(f),
                OffsetBuffer::from_lengths(lens),
                child,
                validity(cells),
            )?)
        }
        ArrowType::Map(entries, sorted) => {
            let ArrowType::Struct(kv) = entries.data_type() else {
                return Err(err(t));
            };
            let mut lens = Vec::with_capacity(cells.len());
            let mut keys: Vec<&Cell> = Vec::new();
            let mut values: Vec<&Cell> = Vec::new();
            for c in cells {
                match c {
                    Cell::Map(v) => {
                        lens.push(v.len());
                        for (k, x) in v {
                            keys.push(k);
                            values.push(x);
                        }
                    }
                    _ => lens.push(0),
                }
            }
            let (kf, vf) = match (kv.first(), kv.get(1)) {
                (Some(k), Some(v)) => (k, v),
                _ => return Err(err(t)),
            };
            let k = to_array(&keys, kf.data_type())?;
            let v = to_array(&values, vf.data_type())?;
            let entries_array = StructArray::try_new(kv.clone(), vec![k, v], None)?;
            Arc::new(MapArray::try_new(
                Arc::clone(entries),
                OffsetBuffer::from_lengths(lens),
                entries_array,
                validity(cells),
                *sorted,
            )?)
        }
        ArrowType::Struct(fields) => struct_array(cells, fields)?,
        _ => return Err(err(t)),
    })
}

fn struct_array(cells: &[&Cell], fields: &Fields) -> DfResult<ArrayRef> {
    let mut columns = Vec::with_capacity(fields.len());
    for (i, f) in fields.iter().enumerate() {
        let children: Vec<&Cell> = cells
            .iter()
            .map(|c| match c {
                Cell::Struct(v) => v.get(i).unwrap_or(&Cell::Null),
                _ => &Cell::Null,
            })
            .collect();
        columns.push(to_array(&children, f.data_type())?);
    }
    if fields.is_empty() {
        return Ok(Arc::new(StructArray::new_empty_fields(
            cells.len(),
            validity(cells),
        )));
    }
    Ok(Arc::new(StructArray::try_new(
        fields.clone(),
        columns,
        validity(cells),
    )?))
}
