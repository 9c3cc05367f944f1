//! Decoding JSON records into rows (Spark's `JacksonParser` behind `FailureSafeParser`): a
//! record that does not parse, is not an object (or an array of objects), or has a value that
//! does not convert is malformed; `PERMISSIVE` keeps the values that converted and the record
//! text in the corrupt-record column, `DROPMALFORMED` drops it, `FAILFAST` fails the read.

use datafusion::arrow::datatypes::{DataType as ArrowType, Fields};
use sabot_common::Result;
use sabot_functions::datasource::{Cell, Json, convert_json_value, parse_json};

use super::super::errors::failfast_read;
use super::super::options::ParseMode;
use super::super::table::FileDecoder;
use super::options::JsonOptions;

#[derive(Debug)]
pub(crate) struct JsonDecoder {
    pub options: JsonOptions,
    /// The data columns without the corrupt-record column.
    pub fields: Fields,
    /// Where the corrupt-record column goes, if the schema has one.
    pub corrupt: Option<usize>,
}

impl JsonDecoder {
    fn rows(&self, record: &str, uri: &str, out: &mut Vec<Vec<Cell>>) -> Result<()> {
        let parsed = parse_json(record, &self.options.parser);
        let objects: Option<Vec<&Json>> = match &parsed {
            Some(v @ Json::Object(_)) => Some(vec![v]),
            Some(Json::Array(items)) if items.iter().all(|i| matches!(i, Json::Object(_))) => {
                Some(items.iter().collect())
            }
            Some(Json::Null) => Some(Vec::new()),
            _ => None,
        };
        let struct_type = ArrowType::Struct(self.fields.clone());
        let Some(objects) = objects else {
            let nulls = vec![Cell::Null; self.fields.len()];
            return self.bad(nulls, record, uri, out);
        };
        for obj in objects {
            let mut bad = false;
            let cells =
                match convert_json_value(obj, &struct_type, &self.options.conversion, &mut bad) {
                    Some(Cell::Struct(cells)) => cells,
                    _ => {
                        bad = true;
                        vec![Cell::Null; self.fields.len()]
                    }
                };
            if bad {
                self.bad(cells, record, uri, out)?;
            } else {
                out.push(self.with_corrupt(cells, None));
            }
        }
        Ok(())
    }

    fn bad(
        &self,
        cells: Vec<Cell>,
        record: &str,
        uri: &str,
        out: &mut Vec<Vec<Cell>>,
    ) -> Result<()> {
        match self.options.mode {
            ParseMode::FailFast => Err(failfast_read(uri, record)),
            ParseMode::DropMalformed => Ok(()),
            ParseMode::Permissive => {
                out.push(self.with_corrupt(cells, Some(record)));
                Ok(())
            }
        }
    }

    fn with_corrupt(&self, mut cells: Vec<Cell>, record: Option<&str>) -> Vec<Cell> {
        if let Some(k) = self.corrupt {
            let c = record.map_or(Cell::Null, |r| Cell::Str(r.to_string()));
            cells.insert(k.min(cells.len()), c);
        }
        cells
    }
}

impl FileDecoder for JsonDecoder {
    fn decode(&self, bytes: &[u8], uri: &str) -> Result<Vec<Vec<Cell>>> {
        let text = self.options.encoding.decode(bytes);
        let mut out = Vec::new();
        for r in self.options.records(&text) {
            self.rows(r, uri, &mut out)?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::datatypes::Field;

    use super::super::super::options::Options;
    use super::*;

    fn decoder(mode: &str) -> JsonDecoder {
        let o = Options::new(
            &[("mode".to_string(), mode.to_string())]
                .into_iter()
                .collect(),
        );
        JsonDecoder {
            options: JsonOptions::new(&o, "UTC").unwrap(),
            fields: Fields::from(vec![Arc::new(Field::new("a", ArrowType::Int32, true))]),
            corrupt: Some(0),
        }
    }

    #[test]
    fn modes() {
        let d = decoder("PERMISSIVE");
        let rows = d.decode(b"{\"a\":1}\n{\"a\":\"x\"}\n[1]\n", "f").unwrap();
        assert_eq!(rows[0], vec![Cell::Null, Cell::I64(1)]);
        assert_eq!(rows[1], vec![Cell::Str("{\"a\":\"x\"}".into()), Cell::Null]);
        assert_eq!(rows[2], vec![Cell::Str("[1]".into()), Cell::Null]);
        assert_eq!(
            decoder("DROPMALFORMED")
                .decode(b"{\"a\":1}\n{\"a\":\"x\"}", "f")
                .unwrap()
                .len(),
            1
        );
        assert!(decoder("FAILFAST").decode(b"{\"a\":\"x\"}", "f").is_err());
    }
}
