//! `typeof(expr)` (Spark's `TypeOf`): the argument's type as Spark's `DataType.catalogString`
//! (`int`, `array<int>`, `struct<a:int,b:string>`, `decimal(10,2)`), a constant.

use datafusion::arrow::datatypes::{DataType as ArrowType, IntervalUnit};
use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

/// Spark's `catalogString` of the Spark type an Arrow type carries.
pub(crate) fn catalog_string(t: &ArrowType) -> String {
    match t {
        t if crate::variant::is_variant(t) => "variant".into(),
        ArrowType::Null => "void".into(),
        ArrowType::Boolean => "boolean".into(),
        ArrowType::Int8 => "tinyint".into(),
        ArrowType::Int16 => "smallint".into(),
        ArrowType::Int32 => "int".into(),
        ArrowType::Int64 => "bigint".into(),
        ArrowType::Float32 => "float".into(),
        ArrowType::Float64 => "double".into(),
        ArrowType::Decimal128(p, s) => format!("decimal({p},{s})"),
        ArrowType::Utf8 | ArrowType::LargeUtf8 | ArrowType::Utf8View => "string".into(),
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView => "binary".into(),
        ArrowType::Date32 => "date".into(),
        ArrowType::Timestamp(_, Some(_)) => "timestamp".into(),
        ArrowType::Timestamp(_, None) => "timestamp_ntz".into(),
        // Arrow does not carry TIME's precision: Spark's default.
        ArrowType::Time32(_) | ArrowType::Time64(_) => "time(6)".into(),
        ArrowType::Duration(_) => "interval day to second".into(),
        ArrowType::Interval(IntervalUnit::YearMonth) => "interval year to month".into(),
        ArrowType::Interval(_) => "interval".into(),
        ArrowType::List(f) | ArrowType::LargeList(f) | ArrowType::FixedSizeList(f, _) => {
            format!("array<{}>", catalog_string(f.data_type()))
        }
        ArrowType::Map(entries, _) => match entries.data_type() {
            ArrowType::Struct(kv) if kv.len() == 2 => format!(
                "map<{},{}>",
                catalog_string(kv[0].data_type()),
                catalog_string(kv[1].data_type())
            ),
            other => catalog_string(other),
        },
        ArrowType::Struct(fields) => format!(
            "struct<{}>",
            fields
                .iter()
                .map(|f| format!("{}:{}", f.name(), catalog_string(f.data_type())))
                .collect::<Vec<_>>()
                .join(",")
        ),
        other => other.to_string().to_ascii_lowercase(),
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [e] = take_args("typeof", args)?;
    if let Some(p) = crate::datetime::time::precision_of(&e, ctx) {
        return Ok(lit(format!("time({p})")));
    }
    Ok(lit(catalog_string(&ctx.arg_type(&e)?)))
}
