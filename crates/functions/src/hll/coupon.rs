//! The HLL coupon of one input value, as Java DataSketches' `BaseHllSketch.update` computes it:
//! MurmurHash3 x64/128 (seed 9001) of the value's bytes, then the low 26 bits of the first
//! half as the slot and the leading zeros of the second half (+1, at most 63) as the value.

const SEED: u64 = 9001;
const C1: u64 = 0x87c3_7b91_1142_53d5;
const C2: u64 = 0x4cf5_ad43_2745_937f;
const KEY_BITS_26: u32 = 26;
pub(super) const KEY_MASK_26: u32 = (1 << KEY_BITS_26) - 1;

fn fmix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

fn mix_k1(k: u64) -> u64 {
    k.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2)
}

fn mix_k2(k: u64) -> u64 {
    k.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1)
}

fn le_u64(b: &[u8]) -> u64 {
    b.iter()
        .enumerate()
        .fold(0u64, |acc, (i, v)| acc | (u64::from(*v) << (8 * i)))
}

/// MurmurHash3 x64/128 of `data` with DataSketches' update seed.
pub(crate) fn murmur3_128(data: &[u8]) -> (u64, u64) {
    let (mut h1, mut h2) = (SEED, SEED);
    let mut blocks = data.chunks_exact(16);
    for b in &mut blocks {
        let (k1, k2) = (le_u64(&b[..8]), le_u64(&b[8..]));
        h1 ^= mix_k1(k1);
        h1 = h1
            .rotate_left(27)
            .wrapping_add(h2)
            .wrapping_mul(5)
            .wrapping_add(0x52dc_e729);
        h2 ^= mix_k2(k2);
        h2 = h2
            .rotate_left(31)
            .wrapping_add(h1)
            .wrapping_mul(5)
            .wrapping_add(0x3849_5ab5);
    }
    let tail = blocks.remainder();
    if tail.len() > 8 {
        h2 ^= mix_k2(le_u64(&tail[8..]));
    }
    if !tail.is_empty() {
        h1 ^= mix_k1(le_u64(&tail[..tail.len().min(8)]));
    }
    let len = data.len() as u64;
    h1 ^= len;
    h2 ^= len;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    (h1, h2)
}

/// The coupon of a value's bytes (a long is its 8 little-endian bytes, as Java's `long[]`).
pub(crate) fn coupon(data: &[u8]) -> u32 {
    let (h0, h1) = murmur3_128(data);
    let value = h1.leading_zeros().min(62) + 1;
    (value << KEY_BITS_26) | (h0 as u32 & KEY_MASK_26)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coupons_match_java_sketches() {
        // Spark's hll_sketch_agg over the ints 1, 2, 3 lists these coupons (little-endian).
        let got: Vec<u32> = [1i64, 2, 3]
            .iter()
            .map(|v| coupon(&v.to_le_bytes()))
            .collect();
        assert_eq!(got, vec![0x06FB_F22B, 0x0DF9_2F86, 0x0766_8175]);
        assert_eq!(coupon(b"a"), 0x043B_822F);
    }
}
