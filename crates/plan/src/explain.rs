//! `df.explain(mode)` / `EXPLAIN` text: Spark's section layout (`QueryExecution.explainString`)
//! around DataFusion's plans, which are shown in DataFusion's own notation.

use std::sync::Arc;

use datafusion::logical_expr::LogicalPlan;
use datafusion::physical_plan::{ExecutionPlan, displayable};
use datafusion::prelude::SessionContext;
use sabot_common::Result;
use sabot_common::spec::ExplainMode;

use crate::error::from_datafusion;
use crate::types::arrow_to_spark;

/// The text Spark's `explain(mode)` prints, with DataFusion's logical and physical plans as the
/// bodies. `plan` is the resolved, unoptimized plan (Spark's "parsed" plan).
pub async fn explain_string(
    ctx: &SessionContext,
    plan: &LogicalPlan,
    mode: ExplainMode,
) -> Result<String> {
    let state = ctx.state();
    let analyzed = state
        .analyzer()
        .execute_and_check(plan.clone(), state.config_options(), |_, _| {})
        .map_err(from_datafusion)?;
    let optimized = state
        .optimizer()
        .optimize(analyzed.clone(), &state, |_, _| {})
        .map_err(from_datafusion)?;
    let physical = state
        .query_planner()
        .create_physical_plan(&optimized, &state)
        .await
        .map_err(from_datafusion)?;
    let physical_text = lines(&displayable(physical.as_ref()).indent(true).to_string());
    Ok(match mode {
        // Mirrors `QueryExecution.simpleString`.
        ExplainMode::Simple => format!("== Physical Plan ==\n{physical_text}\n"),
        // Mirrors `QueryExecution.writePlans`; the analyzed plan starts with its output schema.
        ExplainMode::Extended => format!(
            "== Parsed Logical Plan ==\n{}\n== Analyzed Logical Plan ==\n{}{}\n== Optimized Logical Plan ==\n{}\n== Physical Plan ==\n{physical_text}",
            lines(&plan.display_indent().to_string()),
            output_line(&analyzed),
            lines(&analyzed.display_indent().to_string()),
            lines(&optimized.display_indent().to_string()),
        ),
        // Mirrors `QueryExecution.stringWithStats`; DataFusion keeps statistics on physical
        // plans only, so they are shown there.
        ExplainMode::Cost => format!(
            "== Optimized Logical Plan ==\n{}\n== Physical Plan ==\n{}\n",
            lines(&optimized.display_indent().to_string()),
            lines(
                &displayable(physical.as_ref())
                    .set_show_statistics(true)
                    .indent(true)
                    .to_string()
            ),
        ),
        // DataFusion does no whole-stage code generation: no subtrees, then the plan.
        ExplainMode::Codegen => {
            format!("Found 0 WholeStageCodegen subtrees.\n== Physical Plan ==\n{physical_text}\n")
        }
        ExplainMode::Formatted => format!("== Physical Plan ==\n{}", formatted(&physical)),
    })
}

/// Text with every line ending in a newline.
fn lines(text: &str) -> String {
    let mut s = text.trim_end_matches('\n').to_string();
    s.push('\n');
    s
}

/// The `id: bigint, x: string` line Spark prints before the analyzed plan.
fn output_line(plan: &LogicalPlan) -> String {
    let fields: Vec<String> = plan
        .schema()
        .fields()
        .iter()
        .map(|f| {
            let t = arrow_to_spark(f.data_type())
                .map(|t| t.simple_string())
                .unwrap_or_else(|_| f.data_type().to_string());
            format!("{}: {t}", f.name())
        })
        .collect();
    if fields.is_empty() {
        String::new()
    } else {
        format!("{}\n", fields.join(", "))
    }
}

/// Mirrors `ExplainUtils.processPlan`: an outline of operators numbered in post-order, then one
/// block of details per operator.
fn formatted(plan: &Arc<dyn ExecutionPlan>) -> String {
    let mut ordered: Vec<Arc<dyn ExecutionPlan>> = Vec::new();
    number(plan, &mut ordered);
    let id_of = |p: &Arc<dyn ExecutionPlan>| {
        ordered
            .iter()
            .position(|q| Arc::ptr_eq(q, p))
            .map(|i| i + 1)
            .unwrap_or(0)
    };
    let mut out = String::new();
    outline(plan, &[], &id_of, &mut out);
    out.push_str("\n\n");
    for (i, node) in ordered.iter().enumerate() {
        out.push_str(&format!("({}) {}\n", i + 1, node.name()));
        let children = node.children();
        if !children.is_empty() {
            let input: Vec<String> = children
                .iter()
                .flat_map(|c| {
                    c.schema()
                        .fields()
                        .iter()
                        .map(|f| f.name().clone())
                        .collect::<Vec<_>>()
                })
                .collect();
            out.push_str(&format!(
                "Input [{}]: [{}]\n",
                input.len(),
                input.join(", ")
            ));
        }
        let output: Vec<String> = node
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        out.push_str(&format!(
            "Output [{}]: [{}]\n",
            output.len(),
            output.join(", ")
        ));
        let line = displayable(node.as_ref()).one_line().to_string();
        let line = line.trim_end();
        let arguments = line
            .strip_prefix(node.name())
            .and_then(|rest| rest.strip_prefix(": "))
            .unwrap_or(line);
        if !arguments.is_empty() && arguments != node.name() {
            out.push_str(&format!("Arguments: {arguments}\n"));
        }
        out.push('\n');
    }
    out
}

