"""Spark SQL through `spark.sql` (issue 5, session 6): PIVOT and UNPIVOT over several columns,
multi-column IN subqueries, `SET VAR` from a query, and Spark's names for the rarer forms, as
Spark 4.3.0 answers them."""

from support import df_result, expect_error

from ._base import case, conf


def _q(spark):
    return lambda s: df_result(spark.sql(s), sort=True)


def _err(spark):
    return lambda s: expect_error(lambda: spark.sql(s).collect())


_PIVOT_INPUT = ("SELECT * FROM VALUES (1,'x',10,100),(1,'y',20,200),(2,'x',30,300),(2,'x',5,50) "
                "AS t(a,b,c,d) ")
_UNPIVOT_INPUT = ("SELECT * FROM VALUES (1, 2, 3, 4, 5, 6), (7, 8, null, 10, 11, 12), "
                  "(9, null, null, 13, 14, 15) AS t(id, a1, a2, b1, b2, c) ")


@case
def case_sqlmore2_pivot_several_columns(spark):
    q, err = _q(spark), _err(spark)
    return {
        "aliased_and_not": q(_PIVOT_INPUT + "PIVOT (sum(c) FOR (a, b) IN ((1,'x') AS p, (2,'x') AS q, "
                             "(1, 'y')))"),
        "two_aggregates": q(_PIVOT_INPUT + "PIVOT (sum(c) s, max(d) m FOR (a,b) IN ((1,'x'), (2,'x') AS z))"),
        "struct_value": q(_PIVOT_INPUT + "PIVOT (sum(c) FOR (a, b) IN (struct(1,'x'), (2,'x') AS q)) AS pv"),
        "one_column_in_parens": q(_PIVOT_INPUT + "PIVOT (sum(c) FOR (a) IN ((1), (2)))"),
        "several_aggregates_one_column": q(_PIVOT_INPUT + "PIVOT (sum(c) AS s, avg(d) FOR a IN (1 AS one, 2))"),
        "unnamed_aggregates": q(_PIVOT_INPUT + "PIVOT (sum(c), max(d) FOR a IN (1, 2))"),
        "field_casts": q(_PIVOT_INPUT + "PIVOT (count(d) FOR (b, a) IN (('y', 1L), (1, 1), ('x', 2S)))"),
        "nullable_column_takes_null": q("SELECT * FROM VALUES (1, 'x', 1), (null, 'y', 2) AS t(a, b, c) "
                                        "PIVOT (sum(c) FOR (a, b) IN ((null, 'y'), (1, 'x')))"),
        "string_to_int_field_error": err(_PIVOT_INPUT + "PIVOT (count(d) FOR (a, b) IN (('1', 'x')))"),
        "double_to_int_field_error": err(_PIVOT_INPUT + "PIVOT (count(d) FOR (a, b) IN ((2.0D, 'y')))"),
        "scalar_value_error": err(_PIVOT_INPUT + "PIVOT (sum(c) FOR (a, b) IN ((1,'x'), 2))"),
        "arity_error": err(_PIVOT_INPUT + "PIVOT (sum(c) FOR (a, b) IN ((1,'x', 3)))"),
        "null_field_error": err(_PIVOT_INPUT + "PIVOT (sum(c) FOR (a, b) IN ((1,null), (2,'x') AS q))"),
    }


