//! ORC files (`format("orc")`, `spark.read.orc`) through orc-rust: the schema is the first
//! file's ORC types (every file's with `mergeSchema`) mapped as Spark's
//! `OrcUtils.toCatalystType` maps them, including the `spark.sql.catalyst.type` attribute Spark
//! writes on TIMESTAMP_NTZ and ANSI interval columns (stored as ORC longs and ints); columns are
//! matched by name (case-insensitively unless `spark.sql.caseSensitive`), a missing one reads as
//! NULL, as Spark's native ORC reader does.

use std::io::Read;
use std::sync::Arc;

use bytes::Bytes;
use datafusion::arrow::array::RecordBatchReader;
use datafusion::arrow::array::{
    Array, ArrayRef, ListArray, MapArray, StructArray, make_array, new_null_array,
};
use datafusion::arrow::compute::{cast, concat_batches};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef, Fields, SchemaRef};
use datafusion::object_store::{ObjectStore, ObjectStoreExt};
use orc_rust::ArrowReaderBuilder;
use orc_rust::compression::Decompressor;
use orc_rust::projection::ProjectionMask;
use orc_rust::proto;
use orc_rust::proto::r#type::Kind;
use orc_rust::reader::ChunkReader;
use orc_rust::reader::metadata::read_metadata;
use orc_rust::schema::TimestampPrecision;
use prost_013::Message;
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{DataType, DayTimeField, StructField, YearMonthField};
use sabot_common::{Result, SparkError};

use super::errors::failed_read;
use super::files::SourceFile;
use super::same_name;
use super::table::FileDecoder;
use crate::error::from_datafusion;

/// The attribute under which Spark records a column's own type (`OrcUtils.CATALYST_TYPE_ATTRIBUTE_NAME`).
const CATALYST_TYPE: &str = "spark.sql.catalyst.type";

/// How much of a file's end schema inference fetches first (footers are usually far smaller).
const TAIL: u64 = 256 * 1024;

/// A file that is not ORC (or is damaged): Spark's `FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER`.
fn footer_error(uri: &str, e: impl std::fmt::Display) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Internal,
        "FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER",
        "KD001",
        format!("Encountered error while reading file {uri}. Could not read footer."),
    )
    .param("path", uri)
    .caused_by(SparkError::internal(format!("{e}")))
}

/// The end of a file (`start..len`), served to orc-rust's metadata reader.
struct Tail {
    len: u64,
    start: u64,
    bytes: Bytes,
}

impl ChunkReader for Tail {
    type T = std::io::Cursor<Bytes>;

    fn len(&self) -> u64 {
        self.len
    }

    fn get_read(&self, offset: u64) -> std::io::Result<Self::T> {
        let at = offset
            .checked_sub(self.start)
            .filter(|at| *at <= self.bytes.len() as u64)
            .ok_or_else(|| std::io::Error::other("read before the fetched tail"))?;
        Ok(std::io::Cursor::new(self.bytes.slice(at as usize..)))
    }
}

/// Runs orc-rust on possibly damaged input: a panic there fails the read, not the server.
fn guarded<T>(uri: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(footer_error(uri, "the ORC reader failed on this file")))
}

/// The footer's type tree (`types[0]` is the root struct), attributes included.
fn footer_types(tail: &Tail, uri: &str) -> Result<Vec<proto::Type>> {
    guarded(uri, || {
        let mut reader = Tail {
            len: tail.len,
            start: tail.start,
            bytes: tail.bytes.clone(),
        };
        let meta = read_metadata(&mut reader).map_err(|e| footer_error(uri, e))?;
        let b = &tail.bytes;
        let ps_len = *b.last().ok_or_else(|| footer_error(uri, "empty file"))? as usize;
        let ps_start = b
            .len()
            .checked_sub(1 + ps_len)
            .ok_or_else(|| footer_error(uri, "short postscript"))?;
        let ps = proto::PostScript::decode(&b[ps_start..b.len() - 1])
            .map_err(|e| footer_error(uri, e))?;
        let footer_len = ps.footer_length.unwrap_or(0) as usize;
        let footer_start = ps_start
            .checked_sub(footer_len)
            .ok_or_else(|| footer_error(uri, "short footer"))?;
        let mut footer = Vec::new();
        Decompressor::new(
            b.slice(footer_start..ps_start),
            meta.compression(),
            Vec::new(),
        )
        .read_to_end(&mut footer)
        .map_err(|e| footer_error(uri, e))?;
        let footer = proto::Footer::decode(footer.as_slice()).map_err(|e| footer_error(uri, e))?;
        Ok(footer.types)
    })
}

