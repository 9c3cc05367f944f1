//! The JSON source (`spark.read.json`, Spark's `JsonFileFormat`): JSON Lines, or one value per
//! file with `multiLine`; schema inference as [`infer`] and decoding as [`decode`], by our own
//! code because Spark's inference rules, parse modes and corrupt records differ from
//! DataFusion's JSON reader.

mod decode;
mod infer;
mod options;

use std::sync::Arc;

use datafusion::arrow::datatypes::{Field, Fields};
use datafusion::prelude::SessionContext;
use sabot_common::Result;
use sabot_common::spec::{DataType, StructField};

use super::files::SourceFile;
use super::sample::{read_texts, sampled};
use super::table::FileDecoder;
pub(crate) use decode::JsonDecoder;
pub(crate) use options::JsonOptions;

/// The data columns of a JSON read without a user schema.
pub(crate) async fn infer_schema(
    ctx: &SessionContext,
    files: &[SourceFile],
    o: &JsonOptions,
) -> Result<Vec<StructField>> {
    let texts = read_texts(ctx, files, o.encoding).await?;
    let records: Vec<&str> = texts.iter().flat_map(|t| o.records(t)).collect();
    let mut root = infer::RootType::new();
    for r in sampled(&records, o.sampling_ratio) {
        root.add(r, o)?;
    }
    root.finish(o)
}

/// The decoder of a JSON read over `fields` (data columns).
pub(crate) fn decoder(
    fields: &[StructField],
    o: JsonOptions,
    zone: &str,
) -> Result<Arc<dyn FileDecoder>> {
    let corrupt = fields.iter().position(|f| f.name == o.corrupt_column);
    if let Some(k) = corrupt
        && !matches!(fields[k].data_type, DataType::String)
    {
        return Err(super::errors::invalid_corrupt_type(&o.corrupt_column));
    }
    let arrow: Vec<Field> = fields
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != corrupt)
        .map(|(_, f)| {
            let t = super::table::arrow_type(&f.data_type, zone)?;
            Ok(Field::new(f.name.clone(), t, true))
        })
        .collect::<Result<_>>()?;
    Ok(Arc::new(JsonDecoder {
        options: o,
        fields: Fields::from(arrow),
        corrupt,
    }))
}
