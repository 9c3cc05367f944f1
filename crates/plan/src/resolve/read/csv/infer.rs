//! CSV schema inference (Spark's `CSVInferSchema`): each value's type tried in the order int,
//! bigint, decimal (integers wider than a long), double, date, timestamp, boolean, else
//! string; a column's type is the compatible type of its values (`compatibleType`).

use sabot_common::spec::DataType;
use sabot_functions::datasource::is_double;

use super::options::CsvOptions;

/// The type of one value (`inferField` from `NullType`); `None` for a null value.
pub(crate) fn infer_value(s: Option<&str>, o: &CsvOptions) -> Option<DataType> {
    let s = s?;
    if s.is_empty() || s == o.dialect.null_value {
        return None;
    }
    Some(if s.parse::<i32>().is_ok() {
        DataType::Integer
    } else if s.parse::<i64>().is_ok() {
        DataType::Long
    } else if let Some(p) = big_integer_precision(s) {
        DataType::Decimal {
            precision: p,
            scale: 0,
        }
    } else if is_double(s) || s == o.nan_value || s == o.positive_inf || s == o.negative_inf {
        DataType::Double
    } else if o.prefer_date && is_date(s, o) {
        DataType::Date
    } else if o.conversion.timestamp(s, false).is_some() {
        DataType::Timestamp
    } else if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") {
        DataType::Boolean
    } else {
        DataType::String
    })
}

/// A date in `dateFormat` (default `yyyy-MM-dd`, strictly: Spark's `DateFormatter` does not
/// take times or the lenient forms `stringToDate` accepts).
fn is_date(s: &str, o: &CsvOptions) -> bool {
    if o.conversion.date_format.is_some() {
        return o.conversion.date(s).is_some();
    }
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && o.conversion.date(s).is_some()
}

/// An integer (a sign, digits) wider than a long that a decimal holds (`tryParseDecimal`).
fn big_integer_precision(s: &str) -> Option<u8> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = body.trim_start_matches('0').len().max(1);
    u8::try_from(digits).ok().filter(|d| *d <= 38)
}

/// Spark's `CSVInferSchema.compatibleType` (tightest common type, then the CSV rules).
pub(crate) fn compatible(a: &DataType, b: &DataType) -> DataType {
    use DataType::*;
    match (a, b) {
        (x, y) if x == y => x.clone(),
        (Null, x) | (x, Null) => x.clone(),
        (String, _) | (_, String) => String,
        (Integer, Long) | (Long, Integer) => Long,
        (Integer | Long, Double) | (Double, Integer | Long) => Double,
        (Double, Decimal { .. }) | (Decimal { .. }, Double) => Double,
        (Integer, Decimal { precision, scale }) | (Decimal { precision, scale }, Integer) => {
            widen(10, 0, *precision, *scale)
        }
        (Long, Decimal { precision, scale }) | (Decimal { precision, scale }, Long) => {
            widen(20, 0, *precision, *scale)
        }
        (
            Decimal {
                precision: p1,
                scale: s1,
            },
            Decimal {
                precision: p2,
                scale: s2,
            },
        ) => widen(*p1, *s1, *p2, *s2),
        (Date, Timestamp) | (Timestamp, Date) => Timestamp,
        _ => String,
    }
}

/// The decimal both fit, or double past 38 digits.
fn widen(p1: u8, s1: i8, p2: u8, s2: i8) -> DataType {
    let scale = s1.max(s2);
    let range = (i16::from(p1) - i16::from(s1)).max(i16::from(p2) - i16::from(s2));
    let precision = range + i16::from(scale);
    match u8::try_from(precision) {
        Ok(p) if p <= 38 => DataType::Decimal {
            precision: p,
            scale,
        },
        _ => DataType::Double,
    }
}

/// Folds one record's values into the column types so far.
pub(crate) fn merge_record(types: &mut Vec<DataType>, values: &[Option<String>], o: &CsvOptions) {
    if types.len() < values.len() {
        types.resize(values.len(), DataType::Null);
    }
    for (t, v) in types.iter_mut().zip(values) {
        if let Some(vt) = infer_value(v.as_deref(), o) {
            *t = compatible(t, &vt);
        }
    }
}

/// A column that only held nulls is a string column.
pub(crate) fn finish(t: DataType) -> DataType {
    if t == DataType::Null {
        DataType::String
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::options::Options;
    use super::*;

    fn opts() -> CsvOptions {
        CsvOptions::new(&Options::default(), "UTC").unwrap()
    }

    fn t(s: &str) -> Option<DataType> {
        infer_value(Some(s), &opts())
    }

    #[test]
    fn value_types() {
        assert_eq!(t("1"), Some(DataType::Integer));
        assert_eq!(t("3000000000"), Some(DataType::Long));
        assert_eq!(
            t("123456789012345678901234"),
            Some(DataType::Decimal {
                precision: 24,
                scale: 0
            })
        );
        assert_eq!(t("1.5"), Some(DataType::Double));
        assert_eq!(t("1E3"), Some(DataType::Double));
        assert_eq!(t("NaN"), Some(DataType::Double));
        assert_eq!(t("2020-01-02"), Some(DataType::Date));
        assert_eq!(t("2020-01-02 03:04:05"), Some(DataType::Timestamp));
        assert_eq!(t("TRUE"), Some(DataType::Boolean));
        assert_eq!(t("x"), Some(DataType::String));
        assert_eq!(t(""), None);
        assert_eq!(infer_value(None, &opts()), None);
    }

    #[test]
    fn column_types() {
        assert_eq!(
            compatible(&DataType::Integer, &DataType::Double),
            DataType::Double
        );
        assert_eq!(
            compatible(&DataType::Integer, &DataType::Date),
            DataType::String
        );
        assert_eq!(
            compatible(&DataType::Date, &DataType::Timestamp),
            DataType::Timestamp
        );
        assert_eq!(
            compatible(
                &DataType::Long,
                &DataType::Decimal {
                    precision: 24,
                    scale: 0
                }
            ),
            DataType::Decimal {
                precision: 24,
                scale: 0
            }
        );
        let mut types = Vec::new();
        let o = opts();
        merge_record(&mut types, &[Some("1".into()), None], &o);
        merge_record(&mut types, &[Some("2.5".into()), None], &o);
        assert_eq!(types, vec![DataType::Double, DataType::Null]);
        assert_eq!(finish(DataType::Null), DataType::String);
    }
}