/// The end of a file, enough for its footer (the whole file when the footer is larger).
async fn fetch_tail(store: &dyn ObjectStore, file: &SourceFile) -> Result<Tail> {
    let len = file.meta.size;
    let io = |e: datafusion::object_store::Error| crate::stores::from_object_store(&e);
    let start = len.saturating_sub(TAIL);
    let bytes = store
        .get_range(&file.meta.location, start..len)
        .await
        .map_err(io)?;
    Ok(Tail { len, start, bytes })
}

/// The Spark type of ORC type `i` (Spark's `OrcUtils.toCatalystType`).
fn spark_type(types: &[proto::Type], i: u32, uri: &str) -> Result<DataType> {
    let t = types
        .get(i as usize)
        .ok_or_else(|| footer_error(uri, format!("no ORC type {i}")))?;
    let attribute = t
        .attributes
        .iter()
        .find(|a| a.key.as_deref() == Some(CATALYST_TYPE))
        .and_then(|a| a.value.as_deref());
    let child = |k: usize| -> Result<DataType> {
        let j = t
            .subtypes
            .get(k)
            .ok_or_else(|| footer_error(uri, format!("ORC type {i} lacks a child")))?;
        spark_type(types, *j, uri)
    };
    Ok(match Kind::try_from(t.kind.unwrap_or(0)) {
        Ok(Kind::Boolean) => DataType::Boolean,
        Ok(Kind::Byte) => DataType::Byte,
        Ok(Kind::Short) => DataType::Short,
        Ok(Kind::Int) => match attribute.and_then(interval_type) {
            Some(t @ DataType::YearMonthInterval { .. }) => t,
            _ => DataType::Integer,
        },
        Ok(Kind::Long) => match attribute {
            Some("timestamp_ntz") => DataType::TimestampNtz,
            Some(a) => match interval_type(a) {
                Some(t @ DataType::DayTimeInterval { .. }) => t,
                _ => DataType::Long,
            },
            None => DataType::Long,
        },
        Ok(Kind::Float) => DataType::Float,
        Ok(Kind::Double) => DataType::Double,
        // Spark reads CHAR/VARCHAR columns as strings (`spark.sql.preserveCharVarcharTypeInfo`
        // is off by default).
        Ok(Kind::String | Kind::Varchar | Kind::Char) => DataType::String,
        Ok(Kind::Binary) => DataType::Binary,
        Ok(Kind::Timestamp | Kind::TimestampInstant) => match attribute {
            Some("timestamp_ntz") => DataType::TimestampNtz,
            _ => DataType::Timestamp,
        },
        Ok(Kind::Date) => DataType::Date,
        Ok(Kind::Decimal) => DataType::Decimal {
            precision: t.precision.unwrap_or(38) as u8,
            scale: t.scale.unwrap_or(10) as i8,
        },
        Ok(Kind::List) => DataType::Array {
            element: Box::new(child(0)?),
            contains_null: true,
        },
        Ok(Kind::Map) => DataType::Map {
            key: Box::new(child(0)?),
            value: Box::new(child(1)?),
            value_contains_null: true,
        },
        Ok(Kind::Struct) => DataType::Struct(struct_fields(types, t, uri)?),
        Ok(Kind::Union) | Err(_) => {
            return Err(SparkError::unsupported(format!(
                "reading the ORC type {:?} of {uri}",
                t.kind()
            )));
        }
    })
}

fn struct_fields(types: &[proto::Type], t: &proto::Type, uri: &str) -> Result<Vec<StructField>> {
    t.subtypes
        .iter()
        .zip(&t.field_names)
        .map(|(j, name)| {
            Ok(StructField {
                name: name.clone(),
                data_type: spark_type(types, *j, uri)?,
                nullable: true,
                metadata: None,
            })
        })
        .collect()
}

