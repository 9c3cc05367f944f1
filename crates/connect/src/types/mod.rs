//! Spark types as clients send them: Connect `DataType` messages and Spark's JSON schema text
//! (`DataType.json`), both converted to and from [`sabot_common::spec::DataType`].

mod from_proto;
mod json_schema;
mod to_proto;

pub use from_proto::data_type_from_proto;
pub use json_schema::parse_json_schema;
pub use to_proto::data_type_to_proto;

#[cfg(test)]
mod tests;
