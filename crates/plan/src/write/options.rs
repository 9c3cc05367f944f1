//! The writer options every format shares: case-insensitive keys, the compression codec (with
//! Spark's names, defaults and file extensions) and `maxRecordsPerFile`.

use std::collections::{BTreeMap, HashMap};

use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::spec::FileFormat;

/// The options with lower-cased keys, as Spark's `CaseInsensitiveMap` sees them.
pub fn lower_keys(options: &BTreeMap<String, String>) -> HashMap<String, String> {
    options
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect()
}

/// A compression codec of a written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Codec {
    None,
    Snappy,
    Gzip,
    Zstd,
    Lz4,
    Lz4Raw,
    Brotli,
    Deflate,
    /// ORC's zlib (raw deflate) blocks.
    Zlib,
}

impl Codec {
    /// What the codec adds to a file name before the format's extension (Parquet's
    /// `CompressionCodecName.getExtension`, Hadoop's codec extensions for text formats).
    pub fn extension(self, format: FileFormat) -> &'static str {
        match (self, format) {
            (Self::None, _) => "",
            (Self::Snappy, _) => ".snappy",
            (Self::Gzip, FileFormat::Parquet) => ".gz",
            (Self::Gzip, _) => ".gz",
            (Self::Zstd, _) => ".zstd",
            (Self::Lz4, FileFormat::Parquet) => ".lz4hadoop",
            (Self::Lz4, _) => ".lz4",
            (Self::Lz4Raw, _) => ".lz4raw",
            (Self::Brotli, _) => ".br",
            (Self::Deflate, _) => ".deflate",
            (Self::Zlib, _) => ".zlib",
        }
    }
}

/// The codecs Spark lists for Parquet (`ParquetOptions.shortParquetCompressionCodecNames`, in
/// the order its error message shows them).
const PARQUET_CODECS: &str = "brotli, uncompressed, lzo, snappy, lz4_raw, none, zstd, lz4, gzip";
/// The codecs of Avro files (Spark's `AvroCompressionCodec`).
const AVRO_CODECS: &str = "uncompressed, deflate, snappy, bzip2, xz, zstandard";
/// The codecs Spark lists for ORC (`OrcOptions.shortOrcCompressionCodecNames`, in the order its
/// error message shows them).
const ORC_CODECS: &str = "brotli, uncompressed, lz4, lzo, snappy, zlib, none, zstd";
/// The codecs Spark lists for text formats (`CompressionCodecs.shortCompressionCodecNames`).
const TEXT_CODECS: &str = "bzip2, deflate, uncompressed, snappy, none, lz4, gzip";

/// `CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION`.
fn codec_not_available(name: &str, available: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::IllegalArgument,
        "CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION",
        "56038",
        format!("The codec {name} is not available. Available codecs are {available}."),
    )
    .param("codecName", name)
    .param("availableCodecs", available)
}

/// The codec of a write: the `compression` option (`codec` too for text formats;
/// `parquet.compression` / `orc.compress` and then the session's `session_codec`,
/// `spark.sql.parquet|orc.compression.codec`, for Parquet and ORC), Snappy by default for
/// Parquet, zstd for ORC (Spark 4), none for the text formats.
pub fn codec(
    format: FileFormat,
    opts: &HashMap<String, String>,
    session_codec: Option<&str>,
) -> Result<Codec> {
    if format == FileFormat::Orc {
        let name = opts
            .get("compression")
            .or_else(|| opts.get("orc.compress"))
            .map(String::as_str)
            .or(session_codec)
            .unwrap_or("zstd");
        return match name.to_ascii_lowercase().as_str() {
            "none" | "uncompressed" => Ok(Codec::None),
            "snappy" => Ok(Codec::Snappy),
            "zlib" => Ok(Codec::Zlib),
            "zstd" => Ok(Codec::Zstd),
            "lz4" => Ok(Codec::Lz4),
            "lzo" | "brotli" => Err(SparkError::unsupported(format!(
                "the {} ORC compression codec",
                name.to_ascii_lowercase()
            ))),
            _ => Err(codec_not_available(name, ORC_CODECS)),
        };
    }
    if format == FileFormat::Avro {
        // Spark's `AvroOptions.compression`: `spark.sql.avro.compression.codec` is snappy.
        let name = opts.get("compression").map_or("snappy", String::as_str);
        return match name.to_ascii_lowercase().as_str() {
            "uncompressed" => Ok(Codec::None),
            "snappy" => Ok(Codec::Snappy),
            "deflate" => Ok(Codec::Deflate),
            "zstandard" => Ok(Codec::Zstd),
            "bzip2" | "xz" => Err(SparkError::unsupported(format!(
                "the {} compression codec for Avro files",
                name.to_ascii_lowercase()
            ))),
            _ => Err(codec_not_available(name, AVRO_CODECS)),
        };
    }
    if format == FileFormat::Parquet {
        let name = opts
            .get("compression")
            .or_else(|| opts.get("parquet.compression"))
            .map(String::as_str)
            .or(session_codec)
            .unwrap_or("snappy");
        return match name.to_ascii_lowercase().as_str() {
            "none" | "uncompressed" => Ok(Codec::None),
            "snappy" => Ok(Codec::Snappy),
            "gzip" => Ok(Codec::Gzip),
            "zstd" => Ok(Codec::Zstd),
            "lz4" => Ok(Codec::Lz4),
            "lz4_raw" => Ok(Codec::Lz4Raw),
            "brotli" => Ok(Codec::Brotli),
            "lzo" => Err(SparkError::unsupported("the lzo Parquet compression codec")),
            _ => Err(codec_not_available(name, PARQUET_CODECS)),
        };
    }
    let Some(name) = opts.get("compression").or_else(|| opts.get("codec")) else {
        return Ok(Codec::None);
    };
    match name.to_ascii_lowercase().as_str() {
        "none" | "uncompressed" => Ok(Codec::None),
        "gzip" => Ok(Codec::Gzip),
        "deflate" => Ok(Codec::Deflate),
        "snappy" => Ok(Codec::Snappy),
        "lz4" => Ok(Codec::Lz4),
        "bzip2" => Err(SparkError::unsupported(format!(
            "the {} compression codec for {} files",
            name.to_ascii_lowercase(),
            format.name()
        ))),
        _ => Err(codec_not_available(name, TEXT_CODECS)),
    }
}

