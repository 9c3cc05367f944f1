"""Correlated subqueries whose correlation is not an equality under an aggregate (issue 5,
session 7): scalar, EXISTS-as-value and LATERAL forms that Spark plans with a domain join
(`DecorrelateInnerQuery`), through `spark.sql` and the DataFrame API, as Spark 4.3.0 answers."""

from support import df_result, expect_error

from ._base import F, case, col


def _views(spark):
    spark.sql("CREATE OR REPLACE TEMP VIEW cq_t AS SELECT * FROM VALUES (1, 10, 'p'), (2, 20, 'q'), "
              "(3, 30, 'p'), (null, 40, 'q'), (2, 50, 'p'), (5, 60, null) AS t(a, b, s)")
    spark.sql("CREATE OR REPLACE TEMP VIEW cq_r AS SELECT * FROM VALUES (1, 100, 'p'), (2, 200, 'q'), "
              "(2, 250, 'p'), (4, 400, 'q'), (null, 500, 'p') AS r(x, y, k)")


def _q(spark):
    return lambda s: df_result(spark.sql(s), sort=True)


@case
def case_correlated_scalar_non_equality(spark):
    _views(spark)
    q = _q(spark)
    return {
        "count": q("SELECT a, b, (SELECT count(*) FROM cq_r WHERE x < a) AS c FROM cq_t"),
        "max": q("SELECT a, (SELECT max(y) FROM cq_r r WHERE r.x <= t.a) AS m FROM cq_t t"),
        "equality_and_range": q("SELECT a, s, (SELECT avg(y) FROM cq_r r WHERE r.k = t.s AND r.x < t.a) AS v "
                                "FROM cq_t t"),
        "expression_over_count": q("SELECT a, (SELECT count(*) + 1 FROM cq_r r WHERE r.x > t.a) AS c FROM cq_t t"),
        "coalesce": q("SELECT a, (SELECT coalesce(sum(y), -1) FROM cq_r r WHERE r.x > t.a) AS v FROM cq_t t"),
        "having": q("SELECT a, (SELECT count(*) FROM cq_r r WHERE r.x < t.a HAVING count(*) > 1) AS c "
                    "FROM cq_t t"),
        "two_subqueries": q("SELECT a, (SELECT count(*) FROM cq_r r WHERE r.x < t.a) AS lo, "
                            "(SELECT count(y) FROM cq_r r WHERE r.x > t.a) AS hi FROM cq_t t"),
        "two_outer_columns": q("SELECT a, b, (SELECT collect_list(y) FROM (SELECT y FROM cq_r r "
                               "WHERE r.x < t.a AND r.y > t.b * 5 ORDER BY y)) AS ys FROM cq_t t"),
        "in_where": q("SELECT * FROM cq_t t WHERE b > (SELECT count(*) * 10 FROM cq_r r WHERE r.x <= t.a)"),
        "join_inside": q("SELECT a, (SELECT count(*) FROM cq_r r JOIN cq_r r2 ON r.k = r2.k "
                         "WHERE r.x < t.a) AS c FROM cq_t t"),
        "grouped_inside": q("SELECT a, (SELECT max(c) FROM (SELECT k, count(*) AS c FROM cq_r r "
                            "WHERE r.x <= t.a GROUP BY k)) AS m FROM cq_t t"),
        "outer_join_input": q("SELECT t.a, u.b, (SELECT count(*) FROM cq_r r WHERE r.x < t.a + u.a) AS c "
                              "FROM cq_t t JOIN cq_t u ON t.s = u.s"),
        "order_by_limit_one": q("SELECT a, (SELECT y FROM cq_r r WHERE r.x < t.a ORDER BY y DESC LIMIT 1) AS y "
                                "FROM cq_t t"),
        "order_by_limit_one_equality": q("SELECT a, s, (SELECT x FROM cq_r r WHERE r.k = t.s ORDER BY y LIMIT 1) "
                                         "AS x FROM cq_t t"),
        "limit_under_aggregate": q("SELECT a, s, (SELECT sum(y) FROM (SELECT y FROM cq_r r WHERE r.k = t.s "
                                   "ORDER BY y DESC LIMIT 2)) AS top2 FROM cq_t t"),
        "exists_value": q("SELECT a, EXISTS (SELECT 1 FROM cq_r r WHERE r.x > t.a) AS e FROM cq_t t"),
        "not_exists_value": q("SELECT a, NOT EXISTS (SELECT 1 FROM cq_r r WHERE r.x > t.a) AS e FROM cq_t t"),
    }


