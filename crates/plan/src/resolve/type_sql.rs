//! Spark's `DataType.sql`: the upper-case type names used in generated column names such as
//! `CAST(a AS BIGINT)`.

use sabot_common::spec::DataType;

/// Spark's `DataType.sql` (e.g. `BIGINT`, `DECIMAL(10,2)`, `ARRAY<INT>`, `STRUCT<a: INT>`).
pub(crate) fn type_sql(t: &DataType) -> String {
    match t {
        DataType::Array { element, .. } => format!("ARRAY<{}>", type_sql(element)),
        DataType::Map { key, value, .. } => {
            format!("MAP<{}, {}>", type_sql(key), type_sql(value))
        }
        DataType::Struct(fields) => format!(
            "STRUCT<{}>",
            fields
                .iter()
                .map(|f| {
                    let null = if f.nullable { "" } else { " NOT NULL" };
                    format!(
                        "{}: {}{null}",
                        quote_if_needed(&f.name),
                        type_sql(&f.data_type)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        DataType::Null => "VOID".into(),
        other => other.simple_string().to_ascii_uppercase(),
    }
}

/// [`type_sql`] of an Arrow type (its Arrow name where Spark has none).
pub(crate) fn arrow_type_sql(t: &datafusion::arrow::datatypes::DataType) -> String {
    crate::types::arrow_to_spark(t)
        .map(|s| type_sql(&s))
        .unwrap_or_else(|_| t.to_string().to_ascii_uppercase())
}

/// Spark's `QuotingUtils.quoteIfNeeded`: backquotes unless a plain identifier.
pub(crate) fn quote_if_needed(name: &str) -> String {
    let plain = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.chars().all(|c| c.is_ascii_digit());
    if plain {
        name.to_string()
    } else {
        format!("`{}`", name.replace('`', "``"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sabot_common::spec::StructField;

    #[test]
    fn sql_names() {
        assert_eq!(type_sql(&DataType::Long), "BIGINT");
        assert_eq!(type_sql(&DataType::Integer), "INT");
        assert_eq!(
            type_sql(&DataType::Decimal {
                precision: 10,
                scale: 2
            }),
            "DECIMAL(10,2)"
        );
        assert_eq!(type_sql(&DataType::TimestampNtz), "TIMESTAMP_NTZ");
        let s = DataType::Struct(vec![StructField::new("a b", DataType::String, true)]);
        assert_eq!(type_sql(&s), "STRUCT<`a b`: STRING>");
        let a = DataType::Array {
            element: Box::new(DataType::Integer),
            contains_null: true,
        };
        assert_eq!(type_sql(&a), "ARRAY<INT>");
    }
}
