//! Spark's HLL sketch buffer (Java DataSketches `HllSketch` of type HLL_8) with Java's exact
//! updatable serialization: the coupon LIST and SET modes are kept here as Java lays them out
//! (`CouponList`, `CouponHashSet`: insertion order, double-hashing probe, growth at 3/4 load),
//! because the Rust `datasketches` crate only writes compact images; the HLL mode is the
//! crate's `HllSketch`, whose HLL_8 image equals Java's.

use datafusion::common::Result as DfResult;
use datasketches::hll::{HllSketch, HllType, HllUnion};

use super::coupon::KEY_MASK_26;
use super::errors::{invalid_buffer, invalid_lg_k};

const SER_VER: u8 = 1;
const FAMILY: u8 = 7;
const EMPTY: u8 = 4;
const COMPACT: u8 = 8;
const OUT_OF_ORDER: u8 = 16;
const LIST: u8 = 0;
const SET: u8 = 1;
const HLL: u8 = 2;
const HLL_8: u8 = 2;
const LG_INIT_LIST: u8 = 3;
const LG_INIT_SET: u8 = 5;

/// Coupons before promotion to an HLL array.
#[derive(Debug, Clone)]
pub(crate) struct Coupons {
    set: bool,
    lg_arr: u8,
    count: u32,
    table: Vec<u32>,
}

#[derive(Debug, Clone)]
pub(crate) enum Mode {
    Coupons(Coupons),
    Hll(Box<HllSketch>),
}

/// One HLL sketch.
#[derive(Debug, Clone)]
pub(crate) struct Hll {
    pub(crate) lg_k: u8,
    pub(crate) mode: Mode,
    /// Java's rebuilt `curMin`/`numAtCurMin` of an HLL_8 array after a union merged arrays
    /// (`HllUtil.checkRebuildCurMinNumKxQ`); the crate always writes 0 and the zero count.
    cur_min: Option<(u8, u32)>,
}

/// An HLL_8 image's minimum register and how many registers hold it.
fn register_min(image: &[u8]) -> Option<(u8, u32)> {
    let regs = image.get(40..)?;
    let min = regs.iter().copied().min()?;
    Some((min, regs.iter().filter(|r| **r == min).count() as u32))
}

/// Writes `curMin`/`numAtCurMin` into an HLL-mode image.
fn patch_cur_min(image: &mut [u8], (min, count): (u8, u32)) {
    if image.len() >= 40 {
        image[6] = min;
        image[32..36].copy_from_slice(&count.to_le_bytes());
    }
}

/// Java's `CouponHashSet.find`: the slot of `coupon`, `Ok` if present, `Err` if free.
fn find(table: &[u32], lg_arr: u8, coupon: u32) -> std::result::Result<usize, usize> {
    let mask = table.len() - 1;
    let mut probe = coupon as usize & mask;
    let start = probe;
    loop {
        match table[probe] {
            0 => return Err(probe),
            c if c == coupon => return Ok(probe),
            _ => {}
        }
        let stride = (((coupon & KEY_MASK_26) >> lg_arr) | 1) as usize;
        probe = (probe + stride) & mask;
        if probe == start {
            // A full table cannot occur: Java grows at 3/4 load.
            return Ok(probe);
        }
    }
}

impl Coupons {
    fn new() -> Self {
        Self {
            set: false,
            lg_arr: LG_INIT_LIST,
            count: 0,
            table: vec![0; 1 << LG_INIT_LIST],
        }
    }

