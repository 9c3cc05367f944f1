//! Spark's variant binary encoding (the open Variant spec: a value binary and a metadata
//! binary holding the object-key dictionary), mirroring `org.apache.spark.types.variant`'s
//! `VariantBuilder` (writing), `VariantUtil`/`Variant` (reading) and `Variant.toJson`.

mod builder;
mod from_json;
mod reader;
mod to_json;

pub(crate) use builder::Builder;
pub(crate) use from_json::{ParseError, json_value, parse_json};
pub(crate) use reader::{Malformed, Scalar, VType, VariantRef};
pub(crate) use to_json::{date_text, decimal_text, timestamp_text, to_json};

#[cfg(test)]
mod tests;

/// The two low bits of a value's header byte.
pub(crate) const PRIMITIVE: u8 = 0;
pub(crate) const SHORT_STR: u8 = 1;
pub(crate) const OBJECT: u8 = 2;
pub(crate) const ARRAY: u8 = 3;

/// Primitive type ids (the header's upper six bits when the basic type is `PRIMITIVE`).
pub(crate) const NULL: u8 = 0;
pub(crate) const TRUE: u8 = 1;
pub(crate) const FALSE: u8 = 2;
pub(crate) const INT1: u8 = 3;
pub(crate) const INT2: u8 = 4;
pub(crate) const INT4: u8 = 5;
pub(crate) const INT8: u8 = 6;
pub(crate) const DOUBLE: u8 = 7;
pub(crate) const DECIMAL4: u8 = 8;
pub(crate) const DECIMAL8: u8 = 9;
pub(crate) const DECIMAL16: u8 = 10;
pub(crate) const DATE: u8 = 11;
pub(crate) const TIMESTAMP: u8 = 12;
pub(crate) const TIMESTAMP_NTZ: u8 = 13;
pub(crate) const FLOAT: u8 = 14;
pub(crate) const BINARY: u8 = 15;
pub(crate) const LONG_STR: u8 = 16;

/// The metadata format version.
pub(crate) const VERSION: u8 = 1;
/// Strings up to this length use the one-byte short-string form.
pub(crate) const MAX_SHORT_STR_SIZE: usize = 63;
/// Decimal precision limits of the 4-, 8- and 16-byte decimal forms.
pub(crate) const MAX_DECIMAL4_PRECISION: u32 = 9;
pub(crate) const MAX_DECIMAL8_PRECISION: u32 = 18;
pub(crate) const MAX_DECIMAL16_PRECISION: u32 = 38;
/// Spark's default `spark.sql.variant.sizeLimit`-like cap (`VariantUtil.SIZE_LIMIT`, 16 MiB).
pub(crate) const SIZE_LIMIT: usize = 16 * 1024 * 1024;

/// The number of bytes needed for an unsigned value (`VariantBuilder.getIntegerSize`).
pub(crate) fn integer_size(v: usize) -> usize {
    if v <= 0xFF {
        1
    } else if v <= 0xFFFF {
        2
    } else if v <= 0xFF_FFFF {
        3
    } else {
        4
    }
}

/// Writes `v` little-endian in `n` bytes at `pos`.
pub(crate) fn write_le(buf: &mut [u8], pos: usize, v: u64, n: usize) {
    for i in 0..n {
        buf[pos + i] = (v >> (8 * i)) as u8;
    }
}

/// The decimal digit count of an unscaled value (Java's `BigDecimal.precision`, 1 for zero).
pub(crate) fn precision_of(unscaled: i128) -> u32 {
    let mut v = unscaled.unsigned_abs();
    let mut n = 1;
    while v >= 10 {
        v /= 10;
        n += 1;
    }
    n
}