/// Operators in post-order (children first, left to right), as Spark numbers them.
fn number(plan: &Arc<dyn ExecutionPlan>, ordered: &mut Vec<Arc<dyn ExecutionPlan>>) {
    for child in plan.children() {
        number(child, ordered);
    }
    ordered.push(Arc::clone(plan));
}

/// Mirrors `TreeNode.generateTreeString`: `:- ` before all but the last child, `+- ` before the
/// last, and `:  ` / `   ` continuing their subtrees.
fn outline(
    plan: &Arc<dyn ExecutionPlan>,
    last_children: &[bool],
    id_of: &dyn Fn(&Arc<dyn ExecutionPlan>) -> usize,
    out: &mut String,
) {
    if let Some((last, parents)) = last_children.split_last() {
        for is_last in parents {
            out.push_str(if *is_last { "   " } else { ":  " });
        }
        out.push_str(if *last { "+- " } else { ":- " });
    }
    out.push_str(&format!("{} ({})\n", plan.name(), id_of(plan)));
    let children = plan.children();
    for (i, child) in children.iter().enumerate() {
        let mut path = last_children.to_vec();
        path.push(i + 1 == children.len());
        outline(child, &path, id_of, out);
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::task::{Context, Poll, Wake};

    use super::*;

    /// Runs a future on this thread (planning needs no runtime; avoids a tokio dependency).
    fn block_on<F: Future>(f: F) -> F::Output {
        struct Unpark(std::thread::Thread);
        impl Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = Arc::new(Unpark(std::thread::current())).into();
        let mut cx = Context::from_waker(&waker);
        let mut f = std::pin::pin!(f);
        loop {
            match f.as_mut().poll(&mut cx) {
                Poll::Ready(v) => return v,
                Poll::Pending => std::thread::park(),
            }
        }
    }

    fn plan(ctx: &SessionContext) -> LogicalPlan {
        block_on(ctx.sql("select a, a * 2 as x from (values (1), (7), (9)) t(a) where a > 5"))
            .unwrap()
            .into_unoptimized_plan()
    }

    #[test]
    fn simple_has_only_the_physical_plan() {
        let ctx = SessionContext::new();
        let s = block_on(explain_string(&ctx, &plan(&ctx), ExplainMode::Simple)).unwrap();
        assert!(s.starts_with("== Physical Plan ==\n"), "{s}");
        assert!(s.ends_with("\n\n"), "{s}");
        assert!(s.contains("FilterExec"), "{s}");
        assert!(!s.contains("Logical"), "{s}");
    }

    #[test]
    fn extended_has_spark_sections() {
        let ctx = SessionContext::new();
        let s = block_on(explain_string(&ctx, &plan(&ctx), ExplainMode::Extended)).unwrap();
        let headers: Vec<&str> = s.lines().filter(|l| l.starts_with("== ")).collect();
        assert_eq!(
            headers,
            [
                "== Parsed Logical Plan ==",
                "== Analyzed Logical Plan ==",
                "== Optimized Logical Plan ==",
                "== Physical Plan ==",
            ]
        );
        assert!(
            s.contains("== Analyzed Logical Plan ==\na: bigint, x: bigint\n"),
            "{s}"
        );
        assert!(s.contains("\n\n== Optimized Logical Plan ==\n"), "{s}");
        assert!(s.ends_with("\n") && !s.ends_with("\n\n"), "{s}");
    }

    #[test]
    fn other_modes() {
        let ctx = SessionContext::new();
        let p = plan(&ctx);
        let cost = block_on(explain_string(&ctx, &p, ExplainMode::Cost)).unwrap();
        assert!(cost.starts_with("== Optimized Logical Plan ==\n"), "{cost}");
        assert!(cost.contains("\n\n== Physical Plan ==\n"), "{cost}");
        assert!(cost.contains("statistics=["), "{cost}");

        let codegen = block_on(explain_string(&ctx, &p, ExplainMode::Codegen)).unwrap();
        assert!(
            codegen.starts_with("Found 0 WholeStageCodegen subtrees.\n"),
            "{codegen}"
        );

        let formatted = block_on(explain_string(&ctx, &p, ExplainMode::Formatted)).unwrap();
        assert!(
            formatted.starts_with("== Physical Plan ==\n"),
            "{formatted}"
        );
        // The root is numbered last and listed first; details follow in numeric order.
        let first = formatted.lines().nth(1).unwrap();
        assert!(first.ends_with(')'), "{formatted}");
        assert!(formatted.contains("\n+- "), "{formatted}");
        assert!(formatted.contains("\n\n\n(1) "), "{formatted}");
        assert!(formatted.contains("Output [2]: [a, x]"), "{formatted}");
    }

    #[test]
    fn formatted_outline_marks_non_last_children() {
        let ctx = SessionContext::new();
        let p = block_on(
            ctx.sql("select * from (values (1), (2)) a(x) join (values (1), (3)) b(y) on x = y"),
        )
        .unwrap()
        .into_unoptimized_plan();
        let s = block_on(explain_string(&ctx, &p, ExplainMode::Formatted)).unwrap();
        let outline: Vec<&str> = s.lines().skip(1).take_while(|l| !l.is_empty()).collect();
        // A join's first input starts with `:- ` and its subtree continues with `:  `.
        assert!(outline.iter().any(|l| l.contains(":- ")), "{s}");
        assert!(outline.iter().any(|l| l.contains("+- ")), "{s}");
        let root = outline[0];
        let count = outline.len();
        assert!(root.ends_with(&format!("({count})")), "{s}");
    }
}