    /// The coupons in Java's iteration order (array order).
    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.table.iter().copied().filter(|c| *c != 0)
    }

    /// Java's `couponUpdate`; true when the sketch must become an HLL array.
    fn insert(&mut self, lg_k: u8, coupon: u32) -> bool {
        if !self.set {
            let len = self.table.len();
            for i in 0..len {
                if self.table[i] == 0 {
                    self.table[i] = coupon;
                    self.count += 1;
                    if self.count as usize >= len {
                        if lg_k < 8 {
                            return true;
                        }
                        // `promoteHeapListToSet`: re-insert in list order.
                        let list = std::mem::take(&mut self.table);
                        self.set = true;
                        self.lg_arr = LG_INIT_SET;
                        self.count = 0;
                        self.table = vec![0; 1 << LG_INIT_SET];
                        let mut promote = false;
                        for c in list {
                            promote |= self.insert(lg_k, c);
                        }
                        return promote;
                    }
                    return false;
                }
                if self.table[i] == coupon {
                    return false;
                }
            }
            return false;
        }
        let Err(slot) = find(&self.table, self.lg_arr, coupon) else {
            return false;
        };
        self.table[slot] = coupon;
        self.count += 1;
        if 4 * u64::from(self.count) > 3 * (1u64 << self.lg_arr) {
            if self.lg_arr + 3 >= lg_k {
                return true;
            }
            // `growHashSet`: re-insert in slot order.
            self.lg_arr += 1;
            let old = std::mem::replace(&mut self.table, vec![0; 1 << self.lg_arr]);
            for c in old.into_iter().filter(|c| *c != 0) {
                if let Err(s) = find(&self.table, self.lg_arr, c) {
                    self.table[s] = c;
                }
            }
        }
        false
    }

    /// Java's updatable image.
    fn serialize(&self, lg_k: u8) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + 4 * self.table.len());
        let flags = if self.count == 0 { EMPTY } else { 0 };
        let (pre_ints, mode, state) = if self.set {
            (3, SET, 0)
        } else {
            (2, LIST, self.count as u8)
        };
        out.extend_from_slice(&[
            pre_ints,
            SER_VER,
            FAMILY,
            lg_k,
            self.lg_arr,
            flags,
            state,
            (HLL_8 << 2) | mode,
        ]);
        if self.set {
            out.extend_from_slice(&self.count.to_le_bytes());
        }
        for c in &self.table {
            out.extend_from_slice(&c.to_le_bytes());
        }
        out
    }

    /// Java's `promoteHeapListOrSetToHll`: an HLL_8 array of the coupons whose HIP
    /// accumulator starts at the coupon estimate, in order.
    fn promote(&self, lg_k: u8) -> DfResult<HllSketch> {
        let estimate = HllSketch::deserialize(&self.serialize(lg_k))
            .map(|s| s.estimate())
            .map_err(|e| datafusion::common::DataFusionError::Internal(e.to_string()))?;
        let k = 1usize << lg_k;
        let mut regs = vec![0u8; k];
        for c in self.iter() {
            let slot = (c & KEY_MASK_26) as usize & (k - 1);
            regs[slot] = regs[slot].max((c >> 26) as u8);
        }
        let (mut kxq0, mut kxq1) = (0f64, 0f64);
        for r in &regs {
            let inv = 0.5f64.powi(i32::from(*r));
            if *r < 32 {
                kxq0 += inv;
            } else {
                kxq1 += inv;
            }
        }
        let zeros = regs.iter().filter(|r| **r == 0).count() as u32;
        let mut img = vec![10, SER_VER, FAMILY, lg_k, 0, 0, 0, (HLL_8 << 2) | HLL];
        img.extend_from_slice(&estimate.to_le_bytes());
        img.extend_from_slice(&kxq0.to_le_bytes());
        img.extend_from_slice(&kxq1.to_le_bytes());
        img.extend_from_slice(&zeros.to_le_bytes());
        img.extend_from_slice(&0u32.to_le_bytes());
        img.extend_from_slice(&regs);
        HllSketch::deserialize(&img)
            .map_err(|e| datafusion::common::DataFusionError::Internal(e.to_string()))
    }
}

impl Hll {
    /// An empty sketch; `name` is the calling function, for the lgConfigK error.
    pub(crate) fn new(lg_k: i64, name: &str) -> DfResult<Self> {
        if !(4..=21).contains(&lg_k) {
            return Err(invalid_lg_k(name, lg_k));
        }
        Ok(Self {
            lg_k: lg_k as u8,
            mode: Mode::Coupons(Coupons::new()),
            cur_min: None,
        })
    }

    pub(crate) fn is_empty(&self) -> bool {
        match &self.mode {
            Mode::Coupons(c) => c.count == 0,
            Mode::Hll(s) => s.is_empty(),
        }
    }

    /// Adds one coupon (from [`super::coupon::coupon`]).
    pub(crate) fn update(&mut self, coupon: u32, bytes: &[u8]) -> DfResult<()> {
        match &mut self.mode {
            Mode::Coupons(c) => {
                if c.insert(self.lg_k, coupon) {
                    self.mode = Mode::Hll(Box::new(c.promote(self.lg_k)?));
                }
            }
            Mode::Hll(s) => s.update(datasketches::hash::value::raw_bytes::from_slice(bytes)),
        }
        Ok(())
    }

    /// Java's updatable image (`toUpdatableByteArray`).
    pub(crate) fn serialize(&self) -> Vec<u8> {
        match &self.mode {
            Mode::Coupons(c) => c.serialize(self.lg_k),
            Mode::Hll(s) => {
                let mut image = s.serialize();
                if let Some(m) = self.cur_min {
                    patch_cur_min(&mut image, m);
                }
                image
            }
        }
    }

    /// `getEstimate`.
    pub(crate) fn estimate(&self) -> DfResult<f64> {
        match &self.mode {
            Mode::Coupons(c) if c.count == 0 => Ok(0.0),
            Mode::Coupons(c) => Ok(HllSketch::deserialize(&c.serialize(self.lg_k))
                .map_err(|e| datafusion::common::DataFusionError::Internal(e.to_string()))?
                .estimate()),
            Mode::Hll(s) => Ok(s.estimate()),
        }
    }

