"""Array, map and higher-order functions of `pyspark.sql.functions` (issue 4): results, types,
column names and errors as Spark 4.3.0 gives them, with ANSI on and off."""

from support import df_result, expect_error

from ._base import F, case, col, conf


def arrs(spark):
    return spark.createDataFrame(
        [
            (1, [1, 2, 3, 2], [2, 4], 2),
            (2, [], [1], 1),
            (3, None, [None, 1], None),
            (4, [None, 3, None, 1], [3, None], 3),
            (5, [5], [], -1),
        ],
        "id INT, a ARRAY<INT>, b ARRAY<INT>, n INT",
    )


def maps(spark):
    return spark.createDataFrame(
        [
            (1, {"a": 1, "b": 2}, {"c": 3}),
            (2, {}, {"a": None}),
            (3, None, {"x": 9}),
        ],
        "id INT, m MAP<STRING, INT>, m2 MAP<STRING, INT>",
    )


def ansi_off(spark):
    return conf(spark, spark_sql_ansi_enabled="false")


@case
def case_collfn_append_prepend_compact(spark):
    f = F()
    df = arrs(spark).select(
        "id",
        f.array_append("a", f.lit(9)),
        f.array_prepend("a", f.col("n")),
        f.array_compact("a"),
        f.expr("array_append(a, 1L)"),
        f.expr("array_append(a, NULL)"),
    )
    return df_result(df, sort=True)


@case
def case_collfn_contains_position(spark):
    f = F()
    df = arrs(spark).select(
        "id",
        f.array_contains("a", 2),
        f.array_contains("a", f.col("n")),
        f.array_position("a", 2),
        f.array_position("a", f.col("n")),
        f.expr("array_contains(a, 7L)"),
        f.expr("array_position(b, 3)"),
    )
    return df_result(df, sort=True)


@case
def case_collfn_distinct_remove_size(spark):
    f = F()
    df = arrs(spark).select(
        "id",
        f.array_distinct("a"),
        f.array_remove("a", 2),
        f.array_remove("a", f.col("n")),
        f.array_size("a"),
        f.expr("array_distinct(array(1.0D, CAST('NaN' AS DOUBLE), 1.0D, CAST('NaN' AS DOUBLE), NULL, NULL))"),
    )
    return df_result(df, sort=True)


@case
def case_collfn_set_ops(spark):
    f = F()
    df = arrs(spark).select(
        "id",
        f.array_union("a", "b"),
        f.array_intersect("a", "b"),
        f.array_except("a", "b"),
        f.arrays_overlap("a", "b"),
    )
    return df_result(df, sort=True)


@case
def case_collfn_set_ops_literals(spark):
    return df_result(
        spark.range(1).selectExpr(
            "array_union(array(1, 2, 2, NULL), array(3, NULL, 1))",
            "array_intersect(array(1, NULL, 2, 1), array(NULL, 1))",
            "array_except(array(1, NULL, 2, 1, NULL), array(2))",
            "array_union(array(1), array(2L))",
            "arrays_overlap(array(1, NULL), array(2))",
            "arrays_overlap(array(1, NULL), array())",
            "arrays_overlap(array(1, 2), array(3, 2))",
            "array_union(array('b', 'a'), array('a', 'c'))",
        )
    )


@case
def case_collfn_insert(spark):
    f = F()
    df = arrs(spark).select(
        "id",
        f.array_insert("a", 1, f.lit(0)),
        f.array_insert("a", 3, f.lit(0)),
        f.array_insert("a", 7, f.lit(0)),
        f.array_insert("a", -1, f.lit(0)),
        f.array_insert("a", -7, f.lit(0)),
        f.array_insert("a", f.col("n"), f.col("id")),
    )
    return df_result(df, sort=True)


@case
def case_collfn_insert_zero(spark):
    return expect_error(
        lambda: spark.range(1).selectExpr("array_insert(array(1, 2), 0, 5)").collect()
    )


