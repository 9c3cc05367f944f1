//! The parsing pieces the file readers (`spark.read.csv/json`, in `sabot-plan`) share with the
//! `from_json`/`from_csv`/`schema_of_json` functions: one implementation of Spark's value
//! conversions (`JacksonParser`, `UnivocityParser`) and JSON schema inference.

pub use crate::csv::from_csv::convert as convert_csv_value;
pub use crate::csv::line::{Dialect as CsvDialect, split as split_csv_record};
pub use crate::csv::schema_of_csv::is_double;
pub use crate::json::cells::{Cell, to_array as cells_to_array};
pub use crate::json::datetime::{default_date, default_timestamp};
pub use crate::json::from_json::{
    Conversion, convert as convert_json_value, corrupt_field, decimal, malformed,
};
pub use crate::json::schema::{parse_schema, read_options as json_read_options};
pub use crate::json::schema_of_json::{Inferred, infer as infer_json, merge as merge_inferred};
pub use crate::json::value::{
    Json, ReadOptions as JsonReadOptions, parse as parse_json, to_text as json_text,
};
