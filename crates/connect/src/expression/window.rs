//! `Window`: a function over partition and order keys, with an optional ROWS/RANGE frame.

use sabot_common::spec::{Expr, FrameBoundary, FrameType, WindowFrame};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::expression::Window;
use spark_connect_proto::connect::expression::window::WindowFrame as ProtoFrame;
use spark_connect_proto::connect::expression::window::window_frame::{
    FrameBoundary as ProtoBoundary, FrameType as ProtoFrameType, frame_boundary::Boundary,
};

use super::{expression_to_expr, expressions, required, sort_order_from_proto};

pub(super) fn window(w: &Window) -> Result<Expr> {
    Ok(Expr::Window {
        function: Box::new(required(w.window_function.as_deref(), "window function")?),
        partition_by: expressions(&w.partition_spec)?,
        order_by: w
            .order_spec
            .iter()
            .map(sort_order_from_proto)
            .collect::<Result<_>>()?,
        frame: w.frame_spec.as_deref().map(frame).transpose()?,
    })
}

fn frame(f: &ProtoFrame) -> Result<WindowFrame> {
    let frame_type = match ProtoFrameType::try_from(f.frame_type) {
        Ok(ProtoFrameType::Row) => FrameType::Rows,
        Ok(ProtoFrameType::Range) => FrameType::Range,
        _ => {
            return Err(SparkError::invalid_plan(format!(
                "Unknown window frame type {}",
                f.frame_type
            )));
        }
    };
    Ok(WindowFrame {
        frame_type,
        lower: boundary(f.lower.as_deref(), true)?,
        upper: boundary(f.upper.as_deref(), false)?,
    })
}

/// `unbounded` means UNBOUNDED PRECEDING as the lower bound and UNBOUNDED FOLLOWING as the
/// upper one.
fn boundary(b: Option<&ProtoBoundary>, lower: bool) -> Result<FrameBoundary> {
    let which = if lower { "lower" } else { "upper" };
    match b.and_then(|b| b.boundary.as_ref()) {
        Some(Boundary::CurrentRow(true)) => Ok(FrameBoundary::CurrentRow),
        Some(Boundary::Unbounded(true)) if lower => Ok(FrameBoundary::UnboundedPreceding),
        Some(Boundary::Unbounded(true)) => Ok(FrameBoundary::UnboundedFollowing),
        Some(Boundary::Value(v)) => Ok(FrameBoundary::Value(Box::new(expression_to_expr(v)?))),
        _ => Err(SparkError::invalid_plan(format!(
            "Missing or invalid {which} boundary of a window frame"
        ))),
    }
}