@case
def case_collfn_join(spark):
    f = F()
    df = spark.createDataFrame(
        [(1, ["a", None, "c"]), (2, []), (3, None), (4, [None])], "id INT, s ARRAY<STRING>"
    ).select(
        "id",
        f.array_join("s", ","),
        f.array_join("s", "-", "?"),
        f.expr("array_join(s, NULL)"),
        f.expr("array_join(array(1, 2, NULL), '+')"),
    )
    return df_result(df, sort=True)


@case
def case_collfn_max_min(spark):
    f = F()
    df = arrs(spark).select("id", f.array_max("a"), f.array_min("a"))
    lit = spark.range(1).selectExpr(
        "array_max(array(1.0D, CAST('NaN' AS DOUBLE), NULL))",
        "array_min(array(1.0D, CAST('NaN' AS DOUBLE), NULL))",
        "array_max(array('b', 'ab'))",
        "array_min(array(CAST(NULL AS INT)))",
    )
    return {"cols": df_result(df, sort=True), "lits": df_result(lit)}


@case
def case_collfn_repeat(spark):
    f = F()
    df = arrs(spark).select(
        "id", f.array_repeat("n", 2), f.array_repeat(f.lit("x"), f.col("n")), f.expr("array_repeat(a, 2)")
    )
    return df_result(df, sort=True)


@case
def case_collfn_sort(spark):
    f = F()
    df = arrs(spark).select(
        "id",
        f.sort_array("a"),
        f.sort_array("a", asc=False),
        f.array_sort("a"),
        f.expr("sort_array(array('b', NULL, 'a'), false)"),
        f.expr("array_sort(array(2.0D, CAST('NaN' AS DOUBLE), NULL, -1.0D))"),
    )
    return df_result(df, sort=True)


@case
def case_collfn_array_sort_lambda(spark):
    df = spark.createDataFrame([(1, [3, 1, 2]), (2, None), (3, [])], "id INT, a ARRAY<INT>")
    return df_result(
        df.selectExpr(
            "id",
            "array_sort(a, (x, y) -> y - x)",
            "array_sort(a, (x, y) -> CASE WHEN x < y THEN 1 WHEN x > y THEN -1 ELSE 0 END)",
        ),
        sort=True,
    )


@case
def case_collfn_zip_flatten(spark):
    f = F()
    df = arrs(spark).select("id", f.arrays_zip("a", "b"), f.arrays_zip(f.col("a"), f.array_compact("b")))
    flat = spark.range(1).selectExpr(
        "flatten(array(array(1, 2), array(3), array()))",
        "flatten(array(array(1), NULL))",
        "flatten(array(array(array(1)), array(array(2, 3))))",
        "arrays_zip(array(1, 2), array('a'))",
    )
    return {"zip": df_result(df, sort=True), "flat": df_result(flat)}


@case
def case_collfn_slice(spark):
    f = F()
    df = arrs(spark).select(
        "id", f.slice("a", 2, 2), f.slice("a", -2, 5), f.slice("a", 10, 1), f.expr("slice(a, 1, 0)")
    )
    return df_result(df, sort=True)


@case
def case_collfn_slice_errors(spark):
    return {
        "start0": expect_error(lambda: spark.range(1).selectExpr("slice(array(1, 2), 0, 1)").collect()),
        "neglen": expect_error(lambda: spark.range(1).selectExpr("slice(array(1, 2), 1, -1)").collect()),
    }


@case
def case_collfn_element_at(spark):
    f = F()
    df = arrs(spark).where("id != 2").select(
        "id",
        f.element_at("a", 1),
        f.element_at("a", -1),
        f.try_element_at("a", f.lit(10)),
        f.try_element_at("a", f.lit(-10)),
        f.get("a", 0),
        f.get("a", f.col("n")),
    )
    return df_result(df, sort=True)


