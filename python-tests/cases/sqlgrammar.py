"""Spark SQL grammar through `spark.sql` (issue 5): LATERAL VIEW, PIVOT/UNPIVOT clauses, named
windows, QUALIFY, GROUP BY ALL / ORDER BY ALL, DISTRIBUTE/CLUSTER BY, hints, TABLESAMPLE,
TRIM(... FROM ...) and FROM-first queries, as Spark 4.3.0 answers them."""

from support import df_result, expect_error

from ._base import case


def views(spark):
    spark.createDataFrame(
        [(1, "a", [1, 2], 10.0), (2, "b", [3], 20.0), (2, "c", [], 30.0), (3, None, None, None)],
        "k INT, v STRING, arr ARRAY<INT>, x DOUBLE").createOrReplaceTempView("gr_t")
    spark.createDataFrame(
        [("2023", "q1", 10), ("2023", "q2", 20), ("2024", "q1", 30), ("2024", "q2", None)],
        "year STRING, quarter STRING, sales INT").createOrReplaceTempView("gr_sales")


@case
def case_sqlgrammar_lateral_view(spark):
    views(spark)
    q = lambda s: df_result(spark.sql(s), sort=True)
    return {
        "explode": q("SELECT k, a FROM gr_t LATERAL VIEW explode(arr) e AS a"),
        "outer": q("SELECT k, a FROM gr_t LATERAL VIEW OUTER explode(arr) e AS a"),
        "posexplode": q("SELECT k, p, a FROM gr_t LATERAL VIEW posexplode(arr) e AS p, a"),
        "chained": q("SELECT k, a, b FROM gr_t LATERAL VIEW explode(arr) e1 AS a "
                     "LATERAL VIEW explode(array(1, 2)) e2 AS b"),
        "default_names": q("SELECT * FROM gr_t LATERAL VIEW explode(arr) e"),
        "stack": q("SELECT k, s1, s2 FROM gr_t LATERAL VIEW stack(2, 1, 2, 3, 4) s AS s1, s2"),
        "inline": q("SELECT k, a, b FROM gr_t LATERAL VIEW inline(array(struct(1, 'x'), struct(2, 'y'))) i AS a, b"),
        "where_group": q("SELECT k, count(a) AS n FROM gr_t LATERAL VIEW explode(arr) e AS a WHERE a > 1 GROUP BY k"),
    }


@case
def case_sqlgrammar_pivot_unpivot(spark):
    views(spark)
    q = lambda s: df_result(spark.sql(s), sort=True)
    return {
        "pivot": q("SELECT * FROM gr_sales PIVOT (sum(sales) FOR quarter IN ('q1', 'q2'))"),
        "pivot_aliases": q("SELECT * FROM gr_sales PIVOT (sum(sales) AS s, count(*) AS c "
                           "FOR quarter IN ('q1' AS first, 'q2' AS second))"),
        "pivot_subquery": q("SELECT * FROM (SELECT year, quarter, sales FROM gr_sales) "
                            "PIVOT (avg(sales) FOR quarter IN ('q1', 'q3')) p"),
        "unpivot": q("SELECT * FROM (SELECT 1 AS id, 10 AS a, CAST(NULL AS INT) AS b) "
                     "UNPIVOT (val FOR col IN (a, b))"),
        "unpivot_include_nulls": q("SELECT * FROM (SELECT 1 AS id, 10 AS a, CAST(NULL AS INT) AS b) "
                                   "UNPIVOT INCLUDE NULLS (val FOR col IN (a AS first, b AS second)) u"),
    }


