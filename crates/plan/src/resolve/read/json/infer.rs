//! JSON schema inference (Spark's `JsonInferSchema`): objects are structs with fields sorted
//! by name, integers `bigint` (wider ones `decimal(n,0)`), other numbers `double` (`decimal`
//! with `prefersDecimal`), conflicting types `string`; a record that is not an object (or an
//! array of objects) adds the corrupt-record column, as `withCorruptField` does.

use sabot_common::Result;
use sabot_common::spec::{DataType, StructField};
use sabot_functions::datasource::{Inferred, Json, infer_json, merge_inferred, parse_json};

use super::super::errors::failfast_infer;
use super::super::options::ParseMode;
use super::options::JsonOptions;

/// The root struct of the records so far and whether a record was malformed.
#[derive(Debug)]
pub(crate) struct RootType {
    root: Inferred,
    corrupt: bool,
    /// A key an object repeats (the columns would clash, as in Spark).
    duplicate: Option<String>,
}

impl RootType {
    pub(crate) fn new() -> Self {
        Self {
            root: Inferred::Struct(Vec::new()),
            corrupt: false,
            duplicate: None,
        }
    }

    /// Folds one record in.
    pub(crate) fn add(&mut self, record: &str, o: &JsonOptions) -> Result<()> {
        let parsed = parse_json(record, &o.parser);
        let rows: Option<Vec<&Json>> = match &parsed {
            Some(v @ Json::Object(_)) => Some(vec![v]),
            Some(Json::Array(items)) if items.iter().all(|i| matches!(i, Json::Object(_))) => {
                Some(items.iter().collect())
            }
            // A JSON null record is skipped.
            Some(Json::Null) => Some(Vec::new()),
            _ => None,
        };
        match rows {
            Some(rows) => {
                for r in rows {
                    if let (Json::Object(members), None) = (r, &self.duplicate) {
                        let mut seen = std::collections::HashSet::new();
                        self.duplicate = members
                            .iter()
                            .find(|(k, _)| !seen.insert(k.as_str()))
                            .map(|(k, _)| k.clone());
                    }
                    let t = infer_json(r, o.prefers_decimal, o.primitives_as_string);
                    self.root = merge_inferred(&self.root, &t);
                }
                Ok(())
            }
            None => match o.mode {
                ParseMode::FailFast => Err(failfast_infer()),
                ParseMode::DropMalformed => Ok(()),
                ParseMode::Permissive => {
                    self.corrupt = true;
                    Ok(())
                }
            },
        }
    }

    /// The schema (Spark's `canonicalizeType`, plus the corrupt-record column if needed).
    pub(crate) fn finish(self, o: &JsonOptions) -> Result<Vec<StructField>> {
        if let Some(name) = &self.duplicate {
            return Err(super::super::errors::column_already_exists(name));
        }
        let mut fields = match canonical(&self.root, o) {
            Some(DataType::Struct(f)) => f,
            _ => Vec::new(),
        };
        if self.corrupt && !fields.iter().any(|f| f.name == o.corrupt_column) {
            fields.push(field(&o.corrupt_column, DataType::String));
            fields.sort_by(|a, b| a.name.cmp(&b.name));
        }
        Ok(fields)
    }
}

fn field(name: &str, data_type: DataType) -> StructField {
    StructField {
        name: name.to_string(),
        data_type,
        nullable: true,
        metadata: None,
    }
}

/// An inferred type as a Spark type; `None` drops it (empty structs, and NULL-only values
/// under `dropFieldIfAllNull`).
fn canonical(t: &Inferred, o: &JsonOptions) -> Option<DataType> {
    Some(match t {
        Inferred::Null if o.drop_field_if_all_null => return None,
        Inferred::Null | Inferred::Str => DataType::String,
        Inferred::Bool => DataType::Boolean,
        Inferred::Long => DataType::Long,
        Inferred::Double => DataType::Double,
        // Integers wider than a decimal holds are doubles (`JsonInferSchema.inferField`).
        Inferred::Decimal(p, _) if *p > 38 => DataType::Double,
        Inferred::Decimal(p, s) => DataType::Decimal {
            precision: u8::try_from(*p).ok()?,
            scale: i8::try_from(*s).ok()?,
        },
        Inferred::Date => DataType::Date,
        Inferred::Timestamp => DataType::Timestamp,
        Inferred::Array(e) => DataType::Array {
            element: Box::new(canonical(e, o)?),
            contains_null: true,
        },
        Inferred::Struct(fields) => {
            let out: Vec<StructField> = fields
                .iter()
                .filter(|(n, _)| !n.is_empty())
                .filter_map(|(n, t)| canonical(t, o).map(|t| field(n, t)))
                .collect();
            if out.is_empty() {
                return None;
            }
            DataType::Struct(out)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::super::options::Options;
    use super::*;

    fn opts(kv: &[(&str, &str)]) -> JsonOptions {
        let o = Options::new(
            &kv.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        JsonOptions::new(&o, "UTC").unwrap()
    }

    fn schema(records: &[&str], o: &JsonOptions) -> String {
        let mut r = RootType::new();
        for rec in records {
            r.add(rec, o).unwrap();
        }
        DataType::Struct(r.finish(o).unwrap()).simple_string()
    }

    #[test]
    fn infers_like_spark() {
        let o = opts(&[]);
        assert_eq!(
            schema(
                &[r#"{"b":1,"a":"x","c":1.5}"#, r#"{"b":"s","c":2,"d":null}"#],
                &o
            ),
            "struct<a:string,b:string,c:double,d:string>"
        );
        assert_eq!(
            schema(&[r#"{"a":[],"b":{},"c":[null]}"#], &o),
            "struct<a:array<string>,c:array<string>>"
        );
        assert_eq!(
            schema(&[r#"{"a":1}"#, "[1]", "{bad"], &o),
            "struct<_corrupt_record:string,a:bigint>"
        );
        assert_eq!(
            schema(&[r#"{"a":{"y":1,"x":true}}"#], &o),
            "struct<a:struct<x:boolean,y:bigint>>"
        );
    }

    #[test]
    fn options_change_inference() {
        let o = opts(&[]);
        assert_eq!(
            schema(
                &[r#"{"a":12345678901234567890123456789012345678901234}"#],
                &o
            ),
            "struct<a:double>"
        );
        assert_eq!(schema(&[r#"{"a":1} {"a":"x"}"#], &o), "struct<a:bigint>");
        let mut r = RootType::new();
        r.add(r#"{"a":1,"a":2}"#, &o).unwrap();
        assert!(r.finish(&o).is_err());
        let o = opts(&[("dropFieldIfAllNull", "true")]);
        assert_eq!(
            schema(&[r#"{"a":null,"b":[],"c":1}"#], &o),
            "struct<c:bigint>"
        );
        let o = opts(&[("prefersDecimal", "true")]);
        assert_eq!(
            schema(&[r#"{"a":1.5}"#, r#"{"a":2}"#], &o),
            "struct<a:decimal(21,1)>"
        );
        let o = opts(&[("mode", "FAILFAST")]);
        let mut r = RootType::new();
        assert!(r.add("{bad", &o).is_err());
        let o = opts(&[("mode", "DROPMALFORMED")]);
        assert_eq!(schema(&[r#"{"a":1}"#, "{bad"], &o), "struct<a:bigint>");
    }
}
