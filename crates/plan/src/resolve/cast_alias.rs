//! The cast functions of Spark SQL (`int(x)`, `string(x)`, `date(x)`, ...; Spark's
//! `FunctionRegistry.castAlias`): a `CAST(x AS type)` under the session's ANSI mode, named like
//! its argument, as Spark names them.

use sabot_common::Result;
use sabot_common::spec::{CastMode, DataType, Expr};

use super::casts::resolve_cast;
use super::expressions::{Named, Scope};

/// The type a cast function converts to, by its (lower-case) name.
fn target(name: &str) -> Option<DataType> {
    Some(match name {
        "bigint" => DataType::Long,
        "binary" => DataType::Binary,
        "boolean" => DataType::Boolean,
        "date" => DataType::Date,
        "decimal" => DataType::Decimal {
            precision: 10,
            scale: 0,
        },
        "double" => DataType::Double,
        "float" => DataType::Float,
        "int" => DataType::Integer,
        "smallint" => DataType::Short,
        "string" => DataType::String,
        "timestamp" => DataType::Timestamp,
        "tinyint" => DataType::Byte,
        _ => return None,
    })
}

/// Resolves `name(args)` when `name` is a cast function; `None` for any other name (and for a
/// name the registry also knows, which wins).
pub(crate) fn resolve(scope: &Scope<'_>, name: &str, args: &[Expr]) -> Option<Result<Named>> {
    if sabot_functions::lookup(name).is_some() {
        return None;
    }
    let to = target(name)?;
    Some(match args {
        [arg] => scope.resolve(arg).and_then(|inner| {
            let shown = inner.name.clone();
            let cast = resolve_cast(scope, inner, &to, CastMode::Default)?;
            Ok(Named::new(cast.expr, shown))
        }),
        _ => Err(sabot_functions::errors::wrong_num_args(
            name,
            "1",
            args.len(),
        )),
    })
}