@case
def case_sqlgrammar_windows_qualify(spark):
    views(spark)
    q = lambda s: df_result(spark.sql(s), sort=True)
    return {
        "named": q("SELECT k, sum(x) OVER w AS s FROM gr_t WINDOW w AS (PARTITION BY k ORDER BY x)"),
        "alias_of_window": q("SELECT k, rank() OVER w2 AS r FROM gr_t "
                             "WINDOW w1 AS (PARTITION BY k ORDER BY x), w2 AS w1"),
        "undefined": expect_error(lambda: spark.sql("SELECT sum(x) OVER w FROM gr_t").collect()),
        "qualify": q("SELECT k, x FROM gr_t QUALIFY row_number() OVER (PARTITION BY k ORDER BY x) = 1"),
        "qualify_alias": q("SELECT k, x, row_number() OVER (PARTITION BY k ORDER BY x) AS rn FROM gr_t QUALIFY rn = 1"),
        "qualify_named": q("SELECT k, x FROM gr_t WINDOW w AS (PARTITION BY k ORDER BY x) "
                           "QUALIFY row_number() OVER w = 1"),
    }


@case
def case_sqlgrammar_all_and_distribution(spark):
    views(spark)
    q = lambda s, sort=True: df_result(spark.sql(s), sort=sort)
    return {
        "group_by_all": q("SELECT k, v, count(*) AS n FROM gr_t GROUP BY ALL"),
        "group_by_all_global": q("SELECT count(*) AS n FROM gr_t GROUP BY ALL"),
        "order_by_all": q("SELECT k, v FROM gr_t ORDER BY ALL", sort=False),
        "order_by_all_desc": q("SELECT k, v FROM gr_t ORDER BY ALL DESC NULLS FIRST", sort=False),
        "distribute": q("SELECT k FROM gr_t DISTRIBUTE BY k"),
        "distribute_sort": q("SELECT k FROM gr_t DISTRIBUTE BY k SORT BY k"),
        "cluster": q("SELECT k FROM gr_t CLUSTER BY k"),
    }


@case
def case_sqlgrammar_hints(spark):
    views(spark)
    q = lambda s: df_result(spark.sql(s), sort=True)
    return {
        "broadcast": q("SELECT /*+ BROADCAST(r) */ l.k, r.v FROM gr_t l JOIN gr_t r ON l.k = r.k"),
        "coalesce": q("SELECT /*+ COALESCE(1) */ k, spark_partition_id() AS p FROM gr_t"),
        "repartition": q("SELECT /*+ REPARTITION(3) */ k FROM gr_t"),
        "repartition_cols": q("SELECT /*+ REPARTITION(3, k) */ k FROM gr_t"),
        "by_range": q("SELECT /*+ REPARTITION_BY_RANGE(2, k) */ k FROM gr_t"),
        "several": q("SELECT /*+ MERGE(gr_t), REBALANCE */ DISTINCT k FROM gr_t"),
    }


@case
def case_sqlgrammar_tablesample(spark):
    views(spark)
    q = lambda s: df_result(spark.sql(s))
    return {
        "all": q("SELECT count(*) FROM gr_t TABLESAMPLE (100 PERCENT)"),
        "none": q("SELECT count(*) FROM gr_t TABLESAMPLE (0 PERCENT)"),
        "rows": q("SELECT count(*) FROM gr_t TABLESAMPLE (2 ROWS)"),
        "bucket": q("SELECT count(*) FROM gr_t TABLESAMPLE (BUCKET 1 OUT OF 1)"),
        "subquery": q("SELECT count(*) FROM (SELECT * FROM gr_t) TABLESAMPLE (100 PERCENT) s"),
        "too_large": expect_error(lambda: spark.sql("SELECT * FROM gr_t TABLESAMPLE (150 PERCENT)").collect()),
    }


@case
def case_sqlgrammar_trim_and_from_first(spark):
    views(spark)
    return {
        "trim": df_result(spark.sql(
            "SELECT TRIM(BOTH 'x' FROM 'xxaxx'), TRIM(LEADING 'x' FROM 'xxaxx'), "
            "TRIM(TRAILING 'x' FROM 'xxaxx'), TRIM('x' FROM 'xxaxx'), TRIM(BOTH FROM '  a  ')")),
        "from_select": df_result(spark.sql("FROM gr_t SELECT k, v WHERE k > 1"), sort=True),
        "from_lateral": df_result(spark.sql("FROM gr_t LATERAL VIEW explode(arr) e AS a SELECT k, a"), sort=True),
        "from_only": df_result(spark.sql("FROM gr_t"), sort=True),
    }


