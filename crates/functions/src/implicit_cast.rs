//! Which function parameters take a value of another type by Spark's implicit cast
//! (`ImplicitTypeCasts` over an `ImplicitCastInputTypes` expression). A STRING parameter takes
//! any other atomic argument (a number, boolean, date, timestamp, interval or binary) through
//! Spark's cast to STRING: `upper(12)` is `'12'`, and `concat(ts, '|')` formats `ts` as
//! `2024-01-02 03:04:05`. A numeric parameter takes a string argument through Spark's cast to
//! the number type Spark picks (`abs('10.5')` is 10.5, a DOUBLE; `bin('10')` reads a BIGINT).
//! The resolver applies the casts ([`implicit_cast`] says which, for each argument of a call);
//! an implicit cast does not show in the column name.

use datafusion::arrow::datatypes::DataType as ArrowType;

/// The implicit cast Spark applies to one argument of a call.
#[derive(Clone, Debug, PartialEq)]
pub enum ImplicitCast {
    /// A STRING parameter: another atomic value is cast to STRING; a binary too unless
    /// `keep_binary` (the parameter is Spark's `TypeCollection(StringType, BinaryType)`).
    ToString { keep_binary: bool },
    /// A numeric parameter: a string is cast to this number type.
    ToNumber(ArrowType),
    /// An integral parameter of an `ImplicitCastInputTypes` function: a string or a fractional
    /// number is cast to this type (`bin(2.5)` reads 2).
    ToIntegral(ArrowType),
    /// `TypeCollection(LongType, BinaryType, StringType)` (`hex`): a fractional number is
    /// cast to BIGINT, another atomic value that is neither a binary nor a string to STRING.
    ToLongBinaryOrString,
}

