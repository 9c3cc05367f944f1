"""More Spark SQL through `spark.sql` (issue 5, session 5): WITH RECURSIVE, WITHIN GROUP
aggregates, subquery forms and the remaining statements, as Spark 4.3.0 answers them."""

from support import df_result, expect_error

from ._base import case


def _q(spark):
    return lambda s: df_result(spark.sql(s), sort=True)


def _err(spark):
    return lambda s: expect_error(lambda: spark.sql(s).collect())


@case
def case_sqlmore_recursive_cte(spark):
    q = _q(spark)
    return {
        "column_list": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) "
                         "SELECT * FROM r"),
        "anchor_names": q("WITH RECURSIVE r AS (SELECT 1 AS n, 'a' AS s UNION ALL "
                          "SELECT n + 1, s || 'b' FROM r WHERE n < 4) SELECT * FROM r"),
        "fibonacci": q("WITH RECURSIVE f(a, b) AS (SELECT 0, 1 UNION ALL SELECT b, a + b FROM f "
                       "WHERE b < 50) SELECT a FROM f"),
        "bigint_anchor_upcasts": q("WITH RECURSIVE r(n) AS (SELECT CAST(1 AS BIGINT) UNION ALL "
                                   "SELECT CAST(n AS INT) * 2 FROM r WHERE n < 1000) SELECT * FROM r"),
        "anchor_union": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT 2 UNION ALL "
                          "SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r"),
        "anchor_from_range": q("WITH RECURSIVE r(n) AS (SELECT id FROM range(3) UNION ALL "
                               "SELECT n + 10 FROM r WHERE n < 20) SELECT * FROM r"),
        "values_anchor": q("WITH RECURSIVE t AS (VALUES (0, 'A') AS T(level, data) UNION ALL "
                           "SELECT level + 1, data FROM t WHERE level < 2) SELECT * FROM t"),
        "aggregate_over": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100) "
                            "SELECT count(*), sum(n) FROM r"),
        "chained": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3), "
                     "s(m) AS (SELECT n FROM r UNION ALL SELECT m * 10 FROM s WHERE m < 100) "
                     "SELECT * FROM s"),
        "non_recursive_cte": q("WITH RECURSIVE a AS (SELECT 1 AS x), r(n) AS "
                               "(SELECT x FROM a UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r"),
        "joined_twice": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) "
                          "SELECT * FROM r a JOIN r b ON a.n = b.n"),
        "left_join_inside": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
                              "LEFT JOIN (SELECT 1 AS k) t ON r.n = t.k WHERE n < 3) SELECT r.n FROM r"),
        "distinct_inside": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT DISTINCT n + 1 FROM r "
                             "WHERE n < 3) SELECT * FROM r"),
        "null_anchor": q("WITH RECURSIVE r(n) AS (SELECT CAST(NULL AS INT) UNION ALL SELECT 1 FROM r "
                         "WHERE n IS NULL) SELECT * FROM r"),
        "in_subquery": q("SELECT * FROM (WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
                         "WHERE n < 3) SELECT * FROM r)"),
        "scalar_subquery_of_it": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
                                   "WHERE n < 3) SELECT * FROM r WHERE n = (SELECT max(n) FROM r)"),
        "max_level_enough": q("WITH RECURSIVE r MAX RECURSION LEVEL 4 AS (SELECT 1 AS n UNION ALL "
                              "SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r"),
        "limit_stops_infinite": df_result(spark.sql(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r LIMIT 10")),
    }


@case
def case_sqlmore_recursive_cte_self_references(spark):
    """The recursive term reads the CTE more than once: each reference reads the previous level."""
    q = _q(spark)
    e = _err(spark)
    return {
        "self_join": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT a.n + b.n FROM r a JOIN r b "
                       "ON a.n = b.n WHERE a.n < 20) SELECT * FROM r"),
        "cross_join": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT a.n * 10 + b.n "
                        "FROM r a CROSS JOIN r b WHERE a.n < 100) SELECT * FROM r"),
        "union_inside": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL (SELECT n + 1 FROM r WHERE n < 3 "
                          "UNION ALL SELECT n + 10 FROM r WHERE n < 3)) SELECT * FROM r"),
        "two_columns": q("WITH RECURSIVE r(n, m) AS (SELECT 1, 1 UNION ALL SELECT a.n + 1, b.m * 2 FROM r a "
                         "JOIN r b ON a.n = b.n WHERE a.n < 4) SELECT * FROM r"),
        "in_subquery": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5 "
                         "AND n IN (SELECT n FROM r)) SELECT * FROM r"),
        "correlated_in": q("WITH RECURSIVE r(n, k) AS (SELECT 1, 1 UNION ALL SELECT n + 1, k FROM r WHERE n < 4 "
                           "AND k IN (SELECT k FROM r WHERE n > 0)) SELECT * FROM r"),
        "exists": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5 AND "
                    "EXISTS (SELECT 1 FROM r r2 WHERE r2.n = r.n)) SELECT * FROM r"),
        "not_exists": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 4 AND "
                        "NOT EXISTS (SELECT 1 FROM r r2 WHERE r2.n > r.n)) SELECT * FROM r"),
        "only_in_exists": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT 7 FROM (SELECT 1) "
                            "WHERE EXISTS (SELECT 1 FROM r WHERE n < 3)) SELECT * FROM r"),
        "paths": q("WITH RECURSIVE e(a, b) AS (SELECT * FROM VALUES (1, 2), (2, 3), (3, 4), (1, 3) AS t(a, b)), "
                   "p(s, d) AS (SELECT a, b FROM e UNION ALL SELECT p.s, e.b FROM p JOIN e ON p.d = e.a) "
                   "SELECT * FROM p"),
        "scalar_aggregate_subquery": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
                                       "WHERE n < 5 AND n < (SELECT max(n) + 10 FROM r)) SELECT * FROM r"),
        "left_join_itself": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT a.n + 1 FROM r a LEFT JOIN r b "
                              "ON a.n = b.n + 1 WHERE a.n < 4) SELECT * FROM r"),
        "bigint_count_subquery": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + (SELECT count(*) "
                                   "FROM r) FROM r WHERE n < 10) SELECT * FROM r"),
    }


