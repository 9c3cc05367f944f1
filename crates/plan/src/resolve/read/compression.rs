//! Compressed text files, recognised by their extension as Hadoop's `CompressionCodecFactory`
//! does for Spark: `.gz`, `.deflate` (zlib) and `.zst`.

use std::io::Read;

use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

/// The file's bytes, decompressed if its name says it is compressed.
pub(crate) fn decompress(name: &str, bytes: Vec<u8>) -> Result<Vec<u8>> {
    let lower = name.to_ascii_lowercase();
    let mut out = Vec::new();
    let read = if lower.ends_with(".gz") {
        flate2::read::MultiGzDecoder::new(bytes.as_slice()).read_to_end(&mut out)
    } else if lower.ends_with(".deflate") {
        flate2::read::ZlibDecoder::new(bytes.as_slice()).read_to_end(&mut out)
    } else if lower.ends_with(".zst") {
        zstd::stream::read::Decoder::new(bytes.as_slice()).and_then(|mut d| d.read_to_end(&mut out))
    } else if lower.ends_with(".bz2") || lower.ends_with(".lz4") || lower.ends_with(".snappy") {
        return Err(SparkError::unsupported(format!(
            "reading the compressed text file {name} (codecs: gzip, deflate, zstd)"
        )));
    } else {
        return Ok(bytes);
    };
    read.map_err(|e| {
        SparkError::new(
            ExceptionKind::Internal,
            format!("Cannot decompress {name}: {e}"),
        )
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn by_extension() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"a,b\n").unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(decompress("x.csv.gz", gz).unwrap(), b"a,b\n");
        let z = zstd::stream::encode_all(&b"{}"[..], 0).unwrap();
        assert_eq!(decompress("x.json.zst", z).unwrap(), b"{}");
        assert_eq!(decompress("x.csv", b"1".to_vec()).unwrap(), b"1");
        assert!(decompress("x.gz", b"nope".to_vec()).is_err());
        assert!(decompress("x.bz2", Vec::new()).is_err());
    }
}