@case
def case_sqlmore2_unpivot_several_columns(spark):
    q, err = _q(spark), _err(spark)
    return {
        "exclude_nulls_default": q(_UNPIVOT_INPUT + "UNPIVOT ((v1, v2) FOR name IN ((a1, a2) AS x, (b1, b2) AS y))"),
        "include_nulls_unaliased": q(_UNPIVOT_INPUT + "UNPIVOT INCLUDE NULLS ((v1, v2) FOR name IN "
                                     "((a1, a2), (b1, b2)))"),
        "exclude_nulls_widened": q("SELECT * FROM VALUES (1, 2, 3, 4, 5.5D, 6), (7, null, null, 10, 11, 12) "
                                   "AS t(id, a1, a2, b1, b2, c) UNPIVOT EXCLUDE NULLS ((v1, v2) FOR name "
                                   "IN ((a1, a2) x, (b1, b2) AS y))"),
        "one_value_in_parens": q(_UNPIVOT_INPUT + "UNPIVOT ((v1) FOR name IN ((a1) AS x, (b1) AS y))"),
        "aliased_relation": q(_UNPIVOT_INPUT + "UNPIVOT ((v1, v2) FOR name IN ((a1, a2) AS x, (b1, b2) AS y)) "
                              "AS u WHERE u.v1 > 2"),
        "three_sets": q(_UNPIVOT_INPUT + "UNPIVOT INCLUDE NULLS ((v1, v2) FOR n IN ((a1, a2), (b1, b2), "
                        "(c, id) AS last))"),
        "type_mismatch": err("SELECT * FROM VALUES (1, 2, 'a', 4, 5, 6) AS t(id, a1, a2, b1, b2, c) "
                             "UNPIVOT ((v1, v2) FOR name IN ((a1, a2), (b1, b2)))"),
        "single_column_set_parse_error": err(_UNPIVOT_INPUT + "UNPIVOT ((v1, v2) FOR name IN "
                                             "(a1 AS x, (b1, b2) AS y))"),
        "single_value_sets_parse_error": err(_UNPIVOT_INPUT + "UNPIVOT (v1 FOR name IN ((a1, a2) AS x))"),
    }


_IN_VIEWS = ("CREATE OR REPLACE TEMP VIEW sqlmore2_l AS SELECT * FROM VALUES (1, 'a'), (2, 'b'), "
             "(null, 'c'), (3, null), (4, 'd') AS l(a, b)",
             "CREATE OR REPLACE TEMP VIEW sqlmore2_r AS SELECT * FROM VALUES (1, 'a'), (2, null), "
             "(4, 'x') AS r(x, y)",
             "CREATE OR REPLACE TEMP VIEW sqlmore2_r2 AS SELECT * FROM VALUES (1L, 'a'), (4L, 'x') "
             "AS r(x, y)")


@case
def case_sqlmore2_in_subquery_several_columns(spark):
    q, err = _q(spark), _err(spark)
    for v in _IN_VIEWS:
        spark.sql(v)
    try:
        return {
            "in": q("SELECT * FROM sqlmore2_l WHERE (a, b) IN (SELECT x, y FROM sqlmore2_r)"),
            "not_in_null_aware": q("SELECT * FROM sqlmore2_l WHERE (a, b) NOT IN (SELECT x, y FROM sqlmore2_r)"),
            "not_in_wider_type": q("SELECT * FROM sqlmore2_l WHERE (a, b) NOT IN (SELECT x, y FROM sqlmore2_r2)"),
            "not_in_empty": q("SELECT * FROM sqlmore2_l WHERE (a, b) NOT IN (SELECT x, y FROM sqlmore2_r "
                              "WHERE false)"),
            "not_in_or": q("SELECT * FROM sqlmore2_l WHERE (a, b) NOT IN (SELECT x, y FROM sqlmore2_r) "
                           "OR a = 1"),
            "not_before_in": q("SELECT * FROM sqlmore2_l WHERE NOT (a, b) IN (SELECT x, y FROM sqlmore2_r)"),
            "in_projected": q("SELECT *, (a, b) IN (SELECT x, y FROM sqlmore2_r) FROM sqlmore2_l"),
            "correlated": q("SELECT * FROM sqlmore2_l WHERE (a, b) IN (SELECT x, y FROM sqlmore2_r "
                            "WHERE sqlmore2_r.x > sqlmore2_l.a - 5)"),
            "expressions": q("SELECT * FROM sqlmore2_l WHERE (a + 1, upper(b)) IN "
                             "(SELECT x + 1, upper(y) FROM sqlmore2_r)"),
            "too_few_columns": err("SELECT * FROM sqlmore2_l WHERE (a, b) IN (SELECT x FROM sqlmore2_r)"),
            "too_many_columns": err("SELECT * FROM sqlmore2_l WHERE a IN (SELECT x, y FROM sqlmore2_r)"),
        }
    finally:
        for v in ("sqlmore2_l", "sqlmore2_r", "sqlmore2_r2"):
            spark.sql(f"DROP VIEW IF EXISTS {v}")