@case
def case_sqlmore_recursive_cte_errors(spark):
    e = _err(spark)
    return {
        "union_distinct": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n % 3 + 1 FROM r) SELECT * FROM r"),
        "no_union": e("WITH RECURSIVE r(n) AS (SELECT n FROM r) SELECT * FROM r"),
        "anchor_reads_itself": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
                                 "WHERE n < 3 UNION ALL SELECT n + 10 FROM r WHERE n < 3) SELECT * FROM r"),
        "order_by_body": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3 "
                           "ORDER BY n) SELECT * FROM r"),
        "intersect": e("WITH RECURSIVE r(n) AS (SELECT 1 INTERSECT SELECT n + 1 FROM r WHERE n < 3) "
                       "SELECT * FROM r"),
        "aggregate": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT max(n) + 1 FROM r) SELECT * FROM r"),
        "group_by": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3 GROUP BY n) "
                      "SELECT * FROM r"),
        "sorted_subquery": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n FROM "
                             "(SELECT n + 1 AS n FROM r ORDER BY n) WHERE n < 3) SELECT * FROM r"),
        "left_join_right_side": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT t.k FROM "
                                  "(SELECT 1 AS k) t LEFT JOIN r ON r.n = t.k WHERE n < 3) SELECT * FROM r"),
        "wider_recursive_type": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT CAST(n AS BIGINT) + 1 "
                                  "FROM r WHERE n < 3) SELECT * FROM r"),
        "string_recursive_type": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT 'x' FROM r WHERE n < 3) "
                                   "SELECT * FROM r"),
        "window_type_first": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT sum(n) OVER () FROM r "
                               "WHERE n < 3) SELECT * FROM r"),
        "too_many_names": e("WITH RECURSIVE r(n, m) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) "
                            "SELECT * FROM r"),
        "without_recursive": e("WITH r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r"),
        "level_limit": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 101) "
                         "SELECT count(*) FROM r"),
        "endless": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r"),
        "max_level": e("WITH RECURSIVE r MAX RECURSION LEVEL 4 AS (SELECT 1 AS n UNION ALL "
                       "SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r"),
    }


