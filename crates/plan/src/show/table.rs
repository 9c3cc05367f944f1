//! The table layout of Spark's `Dataset.showString` (horizontal and vertical).

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::Schema;
use sabot_common::Result;

use super::datetime::parse_time_zone;
use super::value::write_value;
use super::width::{escape_meta_characters, pad, string_half_width, truncate_cell};

/// Spark's minimum column width.
const MIN_COLUMN_WIDTH: usize = 3;

/// Spark's `Dataset.showString(numRows, truncate, vertical)`. `batches` hold the first
/// `num_rows + 1` rows (or fewer); an extra row means "more rows exist". The column names come
/// from the first batch; with no batches, use [`show_string_with_schema`].
pub fn show_string(
    batches: &[RecordBatch],
    num_rows: usize,
    truncate: usize,
    vertical: bool,
    time_zone: &str,
) -> Result<String> {
    let schema = batches
        .first()
        .map(|b| b.schema())
        .unwrap_or_else(|| std::sync::Arc::new(Schema::empty()));
    show_string_with_schema(&schema, batches, num_rows, truncate, vertical, time_zone)
}

/// [`show_string`] with the column names taken from `schema` (which may have no rows).
pub fn show_string_with_schema(
    schema: &Schema,
    batches: &[RecordBatch],
    num_rows: usize,
    truncate: usize,
    vertical: bool,
    time_zone: &str,
) -> Result<String> {
    let (header, rows, has_more) = get_rows(schema, batches, num_rows, truncate, time_zone)?;
    let mut out = if vertical {
        vertical_layout(&header, &rows)
    } else {
        horizontal_layout(&header, &rows, truncate > 0)
    };
    // Spark 4 prints the footer without a final newline.
    if vertical && rows.is_empty() {
        out.push_str("(0 rows)");
    } else if has_more {
        let noun = if num_rows == 1 { "row" } else { "rows" };
        out.push_str(&format!("only showing top {num_rows} {noun}"));
    }
    Ok(out)
}

/// Spark's `Dataset.getRows`: the escaped header and the first `num_rows` rows rendered,
/// escaped and truncated, and whether more rows exist.
#[allow(clippy::type_complexity)]
pub fn get_rows(
    schema: &Schema,
    batches: &[RecordBatch],
    num_rows: usize,
    truncate: usize,
    time_zone: &str,
) -> Result<(Vec<String>, Vec<Vec<String>>, bool)> {
    let tz = parse_time_zone(time_zone)?;
    let header: Vec<String> = schema
        .fields()
        .iter()
        .map(|f| escape_meta_characters(f.name()))
        .collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut has_more = false;
    'batches: for batch in batches {
        for row in 0..batch.num_rows() {
            if rows.len() == num_rows {
                has_more = true;
                break 'batches;
            }
            let mut cells = Vec::with_capacity(batch.num_columns());
            for column in batch.columns() {
                let mut cell = String::new();
                write_value(&mut cell, column.as_ref(), row, &tz, time_zone)?;
                cells.push(truncate_cell(escape_meta_characters(&cell), truncate));
            }
            rows.push(cells);
        }
    }
    Ok((header, rows, has_more))
}

fn horizontal_layout(header: &[String], rows: &[Vec<String>], align_right: bool) -> String {
    let mut widths = vec![MIN_COLUMN_WIDTH; header.len()];
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(string_half_width(cell));
        }
    }
    let separator: String = widths
        .iter()
        .map(|w| "-".repeat(*w))
        .collect::<Vec<_>>()
        .join("+");
    let separator = format!("+{separator}+\n");
    let line = |row: &[String]| {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| pad(cell, *w, align_right))
            .collect();
        format!("|{}|\n", cells.join("|"))
    };
    let mut out = separator.clone();
    out.push_str(&line(header));
    out.push_str(&separator);
    for row in rows {
        out.push_str(&line(row));
    }
    out.push_str(&separator);
    out
}

fn vertical_layout(header: &[String], rows: &[Vec<String>]) -> String {
    let name_width = header
        .iter()
        .map(|h| string_half_width(h))
        .fold(MIN_COLUMN_WIDTH, usize::max);
    let data_width = rows
        .iter()
        .flatten()
        .map(|c| string_half_width(c))
        .fold(MIN_COLUMN_WIDTH, usize::max);
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        // "+ 5" is the width of the " ", " | " and " " around the name and the data.
        let title = format!("-RECORD {i}");
        let dashes = (name_width + data_width + 5).saturating_sub(title.len());
        out.push_str(&title);
        out.push_str(&"-".repeat(dashes));
        out.push('\n');
        for (name, cell) in header.iter().zip(row) {
            out.push_str(&format!(
                " {} | {} \n",
                pad(name, name_width, false),
                pad(cell, data_width, false)
            ));
        }
        if row.is_empty() {
            out.push('\n');
        }
    }
    out
}
