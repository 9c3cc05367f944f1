//! Which arguments of a call Spark casts to one common type before the call is typed
//! (`TypeCoercion`'s `CaseWhenCoercion`, `IfCoercion`, `InConversion` and
//! `FunctionArgumentConversion`): the values of `CASE`/`if`/`coalesce`, the elements of
//! `array(...)`, the keys and the values of `map(...)`, `IN`'s value and list, the arguments of
//! `greatest`/`least`. The resolver finds the common type (Spark's `findWiderCommonType`, or
//! `findWiderTypeWithoutStringPromotion` for `greatest`/`least`) and casts the arguments with
//! Spark's cast; without one it raises Spark's `DATATYPE_MISMATCH.DATA_DIFF_TYPES`.

/// How the common type of a group is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Widening {
    /// `findWiderCommonType`: a string next to another atomic type is promoted (under ANSI the
    /// string is read as the other type: `if(c, '10', 1)` is a BIGINT).
    StringPromotion,
    /// `findWiderTypeWithoutStringPromotion`: strings mix only with strings
    /// (`greatest('10', 1)` fails).
    NoStringPromotion,
}

/// The arguments of one call that share a type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommonType {
    /// Groups of argument positions; each group is cast to its own common type.
    pub groups: Vec<Vec<usize>>,
    pub widening: Widening,
    /// The name Spark's `DATA_DIFF_TYPES` error gives the function (`None`: the function
    /// reports its own error when there is no common type).
    pub error_name: Option<&'static str>,
}

/// Which arguments of a call form a group.
#[derive(Clone, Copy)]
enum Args {
    All,
    /// Every argument after the first (`if`'s and `nvl2`'s values).
    AfterFirst,
    /// `when(c1, v1, c2, v2, ..., [else])`: the values and the ELSE.
    CaseValues,
    /// `map(k1, v1, k2, v2, ...)`: the keys, and the values, apart.
    KeysAndValues,
}

/// Alphabetical: function name, its grouped arguments, the widening and the error's name.
static TABLE: &[(&str, Args, Widening, Option<&str>)] = &[
    ("array", Args::All, Widening::StringPromotion, Some("array")),
    (
        "coalesce",
        Args::All,
        Widening::StringPromotion,
        Some("coalesce"),
    ),
    (
        "greatest",
        Args::All,
        Widening::NoStringPromotion,
        Some("greatest"),
    ),
    (
        "if",
        Args::AfterFirst,
        Widening::StringPromotion,
        Some("if"),
    ),
    // `ifnull`/`nvl` are `RuntimeReplaceable` by `coalesce`, which reports the error.
    (
        "ifnull",
        Args::All,
        Widening::StringPromotion,
        Some("coalesce"),
    ),
    ("in", Args::All, Widening::StringPromotion, Some("in")),
    (
        "least",
        Args::All,
        Widening::NoStringPromotion,
        Some("least"),
    ),
    ("map", Args::KeysAndValues, Widening::StringPromotion, None),
    (
        "nvl",
        Args::All,
        Widening::StringPromotion,
        Some("coalesce"),
    ),
    // `nvl2(a, b, c)` is `if(a IS NOT NULL, b, c)`.
    (
        "nvl2",
        Args::AfterFirst,
        Widening::StringPromotion,
        Some("if"),
    ),
    (
        "when",
        Args::CaseValues,
        Widening::StringPromotion,
        Some("casewhen"),
    ),
];

/// The arguments of a call of `name` (lower case) with `args` arguments that Spark casts to a
/// common type, if any.
pub fn common_type(name: &str, args: usize) -> Option<CommonType> {
    let i = TABLE.binary_search_by(|(n, ..)| n.cmp(&name)).ok()?;
    let (_, which, widening, error_name) = TABLE[i];
    let groups = match which {
        Args::All => vec![(0..args).collect()],
        Args::AfterFirst => vec![(1..args).collect()],
        Args::CaseValues => vec![
            (0..args)
                .filter(|i| i % 2 == 1 || (args % 2 == 1 && *i == args - 1))
                .collect(),
        ],
        Args::KeysAndValues => vec![
            (0..args).step_by(2).collect(),
            (1..args).step_by(2).collect(),
        ],
    };
    Some(CommonType {
        groups,
        widening,
        error_name,
    })
}

#[cfg(test)]
mod tests {
    use super::{Widening, common_type};

    #[test]
    fn table_is_sorted_and_names_registered_functions() {
        for w in super::TABLE.windows(2) {
            assert!(w[0].0 < w[1].0, "{} before {}", w[0].0, w[1].0);
        }
        for (name, ..) in super::TABLE {
            assert!(crate::lookup(name).is_some(), "{name} is not registered");
        }
    }

    #[test]
    fn groups() {
        let groups = |name, n| common_type(name, n).map(|c| c.groups);
        assert_eq!(groups("when", 5), Some(vec![vec![1, 3, 4]]));
        assert_eq!(groups("when", 4), Some(vec![vec![1, 3]]));
        assert_eq!(groups("if", 3), Some(vec![vec![1, 2]]));
        assert_eq!(groups("map", 4), Some(vec![vec![0, 2], vec![1, 3]]));
        assert_eq!(groups("upper", 1), None);
        assert_eq!(
            common_type("least", 2).map(|c| c.widening),
            Some(Widening::NoStringPromotion)
        );
    }
}
