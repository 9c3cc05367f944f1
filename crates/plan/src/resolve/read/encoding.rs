//! The `encoding`/`charset` option of the CSV and JSON readers: the charsets Spark 4.3 accepts
//! there (`CSVOptions.charset`/`JSONOptionsInRead`, checked against
//! `CharsetProvider.VALID_CHARSETS`), decoded as Java's decoders do.

use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

/// The names Spark accepts (compared case-insensitively).
const VALID: [&str; 7] = [
    "iso-8859-1",
    "us-ascii",
    "utf-16",
    "utf-16be",
    "utf-16le",
    "utf-32",
    "utf-8",
];

/// The text encodings the readers decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Latin1,
    /// `UTF-16`: a byte-order mark picks the order, big-endian without one.
    Utf16,
    Utf16Be,
    Utf16Le,
    /// `UTF-32`: like `UTF-16`.
    Utf32,
}

impl Encoding {
    /// The encoding named `name` (`None`: UTF-8); `owner` names the options in errors.
    pub(crate) fn parse(name: Option<&str>, owner: &str) -> Result<Self> {
        let Some(name) = name else {
            return Ok(Encoding::Utf8);
        };
        Ok(match name.to_ascii_lowercase().as_str() {
            "utf-8" => Encoding::Utf8,
            "iso-8859-1" | "us-ascii" => Encoding::Latin1,
            "utf-16" => Encoding::Utf16,
            "utf-16be" => Encoding::Utf16Be,
            "utf-16le" => Encoding::Utf16Le,
            "utf-32" => Encoding::Utf32,
            _ => return Err(invalid_charset(name, owner)),
        })
    }

    /// Whether lines can be split on `\n` bytes before decoding.
    pub(crate) fn is_ascii_compatible(self) -> bool {
        matches!(self, Encoding::Utf8 | Encoding::Latin1)
    }

    /// Decodes a file's bytes (invalid sequences become U+FFFD, as Java's decoders do).
    pub(crate) fn decode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::Utf8 => {
                let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                String::from_utf8_lossy(b).into_owned()
            }
            Encoding::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
            Encoding::Utf16 => match bytes {
                [0xFF, 0xFE, rest @ ..] => utf16(rest, false),
                [0xFE, 0xFF, rest @ ..] => utf16(rest, true),
                _ => utf16(bytes, true),
            },
            Encoding::Utf16Be => utf16(bytes, true),
            Encoding::Utf16Le => utf16(bytes, false),
            Encoding::Utf32 => match bytes {
                [0xFF, 0xFE, 0, 0, rest @ ..] => utf32(rest, false),
                [0, 0, 0xFE, 0xFF, rest @ ..] => utf32(rest, true),
                _ => utf32(bytes, true),
            },
        }
    }
}

fn utf16(bytes: &[u8], big: bool) -> String {
    let units = bytes.chunks(2).map(|c| match (c, big) {
        ([a, b], true) => u16::from_be_bytes([*a, *b]),
        ([a, b], false) => u16::from_le_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn utf32(bytes: &[u8], big: bool) -> String {
    bytes
        .chunks(4)
        .map(|c| {
            let v = match (c, big) {
                ([a, b, x, y], true) => u32::from_be_bytes([*a, *b, *x, *y]),
                ([a, b, x, y], false) => u32::from_le_bytes([*a, *b, *x, *y]),
                _ => 0xFFFD,
            };
            char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER)
        })
        .collect()
}

/// `INVALID_PARAMETER_VALUE.CHARSET` (Spark's `QueryExecutionErrors.invalidCharsetError`).
fn invalid_charset(name: &str, owner: &str) -> SparkError {
    let list = VALID.join(", ");
    SparkError::with_class(
        ExceptionKind::IllegalArgument,
        "INVALID_PARAMETER_VALUE.CHARSET",
        "22023",
        format!(
            "The value of parameter(s) `charset` in `{owner}` is invalid: expects one of the {list}, but got {name}."
        ),
    )
    .param("parameter", "`charset`")
    .param("functionName", format!("`{owner}`"))
    .param("charsets", list)
    .param("charset", name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spark_charsets() {
        let p = |n| Encoding::parse(Some(n), "CSVOptions");
        assert_eq!(p("UTF-16").unwrap(), Encoding::Utf16);
        assert_eq!(p("ISO-8859-1").unwrap(), Encoding::Latin1);
        assert!(p("latin1").is_err());
        assert!(p("windows-1252").is_err());
        let le: Vec<u8> = "\u{feff}é,1"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(Encoding::Utf16.decode(&le), "é,1");
        let be: Vec<u8> = "é".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(Encoding::Utf16.decode(&be), "é");
        assert_eq!(Encoding::Utf32.decode(&[0, 0, 0, 0x41]), "A");
        assert_eq!(Encoding::Latin1.decode(&[0xE9]), "é");
        assert_eq!(Encoding::Utf8.decode(b"\xEF\xBB\xBFab"), "ab");
    }
}
