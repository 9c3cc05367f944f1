"""Spark SQL query forms through `spark.sql` (issue 5): joins, common table expressions, set
operations, DISTINCT, subquery expressions and GROUP BY aliases, as Spark 4.3.0 answers them."""

from support import df_result, expect_error

from ._base import F, case


def views(spark):
    spark.createDataFrame([(1, "a"), (2, "b"), (2, "b"), (3, None)], "k INT, v STRING").createOrReplaceTempView("sq_l")
    spark.createDataFrame([(2, "x"), (3, "y"), (4, "z")], "k INT, w STRING").createOrReplaceTempView("sq_r")


@case
def case_sqlquery_join_types(spark):
    views(spark)
    out = {}
    for how in ["JOIN", "INNER JOIN", "LEFT JOIN", "LEFT OUTER JOIN", "RIGHT JOIN", "FULL OUTER JOIN",
                "LEFT SEMI JOIN", "SEMI JOIN", "LEFT ANTI JOIN", "ANTI JOIN"]:
        out[how] = df_result(spark.sql(f"SELECT * FROM sq_l {how} sq_r ON sq_l.k = sq_r.k"), sort=True)
    return out


@case
def case_sqlquery_join_using_cross_comma(spark):
    views(spark)
    return {
        "using": df_result(spark.sql("SELECT * FROM sq_l JOIN sq_r USING (k)"), sort=True),
        "left_using": df_result(spark.sql("SELECT * FROM sq_l LEFT JOIN sq_r USING (k)"), sort=True),
        "full_using": df_result(spark.sql("SELECT * FROM sq_l FULL JOIN sq_r USING (k)"), sort=True),
        "cross": df_result(spark.sql("SELECT l.k, r.k FROM sq_l l CROSS JOIN sq_r r"), sort=True),
        "comma": df_result(spark.sql("SELECT l.v, r.w FROM sq_l l, sq_r r WHERE l.k = r.k"), sort=True),
        "nested": df_result(spark.sql(
            "SELECT * FROM (sq_l l JOIN sq_r r ON l.k = r.k) JOIN sq_r r2 ON r2.k = l.k + 1"), sort=True),
    }


@case
def case_sqlquery_ctes(spark):
    views(spark)
    return {
        "chain": df_result(spark.sql(
            "WITH a AS (SELECT k FROM sq_l), b (n) AS (SELECT k * 10 FROM a) SELECT * FROM b ORDER BY n")),
        "shadow": df_result(spark.sql(
            "WITH sq_r AS (SELECT 1 AS k) SELECT * FROM sq_r")),
        "in_subquery": df_result(spark.sql(
            "WITH t AS (SELECT 2 AS k) SELECT v FROM sq_l WHERE k IN (SELECT k FROM t)"), sort=True),
        "nested_scope": df_result(spark.sql(
            "WITH t AS (SELECT 1 AS x) SELECT * FROM (WITH t AS (SELECT 2 AS x) SELECT x FROM t) s, t"), sort=True),
        "duplicate": expect_error(lambda: spark.sql("WITH t AS (SELECT 1), t AS (SELECT 2) SELECT * FROM t").collect()),
    }


@case
def case_sqlquery_set_operations(spark):
    views(spark)
    q = lambda s: df_result(spark.sql(s), sort=True)
    return {
        "union": q("SELECT k FROM sq_l UNION SELECT k FROM sq_r"),
        "union_all": q("SELECT k FROM sq_l UNION ALL SELECT k FROM sq_r"),
        "union_distinct": q("SELECT k FROM sq_l UNION DISTINCT SELECT k FROM sq_r"),
        "intersect": q("SELECT k FROM sq_l INTERSECT SELECT k FROM sq_r"),
        "intersect_all": q("SELECT k FROM sq_l INTERSECT ALL SELECT k FROM sq_l WHERE k > 1"),
        "except": q("SELECT k FROM sq_l EXCEPT SELECT k FROM sq_r"),
        "minus": q("SELECT k FROM sq_l MINUS SELECT k FROM sq_r"),
        "except_all": q("SELECT k FROM sq_l EXCEPT ALL SELECT k FROM sq_r WHERE k = 3"),
        "precedence": q("SELECT 1 AS x UNION ALL SELECT 2 INTERSECT SELECT 3"),
        "ordered": df_result(spark.sql("SELECT k FROM sq_l UNION SELECT k FROM sq_r ORDER BY k DESC LIMIT 3")),
        "distinct": df_result(spark.sql("SELECT DISTINCT k, v FROM sq_l ORDER BY k")),
    }


@case
def case_sqlquery_subqueries(spark):
    views(spark)
    q = lambda s: df_result(spark.sql(s), sort=True)
    return {
        "scalar": q("SELECT k, (SELECT max(k) FROM sq_r) AS m FROM sq_l"),
        "scalar_where": q("SELECT * FROM sq_l WHERE k = (SELECT min(k) FROM sq_r)"),
        "correlated_scalar": q("SELECT k, (SELECT count(*) FROM sq_r r WHERE r.k = l.k) AS c, (SELECT max(w) FROM sq_r r WHERE r.k = l.k) AS w FROM sq_l l"),
        "exists": q("SELECT * FROM sq_l l WHERE EXISTS (SELECT 1 FROM sq_r r WHERE r.k = l.k)"),
        "not_exists": q("SELECT * FROM sq_l l WHERE NOT EXISTS (SELECT 1 FROM sq_r r WHERE r.k = l.k)"),
        "in": q("SELECT * FROM sq_l WHERE k IN (SELECT k FROM sq_r)"),
        "not_in": q("SELECT * FROM sq_l WHERE k NOT IN (SELECT k FROM sq_r)"),
        "having": q("SELECT k, count(*) AS c FROM sq_l GROUP BY k HAVING count(*) >= (SELECT count(*) FROM sq_r) - 1"),
    }


@case
def case_sqlquery_group_by_alias(spark):
    views(spark)
    return {
        "alias": df_result(spark.sql("SELECT k % 2 AS parity, count(*) AS n FROM sq_l GROUP BY parity"), sort=True),
        "column_wins": df_result(spark.sql("SELECT v AS k, count(*) FROM sq_l GROUP BY k, v"), sort=True),
        "column_wins_error": expect_error(lambda: spark.sql("SELECT v AS k, count(*) FROM sq_l GROUP BY k").collect()),
    }


@case
def case_sqlquery_ordinals(spark):
    views(spark)
    q = lambda s: df_result(spark.sql(s))
    err = lambda s: expect_error(lambda: spark.sql(s).collect())
    return {
        "group_order": q("SELECT k, count(*) FROM sq_l GROUP BY 1 ORDER BY 2 DESC, 1"),
        "expr": q("SELECT k + 1, v FROM sq_l ORDER BY 1 DESC, 2 NULLS LAST"),
        "star": q("SELECT * FROM sq_l ORDER BY 2 DESC NULLS LAST, 1"),
        "alias": q("SELECT k AS x, sum(k) FROM sq_l GROUP BY x ORDER BY 1"),
        "group_out_of_range": err("SELECT k FROM sq_l GROUP BY 2"),
        "group_aggregate": err("SELECT count(*) FROM sq_l GROUP BY 1"),
        "group_star": err("SELECT * FROM sq_l GROUP BY 1"),
        "order_out_of_range": err("SELECT k, v FROM sq_l ORDER BY 3"),
        "order_zero": err("SELECT k FROM sq_l ORDER BY 0"),
        "dataframe": df_result(spark.table("sq_l").orderBy(F().lit(2).desc_nulls_last(), F().lit(1))),
    }
