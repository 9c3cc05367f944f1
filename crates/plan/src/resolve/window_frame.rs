//! Window frames: bounds resolved to literals, Spark's text for them (`SpecifiedWindowFrame.sql`
//! and `toString`), and their DataFusion form (checks are in `window_frame_checks`). A RANGE offset takes the type of the (single) order key, as Spark's
//! `WindowFrameCoercion` casts it; a DATE key takes INT day offsets.

use datafusion::arrow::datatypes::{DataType as ArrowType, IntervalDayTime};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{
    Expr as DfExpr, WindowFrame as DfFrame, WindowFrameBound, WindowFrameUnits,
};
use sabot_common::spec::{Expr, FrameBoundary, FrameType, WindowFrame};
use sabot_common::{Result, SparkError};

use super::expressions::Scope;

/// A frame bound resolved to a literal offset (negative precedes), with Spark's text for it.
#[derive(Debug, Clone)]
pub(crate) enum Bound {
    UnboundedPreceding,
    UnboundedFollowing,
    CurrentRow,
    Value {
        value: ScalarValue,
        text: String,
        negative: bool,
    },
}

impl Bound {
    fn text(&self) -> String {
        match self {
            Bound::UnboundedPreceding => "UNBOUNDED PRECEDING".into(),
            Bound::UnboundedFollowing => "UNBOUNDED FOLLOWING".into(),
            Bound::CurrentRow => "CURRENT ROW".into(),
            Bound::Value { text, .. } => text.clone(),
        }
    }

    /// Spark's `SpecialFrameBoundary`/literal rendering inside `specifiedwindowframe(...)`.
    fn internal(&self) -> String {
        match self {
            Bound::UnboundedPreceding => "unboundedpreceding$()".into(),
            Bound::UnboundedFollowing => "unboundedfollowing$()".into(),
            Bound::CurrentRow => "currentrow$()".into(),
            Bound::Value {
                value, negative, ..
            } => {
                let v = value.to_string();
                if *negative && !v.starts_with('-') {
                    format!("-{v}")
                } else {
                    v
                }
            }
        }
    }

