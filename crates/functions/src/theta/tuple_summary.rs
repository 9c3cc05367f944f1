//! The summaries of Spark's tuple sketches: Java DataSketches' `DoubleSummary` and
//! `IntegerSummary`, a value and its mode (`sum`, `min`, `max`, `alwaysone`), serialized as the
//! little-endian value followed by the mode's ordinal byte. Updates fold a value in by the
//! mode; set operations build a new summary of the operation's mode from both sides, as
//! `DoubleSummarySetOperations`/`IntegerSummarySetOperations` do.

use std::fmt::Debug;

use datasketches::codec::{SketchBytes, SketchSlice};
use datasketches::error::{Error, ErrorKind};
use datasketches::tuple::{
    SummaryCombinePolicy, SummaryPolicy, SummaryUpdatePolicy, TupleSummaryValue,
};

/// A summary mode, in Java's `DoubleSummary.Mode` order (the serialized ordinal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Mode {
    Sum,
    Min,
    Max,
    AlwaysOne,
}

impl Mode {
    /// A mode name, case-insensitively (Spark's `TupleSummaryMode.fromString`).
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "sum" => Some(Mode::Sum),
            "min" => Some(Mode::Min),
            "max" => Some(Mode::Max),
            "alwaysone" => Some(Mode::AlwaysOne),
            _ => None,
        }
    }

    /// Spark's name of the mode (what [`Mode::parse`] reads).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Mode::Sum => "sum",
            Mode::Min => "min",
            Mode::Max => "max",
            Mode::AlwaysOne => "alwaysone",
        }
    }

    fn ordinal(self) -> u8 {
        match self {
            Mode::Sum => 0,
            Mode::Min => 1,
            Mode::Max => 2,
            Mode::AlwaysOne => 3,
        }
    }

    fn from_ordinal(b: u8) -> Option<Self> {
        [Mode::Sum, Mode::Min, Mode::Max, Mode::AlwaysOne]
            .get(usize::from(b))
            .copied()
    }
}

/// The value type of a summary: `f64` for the `_double` functions, `i32` (Java's int
/// arithmetic, wrapping) for the `_integer` ones.
pub(crate) trait Num: Copy + Debug + PartialEq + Send + Sync + 'static {
    const SIZE: usize;
    /// A new summary's value (`+Inf`/`MAX_VALUE` for `min`, ...).
    fn initial(mode: Mode) -> Self;
    fn fold(mode: Mode, acc: Self, v: Self) -> Self;
    fn write(self, b: &mut SketchBytes);
    fn read(c: &mut SketchSlice<'_>) -> std::io::Result<Self>;
    fn to_f64(self) -> f64;
}

impl Num for f64 {
    const SIZE: usize = 8;

    fn initial(mode: Mode) -> Self {
        match mode {
            Mode::Sum => 0.0,
            Mode::Min => f64::INFINITY,
            Mode::Max => f64::NEG_INFINITY,
            Mode::AlwaysOne => 1.0,
        }
    }

    fn fold(mode: Mode, acc: Self, v: Self) -> Self {
        match mode {
            Mode::Sum => acc + v,
            Mode::Min => acc.min(v),
            Mode::Max => acc.max(v),
            Mode::AlwaysOne => 1.0,
        }
    }

    fn write(self, b: &mut SketchBytes) {
        b.write_f64_le(self);
    }

    fn read(c: &mut SketchSlice<'_>) -> std::io::Result<Self> {
        c.read_f64_le()
    }

    fn to_f64(self) -> f64 {
        self
    }
}

impl Num for i32 {
    const SIZE: usize = 4;

    fn initial(mode: Mode) -> Self {
        match mode {
            Mode::Sum => 0,
            Mode::Min => i32::MAX,
            Mode::Max => i32::MIN,
            Mode::AlwaysOne => 1,
        }
    }

    fn fold(mode: Mode, acc: Self, v: Self) -> Self {
        match mode {
            Mode::Sum => acc.wrapping_add(v),
            Mode::Min => acc.min(v),
            Mode::Max => acc.max(v),
            Mode::AlwaysOne => 1,
        }
    }

    fn write(self, b: &mut SketchBytes) {
        b.write_i32_le(self);
    }

    fn read(c: &mut SketchSlice<'_>) -> std::io::Result<Self> {
        c.read_i32_le()
    }

    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

/// One retained key's summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Summary<T> {
    pub value: T,
    pub mode: Mode,
}

impl<T: Num> Summary<T> {
    pub(crate) fn new(mode: Mode) -> Self {
        Self {
            value: T::initial(mode),
            mode,
        }
    }
}

impl<T: Num> TupleSummaryValue for Summary<T> {
    fn serialize_size(&self) -> usize {
        T::SIZE + 1
    }

    fn serialize_value(&self, bytes: &mut SketchBytes) {
        self.value.write(bytes);
        bytes.write_u8(self.mode.ordinal());
    }

    fn deserialize_value(cursor: &mut SketchSlice<'_>) -> Result<Self, Error> {
        let bad = |what: &str| Error::new(ErrorKind::InvalidData, format!("summary {what}"));
        let value = T::read(cursor).map_err(|_| bad("value"))?;
        let mode = cursor
            .read_u8()
            .ok()
            .and_then(Mode::from_ordinal)
            .ok_or_else(|| bad("mode"))?;
        Ok(Self { value, mode })
    }
}

/// Creates, updates and combines summaries in one mode.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Policy<T> {
    pub mode: Mode,
    marker: std::marker::PhantomData<fn() -> T>,
}

impl<T> Policy<T> {
    pub(crate) fn new(mode: Mode) -> Self {
        Self {
            mode,
            marker: std::marker::PhantomData,
        }
    }
}

impl<T: Num> SummaryPolicy for Policy<T> {
    type Summary = Summary<T>;

    fn create(&self) -> Summary<T> {
        Summary::new(self.mode)
    }
}

impl<T: Num> SummaryUpdatePolicy<T> for Policy<T> {
    fn update(&self, summary: &mut Summary<T>, value: T) {
        summary.value = T::fold(summary.mode, summary.value, value);
    }
}

impl<T: Num> SummaryCombinePolicy for Policy<T> {
    fn combine(&self, summary: &mut Summary<T>, other: &Summary<T>) {
        let v = T::fold(self.mode, T::initial(self.mode), summary.value);
        *summary = Summary {
            value: T::fold(self.mode, v, other.value),
            mode: self.mode,
        };
    }
}

/// `tuple_sketch_summary_*`: the retained summaries' values folded by `mode` (`alwaysone`
/// counts them; no entries give 0).
pub(crate) fn aggregate<T: Num>(values: impl Iterator<Item = T>, mode: Mode) -> f64 {
    let mut n = 0u64;
    let mut acc: Option<f64> = None;
    for v in values {
        n += 1;
        let v = v.to_f64();
        acc = Some(match (mode, acc) {
            (_, None) => v,
            (Mode::Sum, Some(a)) => a + v,
            (Mode::Min, Some(a)) => a.min(v),
            (Mode::Max, Some(a)) => a.max(v),
            (Mode::AlwaysOne, Some(a)) => a,
        });
    }
    match mode {
        Mode::AlwaysOne => n as f64,
        _ => acc.unwrap_or(0.0),
    }
}
