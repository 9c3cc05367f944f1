//! Spark's `org.apache.spark.util.random.XORShiftRandom`, for functions and relations whose
//! seeded results must repeat Spark's (`shuffle`, `sample`, `randomSplit`).

/// Spark's `XORShiftRandom` (a Java `Random` whose `next(bits)` is an xorshift).
#[derive(Debug, Clone)]
pub struct XorShiftRandom {
    seed: i64,
}

impl XorShiftRandom {
    pub fn new(seed: i64) -> Self {
        Self {
            seed: hash_seed(seed),
        }
    }

    /// `next(bits)`: the xorshift step.
    pub fn next(&mut self, bits: u32) -> i32 {
        let mut s = self.seed;
        s ^= s << 21;
        s ^= ((s as u64) >> 35) as i64;
        s ^= s << 4;
        self.seed = s;
        (s & ((1i64 << bits) - 1)) as i32
    }

    /// `java.util.Random.nextDouble`.
    pub fn next_double(&mut self) -> f64 {
        let hi = i64::from(self.next(26));
        let lo = i64::from(self.next(27));
        ((hi << 27) + lo) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// `java.util.Random.nextInt(bound)` (`bound` > 0).
    pub fn next_int(&mut self, bound: i32) -> i32 {
        let m = bound.wrapping_sub(1);
        let mut r = self.next(31);
        if bound & m == 0 {
            return ((i64::from(bound) * i64::from(r)) >> 31) as i32;
        }
        let mut u = r;
        loop {
            r = u % bound;
            if u.wrapping_sub(r).wrapping_add(m) >= 0 {
                return r;
            }
            u = self.next(31);
        }
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

/// The Mersenne Twister of Apache Commons Math (`MersenneTwister(long seed)`, MT19937 seeded
/// with `init_by_array([seed >>> 32, seed & 0xffffffff])`), which Spark's
/// `RandomIndicesGenerator` (`shuffle`) draws from.
#[derive(Debug, Clone)]
pub struct MersenneTwister {
    mt: Vec<u32>,
    index: usize,
}

const N: usize = 624;
const M: usize = 397;

impl MersenneTwister {
    pub fn new(seed: i64) -> Self {
        let seed = seed as u64;
        let key = [(seed >> 32) as u32, seed as u32];
        let mut mt = vec![0u32; N];
        mt[0] = 19_650_218;
        for i in 1..N {
            let prev = mt[i - 1];
            mt[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1];
            mt[i] =
                (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
        Self { mt, index: N }
    }

    fn twist(&mut self) {
        for k in 0..N {
            let y = (self.mt[k] & 0x8000_0000) | (self.mt[(k + 1) % N] & 0x7fff_ffff);
            let mag = if y & 1 == 1 { 0x9908_b0df } else { 0 };
            self.mt[k] = self.mt[(k + M) % N] ^ (y >> 1) ^ mag;
        }
        self.index = 0;
    }

    /// `next(bits)`: the top `bits` bits of the next tempered word.
    pub fn next(&mut self, bits: u32) -> i32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        (y >> (32 - bits)) as i32
    }

    /// `BitsStreamGenerator.nextInt(n)` (`n` > 0).
    pub fn next_int(&mut self, n: i32) -> i32 {
        if n & n.wrapping_neg() == n {
            return ((i64::from(n) * i64::from(self.next(31))) >> 31) as i32;
        }
        loop {
            let bits = self.next(31);
            let val = bits % n;
            if bits.wrapping_sub(val).wrapping_add(n - 1) >= 0 {
                return val;
            }
        }
    }
}