@case
def case_collfn_element_at_errors(spark):
    r = spark.range(1)
    out = {
        "ansi_oob": expect_error(lambda: r.selectExpr("element_at(array(1, 2), 3)").collect()),
        "zero": expect_error(lambda: r.selectExpr("element_at(array(1, 2), 0)").collect()),
        "try_zero": expect_error(lambda: r.selectExpr("try_element_at(array(1, 2), 0)").collect()),
        "map_missing": expect_error(lambda: r.selectExpr("element_at(map(1, 'a'), 2)").collect()),
        "get_oob": expect_error(lambda: r.selectExpr("get(array(1, 2), 5)").collect()),
    }
    with ansi_off(spark):
        out["off_oob"] = expect_error(lambda: r.selectExpr("element_at(array(1, 2), 3)").collect())
        out["off_zero"] = expect_error(lambda: r.selectExpr("element_at(array(1, 2), 0)").collect())
    return out


@case
def case_collfn_element_at_map(spark):
    f = F()
    df = maps(spark).select(
        "id",
        f.element_at("m", f.lit("a")),
        f.try_element_at("m", f.lit("z")),
        f.expr("map_contains_key(m, 'b')"),
        f.map_keys("m"),
        f.map_values("m"),
        f.map_entries("m"),
    )
    return df_result(df, sort=True)


@case
def case_collfn_map_concat(spark):
    f = F()
    df = maps(spark).select("id", f.map_concat("m", "m2"))
    return df_result(df, sort=True)


@case
def case_collfn_map_concat_types(spark):
    return df_result(
        spark.range(1).selectExpr(
            "map_concat(map(1, 'a'), map(2L, 'b'))",
            "map_concat(map('x', 1), map('y', 2.5D), map('z', NULL))",
        )
    )


@case
def case_collfn_map_concat_dup(spark):
    return expect_error(
        lambda: spark.range(1).selectExpr("map_concat(map(1, 'a'), map(1, 'b'))").collect()
    )


@case
def case_collfn_map_builders(spark):
    return df_result(
        spark.range(1).selectExpr(
            "map_from_arrays(array(1, 2), array('a', NULL))",
            "map_from_entries(array(struct(1, 'a'), struct(2, 'b')))",
            "map_from_arrays(array(), array())",
            "create_map(1, 'a', 2, 'b')" if False else "map(1, 'a', 2, 'b')",
            "str_to_map('a:1,b:2,c')",
            "str_to_map('a=1;b=2', ';', '=')",
            "map_concat()",
            "map()",
        )
    )


@case
def case_collfn_create_map(spark):
    f = F()
    df = spark.createDataFrame([(1, "x", 2.5), (2, "y", None)], "id INT, k STRING, v DOUBLE")
    return df_result(df.select("id", f.create_map("k", "v"), f.create_map(f.lit("a"), f.col("id"))), sort=True)


@case
def case_collfn_map_errors(spark):
    r = spark.range(1)
    return {
        "from_arrays_null_key": expect_error(
            lambda: r.selectExpr("map_from_arrays(array(1, NULL), array('a', 'b'))").collect()
        ),
        "from_arrays_dup": expect_error(
            lambda: r.selectExpr("map_from_arrays(array(1, 1), array('a', 'b'))").collect()
        ),
        "map_dup": expect_error(lambda: r.selectExpr("map(1, 'a', 1, 'b')").collect()),
        "str_to_map_dup": expect_error(lambda: r.selectExpr("str_to_map('a:1,a:2')").collect()),
    }


@case(min_client=(4, 0))
def case_collfn_map_from_arrays_len(spark):
    # A legacy error class: the 3.5 client cannot read it back from the message.
    return expect_error(
        lambda: spark.range(1).selectExpr("map_from_arrays(array(1, 2), array('a'))").collect()
    )


@case
def case_collfn_sequence(spark):
    return df_result(
        spark.range(1).selectExpr(
            "sequence(1, 5)",
            "sequence(5, 1)",
            "sequence(1, 10, 3)",
            "sequence(3, 3, 0)",
            "sequence(1L, 3L)",
            "sequence(DATE'2024-01-30', DATE'2024-04-01', INTERVAL 1 MONTH)",
            "sequence(DATE'2024-01-01', DATE'2024-01-03')",
        )
    )