    /// Reads a sketch image (any DataSketches HLL image); `name` is the calling function.
    pub(crate) fn deserialize(bytes: &[u8], name: &str) -> DfResult<Self> {
        let bad = || invalid_buffer(name);
        if bytes.len() < 8 || bytes[1] != SER_VER || bytes[2] != FAMILY {
            return Err(bad());
        }
        let lg_k = bytes[3];
        if !(4..=21).contains(&lg_k) {
            return Err(bad());
        }
        let (flags, cur_mode) = (bytes[5], bytes[7] & 3);
        if flags & EMPTY != 0 && cur_mode != HLL {
            return Ok(Self {
                lg_k,
                mode: Mode::Coupons(Coupons::new()),
                cur_min: None,
            });
        }
        let sketch = HllSketch::deserialize(bytes).map_err(|_| bad())?;
        if cur_mode == HLL {
            let hll_8 = bytes[7] >> 2 == HLL_8;
            let cur_min = (hll_8 && bytes[6] != 0)
                .then(|| bytes.get(32..36))
                .flatten()
                .map(|b| (bytes[6], u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
            return Ok(Self {
                lg_k,
                mode: Mode::Hll(Box::new(sketch)),
                cur_min,
            });
        }
        let lg_arr = bytes[4];
        let compact = flags & COMPACT != 0;
        let start = if cur_mode == SET { 12 } else { 8 };
        let count = if cur_mode == SET {
            bytes
                .get(8..12)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .ok_or_else(bad)?
        } else {
            u32::from(bytes[6])
        };
        let n = if compact { count as usize } else { 1 << lg_arr };
        let stored: Vec<u32> = bytes
            .get(start..start + 4 * n)
            .ok_or_else(bad)?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let mut c = Coupons::new();
        if compact || cur_mode == LIST {
            // Java heapifies compact images (and lists) by re-inserting in stored order.
            let mut out = Self {
                lg_k,
                mode: Mode::Coupons(c),
                cur_min: None,
            };
            for coupon in stored.into_iter().filter(|c| *c != 0) {
                out.insert_coupon(coupon)?;
            }
            return Ok(out);
        }
        c.set = true;
        c.lg_arr = lg_arr;
        c.count = count;
        c.table = stored;
        Ok(Self {
            lg_k,
            mode: Mode::Coupons(c),
            cur_min: None,
        })
    }

    fn insert_coupon(&mut self, coupon: u32) -> DfResult<()> {
        if let Mode::Coupons(c) = &mut self.mode
            && c.insert(self.lg_k, coupon)
        {
            self.mode = Mode::Hll(Box::new(c.promote(self.lg_k)?));
        }
        Ok(())
    }

    /// The crate's sketch of this one (for unions with HLL-mode sketches).
    fn to_crate(&self) -> DfResult<HllSketch> {
        match &self.mode {
            Mode::Hll(s) => Ok((**s).clone()),
            Mode::Coupons(_) => HllSketch::deserialize(&self.serialize())
                .map_err(|e| datafusion::common::DataFusionError::Internal(e.to_string())),
        }
    }

    /// Java's `Union(lg_max_k)` over `sketches` in order, then `getResult(HLL_8)`.
    pub(crate) fn union(lg_max_k: u8, sketches: &[&Hll]) -> DfResult<Self> {
        let all_coupons = sketches.iter().all(|s| matches!(s.mode, Mode::Coupons(_)));
        if all_coupons {
            let mut out = Self {
                lg_k: lg_max_k,
                mode: Mode::Coupons(Coupons::new()),
                cur_min: None,
            };
            for s in sketches {
                let Mode::Coupons(c) = &s.mode else { continue };
                if c.count == 0 {
                    continue;
                }
                // `unionImpl`: a SET source into an empty gadget of its lgK is copied.
                if c.set && out.is_empty() && s.lg_k == lg_max_k {
                    out.mode = Mode::Coupons(c.clone());
                    continue;
                }
                for coupon in c.iter() {
                    out.insert_coupon(coupon)?;
                }
            }
            return Ok(out);
        }
        // A union with one HLL-mode source of at most lgMaxK is a copy of it.
        let non_empty: Vec<&&Hll> = sketches.iter().filter(|s| !s.is_empty()).collect();
        if let [only] = non_empty.as_slice()
            && only.lg_k <= lg_max_k
        {
            return Ok((**only).clone());
        }
        let mut u = HllUnion::new(lg_max_k)
            .map_err(|e| datafusion::common::DataFusionError::Internal(e.to_string()))?;
        for s in sketches {
            if !s.is_empty() {
                u.update(&s.to_crate()?);
            }
        }
        let r = u.to_sketch(HllType::Hll8);
        let lg_k = r.lg_config_k();
        let mut bytes = r.serialize();
        // Merging arrays marks the result out of order and rebuilds its curMin.
        if bytes.len() > 40
            && bytes[5] & OUT_OF_ORDER != 0
            && bytes[7] == (HLL_8 << 2) | HLL
            && let Some(m) = register_min(&bytes)
        {
            patch_cur_min(&mut bytes, m);
        }
        let mut out = Self::deserialize(&bytes, "hll_union")?;
        out.lg_k = lg_k;
        Ok(out)
    }
}
