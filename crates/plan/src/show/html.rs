//! `df._repr_html_()`: Spark's `Dataset.htmlString`, the rows of `getRows` as an HTML table
//! with every cell escaped by `StringEscapeUtils.escapeHtml4`.

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::Schema;
use sabot_common::Result;

use super::table::get_rows;

/// Spark's `Dataset.htmlString(numRows, truncate)`.
pub fn html_string(
    schema: &Schema,
    batches: &[RecordBatch],
    num_rows: usize,
    truncate: usize,
    time_zone: &str,
) -> Result<String> {
    let (header, rows, has_more) = get_rows(schema, batches, num_rows, truncate, time_zone)?;
    let mut out = String::from("<table border='1'>\n");
    let line = |cells: &[String], tag: &str| {
        let inner = cells
            .iter()
            .map(|c| escape_html4(c))
            .collect::<Vec<_>>()
            .join(&format!("</{tag}><{tag}>"));
        format!("<tr><{tag}>{inner}</{tag}></tr>\n")
    };
    out.push_str(&line(&header, "th"));
    for row in &rows {
        out.push_str(&line(row, "td"));
    }
    out.push_str("</table>\n");
    if has_more {
        let noun = if num_rows == 1 { "row" } else { "rows" };
        out.push_str(&format!("only showing top {num_rows} {noun}\n"));
    }
    Ok(out)
}

/// The HTML 4 named entities of Latin-1 (U+00A0..U+00FF), in code point order.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// `StringEscapeUtils.escapeHtml4` for the markup characters and Latin-1; other characters
/// (HTML 4's Greek and symbol entities) are kept as they are, which browsers render the same.
fn escape_html4(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\u{a0}'..='\u{ff}' => {
                let i = c as usize - 0xa0;
                out.push('&');
                out.push_str(LATIN1.get(i).copied().unwrap_or("nbsp"));
                out.push(';');
            }
            '\u{20ac}' => out.push_str("&euro;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_latin1() {
        assert_eq!(escape_html4("a<b>&\"é"), "a&lt;b&gt;&amp;&quot;&eacute;");
        assert_eq!(escape_html4("ÿ\u{a0}"), "&yuml;&nbsp;");
    }
}