@case
def case_collfn_sequence_timestamps(spark):
    with conf(spark, spark_sql_session_timeZone="UTC"):
        return df_result(
            spark.range(1).selectExpr(
                "sequence(TIMESTAMP'2024-01-01 00:00:00', TIMESTAMP'2024-01-01 02:00:00', INTERVAL 30 MINUTES) AS ts30m",
                "sequence(DATE'2024-01-01', DATE'2024-01-10', INTERVAL 4 DAYS)",
                "sequence(TIMESTAMP'2024-01-31 10:00:00', TIMESTAMP'2024-05-01 00:00:00', INTERVAL 1 MONTH) AS tsmonth",
                "sequence(TIMESTAMP'2024-01-03 00:00:00', TIMESTAMP'2024-01-01 00:00:00') AS tsdefault",
            )
        )


@case
def case_collfn_sequence_errors(spark):
    r = spark.range(1)
    return {
        "zero_step": expect_error(lambda: r.selectExpr("sequence(1, 5, 0)").collect()),
        "wrong_dir": expect_error(lambda: r.selectExpr("sequence(1, 5, -1)").collect()),
    }


@case
def case_collfn_sequence_columns(spark):
    f = F()
    df = spark.createDataFrame([(1, 4, 1), (5, 1, -2), (None, 3, 1)], "s INT, e INT, st INT")
    return df_result(df.select("s", f.sequence("s", "e"), f.sequence("s", "e", "st")), sort=True)


@case
def case_collfn_aggregate_reduce(spark):
    df = spark.createDataFrame([(1, [1, 2, 3]), (2, []), (3, None), (4, [4, None])], "id INT, a ARRAY<INT>")
    return df_result(
        df.selectExpr(
            "id",
            "aggregate(a, 0, (acc, x) -> acc + x)",
            "aggregate(a, 0L, (acc, x) -> acc + x, acc -> acc * 10)",
            "reduce(a, 1, (acc, x) -> acc * x)",
            "aggregate(a, '', (acc, x) -> concat(acc, cast(x AS STRING)))",
        ),
        sort=True,
    )


@case
def case_collfn_aggregate_api(spark):
    f = F()
    df = spark.createDataFrame([(1, [1.0, 2.0]), (2, [])], "id INT, a ARRAY<DOUBLE>")
    return df_result(
        df.select(
            "id",
            f.aggregate("a", f.lit(0.0), lambda acc, x: acc + x),
            f.aggregate("a", f.lit(0.0), lambda acc, x: acc + x, lambda acc: acc / 2),
        ),
        sort=True,
    )


@case
def case_collfn_map_zip_with(spark):
    df = spark.createDataFrame(
        [(1, {"a": 1, "b": 2}, {"b": 10, "c": 20}), (2, None, {"a": 1})],
        "id INT, m1 MAP<STRING, INT>, m2 MAP<STRING, INT>",
    )
    return df_result(
        df.selectExpr("id", "map_zip_with(m1, m2, (k, v1, v2) -> coalesce(v1, 0) + coalesce(v2, 0))"),
        sort=True,
    )


@case
def case_collfn_array_agg(spark):
    df = spark.createDataFrame([(1, 1), (1, None), (2, 3)], "k INT, v INT")
    return df_result(df.groupBy("k").agg(F().expr("array_agg(v)")).orderBy("k"))


@case
def case_collfn_shuffle_seeded(spark):
    # One partition: Spark seeds each partition with seed + partitionIndex.
    df = spark.createDataFrame([(1,), (2,), (3,)], "id INT").coalesce(1)
    return df_result(
        df.selectExpr("id", "shuffle(array(1, 2, 3, 4, 5, 6, 7, 8), 42)", "shuffle(array())", "shuffle(NULL)")
    )


