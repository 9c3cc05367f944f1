//! Spark's `XXH64` (`org.apache.spark.sql.catalyst.expressions.XXH64`), the hasher of
//! `xxhash64()`: standard XXH64 over the value's little-endian bytes (Spark's `hashInt` and
//! `hashLong` are XXH64 of 4 and 8 bytes), so the `twox-hash` implementation computes it.

use twox_hash::XxHash64;

use super::spark_hash::SparkHasher;

/// The XXH64 flavour of Spark's hashing (seed 42, `bigint` result).
#[derive(Debug)]
pub(crate) struct Xxh64;

impl SparkHasher for Xxh64 {
    type Hash = i64;

    fn hash_int(v: i32, seed: i64) -> i64 {
        XxHash64::oneshot(seed as u64, &v.to_le_bytes()) as i64
    }

    fn hash_long(v: i64, seed: i64) -> i64 {
        XxHash64::oneshot(seed as u64, &v.to_le_bytes()) as i64
    }

    fn hash_bytes(b: &[u8], seed: i64) -> i64 {
        XxHash64::oneshot(seed as u64, b) as i64
    }
}
