//! Spark's `Murmur3_x86_32` (`org.apache.spark.unsafe.hash`), the hasher of `hash()`: ints and
//! longs as 4-byte blocks, and byte strings by Spark's legacy `hashUnsafeBytes`, which mixes
//! each trailing byte (sign-extended) as a block of its own rather than as standard Murmur3's tail.

use super::spark_hash::SparkHasher;

const C1: i32 = 0xcc9e_2d51_u32 as i32;
const C2: i32 = 0x1b87_3593;

fn mix_k1(k1: i32) -> i32 {
    k1.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2)
}

fn mix_h1(h1: i32, k1: i32) -> i32 {
    (h1 ^ k1)
        .rotate_left(13)
        .wrapping_mul(5)
        .wrapping_add(0xe654_6b64_u32 as i32)
}

fn fmix(h1: i32, length: i32) -> i32 {
    let mut h = h1 ^ length;
    h ^= ((h as u32) >> 16) as i32;
    h = h.wrapping_mul(0x85eb_ca6b_u32 as i32);
    h ^= ((h as u32) >> 13) as i32;
    h = h.wrapping_mul(0xc2b2_ae35_u32 as i32);
    h ^ ((h as u32) >> 16) as i32
}

/// The Murmur3 flavour of Spark's `hash()` (seed 42, `int` result).
#[derive(Debug)]
pub(crate) struct Murmur3;

impl SparkHasher for Murmur3 {
    type Hash = i32;

    fn hash_int(v: i32, seed: i32) -> i32 {
        fmix(mix_h1(seed, mix_k1(v)), 4)
    }

    fn hash_long(v: i64, seed: i32) -> i32 {
        let low = v as i32;
        let high = (v >> 32) as i32;
        let h1 = mix_h1(seed, mix_k1(low));
        fmix(mix_h1(h1, mix_k1(high)), 8)
    }

    fn hash_bytes(b: &[u8], seed: i32) -> i32 {
        let mut chunks = b.chunks_exact(4);
        let mut h1 = seed;
        for c in &mut chunks {
            h1 = mix_h1(h1, mix_k1(i32::from_le_bytes([c[0], c[1], c[2], c[3]])));
        }
        for &byte in chunks.remainder() {
            h1 = mix_h1(h1, mix_k1(i32::from(byte as i8)));
        }
        fmix(h1, b.len() as i32)
    }
}

/// `Murmur3_x86_32.hashUnsafeBytes(data, seed)` (strings' `hashCode` with seed 42, the
/// count-min sketch with its own seeds).
pub(crate) fn murmur3_bytes(data: &[u8], seed: i32) -> i32 {
    Murmur3::hash_bytes(data, seed)
}

/// The hash of one int with seed 0 that Spark's `OpenHashSet` applies to `hashCode`s.
pub(crate) fn murmur3_int(i: i32) -> i32 {
    Murmur3::hash_int(i, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_spark_unsafe_hash() {
        // `Murmur3_x86_32.hashInt(1, 42)` and `hashLong(1L, 42)` from Spark 4.3.
        assert_eq!(Murmur3::hash_int(1, 42), -559_580_957);
        assert_eq!(Murmur3::hash_long(1, 42), -1_712_319_331);
    }
}
