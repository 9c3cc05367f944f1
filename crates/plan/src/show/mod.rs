//! `df.show()` text: Spark's `Dataset.showString(numRows, truncate, vertical)`, and Spark's
//! rendering of single values ([`format_value`]).

mod datetime;
mod exec;
mod html;
mod table;
mod value;
mod width;

pub use datetime::{
    format_calendar_interval, format_date, format_day_time_interval, format_timestamp,
    format_timestamp_ntz, format_year_month_interval, parse_time_zone,
};
pub use exec::{SHOW_STRING, ShowStringExec, ShowStringNode, ShowStringPlanner};
pub use html::html_string;
pub use sabot_common::numbers::{java_double_string, java_float_string, plain_decimal};
pub use table::{show_string, show_string_with_schema};
pub use value::format_value;
pub use width::{escape_meta_characters, string_half_width};

#[cfg(test)]
mod tests;