@case(min_client=(4, 0))
def case_sqlmore2_set_var_several(spark):
    q, err = _q(spark), _err(spark)
    spark.sql("DECLARE OR REPLACE VARIABLE sqlmore2_va INT DEFAULT 5")
    spark.sql("DECLARE OR REPLACE VARIABLE sqlmore2_vb STRING")
    read = "SELECT sqlmore2_va, sqlmore2_vb"
    out = {}
    try:
        spark.sql("SET VAR (sqlmore2_va, sqlmore2_vb) = (SELECT 1, 'x')")
        out["from_query"] = q(read)
        spark.sql("SET VARIABLE (sqlmore2_va, sqlmore2_vb) = (SELECT id, CAST(id AS STRING) FROM range(0))")
        out["no_row_sets_null"] = q(read)
        out["two_rows"] = err("SET VAR (sqlmore2_va, sqlmore2_vb) = (SELECT id, 'y' FROM range(2))")
        out["too_few_columns"] = err("SET VAR (sqlmore2_va, sqlmore2_vb) = (SELECT 1)")
        out["too_many_columns"] = err("SET VAR (sqlmore2_va, sqlmore2_vb) = (SELECT 1, 2, 3)")
        spark.sql("SET VAR (sqlmore2_va) = (SELECT 7)")
        out["one_in_parens"] = q(read)
        spark.sql("SET VAR sqlmore2_va = 8, sqlmore2_vb = 'z'")
        out["list"] = q(read)
        out["duplicate_list"] = err("SET VAR sqlmore2_va = 9, sqlmore2_va = 10")
        out["duplicate_tuple"] = err("SET VAR (sqlmore2_va, sqlmore2_va) = (SELECT 1, 2)")
        spark.sql("SET VAR sqlmore2_va = DEFAULT")
        out["default"] = q(read)
        spark.sql("SET VAR (sqlmore2_va, sqlmore2_vb) = (SELECT '12', 13)")
        out["casts"] = q(read)
        out["bad_cast"] = err("SET VAR (sqlmore2_va, sqlmore2_vb) = (SELECT 'abc', 13)")
        out["unknown"] = err("SET VAR (sqlmore2_va, sqlmore2_nope) = (SELECT 1, 2)")
        out["not_a_query"] = err("SET VAR (sqlmore2_va, sqlmore2_vb) = (1, 'q')")
        spark.sql("SET VAR sqlmore2_vb = 'p', sqlmore2_va = (SELECT 20)")
        out["scalar_subquery_in_list"] = q(read)
        out["after_errors"] = q(read)
        return out
    finally:
        spark.sql("DROP TEMPORARY VARIABLE IF EXISTS sqlmore2_va")
        spark.sql("DROP TEMPORARY VARIABLE IF EXISTS sqlmore2_vb")


