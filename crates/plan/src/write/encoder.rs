//! One output file's encoder: record batches in, the file's bytes out (in pieces, so a large
//! file streams to the object store).

use datafusion::arrow::array::RecordBatch;
use sabot_common::Result;

use super::options::Codec;
use super::spec::FileFormat;

/// Encodes the rows of one file.
pub trait Encoder: Send {
    /// Encodes a batch of the file's rows (partition columns already dropped).
    fn write(&mut self, batch: &RecordBatch) -> Result<()>;
    /// The encoded bytes produced so far and not yet taken.
    fn take(&mut self) -> Vec<u8>;
    /// Ends the file; returns its remaining bytes.
    fn finish(self: Box<Self>) -> Result<Vec<u8>>;
}

/// Opens the encoders of one write: the format, its codec and the files' schema.
pub trait EncoderFactory: Send + Sync {
    fn open(&self) -> Result<Box<dyn Encoder>>;
}

/// A data file's name as Spark's `FileFormatWriter` names it: `part-<task>-<job uuid>` then
/// `-c<counter>` (`.c<counter>` in a partition directory, as Spark's dynamic-partition writer
/// does), the codec's extension and the format's.
pub fn file_name(
    task: usize,
    job_id: &str,
    counter: usize,
    partitioned: bool,
    codec: Codec,
    format: FileFormat,
) -> String {
    let sep = if partitioned { '.' } else { '-' };
    let ext = match format {
        FileFormat::Parquet => ".parquet",
        FileFormat::Csv => ".csv",
        FileFormat::Json => ".json",
        FileFormat::Text => ".txt",
        FileFormat::Avro => ".avro",
        FileFormat::Orc => ".orc",
    };
    // Parquet puts the codec before its extension; Hadoop codecs append theirs.
    let (first, second) = match format {
        FileFormat::Parquet | FileFormat::Orc => (codec.extension(format), ext),
        // Avro compresses blocks inside the file: the name shows no codec.
        FileFormat::Avro => (ext, ""),
        _ => (ext, codec.extension(format)),
    };
    format!("part-{task:05}-{job_id}{sep}c{counter:03}{first}{second}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_files_as_spark() {
        let id = "8fbbcb4b-5ff5-47ba-860c-6a83359f3b5b";
        assert_eq!(
            file_name(0, id, 0, false, Codec::Snappy, FileFormat::Parquet),
            format!("part-00000-{id}-c000.snappy.parquet")
        );
        assert_eq!(
            file_name(3, id, 12, true, Codec::Snappy, FileFormat::Parquet),
            format!("part-00003-{id}.c012.snappy.parquet")
        );
        assert_eq!(
            file_name(0, id, 0, false, Codec::Gzip, FileFormat::Csv),
            format!("part-00000-{id}-c000.csv.gz")
        );
        assert_eq!(
            file_name(0, id, 1, false, Codec::None, FileFormat::Text),
            format!("part-00000-{id}-c001.txt")
        );
        assert_eq!(
            file_name(0, id, 0, false, Codec::None, FileFormat::Parquet),
            format!("part-00000-{id}-c000.parquet")
        );
    }
}