/// An ANSI interval type as Spark names it in the attribute (`interval day to second`).
fn interval_type(name: &str) -> Option<DataType> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let (start, end) = match words.as_slice() {
        ["interval", s] => (*s, *s),
        ["interval", s, "to", e] => (*s, *e),
        _ => return None,
    };
    let ym = |w: &str| match w {
        "year" => Some(YearMonthField::Year),
        "month" => Some(YearMonthField::Month),
        _ => None,
    };
    let dt = |w: &str| match w {
        "day" => Some(DayTimeField::Day),
        "hour" => Some(DayTimeField::Hour),
        "minute" => Some(DayTimeField::Minute),
        "second" => Some(DayTimeField::Second),
        _ => None,
    };
    match (ym(start), ym(end), dt(start), dt(end)) {
        (Some(start), Some(end), _, _) => Some(DataType::YearMonthInterval { start, end }),
        (_, _, Some(start), Some(end)) => Some(DataType::DayTimeInterval { start, end }),
        _ => None,
    }
}

/// The Spark columns of the first file, or of every file with `mergeSchema` (columns in the
/// order first seen, the first file's type winning, as the Parquet reader merges).
pub(crate) async fn infer_schema(
    ctx: &datafusion::prelude::SessionContext,
    files: &[SourceFile],
    merge: bool,
) -> Result<Vec<StructField>> {
    let take = if merge { files.len() } else { 1 };
    let mut fields: Vec<StructField> = Vec::new();
    for file in files.iter().take(take) {
        let store = ctx
            .runtime_env()
            .object_store(&file.store)
            .map_err(from_datafusion)?;
        let mut tail = fetch_tail(store.as_ref(), file).await?;
        let types = match footer_types(&tail, &file.uri) {
            Ok(types) => types,
            Err(_) if tail.start > 0 => {
                // A footer larger than the first fetch: read the whole file.
                tail.bytes = store
                    .get(&file.meta.location)
                    .await
                    .map_err(|e| crate::stores::from_object_store(&e))?
                    .bytes()
                    .await
                    .map_err(|e| crate::stores::from_object_store(&e))?;
                tail.start = 0;
                footer_types(&tail, &file.uri)?
            }
            Err(e) => return Err(e),
        };
        let root = types
            .first()
            .ok_or_else(|| footer_error(&file.uri, "no ORC types"))?;
        for f in struct_fields(&types, root, &file.uri)? {
            if !fields.iter().any(|g| g.name == f.name) {
                fields.push(f);
            }
        }
    }
    Ok(fields)
}

/// Decodes ORC files into the read's data columns.
#[derive(Debug)]
pub(crate) struct OrcDecoder {
    /// The data columns (names and Arrow types of the read).
    pub fields: Vec<Field>,
    pub case_sensitive: bool,
}

impl FileDecoder for OrcDecoder {
    fn decode(&self, _: &[u8], uri: &str) -> Result<Vec<Vec<sabot_functions::datasource::Cell>>> {
        Err(SparkError::internal(format!(
            "the ORC file {uri} is decoded to Arrow directly"
        )))
    }

    fn decode_arrow(
        &self,
        bytes: &[u8],
        uri: &str,
        wanted: &[bool],
    ) -> Option<Result<(usize, Vec<ArrayRef>)>> {
        Some(self.columns(bytes, uri, wanted))
    }
}

