//! Apache Commons Math's `MersenneTwister`, which Spark's `RandomIndicesGenerator` (`shuffle`)
//! draws from.

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

    /// `BitsStreamGenerator.nextLong()`: two 32-bit draws, high word first.
    pub fn next_long(&mut self) -> i64 {
        let high = i64::from(self.next(32));
        let low = i64::from(self.next(32)) & 0xFFFF_FFFF;
        (high << 32) | low
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