/// The parameters of one function that a table entry covers.
#[derive(Clone, Copy)]
enum Params {
    /// Every argument.
    All,
    /// Every argument after the first (`elt`'s index).
    AfterFirst,
    /// These argument positions.
    At(&'static [usize]),
    /// The only argument of a one-argument call (`floor(x)`; `floor(x, scale)` is another
    /// expression, `RoundFloor`, with its own coercion).
    Sole,
}

/// Whether a binary argument is kept as it is (see [`ImplicitCast::ToString`]).
const KEEP_BINARY: bool = true;
const CAST_BINARY: bool = false;

/// Alphabetical: function name, its STRING parameters, and whether they keep binaries.
static STRING: &[(&str, Params, bool)] = &[
    ("ascii", Params::At(&[0]), CAST_BINARY),
    ("bit_length", Params::At(&[0]), KEEP_BINARY),
    ("btrim", Params::All, CAST_BINARY),
    ("char_length", Params::At(&[0]), KEEP_BINARY),
    ("character_length", Params::At(&[0]), KEEP_BINARY),
    ("concat", Params::All, KEEP_BINARY),
    ("concat_ws", Params::All, CAST_BINARY),
    ("contains", Params::All, CAST_BINARY),
    ("elt", Params::AfterFirst, KEEP_BINARY),
    ("encode", Params::All, CAST_BINARY),
    ("endswith", Params::All, CAST_BINARY),
    ("find_in_set", Params::All, CAST_BINARY),
    ("ilike", Params::All, CAST_BINARY),
    ("initcap", Params::At(&[0]), CAST_BINARY),
    ("instr", Params::All, CAST_BINARY),
    ("lcase", Params::At(&[0]), CAST_BINARY),
    ("left", Params::At(&[0]), KEEP_BINARY),
    ("len", Params::At(&[0]), KEEP_BINARY),
    ("length", Params::At(&[0]), KEEP_BINARY),
    ("levenshtein", Params::At(&[0, 1]), CAST_BINARY),
    ("like", Params::All, CAST_BINARY),
    ("listagg", Params::All, KEEP_BINARY),
    ("locate", Params::At(&[0, 1]), CAST_BINARY),
    ("lower", Params::At(&[0]), CAST_BINARY),
    ("lpad", Params::At(&[0, 2]), KEEP_BINARY),
    ("ltrim", Params::All, CAST_BINARY),
    ("luhn_check", Params::At(&[0]), CAST_BINARY),
    ("octet_length", Params::At(&[0]), KEEP_BINARY),
    ("overlay", Params::At(&[0, 1]), KEEP_BINARY),
    ("position", Params::At(&[0, 1]), CAST_BINARY),
    ("quote", Params::At(&[0]), CAST_BINARY),
    ("regexp", Params::All, CAST_BINARY),
    ("regexp_count", Params::All, CAST_BINARY),
    ("regexp_extract", Params::At(&[0, 1]), CAST_BINARY),
    ("regexp_extract_all", Params::At(&[0, 1]), CAST_BINARY),
    ("regexp_instr", Params::At(&[0, 1]), CAST_BINARY),
    ("regexp_like", Params::All, CAST_BINARY),
    ("regexp_replace", Params::At(&[0, 1, 2]), CAST_BINARY),
    ("regexp_substr", Params::All, CAST_BINARY),
    ("repeat", Params::At(&[0]), CAST_BINARY),
    ("replace", Params::All, CAST_BINARY),
    ("reverse", Params::At(&[0]), KEEP_BINARY),
    ("right", Params::At(&[0]), KEEP_BINARY),
    ("rlike", Params::All, CAST_BINARY),
    ("rpad", Params::At(&[0, 2]), KEEP_BINARY),
    ("rtrim", Params::All, CAST_BINARY),
    ("sentences", Params::All, CAST_BINARY),
    ("split", Params::At(&[0, 1]), CAST_BINARY),
    ("split_part", Params::At(&[0, 1]), CAST_BINARY),
    ("startswith", Params::All, CAST_BINARY),
    ("string_agg", Params::All, KEEP_BINARY),
    ("substr", Params::At(&[0]), KEEP_BINARY),
    ("substring", Params::At(&[0]), KEEP_BINARY),
    ("substring_index", Params::At(&[0, 1]), CAST_BINARY),
    ("translate", Params::All, CAST_BINARY),
    ("trim", Params::All, CAST_BINARY),
    ("ucase", Params::At(&[0]), CAST_BINARY),
    ("unbase64", Params::At(&[0]), CAST_BINARY),
    ("unhex", Params::At(&[0]), CAST_BINARY),
    ("upper", Params::At(&[0]), CAST_BINARY),
    ("url_decode", Params::At(&[0]), CAST_BINARY),
    ("url_encode", Params::At(&[0]), CAST_BINARY),
];

/// Alphabetical: function name, its numeric parameters, and the type a string is cast to
/// (Spark's `implicitCast(StringType, _)`: DOUBLE for `NumericType`, BIGINT for
/// `IntegralType`, else the declared type).
static NUMERIC: &[(&str, Params, ArrowType)] = &[
    ("&", Params::All, ArrowType::Int64),
    // Unary minus; `a - b` is arithmetic's own coercion.
    ("-", Params::Sole, ArrowType::Float64),
    ("^", Params::All, ArrowType::Int64),
    ("abs", Params::At(&[0]), ArrowType::Float64),
    ("bin", Params::At(&[0]), ArrowType::Int64),
    ("bround", Params::At(&[0]), ArrowType::Float64),
    ("ceil", Params::Sole, ArrowType::Float64),
    ("ceiling", Params::Sole, ArrowType::Float64),
    ("factorial", Params::At(&[0]), ArrowType::Int32),
    ("floor", Params::Sole, ArrowType::Float64),
    ("nanvl", Params::All, ArrowType::Float64),
    ("negative", Params::At(&[0]), ArrowType::Float64),
    ("positive", Params::At(&[0]), ArrowType::Float64),
    ("round", Params::At(&[0]), ArrowType::Float64),
    ("shiftleft", Params::At(&[0]), ArrowType::Int32),
    ("shiftright", Params::At(&[0]), ArrowType::Int32),
    ("shiftrightunsigned", Params::At(&[0]), ArrowType::Int32),
    ("width_bucket", Params::At(&[0, 1, 2]), ArrowType::Float64),
    ("|", Params::All, ArrowType::Int64),
];

/// Alphabetical: functions whose parameters are `TypeCollection(LongType, BinaryType,
/// StringType)`.
static LONG_BINARY_OR_STRING: &[(&str, Params, ())] = &[("hex", Params::At(&[0]), ())];

fn taken(params: Params, index: usize, args: usize) -> bool {
    match params {
        Params::All => true,
        Params::AfterFirst => index > 0,
        Params::At(at) => at.contains(&index),
        Params::Sole => args == 1,
    }
}

/// The implicit cast of argument `index` of a call of `name` (lower case) with `args`
/// arguments, if its parameter has one.
pub fn implicit_cast(name: &str, index: usize, args: usize) -> Option<ImplicitCast> {
    fn entry<T: Clone>(table: &[(&str, Params, T)], name: &str) -> Option<(Params, T)> {
        let i = table.binary_search_by(|(n, ..)| n.cmp(&name)).ok()?;
        Some((table[i].1, table[i].2.clone()))
    }
    if let Some((params, to)) = entry(NUMERIC, name) {
        // The bitwise operators are `BinaryArithmetic`: a fractional operand is a type
        // mismatch there, not a cast.
        let cast = if to.is_integer() && !matches!(name, "&" | "|" | "^") {
            ImplicitCast::ToIntegral(to)
        } else {
            ImplicitCast::ToNumber(to)
        };
        return taken(params, index, args).then_some(cast);
    }
    if let Some((params, ())) = entry(LONG_BINARY_OR_STRING, name) {
        return taken(params, index, args).then_some(ImplicitCast::ToLongBinaryOrString);
    }
    let (params, keep_binary) = entry(STRING, name)?;
    taken(params, index, args).then_some(ImplicitCast::ToString { keep_binary })
}

#[cfg(test)]
mod tests {
    use super::{ArrowType, ImplicitCast, implicit_cast};