@case
def case_collfn_lambda_captures(spark):
    df = spark.createDataFrame([(1, [1, 2], [10, 20], 100), (2, [3], [], 5)], "id INT, a ARRAY<INT>, b ARRAY<INT>, c INT")
    return df_result(
        df.selectExpr(
            "id",
            "transform(a, x -> aggregate(b, x, (acc, y) -> acc + y + c))",
            "array_sort(b, (l, r) -> IF(l % c < r % c, 1, IF(l % c > r % c, -1, 0)))",
            "aggregate(a, named_struct('s', 0, 'n', 0), (acc, x) -> named_struct('s', acc.s + x, 'n', acc.n + 1), acc -> acc.s * 10 + acc.n)",
        ),
        sort=True,
    )


@case
def case_collfn_lambda_errors(spark):
    r = spark.range(1)
    return {
        "merge_type": expect_error(lambda: r.selectExpr("aggregate(array(1.5D), 0, (acc, x) -> acc + x)").collect()),
        "merge_long": expect_error(lambda: r.selectExpr("aggregate(array(1L, 2L), 0, (acc, x) -> acc + x)").collect()),
        "merge_null": df_result(r.selectExpr("aggregate(array(1, 2), 0, (acc, x) -> NULL) AS n", "aggregate(array(1, 2), CAST(NULL AS INT), (acc, x) -> acc + x) AS z")),
        "cmp_null": expect_error(
            lambda: r.selectExpr("array_sort(array(2, 1), (x, y) -> CAST(NULL AS INT))").collect()
        ),
    }


@case
def case_collfn_lambda_api(spark):
    f = F()
    df = spark.createDataFrame(
        [(1, [3, 1, 2], {"a": 1}, {"a": 2, "b": 3})], "id INT, a ARRAY<INT>, m1 MAP<STRING, INT>, m2 MAP<STRING, INT>"
    )
    return df_result(
        df.select(
            "id",
            f.array_sort("a", lambda x, y: y - x),
            f.map_zip_with("m1", "m2", lambda k, v1, v2: f.coalesce(v1, f.lit(0)) * 10 + v2),
        )
    )


@case(min_client=(3, 5))
def case_collfn_reduce_api(spark):
    f = F()
    df = spark.createDataFrame([(1, [1, 2, 3]), (2, None)], "id INT, a ARRAY<INT>")
    return df_result(
        df.select("id", f.reduce("a", f.lit(0), lambda acc, x: acc + x), f.reduce("a", f.lit(1), lambda acc, x: acc * x, lambda acc: acc - 1)),
        sort=True,
    )


@case
def case_collfn_str_to_map_edges(spark):
    df = spark.createDataFrame([(1, "a:1"), (2, ""), (3, None), (4, "k1=v1&&k2=v2")], "id INT, s STRING")
    return df_result(
        df.selectExpr("id", "str_to_map(s)", "str_to_map(s, '&&', '=')", "str_to_map(s, '[,&]+')"),
        sort=True,
    )


@case
def case_collfn_map_entries_edges(spark):
    return df_result(
        spark.range(1).selectExpr(
            "map_from_entries(array(struct(1, 'a'), NULL))",
            "cardinality(map(1, 2, 3, 4))",
            "element_at(map('a', 1), 'a')",
            "try_element_at(map('a', 1), 'b')",
            "map_contains_key(map(1, 'a'), 1.0)",
            "array_contains(array(1, 2), 2L)",
            "element_at(array('x', 'y'), -2)",
        )
    )


@case
def case_collfn_api_names(spark):
    f = F()
    df = arrs(spark).where("id = 1")
    return df_result(
        df.select(
            f.array_insert("a", -2, f.lit(7)),
            f.array_repeat(f.lit(1), 3),
            f.array_join("a", "|"),
            f.sequence(f.lit(1), f.lit(3)),
            f.shuffle(f.array()),
            f.flatten(f.array("a", "b")),
            f.sort_array("b", False),
            f.slice("a", f.lit(1), f.lit(2)),
            f.array_position("a", 3),
        )
    )