impl OrcDecoder {
    /// The read's columns of one file; only the `wanted` ones are decoded (ORC is columnar),
    /// the others are NULL.
    fn columns(&self, bytes: &[u8], uri: &str, wanted: &[bool]) -> Result<(usize, Vec<ArrayRef>)> {
        let data = Bytes::copy_from_slice(bytes);
        let batch = guarded(uri, || {
            let builder = ArrowReaderBuilder::try_new(data)
                .map_err(|e| footer_error(uri, e))?
                .with_timestamp_precision(TimestampPrecision::Microsecond);
            let root = builder.file_metadata().root_data_type();
            // ORC column ids (the root struct is 0) of the wanted top-level columns.
            let mut roots: Vec<usize> = root
                .children()
                .iter()
                .filter(|c| {
                    self.fields
                        .iter()
                        .zip(wanted.iter().chain(std::iter::repeat(&true)))
                        .any(|(f, w)| *w && same_name(c.name(), f.name(), self.case_sensitive))
                })
                .map(|c| c.data_type().column_index())
                .collect();
            if roots.is_empty()
                && let Some(first) = root.children().first()
            {
                // Rows without columns (`count(*)`): one column still gives the row count.
                roots.push(first.data_type().column_index());
            }
            let mask = ProjectionMask::roots(root, roots);
            let builder = builder.with_projection(mask);
            let reader = builder.build();
            let schema = reader.schema();
            let batches = reader
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|e| failed_read(uri, SparkError::internal(format!("{e}"))))?;
            concat_batches(&schema, &batches)
                .map_err(|e| failed_read(uri, SparkError::internal(format!("{e}"))))
        })?;
        let n = batch.num_rows();
        let file: SchemaRef = batch.schema();
        let mut out = Vec::with_capacity(self.fields.len());
        for (k, f) in self.fields.iter().enumerate() {
            if !wanted.get(k).copied().unwrap_or(true) {
                out.push(new_null_array(f.data_type(), n));
                continue;
            }
            let found = file
                .fields()
                .iter()
                .position(|g| same_name(g.name(), f.name(), self.case_sensitive));
            out.push(match found {
                Some(i) => {
                    conform(batch.column(i), f.data_type()).map_err(|e| failed_read(uri, e))?
                }
                None => new_null_array(f.data_type(), n),
            });
        }
        Ok((n, out))
    }
}

/// An array as orc-rust reads it, in the read's Arrow type. Spark's TIMESTAMP is an ORC
/// timestamp of UTC instants (orc-rust: naive), TIMESTAMP_NTZ and intervals are plain integers
/// with an attribute: those take the read's type as they are; anything else is cast.
fn conform(array: &ArrayRef, target: &ArrowType) -> Result<ArrayRef> {
    let source = array.data_type();
    if source == target {
        return Ok(Arc::clone(array));
    }
    let relabel = matches!(
        (source, target),
        (ArrowType::Timestamp(s, _), ArrowType::Timestamp(t, _)) if s == t
    ) || matches!(
        (source, target),
        (
            ArrowType::Int64,
            ArrowType::Timestamp(datafusion::arrow::datatypes::TimeUnit::Microsecond, None)
                | ArrowType::Duration(datafusion::arrow::datatypes::TimeUnit::Microsecond)
        ) | (
            ArrowType::Int32,
            ArrowType::Interval(datafusion::arrow::datatypes::IntervalUnit::YearMonth)
        )
    );
    if relabel {
        let data = array
            .to_data()
            .into_builder()
            .data_type(target.clone())
            .build()
            .map_err(|e| SparkError::internal(format!("{e}")))?;
        return Ok(make_array(data));
    }
    let err = |e: datafusion::arrow::error::ArrowError| SparkError::internal(format!("{e}"));
    match (source, target) {
        (ArrowType::List(_), ArrowType::List(to)) => {
            let list = array
                .as_any()
                .downcast_ref::<ListArray>()
                .ok_or_else(|| SparkError::internal("an ORC list is not a list array"))?;
            let values = conform(list.values(), to.data_type())?;
            let list = ListArray::try_new(
                Arc::clone(to),
                list.offsets().clone(),
                values,
                list.nulls().cloned(),
            )
            .map_err(err)?;
            Ok(Arc::new(list))
        }
        (ArrowType::Struct(_), ArrowType::Struct(to)) => {
            let st = array
                .as_any()
                .downcast_ref::<StructArray>()
                .ok_or_else(|| SparkError::internal("an ORC struct is not a struct array"))?;
            let columns = conform_fields(st, to, st.len())?;
            Ok(Arc::new(
                StructArray::try_new(to.clone(), columns, st.nulls().cloned()).map_err(err)?,
            ))
        }
        (ArrowType::Map(_, _), ArrowType::Map(entries, ordered)) => {
            let map = array
                .as_any()
                .downcast_ref::<MapArray>()
                .ok_or_else(|| SparkError::internal("an ORC map is not a map array"))?;
            let ArrowType::Struct(to) = entries.data_type() else {
                return Err(SparkError::internal("a map's entries are not a struct"));
            };
            let kv = map.entries();
            let columns = kv
                .columns()
                .iter()
                .zip(to.iter())
                .map(|(c, f)| conform(c, f.data_type()))
                .collect::<Result<Vec<_>>>()?;
            let kv = StructArray::try_new(to.clone(), columns, None).map_err(err)?;
            Ok(Arc::new(
                MapArray::try_new(
                    Arc::clone(entries),
                    map.offsets().clone(),
                    kv,
                    map.nulls().cloned(),
                    *ordered,
                )
                .map_err(err)?,
            ))
        }
        _ => cast(array, target).map_err(err),
    }
}

