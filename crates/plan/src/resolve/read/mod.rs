//! `spark.read.format(...).options(...).schema(...).load(paths)` (a `DataSource` read, Spark's
//! `DataSource.resolveRelation`): Parquet through DataFusion's listing table ([`parquet`]);
//! CSV, JSON and text through our own decoders ([`csv`], [`json`], [`text`]) that follow
//! Spark's parsing rules, Avro through `arrow-avro` ([`avro`]). Files come from `object_store` ([`files`]); `key=value` directories
//! become partition columns ([`partitions`]). Columns read from files are nullable, as Spark's
//! file sources make them (`dataSchema.asNullable`).

mod avro;
mod compression;
mod csv;
mod encoding;
mod errors;
mod files;
mod json;
mod lines;
pub(crate) mod metadata;
mod options;
mod orc;
pub(crate) mod parquet;
mod parquet_format;
mod partitions;
mod portable;
mod sample;
mod sql_on_file;
mod table;
mod text;

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::datatypes::{Field, Schema};
use datafusion::datasource::provider_as_source;
use datafusion::logical_expr::{LogicalPlan, LogicalPlanBuilder};
use sabot_common::spec::{DataType, StructField};
use sabot_common::{Result, SparkError};

use super::Resolver;
use super::relations::builder_build;
pub(crate) use metadata::MetaExec;
use options::Options;
pub(crate) use table::DecodeExec;
use table::{Decoded, DecodedTable, FileDecoder};

/// A user schema's fields (it must be a struct), made nullable.
fn user_fields(schema: &DataType) -> Result<Vec<StructField>> {
    match as_nullable(schema) {
        DataType::Struct(fields) => Ok(fields),
        other => Err(SparkError::invalid_plan(format!(
            "A user-specified schema must be a struct, got {}",
            other.simple_string()
        ))),
    }
}

/// Spark's `DataType.asNullable`: every field and element nullable, recursively.
fn as_nullable(t: &DataType) -> DataType {
    match t {
        DataType::Struct(fields) => DataType::Struct(
            fields
                .iter()
                .map(|f| StructField {
                    data_type: as_nullable(&f.data_type),
                    nullable: true,
                    ..f.clone()
                })
                .collect(),
        ),
        DataType::Array { element, .. } => DataType::Array {
            element: Box::new(as_nullable(element)),
            contains_null: true,
        },
        DataType::Map { key, value, .. } => DataType::Map {
            key: Box::new(as_nullable(key)),
            value: Box::new(as_nullable(value)),
            value_contains_null: true,
        },
        other => other.clone(),
    }
}

/// Spark's `checkSchemaColumnNameDuplication` over a read's columns.
fn check_duplicates<'a>(
    fields: impl Iterator<Item = &'a StructField>,
    case_sensitive: bool,
) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for f in fields {
        let key = if case_sensitive {
            f.name.clone()
        } else {
            f.name.to_lowercase()
        };
        if !seen.insert(key.clone()) {
            return Err(errors::column_already_exists(&key));
        }
    }
    Ok(())
}

/// Whether a file's column `a` is the read's column `b` (`spark.sql.caseSensitive`).
pub(crate) fn same_name(a: &str, b: &str, case_sensitive: bool) -> bool {
    if case_sensitive {
        a == b
    } else {
        a.eq_ignore_ascii_case(b)
    }
}

/// Splits the partition columns out of a schema: data columns named like a partition column
/// are dropped (the directory value wins), and a user schema's type for a partition column
/// replaces the inferred one (Spark's `DataSource.getOrInferFileFormatSchema`).
fn split_partitions(
    data: Vec<StructField>,
    mut partitions: Vec<StructField>,
    user: bool,
    case_sensitive: bool,
) -> (Vec<StructField>, Vec<StructField>) {
    let same = |a: &str, b: &str| same_name(a, b, case_sensitive);
    if user {
        for p in partitions.iter_mut() {
            if let Some(f) = data.iter().find(|f| same(&f.name, &p.name)) {
                p.data_type = f.data_type.clone();
            }
        }
    }
    let data = data
        .into_iter()
        .filter(|f| !partitions.iter().any(|p| same(&p.name, &f.name)))
        .collect();
    (data, partitions)
}