@case
def case_correlated_predicates_and_aggregates(spark):
    _views(spark)
    q = _q(spark)
    return {
        "aggregate_argument": q("SELECT s, sum((SELECT count(*) FROM cq_r r WHERE r.x < t.a)) AS n FROM cq_t t "
                                "GROUP BY s"),
        "aggregate_argument_equality": q("SELECT s, max((SELECT sum(y) FROM cq_r r WHERE r.x = t.a)) AS m "
                                         "FROM cq_t t GROUP BY s"),
        "exists_having": q("SELECT * FROM cq_t t WHERE EXISTS (SELECT count(*) FROM cq_r r WHERE r.x < t.a "
                           "HAVING count(*) > 1)"),
        "not_exists_having": q("SELECT * FROM cq_t t WHERE NOT EXISTS (SELECT count(*) FROM cq_r r "
                               "WHERE r.x < t.a HAVING count(*) > 1)"),
        "in_aggregate": q("SELECT * FROM cq_t t WHERE b < 45 AND a IN (SELECT count(*) FROM cq_r r "
                          "WHERE r.x <= t.a)"),
        "not_in_aggregate": q("SELECT * FROM cq_t t WHERE a NOT IN (SELECT max(x) FROM cq_r r "
                              "WHERE r.y > t.b * 10)"),
        "not_in_with_null": q("SELECT * FROM cq_t t WHERE a NOT IN (SELECT max(x) FROM cq_r r "
                              "WHERE r.y >= t.b * 10 GROUP BY k)"),
        "in_under_or": q("SELECT * FROM cq_t t WHERE b > 45 OR a IN (SELECT max(x) FROM cq_r r "
                         "WHERE r.y > t.b * 10)"),
        "in_as_value": q("SELECT a, b, a IN (SELECT max(x) FROM cq_r r WHERE r.y > t.b * 10 GROUP BY k) AS i, "
                         "a NOT IN (SELECT max(x) FROM cq_r r WHERE r.y > t.b * 10 GROUP BY k) AS n FROM cq_t t"),
        "nested_scalar_aggregate": q("SELECT a, (SELECT sum(c) FROM (SELECT count(*) AS c FROM cq_r r "
                                     "WHERE r.x < t.a)) AS n FROM cq_t t"),
    }