@case
def case_sqlmore2_spark_names(spark):
    q, err = _q(spark), _err(spark)
    t = "FROM VALUES (1, 'x'), (2, null), (null, 'y') AS t(a, b)"
    return {
        "tuple_in": q(f"SELECT (a, b) IN ((1, 'x'), (2, 'y')), (a, b) NOT IN ((1, 'x')), "
                      f"NOT (a, b) IN ((1, 'x')), (a + 1, b) IN ((2, 'x')) {t}"),
        "like_quantified": q(f"SELECT b LIKE ANY ('x%', 'y'), b NOT LIKE ALL ('%a', 'y'), "
                             f"b LIKE ALL ('x', '%'), b ILIKE ANY ('X'), b NOT LIKE ANY ('x'), "
                             f"b NOT ILIKE ALL ('X'), b LIKE SOME ('y') {t}"),
        "timestamp_literals": q("SELECT TIMESTAMP '2020-01-01 00:00:00', TIMESTAMP '2020-01-01', "
                                "TIMESTAMP_LTZ '2020-01-01 10:00:00', TIMESTAMP '2020-01-01 10:00:00.5', "
                                "TIMESTAMP '2020-06-01T10:00:00Z', TIMESTAMP '2020-01-01' + INTERVAL 1 DAY"),
        "bad_timestamp": err("SELECT TIMESTAMP '2020-13-01'"),
        "lateral_view_qualified": q("SELECT e.col, t.arr FROM VALUES (array(1, 2)) AS t(arr) "
                                    "LATERAL VIEW explode(arr) e"),
        "lateral_view_pos": q("SELECT e.pos, e.col FROM VALUES (array(1, 2)) AS t(arr) "
                              "LATERAL VIEW posexplode(arr) e"),
        "lateral_view_aliases": q("SELECT e.x, e.v, m FROM VALUES (map('k', 1)) AS t(m) "
                                  "LATERAL VIEW explode(m) e AS x, v"),
        "lateral_view_inline": q("SELECT e.a, e.b FROM VALUES (array(named_struct('a', 1, 'b', 2))) AS t(arr) "
                                 "LATERAL VIEW inline(arr) e"),
        "lateral_view_two": q("SELECT x.col, y.col FROM VALUES (array(1, 2), array(3)) AS t(p, q) "
                              "LATERAL VIEW explode(p) x LATERAL VIEW explode(q) y"),
        "lateral_view_outer_where": q("SELECT k, e.col FROM VALUES (1, array(1, 2)), (2, array()) AS t(k, arr) "
                                      "LATERAL VIEW OUTER explode(arr) e WHERE e.col IS NULL OR e.col > 1"),
        "lateral_view_field_error": err("SELECT e.a FROM VALUES (array(named_struct('a', 1))) AS t(arr) "
                                        "LATERAL VIEW explode(arr) e"),
    }


@case
def case_sqlmore2_qualify_and_within_group(spark):
    q, err = _q(spark), _err(spark)
    t = "FROM VALUES (1, 10, 'a'), (1, 20, 'b'), (2, 5, 'c') AS t(k, v, s)"
    return {
        "qualify_over_output": q(f"SELECT k, sum(v) AS total {t} GROUP BY k "
                                 "QUALIFY row_number() OVER (ORDER BY total DESC) = 1"),
        "qualify_grouped_column": q(f"SELECT k, count(*), rank() OVER (ORDER BY k) r {t} GROUP BY k QUALIFY k > 1"),
        "qualify_needs_window": err(f"SELECT k, count(*) {t} GROUP BY k QUALIFY k > 1"),
        "qualify_not_grouped": err(f"SELECT k, sum(v) {t} GROUP BY k QUALIFY row_number() OVER (ORDER BY v) = 1"),
        "qualify_aggregate_of_input": err(f"SELECT k, sum(v) s {t} GROUP BY k "
                                          "QUALIFY row_number() OVER (ORDER BY sum(v)) = 1"),
        "qualify_plain_not_grouped": err(f"SELECT k, sum(v) s {t} GROUP BY k QUALIFY v > 1"),
        "qualify_without_group": q(f"SELECT k, v {t} QUALIFY rank() OVER (PARTITION BY k ORDER BY v) = 1"),
        "percentile_disc_filter": q(f"SELECT k, percentile_disc(0.5) WITHIN GROUP (ORDER BY v) "
                                    f"FILTER (WHERE v > 5) {t} GROUP BY k"),
        "listagg_filter": q(f"SELECT listagg(s, ',') WITHIN GROUP (ORDER BY s DESC) FILTER (WHERE k = 1) {t}"),
        "mode_filter": q(f"SELECT mode() WITHIN GROUP (ORDER BY v) FILTER (WHERE k = 2) {t}"),
        "percentile_cont_filter_alias": q(f"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) "
                                          f"FILTER (WHERE k = 1) AS p {t}"),
        "percentile_disc_date": err("SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY d) FROM VALUES "
                                    "(DATE '2020-01-01'), (DATE '2020-01-03') AS t(d)"),
        "percentile_cont_date": err("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) FROM VALUES "
                                    "(DATE '2020-01-01'), (DATE '2020-01-03') AS t(d)"),
        "percentile_disc_timestamp": err("SELECT percentile_disc(0.25) WITHIN GROUP (ORDER BY ts) FROM VALUES "
                                         "(TIMESTAMP '2020-01-01 10:00:00') AS t(ts)"),
    }


