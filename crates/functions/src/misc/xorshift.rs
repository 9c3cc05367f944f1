//! Spark's `XORShiftRandom` (`org.apache.spark.util.random`): the generator behind `rand`,
//! `randn`, `uniform`, `randstr`, `shuffle` and `sample`, seeded per partition with
//! `seed + partitionIndex`.

/// Spark's `XORShiftRandom` (a Java `Random` whose `next(bits)` is an xorshift).
#[derive(Debug, Clone)]
pub struct XorShiftRandom {
    seed: i64,
    /// `java.util.Random`'s second Gaussian of the last pair, if not yet returned.
    next_gaussian: Option<f64>,
}

impl XorShiftRandom {
    pub fn new(seed: i64) -> Self {
        Self {
            seed: hash_seed(seed),
            next_gaussian: None,
        }
    }

    /// `XORShiftRandom.next(bits)`.
    fn next(&mut self, bits: u32) -> i32 {
        let mut s = self.seed;
        s ^= s << 21;
        s ^= ((s as u64) >> 35) as i64;
        s ^= s << 4;
        self.seed = s;
        (s & ((1i64 << bits) - 1)) as i32
    }

    /// `java.util.Random.nextInt()`.
    pub fn next_int(&mut self) -> i32 {
        self.next(32)
    }

    /// `java.util.Random.nextInt(bound)` for `bound > 0`.
    pub fn next_int_below(&mut self, bound: i32) -> i32 {
        let bound = bound.max(1);
        if bound & (bound - 1) == 0 {
            return ((i64::from(bound) * i64::from(self.next(31))) >> 31) as i32;
        }
        loop {
            let bits = self.next(31);
            let val = bits % bound;
            if bits.wrapping_sub(val).wrapping_add(bound - 1) >= 0 {
                return val;
            }
        }
    }

    /// `java.util.Random.nextGaussian` (Marsaglia's polar method, values in pairs).
    pub fn next_gaussian(&mut self) -> f64 {
        if let Some(g) = self.next_gaussian.take() {
            return g;
        }
        loop {
            let v1 = 2.0 * self.next_double() - 1.0;
            let v2 = 2.0 * self.next_double() - 1.0;
            let s = v1 * v1 + v2 * v2;
            if s < 1.0 && s != 0.0 {
                let multiplier = (-2.0 * s.ln() / s).sqrt();
                self.next_gaussian = Some(v2 * multiplier);
                return v1 * multiplier;
            }
        }
    }

    /// `java.util.Random.nextDouble`.
    pub fn next_double(&mut self) -> f64 {
        let hi = i64::from(self.next(26));
        let lo = i64::from(self.next(27));
        ((hi << 27) + lo) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// `XORShiftRandom.hashSeed`: MurmurHash3 (Scala's `bytesHash`) of the seed's big-endian bytes.
fn hash_seed(seed: i64) -> i64 {
    let bytes = seed.to_be_bytes();
    let low = bytes_hash(&bytes, 0x3c07_4a61);
    let high = bytes_hash(&bytes, low);
    (i64::from(high) << 32) | (i64::from(low) & 0xFFFF_FFFF)
}

fn mix_last(h: i32, k: i32) -> i32 {
    let k = k.wrapping_mul(0xcc9e_2d51_u32 as i32).rotate_left(15);
    h ^ k.wrapping_mul(0x1b87_3593)
}

fn mix(h: i32, k: i32) -> i32 {
    mix_last(h, k)
        .rotate_left(13)
        .wrapping_mul(5)
        .wrapping_add(0xe654_6b64_u32 as i32)
}

/// Scala's `MurmurHash3.bytesHash` (little-endian 4-byte blocks).
fn bytes_hash(data: &[u8], seed: i32) -> i32 {
    let mut h = seed;
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        h = mix(h, i32::from_le_bytes([c[0], c[1], c[2], c[3]]));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut k = 0i32;
        for (i, b) in rest.iter().enumerate() {
            k ^= i32::from(*b) << (8 * i);
        }
        h = mix_last(h, k);
    }
    let mut h = h ^ data.len() as i32;
    h ^= ((h as u32) >> 16) as i32;
    h = h.wrapping_mul(0x85eb_ca6b_u32 as i32);
    h ^= ((h as u32) >> 13) as i32;
    h = h.wrapping_mul(0xc2b2_ae35_u32 as i32);
    h ^= ((h as u32) >> 16) as i32;
    h
}