    pub(crate) fn signed(&self) -> Option<f64> {
        match self {
            Bound::CurrentRow => Some(0.0),
            Bound::Value {
                value, negative, ..
            } => match value.cast_to(&ArrowType::Float64) {
                Ok(ScalarValue::Float64(Some(x))) => {
                    Some(if *negative && x > 0.0 { -x } else { x })
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// A frame after resolution.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub rows: bool,
    pub lower: Bound,
    pub upper: Bound,
}

impl Frame {
    pub(crate) fn new(rows: bool, lower: Bound, upper: Bound) -> Self {
        Frame { rows, lower, upper }
    }

    /// `ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`.
    pub(crate) fn text(&self) -> String {
        format!(
            "{} BETWEEN {} AND {}",
            if self.rows { "ROWS" } else { "RANGE" },
            self.lower.text(),
            self.upper.text()
        )
    }

    /// Spark's `SpecifiedWindowFrame.toString`: `specifiedwindowframe(RowFrame, -1, 1)`.
    pub(crate) fn internal(&self) -> String {
        format!(
            "specifiedwindowframe({}, {}, {})",
            if self.rows { "RowFrame" } else { "RangeFrame" },
            self.lower.internal(),
            self.upper.internal()
        )
    }

    pub(crate) fn same_as(&self, other: &Frame) -> bool {
        self.internal() == other.internal()
    }

    pub(crate) fn is_unbounded(&self) -> bool {
        matches!(self.lower, Bound::UnboundedPreceding)
            && matches!(self.upper, Bound::UnboundedFollowing)
    }

    pub(crate) fn is_value_bound(&self) -> bool {
        matches!(self.lower, Bound::Value { .. }) || matches!(self.upper, Bound::Value { .. })
    }
}

/// Resolves a frame's bounds to literals.
pub(crate) fn resolve_frame(scope: &Scope<'_>, f: &WindowFrame) -> Result<Frame> {
    Ok(Frame::new(
        f.frame_type == FrameType::Rows,
        resolve_bound(scope, &f.lower)?,
        resolve_bound(scope, &f.upper)?,
    ))
}

fn resolve_bound(scope: &Scope<'_>, b: &FrameBoundary) -> Result<Bound> {
    Ok(match b {
        FrameBoundary::UnboundedPreceding => Bound::UnboundedPreceding,
        FrameBoundary::UnboundedFollowing => Bound::UnboundedFollowing,
        FrameBoundary::CurrentRow => Bound::CurrentRow,
        FrameBoundary::Value(v) => {
            // SQL's `n PRECEDING` is Spark's `UnaryMinus(n)`, printed back as `n PRECEDING`.
            let (inner, preceding) = match v.as_ref() {
                Expr::Function { name, args, .. }
                    if name.eq_ignore_ascii_case("negative") && args.len() == 1 =>
                {
                    (&args[0], true)
                }
                other => (other, false),
            };
            let resolved = scope.resolve(inner)?;
            let DfExpr::Literal(value, _) = resolved.expr.unalias() else {
                return Err(SparkError::unsupported(
                    "a non-literal window frame boundary",
                ));
            };
            let negative = preceding
                || matches!(value.cast_to(&ArrowType::Float64),
                    Ok(ScalarValue::Float64(Some(x))) if x < 0.0);
            let text = if preceding {
                format!("{} PRECEDING", resolved.name)
            } else {
                format!("{} FOLLOWING", resolved.name)
            };
            Bound::Value {
                value,
                text,
                negative,
            }
        }
    })
}

/// The DataFusion frame; RANGE offsets take the order key's type.
pub(crate) fn to_datafusion(frame: &Frame, order_type: Option<&ArrowType>) -> Result<DfFrame> {
    let units = if frame.rows {
        WindowFrameUnits::Rows
    } else {
        WindowFrameUnits::Range
    };
    Ok(DfFrame::new_bounds(
        units,
        df_bound(&frame.lower, frame.rows, order_type)?,
        df_bound(&frame.upper, frame.rows, order_type)?,
    ))
}

fn df_bound(b: &Bound, rows: bool, order_type: Option<&ArrowType>) -> Result<WindowFrameBound> {
    Ok(match b {
        Bound::UnboundedPreceding => WindowFrameBound::Preceding(ScalarValue::Null),
        Bound::UnboundedFollowing => WindowFrameBound::Following(ScalarValue::Null),
        Bound::CurrentRow => WindowFrameBound::CurrentRow,
        Bound::Value {
            value, negative, ..
        } => {
            let magnitude = if value.is_null() {
                value.clone()
            } else if matches!(value.cast_to(&ArrowType::Float64),
                Ok(ScalarValue::Float64(Some(x))) if x < 0.0)
            {
                value
                    .arithmetic_negate()
                    .map_err(crate::error::from_datafusion)?
            } else {
                value.clone()
            };
            let target = if rows {
                Some(ArrowType::UInt64)
            } else {
                match order_type {
                    Some(t) if super::window_frame_checks::is_temporal(t) => None,
                    Some(t) => Some(t.clone()),
                    None => None,
                }
            };
            let magnitude = match (target, order_type) {
                (Some(t), _) => magnitude
                    .cast_to(&t)
                    .map_err(crate::error::from_datafusion)?,
                (None, Some(ArrowType::Date32)) if magnitude.data_type().is_integer() => {
                    let days = match magnitude.cast_to(&ArrowType::Int32) {
                        Ok(ScalarValue::Int32(Some(d))) => d,
                        _ => return Err(SparkError::unsupported("this DATE range frame offset")),
                    };
                    ScalarValue::IntervalDayTime(Some(IntervalDayTime::new(days, 0)))
                }
                _ => magnitude,
            };
            if *negative {
                WindowFrameBound::Preceding(magnitude)
            } else {
                WindowFrameBound::Following(magnitude)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(v: i64) -> Bound {
        Bound::Value {
            value: ScalarValue::Int64(Some(v)),
            text: format!("{v} FOLLOWING"),
            negative: v < 0,
        }
    }

    #[test]
    fn texts() {
        let f = Frame::new(true, value(-1), value(1));
        assert_eq!(f.text(), "ROWS BETWEEN -1 FOLLOWING AND 1 FOLLOWING");
        assert_eq!(f.internal(), "specifiedwindowframe(RowFrame, -1, 1)");
        let f = Frame::new(false, Bound::UnboundedPreceding, Bound::CurrentRow);
        assert_eq!(
            f.internal(),
            "specifiedwindowframe(RangeFrame, unboundedpreceding$(), currentrow$())"
        );
    }

    #[test]
    fn range_offsets_take_the_key_type() {
        let f = Frame::new(false, value(-1), value(2));
        let df = to_datafusion(&f, Some(&ArrowType::Int32)).unwrap();
        assert_eq!(
            df.start_bound,
            WindowFrameBound::Preceding(ScalarValue::Int32(Some(1)))
        );
        assert_eq!(
            df.end_bound,
            WindowFrameBound::Following(ScalarValue::Int32(Some(2)))
        );
        let f = Frame::new(true, value(-2), Bound::CurrentRow);
        let df = to_datafusion(&f, None).unwrap();
        assert_eq!(
            df.start_bound,
            WindowFrameBound::Preceding(ScalarValue::UInt64(Some(2)))
        );
    }
}