/// `maxRecordsPerFile` (the option, else `spark.sql.files.maxRecordsPerFile`); `None` when
/// files are not split (0 or negative, Spark's default).
pub fn max_records_per_file(
    opts: &HashMap<String, String>,
    conf: Option<u64>,
) -> Result<Option<u64>> {
    let n = match opts.get("maxrecordsperfile") {
        Some(v) => v.trim().parse::<i64>().map_err(|_| {
            SparkError::new(
                ExceptionKind::IllegalArgument,
                format!("maxRecordsPerFile should be a long, but was {v}"),
            )
        })?,
        None => conf.map_or(0, |n| n as i64),
    };
    Ok((n > 0).then_some(n as u64))
}

/// A boolean option (`true`/`false`, case-insensitive), `default` when absent.
pub fn flag(opts: &HashMap<String, String>, key: &str, default: bool) -> Result<bool> {
    match opts.get(key) {
        None => Ok(default),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(SparkError::new(
            ExceptionKind::IllegalArgument,
            format!("{key} flag can be true or false"),
        )
        .param("value", v.as_str())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parquet_codecs() {
        let c = |o: &[(&str, &str)], conf| codec(FileFormat::Parquet, &opts(o), conf);
        assert_eq!(c(&[], None).ok(), Some(Codec::Snappy));
        assert_eq!(c(&[], Some("zstd")).ok(), Some(Codec::Zstd));
        assert_eq!(c(&[("compression", "GZIP")], None).ok(), Some(Codec::Gzip));
        assert_eq!(
            c(&[("parquet.compression", "none")], None).ok(),
            Some(Codec::None)
        );
        let e = c(&[("compression", "foo")], None)
            .err()
            .map(|e| e.error_class);
        assert_eq!(
            e.flatten().as_deref(),
            Some("CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION")
        );
        assert_eq!(Codec::Lz4.extension(FileFormat::Parquet), ".lz4hadoop");
        assert_eq!(Codec::Gzip.extension(FileFormat::Parquet), ".gz");
    }

    #[test]
    fn text_codecs() {
        let c = |o: &[(&str, &str)]| codec(FileFormat::Csv, &opts(o), Some("zstd"));
        assert_eq!(c(&[]).ok(), Some(Codec::None));
        assert_eq!(c(&[("codec", "gzip")]).ok(), Some(Codec::Gzip));
        assert!(c(&[("compression", "zstd")]).is_err());
        assert_eq!(Codec::Deflate.extension(FileFormat::Json), ".deflate");
    }

    #[test]
    fn records_per_file() {
        assert_eq!(max_records_per_file(&opts(&[]), None).ok(), Some(None));
        assert_eq!(
            max_records_per_file(&opts(&[("maxrecordsperfile", "2")]), Some(5)).ok(),
            Some(Some(2))
        );
        assert_eq!(
            max_records_per_file(&opts(&[]), Some(5)).ok(),
            Some(Some(5))
        );
        assert!(max_records_per_file(&opts(&[("maxrecordsperfile", "x")]), None).is_err());
    }
}
