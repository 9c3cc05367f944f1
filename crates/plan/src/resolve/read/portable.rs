//! [`DecodeExec`] (CSV, JSON, Avro and text reads) in the plan codec: the files, the schema and
//! the recipe its decoder was built from; the decoder is rebuilt by [`super::build_decoder`].

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::DateTime;
use datafusion::arrow::datatypes::Schema;
use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::object_store::ObjectMeta;
use datafusion::object_store::path::Path;
use datafusion::physical_plan::ExecutionPlan;
use sabot_common::spec::StructField;
use sabot_functions::portable::{Decoder, Encoder};

use super::files::SourceFile;
use super::options::Options;
use super::table::{DecodeExec, Decoded, DecoderRecipe};
use crate::codec::{DecodeContext, EncodeContext, PortableExec, schema_bytes};

fn malformed(what: &str) -> DataFusionError {
    DataFusionError::Internal(format!("malformed encoded file read: {what}"))
}

fn spark_error(e: sabot_common::SparkError) -> DataFusionError {
    DataFusionError::External(Box::new(e))
}

fn encode_file(f: &SourceFile, e: &mut Encoder) {
    e.str(f.store.as_str())
        .str(f.meta.location.as_ref())
        .int(f.meta.last_modified.timestamp_micros())
        .int(f.meta.size as i64)
        .str(f.meta.e_tag.as_deref().unwrap_or(""))
        .str(f.meta.version.as_deref().unwrap_or(""))
        .str(&f.uri)
        .int(f.partition.len() as i64);
    for (k, v) in &f.partition {
        e.str(k).str(v);
    }
}

fn decode_file(d: &mut Decoder) -> DfResult<SourceFile> {
    let store = ObjectStoreUrl::parse(d.str()?)?;
    let location = Path::parse(d.str()?).map_err(|e| malformed(&e.to_string()))?;
    let last_modified =
        DateTime::from_timestamp_micros(d.int()?).ok_or_else(|| malformed("a file time"))?;
    let size = u64::try_from(d.int()?).map_err(|_| malformed("a file size"))?;
    let some = |s: String| (!s.is_empty()).then_some(s);
    let e_tag = some(d.str()?);
    let version = some(d.str()?);
    let uri = d.str()?;
    let partition = (0..d.usize()?)
        .map(|_| Ok((d.str()?, d.str()?)))
        .collect::<DfResult<Vec<_>>>()?;
    Ok(SourceFile {
        store,
        meta: ObjectMeta {
            location,
            last_modified,
            size,
            e_tag,
            version,
        },
        uri,
        partition,
    })
}

impl PortableExec for DecodeExec {
    const KEY: &'static str = "file_decode";

    fn encode(&self, e: &mut Encoder, _: &EncodeContext<'_>) -> DfResult<()> {
        let (read, projection) = self.parts();
        let recipe = &read.recipe;
        let mut options: Vec<_> = recipe.options.map().iter().collect();
        options.sort();
        e.str(&recipe.format)
            .bool(recipe.case_sensitive)
            .int(options.len() as i64);
        for (k, v) in options {
            e.str(k).str(v);
        }
        e.bytes(schema_bytes(&read.schema)?)
            .int(read.partition_types.len() as i64)
            .opt_usize(read.corrupt)
            .str(&read.time_zone)
            .int(read.files.len() as i64);
        for f in &read.files {
            encode_file(f, e);
        }
        match projection {
            None => {
                e.int(-1);
            }
            Some(p) => {
                e.int(p.len() as i64);
                for i in p {
                    e.int(*i as i64);
                }
            }
        }
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        _: &[Arc<dyn ExecutionPlan>],
        cx: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let format = d.str()?;
        let case_sensitive = d.bool()?;
        let options = (0..d.usize()?)
            .map(|_| Ok((d.str()?, d.str()?)))
            .collect::<DfResult<BTreeMap<_, _>>>()?;
        let schema = cx.schema(&d.bytes()?)?;
        let partitions = d.usize()?;
        let corrupt = d.opt_usize()?;
        let time_zone = d.str()?;
        let files = (0..d.usize()?)
            .map(|_| decode_file(d))
            .collect::<DfResult<Vec<_>>>()?;
        let projection = match d.int()? {
            -1 => None,
            n => Some(
                (0..n)
                    .map(|_| d.usize())
                    .collect::<DfResult<Vec<usize>>>()?,
            ),
        };
        let data_count = schema
            .fields()
            .len()
            .checked_sub(partitions)
            .ok_or_else(|| malformed("partition count"))?;
        let spark_fields = |fields: &[Arc<datafusion::arrow::datatypes::Field>]| {
            fields
                .iter()
                .map(|f| {
                    Ok(StructField {
                        name: f.name().clone(),
                        data_type: crate::types::arrow_to_spark(f.data_type())
                            .map_err(spark_error)?,
                        nullable: f.is_nullable(),
                        metadata: None,
                    })
                })
                .collect::<DfResult<Vec<_>>>()
        };
        let data = spark_fields(&schema.fields()[..data_count])?;
        let partition_types = spark_fields(&schema.fields()[data_count..])?
            .into_iter()
            .map(|f| f.data_type)
            .collect();
        let recipe = DecoderRecipe {
            format,
            options: Options::new(&options),
            case_sensitive,
        };
        let decoder = super::build_decoder(&recipe, &data, &time_zone).map_err(spark_error)?;
        let read = Decoded {
            schema: Arc::new(Schema::clone(&schema)),
            partition_types,
            files,
            decoder,
            corrupt,
            time_zone,
            recipe,
        };
        Self::new(Arc::new(read), projection)
    }
}
