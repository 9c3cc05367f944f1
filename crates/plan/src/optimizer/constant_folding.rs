//! Constant folding of Spark functions (Spark's `ConstantFolding`): a deterministic call whose
//! arguments are constants is evaluated once while optimizing, by DataFusion's
//! `SimplifyExpressions`, which folds every call not marked `Volatility::Volatile`. Sabot's
//! UDFs are `Immutable` unless Spark's expression is nondeterministic or not foldable
//! ([`NEVER_FOLDED`]), so the folding follows Spark's: `upper('a')` becomes `'A'`, while
//! `rand(1)` stays a call (and `raise_error` raises when a row reaches it, not while planning).

/// Spark functions that are nondeterministic (or, as `raise_error`, not foldable): their Sabot
/// UDFs are volatile and are never folded.
pub const NEVER_FOLDED: &[&str] = &[
    "rand",
    "randn",
    "random",
    "uniform",
    "randstr",
    "uuid",
    "shuffle",
    "spark_partition_id",
    "monotonically_increasing_id",
    "raise_error",
];

#[cfg(test)]
mod tests {
    use datafusion::prelude::SessionContext;
    use sabot_common::spec::{Expr, Literal, Plan, PlanNode};

    use super::NEVER_FOLDED;
    use crate::resolve::{CachedRelations, PlanConfig, resolve_plan};

    struct NoCache;

    impl CachedRelations for NoCache {
        fn local_relation(&self, _: &str) -> sabot_common::Result<Plan> {
            Err(sabot_common::SparkError::invalid_plan("none"))
        }
        fn chunked_local_relation(
            &self,
            _: &[String],
            _: Option<&str>,
        ) -> sabot_common::Result<Plan> {
            Err(sabot_common::SparkError::invalid_plan("none"))
        }
    }

    /// The optimized plan of `SELECT call`.
    async fn optimized(call: Expr) -> String {
        let ctx = SessionContext::new();
        for udf in sabot_functions::udfs() {
            ctx.register_udf(udf.as_ref().clone());
        }
        let plan = Plan::new(PlanNode::Project {
            input: None,
            exprs: vec![call],
        });
        let logical = resolve_plan(&ctx, &PlanConfig::for_tests(), &NoCache, &plan)
            .await
            .unwrap();
        let optimized = ctx.state().optimize(&logical).unwrap();
        optimized.display_indent().to_string()
    }

    fn string(s: &str) -> Expr {
        Expr::Literal(Literal::String(s.into()))
    }

    fn int(i: i32) -> Expr {
        Expr::Literal(Literal::Integer(i))
    }

    #[tokio::test]
    async fn deterministic_spark_functions_fold() {
        let cases = [
            (Expr::call("upper", vec![string("abc")]), "ABC"),
            (
                Expr::call("concat_ws", vec![string("-"), string("a"), string("b")]),
                "a-b",
            ),
            (Expr::call("hash", vec![int(1)]), "-559580957"),
            (
                Expr::call("md5", vec![string("a")]),
                "0cc175b9c0f1b6a831c399e269772661",
            ),
            (
                Expr::call("date_add", vec![Expr::Literal(Literal::Date(0)), int(1)]),
                "1970-01-02",
            ),
        ];
        for (call, value) in cases {
            let text = optimized(call.clone()).await;
            assert!(text.contains(value), "{call:?}: {text}");
            assert!(!text.contains("spark_"), "{call:?} was not folded: {text}");
        }
    }

    #[tokio::test]
    async fn nondeterministic_functions_are_not_folded() {
        let cases = [("rand", "random(Uniform01, 7)"), ("uuid", "uuid(7)")];
        for (name, kept) in cases {
            let text = optimized(Expr::call(name, vec![Expr::Literal(Literal::Long(7))])).await;
            assert!(NEVER_FOLDED.contains(&name));
            // The call is still there: it runs once per row.
            assert!(text.contains(kept), "{name}: {text}");
        }
        let text = optimized(Expr::call("raise_error", vec![string("boom")])).await;
        assert!(text.contains("raise_error(Utf8(\"boom\"))"), "{text}");
    }

    #[test]
    fn every_volatile_udf_is_a_spark_nondeterministic_function() {
        // The UDFs DataFusion will not fold: each must implement a function in NEVER_FOLDED
        // (or an encryption with a random IV), never a deterministic one.
        let volatile: Vec<String> = sabot_functions::udfs()
            .iter()
            .filter(|u| u.signature().volatility == datafusion::logical_expr::Volatility::Volatile)
            .map(|u| u.name().to_string())
            .collect();
        for name in &volatile {
            let known = NEVER_FOLDED
                .iter()
                .any(|f| name.contains(f) || name.contains(&f.replace('_', "")))
                || name.contains("aes")
                || name.contains("random")
                || name.contains("monotonic")
                || name.contains("partition_id");
            assert!(
                known,
                "{name} is volatile but Spark's function is deterministic"
            );
        }
    }
}
