//! Murmur3 x86 32-bit as Spark uses it: `Murmur3_x86_32.hashUnsafeBytes` (each byte past the
//! last 4-byte block mixed on its own, as a signed int; `UTF8String.hashCode` with seed 42, the
//! count-min sketch with its own seeds) and the plain 4-byte hash of an int that Spark's
//! `OpenHashSet` applies to `hashCode`s.

fn mix_k1(k: i32) -> i32 {
    k.wrapping_mul(0xcc9e_2d51_u32 as i32)
        .rotate_left(15)
        .wrapping_mul(0x1b87_3593)
}

fn mix_h1(h: i32, k: i32) -> i32 {
    (h ^ k)
        .rotate_left(13)
        .wrapping_mul(5)
        .wrapping_add(0xe654_6b64_u32 as i32)
}

fn fmix(h: i32, len: i32) -> i32 {
    let mut h = h ^ len;
    h ^= ((h as u32) >> 16) as i32;
    h = h.wrapping_mul(0x85eb_ca6b_u32 as i32);
    h ^= ((h as u32) >> 13) as i32;
    h = h.wrapping_mul(0xc2b2_ae35_u32 as i32);
    h ^ ((h as u32) >> 16) as i32
}

/// `Murmur3_x86_32.hashUnsafeBytes(data, seed)`.
pub(crate) fn murmur3_bytes(data: &[u8], seed: i32) -> i32 {
    let mut h = seed;
    let aligned = data.len() - data.len() % 4;
    for c in data[..aligned].chunks_exact(4) {
        h = mix_h1(h, mix_k1(i32::from_le_bytes([c[0], c[1], c[2], c[3]])));
    }
    for b in &data[aligned..] {
        h = mix_h1(h, mix_k1(i32::from(*b as i8)));
    }
    fmix(h, data.len() as i32)
}

/// The Murmur3 hash of one int with seed 0 (`murmur3_32().hashInt`).
pub(crate) fn murmur3_int(i: i32) -> i32 {
    fmix(mix_h1(0, mix_k1(i)), 4)
}