@case
def case_sqlmore_recursive_cte_limits(spark):
    e = _err(spark)
    q = _q(spark)
    try:
        spark.conf.set("spark.sql.cteRecursionLevelLimit", "3")
        levels = {
            "within": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) "
                        "SELECT * FROM r"),
            "beyond": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 4) "
                        "SELECT * FROM r"),
        }
        spark.conf.unset("spark.sql.cteRecursionLevelLimit")
        spark.conf.set("spark.sql.cteRecursionRowLimit", "5")
        rows = {
            "under": q("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 4) "
                       "SELECT * FROM r"),
            "reached": e("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) "
                         "SELECT * FROM r"),
        }
    finally:
        spark.conf.unset("spark.sql.cteRecursionLevelLimit")
        spark.conf.unset("spark.sql.cteRecursionRowLimit")
    return {"levels": levels, "rows": rows}


def _lateral_views(spark):
    spark.sql("CREATE OR REPLACE TEMP VIEW sm_lt AS SELECT * FROM VALUES (1, 10), (2, 20), (3, NULL) AS t(k, v)")
    spark.sql("CREATE OR REPLACE TEMP VIEW sm_lu AS SELECT * FROM VALUES (1, 'a'), (1, 'b'), (2, 'c') AS u(k, s)")


@case
def case_sqlmore_lateral_subquery(spark):
    _lateral_views(spark)
    q = _q(spark)
    e = _err(spark)
    try:
        return {
            "no_from": q("SELECT * FROM sm_lt, LATERAL (SELECT v * 2 AS d)"),
            "no_from_alias": q("SELECT sm_lt.k, x.d FROM sm_lt, LATERAL (SELECT v + 1 AS d, k AS kk) x"),
            "chained": q("SELECT * FROM sm_lt, LATERAL (SELECT k + v AS kv), LATERAL (SELECT kv * 2 AS kv2)"),
            "join_lateral": q("SELECT * FROM sm_lt JOIN LATERAL (SELECT s FROM sm_lu WHERE sm_lu.k = sm_lt.k)"),
            "left_join_lateral": q("SELECT * FROM sm_lt LEFT JOIN LATERAL "
                                   "(SELECT s FROM sm_lu WHERE sm_lu.k = sm_lt.k) ON true"),
            "count": q("SELECT * FROM sm_lt, LATERAL (SELECT count(*) AS c FROM sm_lu WHERE sm_lu.k = sm_lt.k)"),
            "max": q("SELECT * FROM sm_lt, LATERAL (SELECT max(s) AS m FROM sm_lu WHERE sm_lu.k = sm_lt.k)"),
            "non_equality": q("SELECT * FROM sm_lt, LATERAL (SELECT s FROM sm_lu WHERE sm_lu.k <= sm_lt.k)"),
            "first_relation": q("SELECT * FROM LATERAL (SELECT 1)"),
            "right_join": e("SELECT * FROM sm_lt RIGHT JOIN LATERAL (SELECT v AS w) ON true"),
        }
    finally:
        spark.sql("DROP VIEW IF EXISTS sm_lt")
        spark.sql("DROP VIEW IF EXISTS sm_lu")


