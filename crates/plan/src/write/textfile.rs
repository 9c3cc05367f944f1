//! The byte side of the line-oriented formats (CSV, JSON, text): text in, the file's bytes out,
//! compressed as Hadoop's codecs write them (`gzip`: a gzip member, `deflate`: a zlib stream,
//! `snappy` and `lz4`: raw blocks in Hadoop's `BlockCompressorStream` framing).

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
    Block(BlockSink),
}

/// Raw input a Hadoop block holds before it is compressed (well under the 256 KiB buffers
/// Hadoop's Snappy and LZ4 decompressors read blocks into).
const BLOCK_SIZE: usize = 64 << 10;

/// Hadoop's `BlockCompressorStream` framing: per block, the raw length (4 bytes, big-endian),
/// then the compressed length and the compressed bytes.
pub struct BlockSink {
    lz4: bool,
    pending: Vec<u8>,
    out: Vec<u8>,
    wrote_block: bool,
}

impl BlockSink {
    fn flush_block(&mut self) -> Result<()> {
        let raw = std::mem::take(&mut self.pending);
        let compressed = if self.lz4 {
            lz4_flex::block::compress(&raw)
        } else {
            snap::raw::Encoder::new()
                .compress_vec(&raw)
                .map_err(|e| SparkError::internal(format!("snappy: {e}")))?
        };
        let len = |n: usize| {
            u32::try_from(n).map_err(|_| SparkError::internal("a compressed block over 4 GiB"))
        };
        self.out.extend_from_slice(&len(raw.len())?.to_be_bytes());
        if !raw.is_empty() {
            self.out
                .extend_from_slice(&len(compressed.len())?.to_be_bytes());
            self.out.extend_from_slice(&compressed);
        }
        self.wrote_block = true;
        Ok(())
    }

    fn write(&mut self, mut bytes: &[u8]) -> Result<()> {
        while !bytes.is_empty() {
            let n = (BLOCK_SIZE - self.pending.len()).min(bytes.len());
            self.pending.extend_from_slice(&bytes[..n]);
            bytes = &bytes[n..];
            if self.pending.len() == BLOCK_SIZE {
                self.flush_block()?;
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<u8>> {
        // Hadoop ends the stream with the last (possibly empty) block.
        if !self.pending.is_empty() || !self.wrote_block {
            self.flush_block()?;
        }
        Ok(self.out)
    }
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
            Codec::Snappy | Codec::Lz4 => Ok(Self::Block(BlockSink {
                lz4: codec == Codec::Lz4,
                pending: Vec::new(),
                out: Vec::new(),
                wrote_block: false,
            })),
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
            Self::Block(b) => b.write(text.as_bytes()),
        }
    }

    /// The bytes produced so far.
    pub fn take(&mut self) -> Vec<u8> {
        match self {
            Self::Plain(v) => std::mem::take(v),
            Self::Gzip(e) => std::mem::take(e.get_mut()),
            Self::Deflate(e) => std::mem::take(e.get_mut()),
            Self::Block(b) => std::mem::take(&mut b.out),
        }
    }

    /// Ends the stream; the remaining bytes.
    pub fn finish(self) -> Result<Vec<u8>> {
        match self {
            Self::Plain(v) => Ok(v),
            Self::Gzip(e) => e.finish().map_err(io_error),
            Self::Deflate(e) => e.finish().map_err(io_error),
            Self::Block(b) => b.finish(),
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

    #[test]
    fn hadoop_blocks() {
        let mut sink = TextSink::new(Codec::Snappy).unwrap();
        sink.write("abc").unwrap();
        let bytes = sink.finish().unwrap();
        assert_eq!(&bytes[..4], &[0, 0, 0, 3]);
        let n = u32::from_be_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
        assert_eq!(bytes.len(), 8 + n);
        let raw = snap::raw::Decoder::new()
            .decompress_vec(&bytes[8..])
            .unwrap();
        assert_eq!(raw, b"abc");
        let sink = TextSink::new(Codec::Lz4).unwrap();
        assert_eq!(sink.finish().unwrap(), vec![0, 0, 0, 0]);
    }
}