@case
def case_sqlgrammar_variable_substitution(spark):
    spark.conf.set("gr.x", "5")
    spark.conf.set("gr.s", "hello")
    try:
        out = {"substituted": df_result(spark.sql(
            "SELECT ${gr.x} + 1 AS a, '${gr.s}' AS b, '${hiveconf:gr.x}' AS c, '${gr.unset_key}' AS d, "
            "'${system:gr.x}' AS e"))}
        spark.conf.set("spark.sql.variable.substitute", "false")
        out["disabled"] = df_result(spark.sql("SELECT '${gr.x}' AS a"))
    finally:
        spark.conf.unset("spark.sql.variable.substitute")
        spark.conf.unset("gr.x")
        spark.conf.unset("gr.s")
    return out


@case
def case_sqlgrammar_natural_join(spark):
    views(spark)
    spark.createDataFrame([(2, "x"), (3, "y"), (4, "z")], "k INT, w STRING").createOrReplaceTempView("gr_u")
    q = lambda s: df_result(spark.sql(s), sort=True)
    return {
        "inner": q("SELECT * FROM gr_t NATURAL JOIN gr_u"),
        "left": q("SELECT * FROM gr_t NATURAL LEFT JOIN gr_u"),
        "full": q("SELECT k, v, w FROM gr_t NATURAL FULL OUTER JOIN gr_u"),
        "no_common": q("SELECT * FROM (SELECT 1 AS a) NATURAL JOIN gr_u"),
    }


@case
def case_sqlgrammar_within_group(spark):
    views(spark)
    return {
        "cont": df_result(spark.sql(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), "
            "percentile_cont(0.25) WITHIN GROUP (ORDER BY x DESC) FROM gr_t")),
        "grouped": df_result(spark.sql(
            "SELECT k, percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS p FROM gr_t GROUP BY k"), sort=True),
    }


@case(min_client=(4, 0))
def case_sqlgrammar_session_variables(spark):
    out = {}
    try:
        spark.sql("DECLARE VARIABLE gr_v INT DEFAULT 5")
        out["declared"] = df_result(spark.sql("SELECT gr_v, gr_v * 2 AS twice, session.gr_v"))
        out["exists"] = expect_error(lambda: spark.sql("DECLARE VARIABLE gr_v INT").collect())
        spark.sql("SET VAR gr_v = 7")
        out["set"] = df_result(spark.sql("SELECT gr_v"))
        out["column_wins"] = df_result(spark.sql("SELECT gr_v FROM (SELECT 1 AS gr_v)"))
        spark.sql("DROP TEMPORARY VARIABLE gr_v")
        out["dropped"] = expect_error(lambda: spark.sql("DROP TEMPORARY VARIABLE gr_v").collect())
    finally:
        spark.sql("DROP TEMPORARY VARIABLE IF EXISTS gr_v")
    return out


@case
def case_sqlgrammar_predicates_and_star_except(spark):
    views(spark)
    q = lambda s: df_result(spark.sql(s), sort=True)
    return {
        "tuple_in": q("SELECT k, v FROM gr_t WHERE (k, v) IN ((1, 'a'), (2, 'b'))"),
        "tuple_not_in": q("SELECT k, v FROM gr_t WHERE (k, v) NOT IN ((1, 'a'), (2, 'b'))"),
        "like_any": q("SELECT k FROM gr_t WHERE v LIKE ANY ('a%', 'b%')"),
        "not_like_all": q("SELECT k FROM gr_t WHERE v NOT LIKE ALL ('a%', 'b%')"),
        "overlay": q("SELECT OVERLAY('hello' PLACING 'XX' FROM 2 FOR 3) AS o"),
        "star_except": q("SELECT * EXCEPT (arr, x) FROM gr_t"),
        "star_except_more": q("SELECT gr_t.* EXCEPT (arr), 1 AS one FROM gr_t"),
        "star_except_missing": expect_error(lambda: spark.sql("SELECT * EXCEPT (nope) FROM gr_t").collect()),
    }