impl Resolver<'_> {
    /// Reads files of `format` (Spark's `spark.sql.sources.default`, Parquet, when absent).
    pub(super) async fn read_data_source(
        &mut self,
        format: Option<&str>,
        schema: Option<&DataType>,
        options: &BTreeMap<String, String>,
        paths: &[String],
        predicates: &[String],
    ) -> Result<LogicalPlan> {
        let format = format.unwrap_or("parquet").to_lowercase();
        if !predicates.is_empty() {
            return Err(SparkError::unsupported("predicates on a file data source"));
        }
        let opts = Options::new(options);
        let user = schema.map(user_fields).transpose()?;
        match format.as_str() {
            "parquet" => self.read_parquet(user, &opts, paths).await,
            "csv" | "json" | "text" | "avro" | "orc" => {
                self.read_decoded(&format, user, &opts, paths).await
            }
            other => Err(errors::data_source_not_found(other)),
        }
    }

    /// CSV, JSON and text: our own decoders over the listed files.
    async fn read_decoded(
        &mut self,
        format: &str,
        user: Option<Vec<StructField>>,
        opts: &Options,
        paths: &[String],
    ) -> Result<LogicalPlan> {
        let zone = self.conf.time_zone.clone();
        let listing = files::Listing::new(opts)?;
        let files = files::list_files(self.ctx, paths, &listing).await?;
        let discovered = partitions::discover(&files, &zone)?;
        let has_user = user.is_some();
        let cs = self.conf.case_sensitive;
        let fields = match (format, user) {
            (_, Some(u)) => u,
            ("text", None) => text::schema(),
            ("csv", None) if !files.is_empty() => {
                let o = csv::CsvOptions::new(opts, &zone)?;
                csv::infer_schema(self.ctx, &files, &o, cs).await?
            }
            ("json", None) if !files.is_empty() => {
                let o = json::JsonOptions::new(opts, &zone)?;
                json::infer_schema(self.ctx, &files, &o).await?
            }
            ("avro", None) if !files.is_empty() => avro::infer_schema(self.ctx, &files).await?,
            ("orc", None) if !files.is_empty() => {
                let merge = opts.bool("mergeSchema", false)?;
                orc::infer_schema(self.ctx, &files, merge).await?
            }
            (_, None) => return Err(errors::unable_to_infer(&format.to_uppercase())),
        };
        let (data, parts) = split_partitions(fields, discovered, has_user, cs);
        check_duplicates(data.iter().chain(&parts), cs)?;
        let corrupt_name = opts.corrupt_column();
        let corrupt = match format {
            "text" | "avro" | "orc" => None,
            _ => data.iter().position(|f| f.name == corrupt_name),
        };
        let recipe = table::DecoderRecipe {
            format: format.to_string(),
            options: opts.clone(),
            case_sensitive: cs,
        };
        let decoder = build_decoder(&recipe, &data, &zone)?;
        let mut arrow = Vec::with_capacity(data.len() + parts.len());
        for f in data.iter().chain(&parts) {
            arrow.push(Field::new(
                f.name.clone(),
                table::arrow_type(&f.data_type, &zone)?,
                true,
            ));
        }
        let read = Decoded {
            schema: Arc::new(Schema::new(arrow)),
            partition_types: parts.iter().map(|p| p.data_type.clone()).collect(),
            files,
            decoder,
            corrupt,
            time_zone: zone,
            recipe,
        };
        let qualifier = self.internal_name(format);
        builder_build(LogicalPlanBuilder::scan(
            qualifier.as_str(),
            provider_as_source(Arc::new(DecodedTable(Arc::new(read)))),
            None,
        ))
    }
}

/// The decoder of a CSV, JSON, Avro or text read over `data` columns (also what the plan
/// codec rebuilds a read's decoder with).
pub(crate) fn build_decoder(
    recipe: &table::DecoderRecipe,
    data: &[StructField],
    zone: &str,
) -> Result<Arc<dyn FileDecoder>> {
    let (opts, cs) = (&recipe.options, recipe.case_sensitive);
    Ok(match recipe.format.as_str() {
        "csv" => csv::decoder(data, csv::CsvOptions::new(opts, zone)?, zone, cs)?,
        "json" => json::decoder(data, json::JsonOptions::new(opts, zone)?, zone)?,
        "avro" => avro::decoder(data, zone, cs)?,
        "orc" => orc::decoder(data, zone, cs)?,
        _ => {
            if data.len() != 1 || data[0].data_type != DataType::String {
                return Err(errors::text_multi_columns(data.len()));
            }
            Arc::new(text::TextDecoder::new(opts)?)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str, t: DataType) -> StructField {
        StructField {
            name: name.into(),
            data_type: t,
            nullable: false,
            metadata: None,
        }
    }

    #[test]
    fn user_schema_is_nullable() {
        let s = DataType::Struct(vec![f(
            "a",
            DataType::Array {
                element: Box::new(DataType::Integer),
                contains_null: false,
            },
        )]);
        let fields = user_fields(&s).unwrap();
        assert!(fields[0].nullable);
        assert_eq!(
            fields[0].data_type,
            DataType::Array {
                element: Box::new(DataType::Integer),
                contains_null: true
            }
        );
        assert!(user_fields(&DataType::Integer).is_err());
    }

    #[test]
    fn partition_columns_win() {
        let data = vec![f("a", DataType::Long), f("Y", DataType::String)];
        let parts = vec![f("y", DataType::Integer)];
        let (d, p) = split_partitions(data.clone(), parts.clone(), false, false);
        assert_eq!(d.len(), 1);
        assert_eq!(p[0].data_type, DataType::Integer);
        let (_, p) = split_partitions(data, parts, true, false);
        assert_eq!(p[0].data_type, DataType::String);
    }
}