@case
def case_sqlmore2_lateral_filters(spark):
    q = _q(spark)
    t = "FROM VALUES (1), (2), (3) AS t(a)"
    sub = "(SELECT b FROM VALUES (1), (2), (3) AS u(b) WHERE u.b <= t.a)"
    return {
        "where_over_comma": q(f"SELECT * {t}, LATERAL {sub} WHERE b > 1"),
        "where_over_aliased": q(f"SELECT * {t}, LATERAL {sub} s WHERE s.b = t.a - 1"),
        "join_on": q(f"SELECT * {t} JOIN LATERAL {sub} ON b = a - 1"),
        "join_on_aliased": q(f"SELECT * {t} JOIN LATERAL {sub} s ON s.b > 1"),
        "inner_join_on_true": q(f"SELECT t.a, s.b {t} INNER JOIN LATERAL {sub} s ON true"),
        "equality_where": q(f"SELECT * {t}, LATERAL (SELECT b FROM VALUES (1), (2), (3) AS u(b) "
                            "WHERE u.b = t.a) WHERE a > 1"),
        "left_equality": q(f"SELECT * {t} LEFT JOIN LATERAL (SELECT b FROM VALUES (1), (2) AS u(b) "
                           "WHERE u.b = t.a) s ON s.b > 1"),
    }


@case
def case_sqlmore2_show_table_extended_partition(spark):
    """`SHOW TABLE EXTENDED LIKE 't' PARTITION (...)`: one row with the partition's information
    (`Partition Values`, `Location`, `Created Time`, `Last Access`)."""
    q = _q(spark)
    e = _err(spark)
    spark.sql("DROP TABLE IF EXISTS sm_tp")
    spark.sql("CREATE TABLE sm_tp (a INT, p STRING, n INT) USING parquet PARTITIONED BY (p, n)")
    try:
        spark.sql("INSERT INTO sm_tp VALUES (1, 'u', 1), (2, 'v', 2)")
        lines = "split(information, '\\n')"
        stable = [f"filter({lines}, l -> NOT (l LIKE 'Created Time%' OR l LIKE 'Location%')) AS info",
                  f"exists({lines}, l -> l LIKE 'Location: %/sm_tp/p=u/n=1') AS loc",
                  f"exists({lines}, l -> l LIKE 'Created Time: %') AS created"]
        show = lambda s: df_result(spark.sql(s).selectExpr(  # noqa: E731
            "namespace", "tableName", "isTemporary", *stable))
        out = {
            "partition": show("SHOW TABLE EXTENDED LIKE 'sm_tp' PARTITION (p = 'u', n = 1)"),
            "in_database": show("SHOW TABLE EXTENDED IN default LIKE 'sm_tp' PARTITION (n = 1, p = 'u')"),
            "missing": e("SHOW TABLE EXTENDED LIKE 'sm_tp' PARTITION (p = 'zz', n = 1)"),
            "no_table": e("SHOW TABLE EXTENDED LIKE 'sm_nope' PARTITION (p = 'u')"),
            "not_partitioned": e("SHOW TABLE EXTENDED LIKE 'sm_tp2' PARTITION (p = 'u')"),
        }
        spark.sql("CREATE TABLE sm_tp2 (a INT) USING parquet")
        out["not_partitioned"] = e("SHOW TABLE EXTENDED LIKE 'sm_tp2' PARTITION (p = 'u')")
        out["plain_still_works"] = q("SHOW TABLE EXTENDED LIKE 'sm_nothing_here'")
    finally:
        spark.sql("DROP TABLE IF EXISTS sm_tp")
        spark.sql("DROP TABLE IF EXISTS sm_tp2")
    return out


