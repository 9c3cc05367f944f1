//! Window specifications (`OVER (PARTITION BY .. ORDER BY .. frame)`) and sort items
//! (`expr [ASC|DESC] [NULLS FIRST|LAST]`), shared with `ORDER BY`.

use sabot_common::Result;
use sabot_common::spec::{
    Expr, FrameBoundary, FrameType, Literal, NullOrdering, SortDirection, SortOrder, WindowFrame,
};

use crate::parser::Parser;
use crate::select_clauses::WindowSpec;

impl Parser<'_> {
    /// The window after `OVER`, wrapping `function`: `(spec)`, or a window name that the
    /// query's `WINDOW` clause defines (a placeholder until then, see `select_clauses`).
    pub fn parse_window(&mut self, function: Expr) -> Result<Expr> {
        if !self.at_symbol("(") {
            let name = self.parse_identifier()?;
            return Ok(Expr::call(
                crate::select_clauses::NAMED_WINDOW,
                vec![Expr::Literal(Literal::String(name)), function],
            ));
        }
        self.next_token();
        if self.at_identifier()
            && !["PARTITION", "DISTRIBUTE", "ORDER", "SORT", "ROWS", "RANGE"]
                .iter()
                .any(|k| self.at_keyword(k))
        {
            // Spark's grammar has no `OVER (w ORDER BY ...)`.
            return Err(self.error_here());
        }
        let spec = self.parse_window_spec_body()?;
        self.expect_symbol(")")?;
        Ok(Expr::Window {
            function: Box::new(function),
            partition_by: spec.partition_by,
            order_by: spec.order_by,
            frame: spec.frame,
        })
    }

    /// `[PARTITION BY ..] [ORDER BY ..] [frame]` inside a window's parentheses.
    pub fn parse_window_spec_body(&mut self) -> Result<WindowSpec> {
        let mut partition_by = Vec::new();
        if self.eat_keywords(&["PARTITION", "BY"]) || self.eat_keywords(&["DISTRIBUTE", "BY"]) {
            partition_by = self.parse_expr_list()?;
        }
        let mut order_by = Vec::new();
        if self.eat_keywords(&["ORDER", "BY"]) || self.eat_keywords(&["SORT", "BY"]) {
            order_by = self.parse_sort_items()?;
        }
        let frame = if self.at_keyword("ROWS") || self.at_keyword("RANGE") {
            Some(self.parse_frame()?)
        } else {
            None
        };
        Ok(WindowSpec {
            partition_by,
            order_by,
            frame,
        })
    }

    /// `ROWS|RANGE BETWEEN lower AND upper`, or `ROWS|RANGE lower` (upper: current row).
    fn parse_frame(&mut self) -> Result<WindowFrame> {
        let frame_type = if self.eat_keyword("ROWS") {
            FrameType::Rows
        } else {
            self.expect_keyword("RANGE")?;
            FrameType::Range
        };
        let (lower, upper) = if self.eat_keyword("BETWEEN") {
            let lower = self.parse_frame_boundary()?;
            self.expect_keyword("AND")?;
            (lower, self.parse_frame_boundary()?)
        } else {
            (self.parse_frame_boundary()?, FrameBoundary::CurrentRow)
        };
        Ok(WindowFrame {
            frame_type,
            lower,
            upper,
        })
    }

    fn parse_frame_boundary(&mut self) -> Result<FrameBoundary> {
        if self.eat_keywords(&["UNBOUNDED", "PRECEDING"]) {
            return Ok(FrameBoundary::UnboundedPreceding);
        }
        if self.eat_keywords(&["UNBOUNDED", "FOLLOWING"]) {
            return Ok(FrameBoundary::UnboundedFollowing);
        }
        if self.eat_keywords(&["CURRENT", "ROW"]) {
            return Ok(FrameBoundary::CurrentRow);
        }
        let value = self.parse_value_expr(0)?;
        if self.eat_keyword("PRECEDING") {
            // Spark's `UnaryMinus` for a preceding offset.
            return Ok(FrameBoundary::Value(Box::new(negate_offset(value))));
        }
        self.expect_keyword("FOLLOWING")?;
        Ok(FrameBoundary::Value(Box::new(value)))
    }

    /// Comma-separated sort items.
    pub fn parse_sort_items(&mut self) -> Result<Vec<SortOrder>> {
        let mut items = vec![self.parse_sort_item()?];
        while self.eat_symbol(",") {
            items.push(self.parse_sort_item()?);
        }
        Ok(items)
    }

    /// `expr [ASC|DESC] [NULLS FIRST|LAST]`; NULLs default to first when ascending and last
    /// when descending (Spark's `SortDirection.defaultNullOrdering`).
    pub fn parse_sort_item(&mut self) -> Result<SortOrder> {
        let expr = self.parse_expr()?;
        let direction = if self.eat_keyword("DESC") {
            SortDirection::Descending
        } else {
            self.eat_keyword("ASC");
            SortDirection::Ascending
        };
        let nulls = if self.eat_keywords(&["NULLS", "FIRST"]) {
            NullOrdering::NullsFirst
        } else if self.eat_keywords(&["NULLS", "LAST"]) {
            NullOrdering::NullsLast
        } else if direction == SortDirection::Ascending {
            NullOrdering::NullsFirst
        } else {
            NullOrdering::NullsLast
        };
        Ok(SortOrder {
            expr,
            direction,
            nulls,
        })
    }
}

/// A preceding offset: Spark's `UnaryMinus(n)`, kept unfolded so the frame prints back as
/// `n PRECEDING` (Spark's `SpecifiedWindowFrame.sql`).
fn negate_offset(e: Expr) -> Expr {
    Expr::call("negative", vec![e])
}