@case
def case_in_and_exists_as_values(spark):
    """`IN`/`EXISTS` subqueries outside a top-level WHERE conjunct. Spark plans them as an
    existence join (`RewritePredicateSubquery`), so as values `IN` is never NULL: NULL IN
    (..., NULL) is false and so is NULL NOT IN (..., NULL); `NOT (x IN ...)` is the null-aware
    `NOT IN`."""
    _views(spark)
    spark.sql("CREATE OR REPLACE TEMP VIEW cq_e AS SELECT * FROM cq_r WHERE x > 100")
    q = _q(spark)
    return {
        "uncorrelated": q("SELECT a, a IN (SELECT x FROM cq_r) AS i, a NOT IN (SELECT x FROM cq_r) AS n, "
                          "NOT (a IN (SELECT x FROM cq_r)) AS n2 FROM cq_t"),
        "uncorrelated_empty": q("SELECT a, a IN (SELECT x FROM cq_e) AS i, a NOT IN (SELECT x FROM cq_e) AS n "
                                "FROM cq_t"),
        "equality": q("SELECT a, b, a IN (SELECT x FROM cq_r WHERE y = b * 10) AS i, "
                      "a NOT IN (SELECT x FROM cq_r WHERE y = b * 10) AS n FROM cq_t"),
        "non_equality": q("SELECT a, b, a IN (SELECT x FROM cq_r WHERE y > b * 10) AS i, "
                          "a NOT IN (SELECT x FROM cq_r WHERE y > b * 10) AS n FROM cq_t"),
        "exists": q("SELECT a, EXISTS (SELECT 1 FROM cq_r WHERE x = a) AS e, "
                    "NOT EXISTS (SELECT 1 FROM cq_r WHERE y > b * 10) AS ne, "
                    "EXISTS (SELECT 1 FROM cq_e) AS u FROM cq_t"),
        "in_case": q("SELECT a, CASE WHEN a IN (SELECT x FROM cq_r) THEN 'y' ELSE 'n' END AS c FROM cq_t"),
        "expression_value": q("SELECT a, a + 1 IN (SELECT x FROM cq_r WHERE k = s) AS i FROM cq_t"),
        "filter_or": q("SELECT * FROM cq_t WHERE b > 45 OR a IN (SELECT x FROM cq_r)"),
        "filter_not_or": q("SELECT * FROM cq_t WHERE NOT (b > 45 OR a IN (SELECT x FROM cq_r))"),
        "filter_or_not_in": q("SELECT * FROM cq_t WHERE b > 45 OR a NOT IN (SELECT x FROM cq_r WHERE k = s)"),
        "filter_or_exists": q("SELECT * FROM cq_t WHERE b > 45 OR EXISTS (SELECT 1 FROM cq_r WHERE x = a)"),
        "tuple_in_value": q("SELECT a, s, (a, s) IN (SELECT x, k FROM cq_r) AS i, "
                            "(a, s) NOT IN (SELECT x, k FROM cq_r) AS n FROM cq_t"),
        "tuple_filter_or": q("SELECT * FROM cq_t WHERE b > 45 OR (a, s) IN (SELECT x, k FROM cq_r)"),
        "tuple_filter_or_not_in": q("SELECT * FROM cq_t WHERE b > 45 OR (a, s) NOT IN (SELECT x, k FROM cq_r)"),
        "not_in_equality": q("SELECT * FROM cq_t WHERE a NOT IN (SELECT x FROM cq_r WHERE k = s)"),
        "not_of_in_equality": q("SELECT * FROM cq_t WHERE NOT (a IN (SELECT x FROM cq_r WHERE k = s))"),
        "not_in_and_exists": q("SELECT * FROM cq_t WHERE a NOT IN (SELECT x FROM cq_r WHERE x IS NOT NULL) "
                               "AND EXISTS (SELECT 1 FROM cq_r WHERE k = s)"),
    }


@case
def case_correlated_lateral_non_equality(spark):
    _views(spark)
    q = _q(spark)
    return {
        "scalar_aggregates": q("SELECT * FROM cq_t t, LATERAL (SELECT count(*) AS c, max(y) AS m "
                               "FROM cq_r r WHERE r.x < t.a)"),
        "grouped": q("SELECT t.a, l.* FROM cq_t t, LATERAL (SELECT k, count(*) AS c FROM cq_r r "
                     "WHERE r.x <= t.a GROUP BY k) l"),
        "filtered_above": q("SELECT t.a, l.c FROM cq_t t JOIN LATERAL (SELECT count(*) AS c FROM cq_r r "
                            "WHERE r.x < t.a) l ON l.c > 1"),
        "left_rows": q("SELECT * FROM cq_t t LEFT JOIN LATERAL (SELECT y FROM cq_r r WHERE r.x > t.a) ON true"),
        "left_rows_condition": q("SELECT t.a, l.y FROM cq_t t LEFT JOIN LATERAL (SELECT y FROM cq_r r "
                                 "WHERE r.x > t.a) l ON l.y > 200"),
        "top_n": q("SELECT t.a, t.s, l.y FROM cq_t t, LATERAL (SELECT y FROM cq_r r WHERE r.k = t.s "
                   "ORDER BY y DESC LIMIT 2) l"),
        "top_n_non_equality": q("SELECT t.a, l.y FROM cq_t t, LATERAL (SELECT y FROM cq_r r WHERE r.x <= t.a "
                                "ORDER BY y LIMIT 1) l"),
        "left_top_n": q("SELECT t.a, t.s, l.y FROM cq_t t LEFT JOIN LATERAL (SELECT y FROM cq_r r "
                        "WHERE r.k = t.s ORDER BY y LIMIT 1) l ON true"),
        "left_scalar": q("SELECT * FROM cq_t t LEFT JOIN LATERAL (SELECT sum(y) AS s2 FROM cq_r r "
                         "WHERE r.x > t.a)"),
    }