    #[test]
    fn tables_are_sorted_and_name_registered_functions() {
        let names = |t: &[&str]| {
            for w in t.windows(2) {
                assert!(w[0] < w[1], "{} before {}", w[0], w[1]);
            }
            for name in t {
                assert!(
                    crate::lookup(name).is_some(),
                    "{name} is not a registered function"
                );
            }
        };
        names(&super::STRING.iter().map(|e| e.0).collect::<Vec<_>>());
        names(&super::NUMERIC.iter().map(|e| e.0).collect::<Vec<_>>());
        names(
            &super::LONG_BINARY_OR_STRING
                .iter()
                .map(|e| e.0)
                .collect::<Vec<_>>(),
        );
    }

    #[test]
    fn positions() {
        let string = |keep_binary| Some(ImplicitCast::ToString { keep_binary });
        assert_eq!(implicit_cast("upper", 0, 1), string(false));
        assert_eq!(implicit_cast("lpad", 1, 3), None);
        assert_eq!(implicit_cast("elt", 0, 3), None);
        assert_eq!(implicit_cast("substring", 0, 3), string(true));
        assert_eq!(
            implicit_cast("bin", 0, 1),
            Some(ImplicitCast::ToIntegral(ArrowType::Int64))
        );
        assert_eq!(
            implicit_cast("&", 0, 2),
            Some(ImplicitCast::ToNumber(ArrowType::Int64))
        );
        assert_eq!(
            implicit_cast("hex", 0, 1),
            Some(ImplicitCast::ToLongBinaryOrString)
        );
        assert_eq!(implicit_cast("round", 1, 2), None);
        assert_eq!(
            implicit_cast("floor", 0, 1),
            Some(ImplicitCast::ToNumber(ArrowType::Float64))
        );
        assert_eq!(implicit_cast("floor", 0, 2), None);
        assert_eq!(implicit_cast("sqrt", 0, 1), None);
    }
}