@case(min_client=(4, 0))
def case_collfn_api_4x(spark):
    f = F()
    df = arrs(spark).where("id = 1")
    return df_result(
        df.select(
            f.try_element_at("a", f.lit(1)),
            f.get("a", f.lit(0)),
            f.array_agg if False else f.array_size("a"),
            f.str_to_map(f.lit("a:1")),
            f.map_contains_key(f.create_map(f.lit("x"), f.lit(1)), "x"),
        )
    )


@case
def case_collfn_ansi_off_nulls(spark):
    f = F()
    with ansi_off(spark):
        df = arrs(spark).select("id", f.element_at("a", 10), f.element_at("a", -10), f.expr("a[10]"))
        return df_result(df, sort=True)


@case
def case_collfn_type_errors(spark):
    r = spark.range(1)
    return {
        "contains": expect_error(lambda: r.selectExpr("array_contains(array(1, 2), 'a')").collect()),
        "union": expect_error(lambda: r.selectExpr("array_union(array(1), array('a'))").collect()),
        "position_double": df_result(r.selectExpr("array_position(array(1, 2), 2.0D)", "array_remove(array(1.5D, 2D), 2)")),
    }



@case
def case_collfn_float_equality(spark):
    n = "CAST('NaN' AS DOUBLE)"
    return df_result(
        spark.range(1).selectExpr(
            "array_distinct(array(0.0D, -0.0D, 1D)) AS d",
            f"array_contains(array({n}), {n}) AS c",
            f"array_position(array(1D, {n}), {n}) AS p",
            f"array_remove(array(1D, {n}), {n}) AS r",
            "array_union(array(0.0D), array(-0.0D)) AS u",
            f"arrays_overlap(array({n}), array({n})) AS o",
            "array_except(array(-0.0D), array(0.0D)) AS e",
            f"element_at(map({n}, 1), {n}) AS m",
            "map_contains_key(map(0.0D, 1), -0.0D) AS k",
            f"array_sort(array({n}, -0.0D, 0.0D, -1D)) AS s",
        )
    )


@case
def case_collfn_int_arguments(spark):
    r = spark.range(1)
    return {
        "insert_long": expect_error(lambda: r.selectExpr("array_insert(array(1, 2), 1L, 3)").collect()),
        "repeat_long": expect_error(lambda: r.selectExpr("array_repeat(1, 2L)").collect()),
        "try_element_at_long": expect_error(lambda: r.selectExpr("try_element_at(array(1, 2), 1L)").collect()),
        "element_at_string": expect_error(lambda: r.selectExpr("element_at(array(1, 2), '1')").collect()),
        "ok": df_result(r.selectExpr("slice(array(1, 2), 1L, 1)", "get(array(1, 2), 1L)", "sequence(1, 3L)")),
    }


@case
def case_collfn_sequence_dst(spark):
    # Calendar days (the default step) keep the local time across DST; a day-time interval is
    # a fixed 24 hours.
    with conf(spark, spark_sql_session_timeZone="America/Los_Angeles"):
        return df_result(
            spark.range(1).selectExpr(
                "sequence(TIMESTAMP'2024-03-09 12:00:00', TIMESTAMP'2024-03-12 12:00:00') AS cal",
                "sequence(TIMESTAMP'2024-03-09 12:00:00', TIMESTAMP'2024-03-12 12:00:00', INTERVAL 1 DAY) AS fixed",
                "sequence(DATE'2024-03-09', DATE'2024-03-12', INTERVAL 1 DAY) AS spring",
                "sequence(DATE'2024-11-02', DATE'2024-11-05', INTERVAL 1 DAY) AS fall",
                "sequence(TIMESTAMP'2024-01-31 00:00:00', TIMESTAMP'2024-04-30 00:00:00', INTERVAL 1 MONTH) AS months",
                "sequence(DATE'2024-05-31', DATE'2024-01-01', INTERVAL -2 MONTH) AS back",
                "sequence(TIMESTAMP'2024-03-09 12:00:00', TIMESTAMP'2024-03-14 12:00:00', INTERVAL 36 HOURS) AS h36",
            )
        )
