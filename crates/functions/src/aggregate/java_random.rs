//! `java.util.Random`'s linear congruential generator, which Spark seeds for the hash
//! functions of `CountMinSketchImpl` and Hive's `NumericHistogram` tie-breaking.

pub(crate) struct JavaRandom(i64);

const MULTIPLIER: i64 = 0x5_DEEC_E66D;
const MASK: i64 = (1 << 48) - 1;

impl JavaRandom {
    pub(crate) fn new(seed: i64) -> Self {
        Self((seed ^ MULTIPLIER) & MASK)
    }

    fn next(&mut self, bits: u32) -> i32 {
        self.0 = (self.0.wrapping_mul(MULTIPLIER).wrapping_add(0xB)) & MASK;
        (self.0 >> (48 - bits)) as i32
    }

    /// `nextInt(bound)` for a positive bound.
    pub(crate) fn next_int(&mut self, bound: i32) -> i32 {
        let mut r = self.next(31);
        let m = bound - 1;
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

    pub(crate) fn next_double(&mut self) -> f64 {
        let hi = i64::from(self.next(26)) << 27;
        let lo = i64::from(self.next(27));
        (hi + lo) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::JavaRandom;

    #[test]
    fn matches_java() {
        // new Random(1).nextInt(Integer.MAX_VALUE), as in Spark's count_min_sketch(x, ..., 1).
        assert_eq!(JavaRandom::new(1).next_int(i32::MAX), 0x5d8d_6ab9);
        // new Random(42).nextDouble()
        let d = JavaRandom::new(42).next_double();
        assert!((d - 0.7275636800328681).abs() < 1e-15, "{d}");
    }
}
