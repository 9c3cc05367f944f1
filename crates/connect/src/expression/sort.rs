//! `SortOrder`: unspecified direction is ascending; unspecified null ordering is Spark's
//! default for the direction (NULLS FIRST ascending, NULLS LAST descending).

use sabot_common::spec::{NullOrdering, SortDirection, SortOrder};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::expression::SortOrder as ProtoSortOrder;
use spark_connect_proto::connect::expression::sort_order::{
    NullOrdering as ProtoNulls, SortDirection as ProtoDirection,
};

use super::required;

/// Converts one sort key.
pub(crate) fn sort_order_from_proto(s: &ProtoSortOrder) -> Result<SortOrder> {
    let expr = required(s.child.as_deref(), "sort order child")?;
    let direction = match ProtoDirection::try_from(s.direction) {
        Ok(ProtoDirection::Unspecified | ProtoDirection::Ascending) => SortDirection::Ascending,
        Ok(ProtoDirection::Descending) => SortDirection::Descending,
        Err(_) => {
            return Err(SparkError::invalid_plan(format!(
                "Unknown sort direction {}",
                s.direction
            )));
        }
    };
    let nulls = match ProtoNulls::try_from(s.null_ordering) {
        Ok(ProtoNulls::SortNullsFirst) => NullOrdering::NullsFirst,
        Ok(ProtoNulls::SortNullsLast) => NullOrdering::NullsLast,
        Ok(ProtoNulls::SortNullsUnspecified) => match direction {
            SortDirection::Ascending => NullOrdering::NullsFirst,
            SortDirection::Descending => NullOrdering::NullsLast,
        },
        Err(_) => {
            return Err(SparkError::invalid_plan(format!(
                "Unknown null ordering {}",
                s.null_ordering
            )));
        }
    };
    Ok(SortOrder {
        expr,
        direction,
        nulls,
    })
}