@case
def case_sqlmore_within_group(spark):
    spark.sql("CREATE OR REPLACE TEMP VIEW sm_wg AS SELECT * FROM VALUES (1, 'a', 3), (1, 'b', 1), "
              "(1, NULL, 2), (2, 'c', 5), (2, 'c', 4), (2, 'd', NULL), (3, NULL, NULL) AS t(g, s, o)")
    q = _q(spark)
    e = _err(spark)
    seq = "(SELECT explode(array(1, 2, 3, 4)) AS x)"
    try:
        return {
            "listagg": q("SELECT g, listagg(s, ',') WITHIN GROUP (ORDER BY o) FROM sm_wg GROUP BY g"),
            "listagg_desc": q("SELECT g, listagg(s) WITHIN GROUP (ORDER BY o DESC) FROM sm_wg GROUP BY g"),
            "string_agg": q("SELECT g, string_agg(s, '|') WITHIN GROUP (ORDER BY s DESC) FROM sm_wg GROUP BY g"),
            "listagg_distinct": q("SELECT g, listagg(DISTINCT s, ',') WITHIN GROUP (ORDER BY s) FROM sm_wg GROUP BY g"),
            "listagg_nulls_last": q("SELECT listagg(s, ',') WITHIN GROUP (ORDER BY o NULLS LAST) FROM sm_wg"),
            "mode": q("SELECT g, mode() WITHIN GROUP (ORDER BY s) FROM sm_wg GROUP BY g"),
            "mode_desc": q("SELECT g, mode() WITHIN GROUP (ORDER BY s DESC) FROM sm_wg GROUP BY g"),
            "percentile_disc": q("SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY o) FROM sm_wg"),
            "percentile_disc_groups": q("SELECT g, percentile_disc(0.25) WITHIN GROUP (ORDER BY o) AS a, "
                                        "percentile_disc(0.75) WITHIN GROUP (ORDER BY o DESC) AS b "
                                        "FROM sm_wg GROUP BY g"),
            "percentile_disc_points": q(
                "SELECT " + ", ".join(
                    f"percentile_disc({p}) WITHIN GROUP (ORDER BY x) AS p{i}"
                    for i, p in enumerate(["0.0", "0.1", "0.3", "0.34", "0.5", "0.51", "0.7", "0.76", "1.0"]))
                + f", percentile_disc(0.3) WITHIN GROUP (ORDER BY x DESC) AS d FROM {seq}"),
            "percentile_disc_tenths": q("SELECT percentile_disc(0.7) WITHIN GROUP (ORDER BY x) "
                                        "FROM (SELECT explode(sequence(1, 10)) AS x)"),
            "distinct_mismatch": e("SELECT listagg(DISTINCT s, ',') WITHIN GROUP (ORDER BY o) FROM sm_wg"),
            "mode_with_argument": e("SELECT mode(o) WITHIN GROUP (ORDER BY o) FROM sm_wg"),
            "two_orderings": e("SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY o, s) FROM sm_wg"),
            "out_of_range": e("SELECT percentile_disc(1.5) WITHIN GROUP (ORDER BY o) FROM sm_wg"),
        }
    finally:
        spark.sql("DROP VIEW IF EXISTS sm_wg")


@case
def case_sqlmore_insert_by_name(spark):
    e = _err(spark)
    spark.sql("DROP TABLE IF EXISTS sm_ins")
    spark.sql("CREATE TABLE sm_ins (a INT, b STRING) USING parquet")
    try:
        spark.sql("INSERT INTO sm_ins BY NAME SELECT 'x' AS b, 1 AS a")
        spark.sql("INSERT INTO sm_ins BY NAME SELECT 3 AS a")
        appended = df_result(spark.sql("SELECT * FROM sm_ins"), sort=True)
        too_many = e("INSERT INTO sm_ins BY NAME SELECT 3 AS a, 'z' AS b, 4 AS c")
        spark.sql("INSERT OVERWRITE sm_ins BY NAME SELECT 'w' AS b, 9 AS a")
        overwritten = df_result(spark.sql("SELECT * FROM sm_ins"), sort=True)
        into_if_not_exists = e("INSERT INTO sm_ins IF NOT EXISTS SELECT 8, 'q'")
    finally:
        spark.sql("DROP TABLE IF EXISTS sm_ins")
    return {"appended": appended, "too_many": too_many, "overwritten": overwritten,
            "into_if_not_exists": into_if_not_exists}