@case(min_client=(4, 0))
def case_correlated_dataframe_non_equality(spark):
    t = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c"), (None, "d")], "id INT, s STRING")
    r = spark.createDataFrame([(1, 10), (1, 11), (3, 30), (5, 50)], "k INT, v INT")
    below = r.where(col("k") < col("id").outer()).select(F().count("*")).scalar()
    total = r.where(col("k") >= col("id").outer()).select(F().sum("v")).scalar()
    return {
        "count": df_result(t.select("id", below.alias("below")), sort=True),
        "sum": df_result(t.select("id", total.alias("total")), sort=True),
        "filter": df_result(t.where(below >= 1), sort=True),
    }


@case
def case_correlated_order_by(spark):
    _views(spark)
    q = lambda s: df_result(spark.sql(s))  # noqa: E731 - the order is the point
    err = lambda s: expect_error(lambda: spark.sql(s).collect())  # noqa: E731
    return {
        "uncorrelated": q("SELECT a, b FROM cq_t ORDER BY (SELECT max(y) FROM cq_r) - b LIMIT 3"),
        "uncorrelated_dropped_key": q("SELECT a FROM cq_t ORDER BY (SELECT min(y) FROM cq_r) * b DESC"),
        # Spark's CheckAnalysis rejects a correlated scalar subquery as a sort key.
        "correlated_error": err("SELECT a FROM cq_t t ORDER BY (SELECT count(*) FROM cq_r r WHERE r.x < t.a) "
                                "DESC, b"),
        "correlated_equality_error": err("SELECT a, b FROM cq_t t ORDER BY (SELECT sum(y) FROM cq_r r "
                                         "WHERE r.x = t.a) NULLS LAST, b"),
    }


def _set_views(spark):
    spark.sql("CREATE OR REPLACE TEMP VIEW co_t AS SELECT * FROM VALUES (1), (2), (3), (null) AS t(a)")
    spark.sql("CREATE OR REPLACE TEMP VIEW co_r AS SELECT * FROM VALUES (1, 10), (2, 20), (2, 5), (3, 30) AS r(x, v)")
    spark.sql("CREATE OR REPLACE TEMP VIEW co_s AS SELECT * FROM VALUES (1), (3), (4) AS s(y)")


