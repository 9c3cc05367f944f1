//! Arrays, structs and maps cast to strings as Spark's `Cast.castToString` writes them:
//! `[1, 2, null]`, `{1, x}`, `{k1 -> 1, k2 -> null}` (legacy `spark.sql.legacy.castComplexTypesToString`
//! off), with the leaves cast as scalars are.

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{DataFusionError, Result as DfResult};

/// Every row of `input` as Spark's string, `None` for NULL rows. `leaf` casts a non-complex
/// array to a string array.
pub(crate) fn complex_strings(
    input: &ArrayRef,
    leaf: &dyn Fn(&ArrayRef) -> DfResult<ArrayRef>,
) -> DfResult<Vec<Option<String>>> {
    let rows = match input.data_type() {
        // A variant is a struct in Arrow but a leaf for Spark.
        t if sabot_functions::variant::is_variant(t) => {
            let s = leaf(input)?;
            let s = s.as_string::<i32>();
            return Ok((0..s.len())
                .map(|i| (!s.is_null(i)).then(|| s.value(i).to_string()))
                .collect());
        }
        ArrowType::List(_) => {
            let l = input.as_list::<i32>();
            let values = complex_strings(l.values(), leaf)?;
            let offsets = l.value_offsets();
            (0..l.len())
                .map(|i| {
                    let (a, b) = (offsets[i] as usize, offsets[i + 1] as usize);
                    format!("[{}]", join(&values[a..b]))
                })
                .collect::<Vec<_>>()
        }
        ArrowType::LargeList(_) => {
            let l = input.as_list::<i64>();
            let values = complex_strings(l.values(), leaf)?;
            let offsets = l.value_offsets();
            (0..l.len())
                .map(|i| {
                    let (a, b) = (offsets[i] as usize, offsets[i + 1] as usize);
                    format!("[{}]", join(&values[a..b]))
                })
                .collect()
        }
        ArrowType::Struct(_) => {
            let s = input.as_struct();
            let columns = s
                .columns()
                .iter()
                .map(|c| complex_strings(c, leaf))
                .collect::<DfResult<Vec<_>>>()?;
            (0..s.len())
                .map(|i| {
                    let fields: Vec<Option<String>> =
                        columns.iter().map(|c| c[i].clone()).collect();
                    format!("{{{}}}", join(&fields))
                })
                .collect()
        }
        ArrowType::Map(..) => {
            let m = input.as_map();
            let keys = complex_strings(m.keys(), leaf)?;
            let values = complex_strings(m.values(), leaf)?;
            let offsets = m.value_offsets();
            (0..m.len())
                .map(|i| {
                    let (a, b) = (offsets[i] as usize, offsets[i + 1] as usize);
                    let entries: Vec<String> = (a..b)
                        .map(|j| {
                            format!(
                                "{} -> {}",
                                keys[j].as_deref().unwrap_or("null"),
                                values[j].as_deref().unwrap_or("null")
                            )
                        })
                        .collect();
                    format!("{{{}}}", entries.join(", "))
                })
                .collect()
        }
        _ => {
            let strings = leaf(input)?;
            let strings = strings
                .as_string_opt::<i32>()
                .ok_or_else(|| DataFusionError::Internal("leaf cast must give Utf8".into()))?;
            return Ok(strings.iter().map(|s| s.map(str::to_string)).collect());
        }
    };
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(i, s)| input.is_valid(i).then_some(s))
        .collect())
}

/// Elements joined with ", ", NULL as `null`.
fn join(items: &[Option<String>]) -> String {
    items
        .iter()
        .map(|s| s.as_deref().unwrap_or("null"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{ArrayRef, ListArray};
    use datafusion::arrow::compute::cast;
    use datafusion::arrow::datatypes::{DataType as ArrowType, Int32Type};

    use super::complex_strings;

    #[test]
    fn arrays_print_like_spark() {
        let arr = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
            Some(vec![Some(1), None]),
            None,
            Some(vec![]),
        ]);
        let leaf = |a: &ArrayRef| Ok(cast(a, &ArrowType::Utf8)?);
        let out = complex_strings(&(Arc::new(arr) as ArrayRef), &leaf).unwrap();
        assert_eq!(
            out,
            [Some("[1, null]".to_string()), None, Some("[]".to_string())]
        );
    }
}