@case
def case_sqlmore_show_table_extended_describe_column(spark):
    q = _q(spark)
    e = _err(spark)
    spark.sql("DROP TABLE IF EXISTS sm_dt")
    spark.sql("CREATE TABLE sm_dt (a INT COMMENT 'the a', b STRING, p INT) USING parquet "
              "PARTITIONED BY (p)")
    spark.sql("CREATE OR REPLACE TEMP VIEW sm_dtv AS SELECT 1 AS z")
    try:
        spark.sql("INSERT INTO sm_dt VALUES (1, 'x', 5)")
        stable = ("filter(split(information, '\\n'), l -> NOT (l LIKE 'Created Time%' "
                  "OR l LIKE 'Location%')) AS info")
        out = {
            "show_table_extended": df_result(
                spark.sql("SHOW TABLE EXTENDED LIKE 'sm_dt*'")
                .selectExpr("namespace", "tableName", "isTemporary",
                            f"IF(isTemporary, NULL, {stable.removesuffix(' AS info')}) AS info"),
                sort=True),
            "show_table_extended_in": df_result(
                spark.sql("SHOW TABLE EXTENDED IN default LIKE 'sm_dt'")
                .selectExpr("namespace", "tableName", "isTemporary", stable), sort=True),
            "show_table_extended_none": q("SHOW TABLE EXTENDED LIKE 'sm_nothing_here'"),
            "describe_column": q("DESCRIBE sm_dt a"),
            "describe_extended_column": q("DESCRIBE EXTENDED sm_dt a"),
            "describe_partition_column": q("DESC TABLE sm_dt p"),
            "describe_view_column": q("DESCRIBE sm_dtv z"),
            "describe_missing_column": e("DESCRIBE sm_dt nope"),
            "describe_partition": q("DESCRIBE sm_dt PARTITION (p = 5)"),
            "describe_missing_partition": e("DESCRIBE sm_dt PARTITION (p = 7)"),
        }
    finally:
        spark.sql("DROP TABLE IF EXISTS sm_dt")
        spark.sql("DROP VIEW IF EXISTS sm_dtv")
    return out


@case
def case_sqlmore_rejected_forms(spark):
    e = _err(spark)
    spark.sql("DROP TABLE IF EXISTS sm_rw")
    spark.sql("CREATE TABLE sm_rw (a INT, b STRING) USING parquet")
    try:
        out = {
            "percentile_disc_without_within_group":
                e("SELECT percentile_disc(0.5) FROM VALUES (1), (2) t(a)"),
            "percentile_cont_without_within_group":
                e("SELECT percentile_cont(0.5) FROM VALUES (1), (2) t(a)"),
            "insert_replace_where": e("INSERT INTO sm_rw REPLACE WHERE a = 1 SELECT 1, 'x'"),
            "insert_table_replace_where_values":
                e("INSERT INTO TABLE sm_rw REPLACE WHERE a > 1 VALUES (1, 'x')"),
            "insert_replace_where_missing_table":
                e("INSERT INTO sm_rw_missing REPLACE WHERE a = 1 SELECT 1"),
            "trim_from_string_literal": e("SELECT trim(FROM ' x')"),
            "trim_from_column": df_result(
                spark.sql("SELECT trim(FROM s), trim(LEADING FROM s) FROM VALUES (' x ') t(s)")),
        }
    finally:
        spark.sql("DROP TABLE IF EXISTS sm_rw")
    return out