@case
def case_correlated_through_windows_and_set_operations(spark):
    """Session 10: a correlation below a window or a set operation is carried through it per
    outer value (DataFusion alone pulled an equality above the window: wrong row numbers)."""
    _set_views(spark)
    q = _q(spark)
    return {
        "window_equality": q("SELECT a, (SELECT max(rn) FROM (SELECT row_number() OVER (ORDER BY v) rn "
                             "FROM co_r r WHERE r.x = t.a)) m FROM co_t t"),
        "window_non_equality": q("SELECT a, (SELECT max(rn) FROM (SELECT row_number() OVER (ORDER BY v) rn "
                                 "FROM co_r r WHERE r.x < t.a)) m FROM co_t t"),
        "window_partitioned": q("SELECT a, (SELECT sum(w) FROM (SELECT sum(v) OVER (PARTITION BY x) w "
                                "FROM co_r r WHERE r.x <= t.a)) m FROM co_t t"),
        "window_filtered_above": q("SELECT a, (SELECT first(rn) FROM (SELECT rank() OVER (ORDER BY v DESC) rn, v "
                                   "FROM co_r r WHERE r.x = t.a) WHERE v > 6) m FROM co_t t"),
        "exists_window": q("SELECT a FROM co_t t WHERE EXISTS (SELECT * FROM (SELECT x, row_number() OVER "
                           "(PARTITION BY x ORDER BY v) rn FROM co_r r WHERE r.x = t.a) WHERE rn > 1)"),
        "in_window": q("SELECT a FROM co_t t WHERE a IN (SELECT rn FROM (SELECT row_number() OVER (ORDER BY v) rn "
                       "FROM co_r r WHERE r.x >= t.a))"),
        "lateral_window": q("SELECT a, rn FROM co_t t, LATERAL (SELECT row_number() OVER (ORDER BY v) rn "
                            "FROM co_r r WHERE r.x < t.a)"),
        "union_all": q("SELECT a, (SELECT count(*) FROM (SELECT x FROM co_r r WHERE r.x < t.a UNION ALL "
                       "SELECT y FROM co_s s WHERE s.y > t.a)) c FROM co_t t"),
        "union_distinct": q("SELECT a, (SELECT count(*) FROM (SELECT x FROM co_r r WHERE r.x < t.a UNION "
                            "SELECT y FROM co_s s WHERE s.y >= t.a)) c FROM co_t t"),
        "union_one_side": q("SELECT a, (SELECT count(*) FROM (SELECT x FROM co_r r WHERE r.x < t.a UNION ALL "
                            "SELECT y FROM co_s)) c FROM co_t t"),
        "union_equality": q("SELECT a, (SELECT count(*) FROM (SELECT x FROM co_r r WHERE r.x = t.a UNION ALL "
                            "SELECT y FROM co_s s WHERE s.y = t.a)) c FROM co_t t"),
        "union_projection": q("SELECT a, (SELECT sum(z) FROM (SELECT x + t.a z FROM co_r UNION ALL "
                              "SELECT y FROM co_s)) c FROM co_t t"),
        "exists_union": q("SELECT a FROM co_t t WHERE EXISTS (SELECT x FROM co_r r WHERE r.x > t.a UNION ALL "
                          "SELECT y FROM co_s s WHERE s.y > t.a + 1)"),
        "exists_union_equality": q("SELECT a FROM co_t t WHERE EXISTS (SELECT x FROM co_r r WHERE r.x = t.a "
                                   "UNION SELECT y FROM co_s s WHERE s.y = t.a + 1)"),
        "in_union": q("SELECT a FROM co_t t WHERE a IN (SELECT x FROM co_r r WHERE r.v > 10 * t.a "
                      "UNION ALL SELECT y FROM co_s)"),
        "lateral_union": q("SELECT a, z FROM co_t t, LATERAL (SELECT x z FROM co_r r WHERE r.x < t.a "
                           "UNION ALL SELECT y FROM co_s s WHERE s.y > t.a)"),
        "lateral_union_distinct": q("SELECT a, z FROM co_t t, LATERAL (SELECT x z FROM co_r r WHERE r.x <= t.a "
                                    "UNION SELECT y FROM co_s s WHERE s.y <= t.a)"),
        "intersect": q("SELECT a, (SELECT count(*) FROM (SELECT x FROM co_r r WHERE r.x < t.a INTERSECT "
                       "SELECT y FROM co_s)) c FROM co_t t"),
        "intersect_all_both": q("SELECT a, (SELECT count(*) FROM (SELECT x FROM co_r r WHERE r.x <= t.a "
                                "INTERSECT ALL SELECT y FROM co_s s WHERE s.y <= t.a)) c FROM co_t t"),
        "except": q("SELECT a, (SELECT count(*) FROM (SELECT x FROM co_r r WHERE r.x <= t.a EXCEPT "
                    "SELECT y FROM co_s)) c FROM co_t t"),
    }