/// A struct's fields by name in the read's order (missing ones NULL).
fn conform_fields(st: &StructArray, to: &Fields, n: usize) -> Result<Vec<ArrayRef>> {
    to.iter()
        .map(|f: &FieldRef| {
            match st
                .fields()
                .iter()
                .position(|g| g.name().eq_ignore_ascii_case(f.name()))
            {
                Some(i) => conform(st.column(i), f.data_type()),
                None => Ok(new_null_array(f.data_type(), n)),
            }
        })
        .collect()
}

pub(crate) fn decoder(
    fields: &[StructField],
    zone: &str,
    case_sensitive: bool,
) -> Result<Arc<dyn FileDecoder>> {
    let fields = fields
        .iter()
        .map(|f| crate::types::struct_field_to_arrow(f, zone))
        .collect::<Result<Vec<_>>>()?;
    Ok(Arc::new(OrcDecoder {
        fields,
        case_sensitive,
    }))
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{AsArray, Int32Array, RecordBatch, StringArray};
    use datafusion::arrow::datatypes::{Int64Type, Schema};

    use super::*;

    #[test]
    fn interval_attributes() {
        assert_eq!(
            interval_type("interval year to month"),
            Some(DataType::YearMonthInterval {
                start: YearMonthField::Year,
                end: YearMonthField::Month
            })
        );
        assert_eq!(
            interval_type("interval day"),
            Some(DataType::DayTimeInterval {
                start: DayTimeField::Day,
                end: DayTimeField::Day
            })
        );
        assert_eq!(interval_type("string"), None);
    }

    #[test]
    fn reads_what_the_writer_wrote_by_name() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", ArrowType::Int32, true),
            Field::new("s", ArrowType::Utf8, true),
        ]));
        let batch = RecordBatch::try_new(
            Arc::clone(&schema),
            vec![
                Arc::new(Int32Array::from(vec![Some(1), None])),
                Arc::new(StringArray::from(vec![Some("a"), Some("b")])),
            ],
        )
        .unwrap();
        let mut bytes = Vec::new();
        let mut w = orc_rust::ArrowWriterBuilder::new(&mut bytes, schema)
            .try_build()
            .unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        let f = |name: &str, t| StructField {
            name: name.into(),
            data_type: t,
            nullable: true,
            metadata: None,
        };
        let d = decoder(
            &[
                f("S", DataType::String),
                f("id", DataType::Long),
                f("x", DataType::Integer),
            ],
            "UTC",
            false,
        )
        .unwrap();
        let (n, cols) = d
            .decode_arrow(&bytes, "f.orc", &[true, true, true])
            .unwrap()
            .unwrap();
        assert_eq!(n, 2);
        assert_eq!(cols[0].as_string::<i32>().value(1), "b");
        assert_eq!(cols[1].as_primitive::<Int64Type>().value(0), 1);
        assert_eq!(cols[2].null_count(), 2);
        let tail = Tail {
            len: bytes.len() as u64,
            start: 0,
            bytes: Bytes::from(bytes.clone()),
        };
        let types = footer_types(&tail, "f.orc").unwrap();
        let root = struct_fields(&types, &types[0], "f.orc").unwrap();
        assert_eq!(root[0].data_type, DataType::Integer);
        assert_eq!(root[1].data_type, DataType::String);
        // Only the wanted columns are decoded; the others read as NULL.
        let (_, cols) = d
            .decode_arrow(&bytes, "f.orc", &[true, false, true])
            .unwrap()
            .unwrap();
        assert_eq!(cols[0].as_string::<i32>().value(1), "b");
        assert_eq!(cols[1].null_count(), 2);
        let bad = d
            .decode_arrow(b"not an orc file", "f.orc", &[true])
            .unwrap();
        assert_eq!(
            bad.err().and_then(|e| e.error_class),
            Some("FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER".to_string())
        );
    }
}
