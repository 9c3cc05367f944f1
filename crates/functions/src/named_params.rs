//! Parameters of the functions that accept named arguments (`f(name => value)`), in
//! positional order (Spark's `FunctionSignature` of `SupportsNamedArguments` functions).

/// A parameter's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamDefault {
    /// The argument must be given.
    Required,
    /// A string literal.
    String(&'static str),
    /// A NULL string.
    NullString,
}

/// One parameter: its name and default.
pub type Param = (&'static str, ParamDefault);

const MASK: [Param; 5] = [
    ("str", ParamDefault::Required),
    ("upperChar", ParamDefault::String("X")),
    ("lowerChar", ParamDefault::String("x")),
    ("digitChar", ParamDefault::String("n")),
    ("otherChar", ParamDefault::NullString),
];

/// The parameters of `name` (lower case), if it accepts named arguments.
pub fn named_parameters(name: &str) -> Option<&'static [Param]> {
    match name {
        "mask" => Some(&MASK),
        _ => None,
    }
}