@case
def case_correlated_joins_inside(spark):
    """Session 10: correlations in a join's condition and joins whose preserved side is
    correlated; outer references where Spark's CheckAnalysis rejects them get its errors."""
    _set_views(spark)
    q = _q(spark)
    err = lambda s: expect_error(lambda: spark.sql(s).collect())  # noqa: E731
    return {
        "inner_condition": q("SELECT a, (SELECT count(*) FROM co_r r JOIN co_s s ON r.x = s.y AND s.y < t.a) c "
                             "FROM co_t t"),
        "left_condition": q("SELECT a, (SELECT count(*) FROM co_r r LEFT JOIN co_s s ON r.x = s.y AND s.y < t.a) c "
                            "FROM co_t t"),
        "right_condition": q("SELECT a, (SELECT count(*) FROM co_r r RIGHT JOIN co_s s ON r.x = s.y AND r.x < t.a) c "
                             "FROM co_t t"),
        "semi_condition": q("SELECT a, (SELECT count(*) FROM co_r r LEFT SEMI JOIN co_s s ON r.x = s.y "
                            "AND s.y < t.a) c FROM co_t t"),
        "anti_condition": q("SELECT a, (SELECT count(*) FROM co_r r LEFT ANTI JOIN co_s s ON r.x = s.y "
                            "AND s.y < t.a) c FROM co_t t"),
        "exists_condition": q("SELECT a FROM co_t t WHERE EXISTS (SELECT * FROM co_r r JOIN co_s s "
                              "ON r.x = s.y AND s.y = t.a)"),
        "lateral_condition": q("SELECT a, x, y FROM co_t t, LATERAL (SELECT x, y FROM co_r r JOIN co_s s "
                               "ON r.x = s.y AND s.y <= t.a)"),
        "left_preserved": q("SELECT a, (SELECT count(*) FROM (SELECT x FROM co_r r WHERE r.x = t.a) r2 "
                            "LEFT JOIN co_s s ON r2.x = s.y) c FROM co_t t"),
        "left_preserved_non_equality": q("SELECT a, (SELECT count(s.y) FROM (SELECT x FROM co_r r WHERE r.x <= t.a) r2 "
                                         "LEFT JOIN co_s s ON r2.x = s.y) c FROM co_t t"),
        "right_preserved": q("SELECT a, (SELECT count(*) FROM co_s s RIGHT JOIN (SELECT x FROM co_r r "
                             "WHERE r.x < t.a) r2 ON r2.x = s.y) c FROM co_t t"),
        "semi_preserved": q("SELECT a, (SELECT count(*) FROM (SELECT x FROM co_r r WHERE r.x <= t.a) r2 "
                            "LEFT SEMI JOIN co_s s ON r2.x = s.y) c FROM co_t t"),
        "using_inside": q("SELECT a, (SELECT count(*) FROM co_r r JOIN (SELECT x, 1 o FROM co_r) r2 USING (x) "
                          "WHERE r.x < t.a) c FROM co_t t"),
        "lateral_left_scalar_condition": q("SELECT a, c FROM co_t t LEFT JOIN LATERAL (SELECT count(*) c FROM co_r r "
                                           "WHERE r.x < t.a) ON c > 1"),
        "lateral_left_max_condition": q("SELECT a, m FROM co_t t LEFT JOIN LATERAL (SELECT max(v) m FROM co_r r "
                                        "WHERE r.x < t.a) ON m > 10"),
        "lateral_left_equality_condition": q("SELECT a, m FROM co_t t LEFT JOIN LATERAL (SELECT max(v) m FROM co_r r "
                                             "WHERE r.x = t.a) ON m > 10"),
        "null_side_left_error": err("SELECT a, (SELECT count(s.y) FROM co_r r LEFT JOIN (SELECT y FROM co_s s "
                                    "WHERE s.y < t.a) s ON r.x = s.y) c FROM co_t t"),
        "null_side_anti_error": err("SELECT a, (SELECT count(*) FROM co_r r LEFT ANTI JOIN (SELECT y FROM co_s s "
                                    "WHERE s.y < t.a) s2 ON r.x = s2.y) c FROM co_t t"),
        "null_side_full_lateral_error": err("SELECT a, x, y FROM co_t t, LATERAL (SELECT x, y FROM (SELECT x FROM co_r r "
                                            "WHERE r.x < t.a) FULL JOIN (SELECT y FROM co_s s WHERE s.y < t.a) ON x = y)"),
        "mixed_aggregate_error": err("SELECT a, (SELECT sum(r.v + t.a) FROM co_r r WHERE r.x < t.a) c FROM co_t t"),
        "mixed_aggregate_equality_error": err("SELECT a, (SELECT sum(r.v * t.a) FROM co_r r WHERE r.x = t.a) c "
                                              "FROM co_t t"),
        "mixed_aggregate_filter_error": err("SELECT a, (SELECT count(*) FILTER (WHERE r.x < t.a) FROM co_r r) c "
                                            "FROM co_t t"),
        "outer_aggregate_error": err("SELECT (SELECT max(t.a) FROM co_r) FROM co_t t"),
        "outer_aggregate_where_error": err("SELECT a, (SELECT max(t.a) FROM co_r r WHERE r.x = t.a) FROM co_t t"),
    }
