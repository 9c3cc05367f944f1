//! The byte side of the line-oriented formats (CSV, JSON, text): text in, the file's bytes out,
//! compressed as Hadoop's codecs write them (`gzip`: a gzip member, `deflate`: a zlib stream).

use std::io::Write;

use flate2::Compression;
use flate2::write::{GzEncoder, ZlibEncoder};
use sabot_common::{Result, SparkError};

use super::options::Codec;

/// A file's compressed (or plain) byte stream.
pub enum TextSink {
    Plain(Vec<u8>),
    Gzip(GzEncoder<Vec<u8>>),
    Deflate(ZlibEncoder<Vec<u8>>),
}

fn io_error(e: std::io::Error) -> SparkError {
    SparkError::internal(format!("compressing output: {e}"))
}

impl TextSink {
    pub fn new(codec: Codec) -> Result<Self> {
        match codec {
            Codec::None => Ok(Self::Plain(Vec::new())),
            Codec::Gzip => Ok(Self::Gzip(GzEncoder::new(
                Vec::new(),
                Compression::default(),
            ))),
            Codec::Deflate => Ok(Self::Deflate(ZlibEncoder::new(
                Vec::new(),
                Compression::default(),
            ))),
            other => Err(SparkError::unsupported(format!(
                "the {other:?} codec for text files"
            ))),
        }
    }

    pub fn write(&mut self, text: &str) -> Result<()> {
        match self {
            Self::Plain(v) => {
                v.extend_from_slice(text.as_bytes());
                Ok(())
            }
            Self::Gzip(e) => e.write_all(text.as_bytes()).map_err(io_error),
            Self::Deflate(e) => e.write_all(text.as_bytes()).map_err(io_error),
        }
    }

    /// The bytes produced so far.
    pub fn take(&mut self) -> Vec<u8> {
        match self {
            Self::Plain(v) => std::mem::take(v),
            Self::Gzip(e) => std::mem::take(e.get_mut()),
            Self::Deflate(e) => std::mem::take(e.get_mut()),
        }
    }

    /// Ends the stream; the remaining bytes.
    pub fn finish(self) -> Result<Vec<u8>> {
        match self {
            Self::Plain(v) => Ok(v),
            Self::Gzip(e) => e.finish().map_err(io_error),
            Self::Deflate(e) => e.finish().map_err(io_error),
        }
    }
}

/// `lineSep`: the given separator (1 to 2 characters... Spark accepts any non-empty), `\n` by
/// default.
pub fn line_sep(opts: &std::collections::HashMap<String, String>) -> Result<String> {
    match opts.get("linesep") {
        None => Ok("\n".to_string()),
        Some(s) if s.is_empty() => Err(SparkError::illegal_argument(
            "requirement failed: 'lineSep' cannot be an empty string.",
        )),
        Some(s) => Ok(s.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn gzip_round_trips() {
        let mut sink = TextSink::new(Codec::Gzip).unwrap();
        sink.write("a\nb\n").unwrap();
        let mut bytes = sink.take();
        bytes.extend(sink.finish().unwrap());
        let mut out = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "a\nb\n");
    }
}