@case
def case_sqlmore2_describe_as_json(spark):
    """`DESCRIBE EXTENDED t AS JSON`: one json_metadata string (the creation time and the
    warehouse path are checked for shape only); without EXTENDED, or for one column, Spark's
    ParseException."""
    import json

    e = _err(spark)
    spark.sql("DROP TABLE IF EXISTS sm_dj")
    spark.sql("CREATE TABLE sm_dj (a INT COMMENT 'the a', b BIGINT, c DECIMAL(10,2), d DOUBLE, e STRING, "
              "f DATE, g TIMESTAMP, h TIMESTAMP_NTZ, i BINARY, j BOOLEAN, k ARRAY<INT>, "
              "l MAP<STRING,INT>, m STRUCT<x: INT, y: ARRAY<STRING>>, n FLOAT, o SMALLINT, p TINYINT, "
              "q INTERVAL DAY TO SECOND, r INTERVAL YEAR TO MONTH) USING parquet COMMENT 'tbl c' "
              "TBLPROPERTIES ('k1'='v1') PARTITIONED BY (b)")
    try:
        df = spark.sql("DESCRIBE TABLE EXTENDED sm_dj AS JSON")
        doc = json.loads(df.collect()[0][0])
        created = doc.pop("created_time", "")
        location = doc.pop("location", "")
        out = {
            "columns": list(df.columns),
            "schema": df.schema.simpleString(),
            "keys": list(doc.keys()),
            "doc": doc,
            "created_time_shape": len(created) == 20 and created.endswith("Z") and created[10] == "T",
            "location_shape": location.startswith("file:") and location.endswith("/sm_dj"),
            "formatted": list(json.loads(spark.sql("DESC FORMATTED sm_dj AS JSON").collect()[0][0]).keys()),
            "not_extended": e("DESCRIBE sm_dj AS JSON"),
            "column": e("DESCRIBE EXTENDED sm_dj a AS JSON"),
        }
    finally:
        spark.sql("DROP TABLE IF EXISTS sm_dj")
    return out


@case
def case_sqlmore2_describe_views_as_json(spark):
    """`DESCRIBE EXTENDED v AS JSON` of views: a persistent view's text, query columns (before
    its column list renames them) and captured SQL configs (those the test sets, and Spark's
    always-captured time zone and ANSI mode; a shuffle config is never captured); temporary
    views in the `system.session` namespace, a DataFrame's without view text."""
    import json

    def doc(name):
        d = json.loads(spark.sql(f"DESCRIBE TABLE EXTENDED {name} AS JSON").collect()[0][0])
        created = d.pop("created_time", "")
        configs = d.pop("view_creation_spark_configuration", None)
        if configs is not None:
            keys = ["spark.sql.session.timeZone", "spark.sql.ansi.enabled",
                    "spark.sql.caseSensitive", "spark.sql.shuffle.partitions"]
            d["configs"] = {k: configs.get(k) for k in keys}
        d["created_time_shape"] = len(created) == 20 and created.endswith("Z")
        return d

    spark.sql("DROP VIEW IF EXISTS sm_djv")
    spark.sql("DROP TABLE IF EXISTS sm_djt")
    spark.sql("CREATE TABLE sm_djt (a INT, b STRING) USING parquet")
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.caseSensitive", "false")
    spark.conf.set("spark.sql.shuffle.partitions", "7")
    try:
        spark.sql("CREATE VIEW sm_djv (x COMMENT 'the x', y) COMMENT 'a view' TBLPROPERTIES ('p' = 'q') "
                  "AS SELECT a, b FROM sm_djt")
        spark.sql("CREATE OR REPLACE TEMP VIEW sm_djtv AS SELECT 1 AS a, 'x' AS b")
        spark.range(3).createOrReplaceTempView("sm_djdf")
        spark.range(2).createOrReplaceGlobalTempView("sm_djg")
        return {
            "persistent": doc("sm_djv"),
            "persistent_plain": df_result(spark.sql("DESCRIBE EXTENDED sm_djv").filter(
                "col_name NOT IN ('Created Time')")),
            "temp_sql": doc("sm_djtv"),
            "temp_dataframe": doc("sm_djdf"),
            "global_temp": doc("global_temp.sm_djg"),
        }
    finally:
        spark.conf.unset("spark.sql.caseSensitive")
        spark.conf.unset("spark.sql.shuffle.partitions")
        spark.sql("DROP VIEW IF EXISTS sm_djv")
        spark.sql("DROP TABLE IF EXISTS sm_djt")
        spark.catalog.dropGlobalTempView("sm_djg")


