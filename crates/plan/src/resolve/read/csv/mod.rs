//! The CSV source (`spark.read.csv`, Spark's `CSVFileFormat`): columns from the header or
//! `_c0, _c1, ...`, all strings unless `inferSchema` (see [`infer`]), decoded by our own parser
//! ([`decode`]) because Spark's parse modes, null/empty values and corrupt records differ from
//! DataFusion's CSV reader.

mod decode;
mod header;
mod infer;
mod options;
mod records;

use std::sync::Arc;

use sabot_common::Result;
use sabot_common::spec::{DataType, StructField};

use super::files::SourceFile;
use super::sample::{read_texts, sampled};
use super::table::FileDecoder;
pub(crate) use decode::CsvDecoder;
pub(crate) use options::CsvOptions;

/// The data columns of a CSV read without a user schema.
pub(crate) async fn infer_schema(
    ctx: &datafusion::prelude::SessionContext,
    files: &[SourceFile],
    o: &CsvOptions,
    case_sensitive: bool,
) -> Result<Vec<StructField>> {
    let texts = read_texts(ctx, files, o.encoding).await?;
    let probe = CsvDecoder {
        options: o.clone(),
        types: Vec::new(),
        corrupt: None,
        header_check: None,
    };
    let per_file: Vec<Vec<String>> = texts.iter().map(|t| records::records(t, o)).collect();
    let Some(first) = per_file.iter().find_map(|r| r.first()) else {
        return Ok(Vec::new());
    };
    let first_tokens = probe.tokens(first);
    let names = if o.header {
        safe_header(&first_tokens, o, case_sensitive)
    } else {
        (0..first_tokens.len()).map(|i| format!("_c{i}")).collect()
    };
    let mut types = vec![DataType::Null; names.len()];
    if o.infer_schema {
        let skip = usize::from(o.header);
        let all: Vec<&String> = per_file.iter().flat_map(|r| r.iter().skip(skip)).collect();
        for r in sampled(&all, o.sampling_ratio) {
            let mut tokens = probe.tokens(r);
            tokens.truncate(names.len());
            infer::merge_record(&mut types, &tokens, o);
        }
    }
    Ok(names
        .into_iter()
        .zip(types)
        .map(|(name, t)| StructField {
            name,
            data_type: if o.infer_schema {
                infer::finish(t)
            } else {
                DataType::String
            },
            nullable: true,
            metadata: None,
        })
        .collect())
}

/// Spark's `CSVUtils.makeSafeHeader`: empty or null names become `_c<i>`, duplicates get their
/// position appended.
fn safe_header(tokens: &[Option<String>], o: &CsvOptions, case_sensitive: bool) -> Vec<String> {
    let key = |s: &str| {
        if case_sensitive {
            s.to_string()
        } else {
            s.to_lowercase()
        }
    };
    let names: Vec<String> = tokens.iter().flatten().map(|s| key(s)).collect();
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| match t {
            None => format!("_c{i}"),
            Some(s) if s.is_empty() || *s == o.dialect.null_value => format!("_c{i}"),
            Some(s) if names.iter().filter(|n| **n == key(s)).count() > 1 => format!("{s}{i}"),
            Some(s) => s.clone(),
        })
        .collect()
}

/// The decoder of a CSV read over `fields` (data columns).
pub(crate) fn decoder(
    fields: &[StructField],
    o: CsvOptions,
    zone: &str,
    case_sensitive: bool,
) -> Result<Arc<dyn FileDecoder>> {
    let corrupt = fields.iter().position(|f| f.name == o.corrupt_column);
    if let Some(k) = corrupt
        && !matches!(fields[k].data_type, DataType::String)
    {
        return Err(super::errors::invalid_corrupt_type(&o.corrupt_column));
    }
    let types = fields
        .iter()
        .map(|f| super::table::arrow_type(&f.data_type, zone))
        .collect::<Result<Vec<_>>>()?;
    for (t, f) in types.iter().zip(fields) {
        if !supported(t) {
            return Err(super::errors::unsupported_type("CSV", f));
        }
    }
    let header_check = (o.header && !o.enforce_schema).then(|| header::HeaderCheck {
        names: fields
            .iter()
            .filter(|f| f.name != o.corrupt_column)
            .map(|f| f.name.clone())
            .collect(),
        case_sensitive,
    });
    Ok(Arc::new(CsvDecoder {
        options: o,
        types,
        corrupt,
        header_check,
    }))
}

/// The types `UnivocityParser` converts to.
fn supported(t: &datafusion::arrow::datatypes::DataType) -> bool {
    use datafusion::arrow::datatypes::DataType as A;
    matches!(
        t,
        A::Int8
            | A::Int16
            | A::Int32
            | A::Int64
            | A::Float32
            | A::Float64
            | A::Boolean
            | A::Decimal128(..)
            | A::Utf8
            | A::Binary
            | A::Date32
            | A::Timestamp(..)
    )
}

#[cfg(test)]
mod tests {
    use super::super::options::Options;
    use super::*;

    #[test]
    fn header_names() {
        let o = CsvOptions::new(&Options::default(), "UTC").unwrap();
        let tokens = vec![
            Some("a".to_string()),
            Some("a".to_string()),
            Some("A".to_string()),
            None,
            Some("b".to_string()),
        ];
        assert_eq!(
            safe_header(&tokens, &o, false),
            vec!["a0", "a1", "A2", "_c3", "b"]
        );
        assert_eq!(
            safe_header(&tokens, &o, true),
            vec!["a0", "a1", "A", "_c3", "b"]
        );
    }
}
