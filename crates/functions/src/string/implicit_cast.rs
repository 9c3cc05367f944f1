//! Which function parameters take a value of another type by Spark's implicit cast
//! (`ImplicitTypeCasts` over an `ImplicitCastInputTypes` expression). A STRING parameter takes
//! any other atomic argument (a number, boolean, date, timestamp, interval or binary) through
//! Spark's cast to STRING: `upper(12)` is `'12'`, and `concat(ts, '|')` formats `ts` as
//! `2024-01-02 03:04:05`. A numeric parameter takes a string argument through Spark's cast to
//! the number type Spark picks (`abs('10.5')` is 10.5, a DOUBLE; `bin('10')` reads a BIGINT).
//! The resolver applies the casts (see [`crate::implicit_string_param`] and
//! [`crate::implicit_numeric_param`]); an implicit cast does not show in the column name.

/// The parameters of one function that take a STRING.
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

/// Whether a binary argument is kept as it is there (the parameter is Spark's
/// `TypeCollection(StringType, BinaryType)`) rather than cast to STRING.
const KEEP_BINARY: bool = true;
const CAST_BINARY: bool = false;

/// Alphabetical: function name, its STRING parameters, and whether they keep binaries.
static TABLE: &[(&str, Params, bool)] = &[
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

/// Whether argument `index` (of `args`) of `name` (lower case) takes a STRING by implicit
/// cast: `Some(keep_binary)` if it does.
pub(crate) fn string_param(name: &str, index: usize, args: usize) -> Option<bool> {
    let i = TABLE.binary_search_by(|(n, ..)| n.cmp(&name)).ok()?;
    let (_, params, keep_binary) = TABLE[i];
    taken(params, index, args).then_some(keep_binary)
}

/// The number type a string argument is cast to (Spark's `implicitCast(StringType, _)`: DOUBLE
/// for `NumericType`, BIGINT for `IntegralType`, else the declared type).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Double,
    Long,
    Int,
}

/// Alphabetical: function name, its numeric parameters, and the type a string is cast to.
static NUMERIC: &[(&str, Params, Number)] = &[
    ("&", Params::All, Number::Long),
    ("^", Params::All, Number::Long),
    ("abs", Params::At(&[0]), Number::Double),
    ("bin", Params::At(&[0]), Number::Long),
    ("bround", Params::At(&[0]), Number::Double),
    ("ceil", Params::Sole, Number::Double),
    ("ceiling", Params::Sole, Number::Double),
    ("factorial", Params::At(&[0]), Number::Int),
    ("floor", Params::Sole, Number::Double),
    ("nanvl", Params::All, Number::Double),
    ("negative", Params::At(&[0]), Number::Double),
    ("positive", Params::At(&[0]), Number::Double),
    ("round", Params::At(&[0]), Number::Double),
    ("shiftleft", Params::At(&[0]), Number::Int),
    ("shiftright", Params::At(&[0]), Number::Int),
    ("shiftrightunsigned", Params::At(&[0]), Number::Int),
    ("width_bucket", Params::At(&[0, 1, 2]), Number::Double),
    ("|", Params::All, Number::Long),
];

fn taken(params: Params, index: usize, args: usize) -> bool {
    match params {
        Params::All => true,
        Params::AfterFirst => index > 0,
        Params::At(at) => at.contains(&index),
        Params::Sole => args == 1,
    }
}

/// The number type argument `index` (of `args`) of `name` (lower case) takes a string as, if
/// it does.
pub(crate) fn numeric_param(name: &str, index: usize, args: usize) -> Option<Number> {
    let i = NUMERIC.binary_search_by(|(n, ..)| n.cmp(&name)).ok()?;
    let (_, params, to) = NUMERIC[i];
    taken(params, index, args).then_some(to)
}

#[cfg(test)]
mod tests {
    #[test]
    fn table_is_sorted_and_names_registered_functions() {
        for w in super::TABLE.windows(2) {
            assert!(w[0].0 < w[1].0, "{} before {}", w[0].0, w[1].0);
        }
        for (name, ..) in super::TABLE {
            assert!(
                crate::lookup(name).is_some(),
                "{name} is not a registered function"
            );
        }
        assert_eq!(super::string_param("upper", 0, 1), Some(false));
        assert_eq!(super::string_param("lpad", 1, 3), None);
        assert_eq!(super::string_param("elt", 0, 3), None);
        assert_eq!(super::string_param("substring", 0, 3), Some(true));
        assert_eq!(super::string_param("abs", 0, 1), None);
        for w in super::NUMERIC.windows(2) {
            assert!(w[0].0 < w[1].0, "{} before {}", w[0].0, w[1].0);
        }
        for (name, ..) in super::NUMERIC {
            assert!(
                crate::lookup(name).is_some(),
                "{name} is not a registered function"
            );
        }
        assert_eq!(super::numeric_param("bin", 0, 1), Some(super::Number::Long));
        assert_eq!(super::numeric_param("round", 1, 2), None);
        assert_eq!(
            super::numeric_param("floor", 0, 1),
            Some(super::Number::Double)
        );
        assert_eq!(super::numeric_param("floor", 0, 2), None);
    }
}