@case
def case_sqlmore2_view_captured_configs(spark):
    """A persistent view's query runs under the SQL configs captured when it was made (Spark's
    `View` node): ANSI mode and the session time zone of its creation, whatever the reading
    session says; its timestamps are the same instants."""
    q = _q(spark)
    for v in ("sm_vc1", "sm_vc2"):
        spark.sql(f"DROP VIEW IF EXISTS {v}")
    try:
        with conf(spark, spark_sql_ansi_enabled="false"):
            spark.sql("CREATE VIEW sm_vc1 AS SELECT CAST('x' AS INT) AS c, 2147483647 + 1 AS d")
        with conf(spark, spark_sql_session_timeZone="America/Los_Angeles"):
            spark.sql("CREATE VIEW sm_vc2 AS SELECT CAST(TIMESTAMP '2020-01-01 00:00:00' AS STRING) AS s, "
                      "hour(TIMESTAMP_SECONDS(0)) AS h, CAST(TIMESTAMP_SECONDS(0) AS STRING) AS t, "
                      "TIMESTAMP '2020-01-01 00:00:00' AS ts")
        return {
            "legacy_view_in_ansi_session": q("SELECT * FROM sm_vc1"),
            "zoned_view": q("SELECT * FROM sm_vc2"),
            "instants": q("SELECT CAST(ts AS STRING), ts = TIMESTAMP '2020-01-01 08:00:00' FROM sm_vc2"),
            "union": q("SELECT * FROM sm_vc2 UNION ALL SELECT 'a', 1, 'b', TIMESTAMP '2020-01-01 00:00:00'"),
            "session_still_ansi": _err(spark)("SELECT CAST('x' AS INT)"),
        }
    finally:
        for v in ("sm_vc1", "sm_vc2"):
            spark.sql(f"DROP VIEW IF EXISTS {v}")


@case
def case_sqlmore2_describe_nested_column(spark):
    """`DESCRIBE t s.x` of a struct's field is Spark's legacy error; a dotted name that is not
    a column path is COLUMN_NOT_FOUND."""
    q = _q(spark)
    e = _err(spark)
    spark.sql("DROP TABLE IF EXISTS sm_dn")
    spark.sql("CREATE TABLE sm_dn (a INT, s STRUCT<x: INT, y: STRING>) USING parquet")
    try:
        return {
            "nested": e("DESCRIBE sm_dn s.x"),
            "nested_extended": e("DESCRIBE EXTENDED sm_dn S.x"),
            "struct": q("DESCRIBE sm_dn s"),
            "quoted_dot": e("DESCRIBE sm_dn `s.x`"),
            "unknown_path": e("DESCRIBE sm_dn zz.x"),
        }
    finally:
        spark.sql("DROP TABLE IF EXISTS sm_dn")
