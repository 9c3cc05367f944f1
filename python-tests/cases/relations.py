"""Joins, set operations and the row-level relations of the DataFrame API: distinct /
dropDuplicates, drop, withColumnRenamed(s), tail, hint, repartition / coalesce, sample /
randomSplit (as properties: Spark's random rows are not reproducible elsewhere), to(schema),
_repr_html_, and the actions built on them (first, head, take, isEmpty, toLocalIterator)."""

import decimal

from support import df_result, expect_error, norm

from ._base import F, case, col, conf


def _people(spark):
    return spark.createDataFrame(
        [(1, "ann", 10), (2, "bob", 20), (3, "cid", None), (None, "dan", 40)],
        "id INT, name STRING, dept INT",
    )


def _depts(spark):
    return spark.createDataFrame(
        [(10, "eng"), (20, "ops"), (30, "hr"), (None, "none")],
        "dept INT, title STRING",
    )


def _a(spark):
    return spark.createDataFrame([(1, "x"), (2, "y"), (None, "z")], "id INT, v STRING")


def _b(spark):
    return spark.createDataFrame([(1, 10.0), (3, 30.0), (None, 0.0)], "id BIGINT, w DOUBLE")


# --------------------------------------------------------------------------------------------
# joins


@case
def case_relations_join_using_name_inner(spark):
    return df_result(_people(spark).join(_depts(spark), "dept"), sort=True)


@case
def case_relations_join_using_list_left(spark):
    return df_result(_people(spark).join(_depts(spark), ["dept"], "left"), sort=True)


@case
def case_relations_join_using_right(spark):
    return df_result(_people(spark).join(_depts(spark), "dept", "right"), sort=True)


@case
def case_relations_join_using_full_widens_key(spark):
    return df_result(_a(spark).join(_b(spark), "id", "full"), sort=True)


@case
def case_relations_join_using_outer_alias(spark):
    return df_result(_a(spark).join(_b(spark), "id", "outer"), sort=True)


@case
def case_relations_join_using_semi(spark):
    return df_result(_a(spark).join(_b(spark), "id", "left_semi"), sort=True)


@case
def case_relations_join_using_anti(spark):
    return df_result(_a(spark).join(_b(spark), "id", "anti"), sort=True)


@case
def case_relations_join_using_several_columns(spark):
    l = spark.createDataFrame([(1, "a", 5), (1, "b", 6), (2, "a", 7)], "k1 INT, k2 STRING, x INT")
    r = spark.createDataFrame([(1, "a", 50), (2, "a", 70), (2, "b", 80)], "k1 INT, k2 STRING, y INT")
    return df_result(l.join(r, ["k1", "k2"], "full"), sort=True)


@case
def case_relations_join_using_case_insensitive(spark):
    return df_result(_a(spark).join(_b(spark), "ID"), sort=True)


@case
def case_relations_join_using_missing_column(spark):
    return expect_error(lambda: _a(spark).join(_b(spark), "nope").collect())


@case
def case_relations_join_condition_df_columns(spark):
    a, b = _a(spark), _b(spark)
    return df_result(a.join(b, a["id"] == b["id"]), sort=True)


@case
def case_relations_join_condition_left_outer_select(spark):
    p, d = _people(spark), _depts(spark)
    joined = p.join(d, p.dept == d.dept, "left_outer").select(p.name, d.title, d.dept)
    return df_result(joined, sort=True)


@case
def case_relations_join_condition_right_outer(spark):
    p, d = _people(spark), _depts(spark)
    return df_result(p.join(d, p.dept == d.dept, "right"), sort=True)


@case
def case_relations_join_condition_full_outer(spark):
    p, d = _people(spark), _depts(spark)
    return df_result(p.join(d, p.dept == d.dept, "fullouter"), sort=True)


@case
def case_relations_join_condition_semi_anti(spark):
    p, d = _people(spark), _depts(spark)
    semi = p.join(d, p.dept == d.dept, "semi")
    anti = p.join(d, p.dept == d.dept, "leftanti")
    return {"semi": df_result(semi, sort=True), "anti": df_result(anti, sort=True)}


@case
def case_relations_join_non_equi_condition(spark):
    a = spark.range(5).withColumnRenamed("id", "x")
    b = spark.range(3).withColumnRenamed("id", "y")
    return df_result(a.join(b, (a.x > b.y) & (b.y >= 1)), sort=True)


@case
def case_relations_join_condition_list_of_columns(spark):
    p, d = _people(spark), _depts(spark)
    return df_result(p.join(d, [p.dept == d.dept, d.title != "ops"]), sort=True)


@case
def case_relations_join_unqualified_ambiguous(spark):
    return expect_error(lambda: _a(spark).join(_b(spark), col("id") == col("id")).collect())


@case
def case_relations_join_select_ambiguous_name(spark):
    a, b = _a(spark), _b(spark)
    return expect_error(lambda: a.join(b, a.id == b.id).select("id").collect())


@case
def case_relations_join_aliases_qualified_names(spark):
    a = _a(spark).alias("l")
    b = _b(spark).alias("r")
    joined = a.join(b, col("l.id") == col("r.id"), "left").select("l.id", "r.id", "v", "w")
    return df_result(joined, sort=True)


@case
def case_relations_self_join_with_aliases(spark):
    e = spark.createDataFrame([(1, "boss", None), (2, "dev", 1), (3, "ops", 1)], "id INT, role STRING, mgr INT")
    joined = (
        e.alias("e")
        .join(e.alias("m"), col("e.mgr") == col("m.id"), "left")
        .select(col("e.role").alias("role"), col("m.role").alias("manager"))
    )
    return df_result(joined, sort=True)


@case
def case_relations_self_join_same_df_is_ambiguous(spark):
    a = _a(spark)
    return expect_error(lambda: a.join(a, a.id == a.id).collect())


@case
def case_relations_join_derived_df_is_ambiguous(spark):
    a = _a(spark)
    b = a.where("id > 1")
    return expect_error(lambda: a.join(b, a.id == b.id).collect())


@case
def case_relations_join_without_condition_is_cartesian(spark):
    return df_result(_a(spark).join(_b(spark).select("w")), sort=True)


@case
def case_relations_cross_join(spark):
    return df_result(spark.range(2).crossJoin(spark.range(3).withColumnRenamed("id", "j")), sort=True)


@case
def case_relations_join_same_names_columns(spark):
    a, b = _a(spark), _b(spark)
    joined = a.join(b, a.id == b.id, "full")
    return {"columns": joined.columns, "schema": joined.schema.simpleString(), "count": int(joined.count())}


@case
def case_relations_join_then_drop_one_side(spark):
    a, b = _a(spark), _b(spark)
    return df_result(a.join(b, a.id == b.id).drop(b.id), sort=True)


@case
def case_relations_join_then_aggregate(spark):
    p, d = _people(spark), _depts(spark)
    agg = p.join(d, "dept", "left").groupBy("title").agg(F().count("*").alias("n"))
    return df_result(agg, sort=True)


@case
def case_relations_join_three_way(spark):
    p, d = _people(spark), _depts(spark)
    bonus = spark.createDataFrame([("eng", 100), ("ops", 200)], "title STRING, bonus INT")
    return df_result(p.join(d, "dept").join(bonus, "title", "left"), sort=True)


@case
def case_relations_join_string_key_to_int_key(spark):
    l = spark.createDataFrame([("1", "a"), ("2", "b")], "k STRING, x STRING")
    r = spark.createDataFrame([(1, "one"), (3, "three")], "k INT, y STRING")
    return df_result(l.join(r, "k", "full"), sort=True)


@case
def case_relations_join_null_safe_condition(spark):
    a, b = _a(spark), _b(spark)
    return df_result(a.join(b, a.id.eqNullSafe(b.id)), sort=True)


# --------------------------------------------------------------------------------------------
# set operations


@case
def case_relations_union_by_position_widens(spark):
    l = spark.createDataFrame([(1, 1.5), (2, None)], "x INT, y FLOAT")
    r = spark.createDataFrame([(3, decimal.Decimal("2.50"))], "a BIGINT, b DECIMAL(5,2)")
    return df_result(l.union(r), sort=True)


@case
def case_relations_union_string_column_cast_fails_under_ansi(spark):
    # `v` (string) and `w` (double) widen to double; 'x' then fails to cast, as in Spark.
    return expect_error(lambda: _a(spark).union(_b(spark)).collect())


@case
def case_relations_union_all_keeps_duplicates(spark):
    return df_result(spark.range(3).unionAll(spark.range(2)), sort=True)


@case
def case_relations_union_string_and_int_ansi(spark):
    with conf(spark, spark_sql_ansi_enabled="true"):
        df = spark.range(2).union(spark.createDataFrame([("7",)], "x STRING"))
        return df_result(df, sort=True)


@case
def case_relations_union_string_and_int_legacy(spark):
    with conf(spark, spark_sql_ansi_enabled="false"):
        df = spark.range(2).union(spark.createDataFrame([("x",)], "x STRING"))
        return df_result(df, sort=True)


@case
def case_relations_union_column_count_mismatch(spark):
    return expect_error(lambda: _a(spark).union(spark.range(1)).collect())


@case
def case_relations_union_incompatible_types(spark):
    return expect_error(lambda: spark.sql("SELECT DATE'2024-01-01' AS d").union(spark.range(1)).collect())


@case
def case_relations_union_by_name(spark):
    l = spark.createDataFrame([(1, "a")], "x INT, y STRING")
    r = spark.createDataFrame([("b", 2)], "y STRING, x INT")
    return df_result(l.unionByName(r), sort=True)


@case
def case_relations_union_by_name_case_insensitive(spark):
    l = spark.createDataFrame([(1, "a")], "x INT, y STRING")
    r = spark.createDataFrame([("b", 2)], "Y STRING, X INT")
    return df_result(l.unionByName(r), sort=True)


@case
def case_relations_union_by_name_missing(spark):
    return expect_error(lambda: _a(spark).unionByName(_b(spark)).collect())


@case
def case_relations_union_by_name_allow_missing(spark):
    return df_result(_a(spark).unionByName(_b(spark), allowMissingColumns=True), sort=True)


@case
def case_relations_union_duplicate_names(spark):
    df = spark.range(2).select("id", (col("id") * 10).alias("id"))
    return df_result(df.union(df), sort=True)


@case
def case_relations_intersect(spark):
    l = spark.createDataFrame([(1,), (1,), (2,), (3,), (None,), (None,)], "x INT")
    r = spark.createDataFrame([(1,), (1,), (1,), (3,), (None,)], "x INT")
    return {
        "intersect": df_result(l.intersect(r), sort=True),
        "intersectAll": df_result(l.intersectAll(r), sort=True),
    }


@case
def case_relations_intersect_nullability(spark):
    l = spark.createDataFrame([(1,), (None,)], "x INT")
    return df_result(l.intersect(spark.range(3).select(col("id").cast("int").alias("x"))), sort=True)


@case
def case_relations_subtract_and_except_all(spark):
    l = spark.createDataFrame([(1,), (1,), (1,), (2,), (3,), (None,), (None,)], "x INT")
    r = spark.createDataFrame([(1,), (3,), (None,)], "x INT")
    return {
        "subtract": df_result(l.subtract(r), sort=True),
        "exceptAll": df_result(l.exceptAll(r), sort=True),
    }


@case
def case_relations_except_all_two_columns(spark):
    l = spark.createDataFrame([(1, "a"), (1, "a"), (2, "b")], "x INT, y STRING")
    r = spark.createDataFrame([(1, "a")], "x BIGINT, y STRING")
    return df_result(l.exceptAll(r), sort=True)


# --------------------------------------------------------------------------------------------
# distinct, dropDuplicates


@case
def case_relations_distinct(spark):
    df = spark.createDataFrame([(1, "a"), (1, "a"), (2, None), (2, None), (2, "b")], "x INT, y STRING")
    return df_result(df.distinct(), sort=True)


@case
def case_relations_drop_duplicates_all(spark):
    df = spark.createDataFrame([(1, "a"), (1, "a"), (2, "b")], "x INT, y STRING")
    return df_result(df.dropDuplicates(), sort=True)


@case
def case_relations_drop_duplicates_subset_counts(spark):
    df = spark.createDataFrame([(1, "a"), (1, "b"), (2, "b"), (None, "c"), (None, "d")], "x INT, y STRING")
    kept = df.dropDuplicates(["x"])
    # Which row survives per key is arbitrary in Spark; the keys and the count are not.
    return {
        "columns": kept.columns,
        "schema": kept.schema.simpleString(),
        "keys": sorted([norm(r.x) for r in kept.collect()], key=lambda v: (v is not None, v)),
    }


@case
def case_relations_drop_duplicates_deterministic_subset(spark):
    df = spark.createDataFrame([(1, "a", 1), (1, "a", 1), (2, "b", 2)], "x INT, y STRING, z INT")
    return df_result(df.drop_duplicates(["x", "Y"]), sort=True)


@case
def case_relations_drop_duplicates_missing_column(spark):
    return expect_error(lambda: _a(spark).dropDuplicates(["nope"]).collect())


# --------------------------------------------------------------------------------------------
# drop, withColumnRenamed(s)


@case
def case_relations_drop_by_names(spark):
    return df_result(_people(spark).drop("name", "NOPE", "DEPT"), sort=True)


@case
def case_relations_drop_by_column(spark):
    return df_result(_people(spark).drop(col("name")), sort=True)


@case
def case_relations_drop_unknown_column_object(spark):
    return _people(spark).drop(col("nope")).columns


@case
def case_relations_drop_nested_name_is_noop(spark):
    df = spark.sql("SELECT named_struct('a', 1, 'b', 2) AS s, 3 AS c")
    return df.drop("s.a").columns


@case
def case_relations_with_column_renamed(spark):
    return df_result(_people(spark).withColumnRenamed("NAME", "who").withColumnRenamed("nope", "x"), sort=True)


@case
def case_relations_with_columns_renamed_to_existing(spark):
    return _a(spark).withColumnsRenamed({"id": "v"}).columns


@case
def case_relations_with_columns_renamed_several(spark):
    return df_result(_people(spark).withColumnsRenamed({"id": "key", "dept": "d"}), sort=True)


# --------------------------------------------------------------------------------------------
# tail, first/head/take, isEmpty, toLocalIterator


@case
def case_relations_tail(spark):
    return [norm(r.id) for r in spark.range(10).tail(3)]


@case
def case_relations_tail_more_than_rows(spark):
    return [norm(r.id) for r in spark.range(2).tail(5)]


@case
def case_relations_tail_zero(spark):
    return spark.range(3).tail(0)


@case
def case_relations_tail_negative(spark):
    return expect_error(lambda: spark.range(3).tail(-1))


@case
def case_relations_first_head_take(spark):
    df = spark.range(5).orderBy(col("id").desc())
    return {
        "first": norm(df.first().id),
        "head": norm(df.head().id),
        "head2": [norm(r.id) for r in df.head(2)],
        "take3": [norm(r.id) for r in df.take(3)],
        "empty_first": spark.range(0).first(),
    }


@case
def case_relations_is_empty(spark):
    return {"empty": spark.range(0).isEmpty(), "nonempty": spark.range(3).where("id > 1").isEmpty()}


@case
def case_relations_to_local_iterator(spark):
    return [norm(r.id) for r in spark.range(7).orderBy("id").toLocalIterator()]


# --------------------------------------------------------------------------------------------
# hint, repartition, coalesce


@case
def case_relations_hints_do_not_change_rows(spark):
    p, d = _people(spark), _depts(spark)
    joined = p.hint("broadcast").join(d.hint("shuffle_hash"), "dept").hint("unknown_hint", 3)
    return df_result(joined, sort=True)


@case
def case_relations_broadcast_function(spark):
    p, d = _people(spark), _depts(spark)
    return df_result(p.join(F().broadcast(d), "dept"), sort=True)


@case
def case_relations_repartition_keeps_rows(spark):
    df = spark.range(20)
    return {
        "n": df_result(df.repartition(4), sort=True),
        "cols": df_result(df.repartition(3, "id"), sort=True),
        "cols_only": df_result(df.repartition(col("id") % 2), sort=True),
        "range": df_result(df.repartitionByRange(2, col("id").desc()), sort=True),
        "coalesce": df_result(df.coalesce(1), sort=True),
    }


@case
def case_relations_sort_within_partitions_single(spark):
    df = spark.createDataFrame([(3,), (1,), (2,)], "x INT").coalesce(1)
    return df_result(df.sortWithinPartitions("x"))


# --------------------------------------------------------------------------------------------
# sample, randomSplit: properties only


@case
def case_relations_sample_properties(spark):
    # Note `sample(0.3, seed=7)` would ignore the seed (PySpark reads the second positional
    # argument as the seed in that form), so the keywords are spelled out.
    df = spark.range(1000)
    s1 = [r.id for r in df.sample(fraction=0.3, seed=7).collect()]
    s2 = [r.id for r in df.sample(fraction=0.3, seed=7).collect()]
    return {
        "repeatable": sorted(s1) == sorted(s2),
        "subset": set(s1) <= set(range(1000)) and len(set(s1)) == len(s1),
        "plausible_size": 200 <= len(s1) <= 400,
        "none": int(df.sample(fraction=0.0, seed=1).count()),
        "all": int(df.sample(fraction=1.0, seed=1).count()),
        "schema": df.sample(fraction=0.5, seed=3).schema.simpleString(),
    }


@case
def case_relations_sample_single_partition_rows(spark):
    # One partition: Spark draws XORShiftRandom(seed) row by row, as Sabot does.
    df = spark.range(0, 20, 1, 1)
    return {
        "half": [r.id for r in df.sample(fraction=0.5, seed=42).collect()],
        "bounds": [r.id for r in df.sample(False, 0.25, 5).collect()],
    }


@case
def case_relations_sample_with_replacement_properties(spark):
    df = spark.range(500)
    s = [r.id for r in df.sample(True, 0.5, seed=11).collect()]
    return {
        "plausible_size": 150 <= len(s) <= 350,
        "subset": set(s) <= set(range(500)),
    }


@case
def case_relations_sample_bad_fraction(spark):
    return expect_error(lambda: spark.range(10).sample(1.5).collect())


@case
def case_relations_random_split_properties(spark):
    df = spark.range(300)
    parts = df.randomSplit([1.0, 2.0], seed=5)
    a = [r.id for r in parts[0].collect()]
    b = [r.id for r in parts[1].collect()]
    return {
        "disjoint": not (set(a) & set(b)),
        "complete": sorted(a + b) == list(range(300)),
        "plausible": 50 <= len(a) <= 150,
    }


# --------------------------------------------------------------------------------------------
# to(schema), _repr_html_


@case
def case_relations_to_schema_reorders_and_casts(spark):
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    target = StructType([StructField("v", StringType()), StructField("id", LongType())])
    return df_result(_a(spark).to(target), sort=True)


@case
def case_relations_to_schema_missing_nullable_column(spark):
    from pyspark.sql.types import IntegerType, StructField, StructType

    return df_result(_a(spark).to(StructType([StructField("q", IntegerType())])))


@case
def case_relations_to_schema_errors(spark):
    from pyspark.sql.types import IntegerType, StructField, StructType

    return {
        "nullable": expect_error(
            lambda: _a(spark).to(StructType([StructField("id", IntegerType(), False)])).collect()
        ),
        "badcast": expect_error(
            lambda: _a(spark).to(StructType([StructField("v", IntegerType())])).collect()
        ),
    }


@case
def case_relations_repr_html(spark):
    df = spark.createDataFrame([(1, "<b>&"), (2, "é" * 30), (3, None)], "id INT, s STRING")
    with conf(spark, spark_sql_repl_eagerEval_enabled="true", spark_sql_repl_eagerEval_maxNumRows="2"):
        return df._repr_html_()


# --------------------------------------------------------------------------------------------
# generators in select


def _nested(spark):
    return spark.createDataFrame(
        [
            (1, [10, 20], {"a": 1}, [(1, "x"), (2, "y")]),
            (2, [], {}, []),
            (3, None, None, None),
            (4, [None, 40], {"b": None, "c": 3}, [(3, None)]),
        ],
        "id INT, arr ARRAY<INT>, m MAP<STRING, INT>, structs ARRAY<STRUCT<n: INT, s: STRING>>",
    )


@case
def case_relations_explode_array(spark):
    return df_result(_nested(spark).select("id", F().explode("arr"), (col("id") * 2).alias("twice")), sort=True)


@case
def case_relations_explode_outer_array(spark):
    return df_result(_nested(spark).select("id", F().explode_outer("arr")), sort=True)


@case
def case_relations_posexplode(spark):
    return df_result(_nested(spark).select("id", F().posexplode("arr")), sort=True)


@case
def case_relations_posexplode_outer(spark):
    return df_result(_nested(spark).select(F().posexplode_outer("arr"), "id"), sort=True)


@case
def case_relations_explode_map(spark):
    return df_result(_nested(spark).select("id", F().explode("m")), sort=True)


@case
def case_relations_explode_outer_map_aliases(spark):
    return df_result(_nested(spark).select("id", F().explode_outer("m").alias("k", "v")), sort=True)


@case
def case_relations_posexplode_map(spark):
    return df_result(_nested(spark).select("id", F().posexplode("m")), sort=True)


@case
def case_relations_inline(spark):
    return df_result(_nested(spark).select("id", F().inline("structs")), sort=True)


@case
def case_relations_inline_outer(spark):
    return df_result(_nested(spark).select("id", F().inline_outer("structs")), sort=True)


@case
def case_relations_explode_alias_and_with_column(spark):
    df = _nested(spark)
    return {
        "alias": df_result(df.select(F().explode("arr").alias("x")), sort=True),
        "with_column_new": df_result(df.withColumn("x", F().explode("arr")).drop("m", "structs"), sort=True),
        "with_column_replace": df_result(df.withColumn("arr", F().explode("arr")).drop("m", "structs"), sort=True),
    }


@case
def case_relations_explode_in_select_expr_and_sql(spark):
    return {
        "selectExpr": df_result(_nested(spark).selectExpr("id", "explode(arr) AS e"), sort=True),
        "sql": df_result(spark.sql("SELECT explode(array(1, 2, 3)) AS x, 'k' AS k"), sort=True),
    }


@case
def case_relations_explode_then_filter_and_aggregate(spark):
    df = _nested(spark).select("id", F().explode("arr").alias("x")).where(col("x").isNotNull())
    return df_result(df.groupBy("id").agg(F().sum("x").alias("s")), sort=True)


@case
def case_relations_generator_errors(spark):
    df = _nested(spark)
    return {
        "two": expect_error(lambda: df.select(F().explode("arr"), F().explode("m")).collect()),
        "nested": expect_error(lambda: df.select(F().explode("arr") + 1).collect()),
        "not_array": expect_error(lambda: df.select(F().explode("id")).collect()),
        "aliases": expect_error(lambda: df.select(F().explode("m").alias("only_one")).collect()),
    }


# --------------------------------------------------------------------------------------------
# table-valued functions


@case(min_client=(4, 0))
def case_relations_tvf_range_and_generators(spark):
    return {
        "range": df_result(spark.tvf.range(2, 8, 3)),
        "explode": df_result(spark.tvf.explode(F().array(F().lit(1), F().lit(2))), sort=True),
        "posexplode_outer": df_result(spark.tvf.posexplode_outer(F().array().cast("array<int>"))),
        "inline": df_result(
            spark.tvf.inline(F().array(F().struct(F().lit(1).alias("a"), F().lit("x").alias("b"))))
        ),
    }


@case
def case_relations_sql_table_functions(spark):
    return {
        "explode": df_result(spark.sql("SELECT * FROM explode(array(10, 20)) AS t(v)"), sort=True),
        "range": df_result(spark.sql("SELECT id * 2 AS d FROM range(3)"), sort=True),
    }


# --------------------------------------------------------------------------------------------
# subquery expressions (4.x clients)


def _t1(spark):
    return spark.createDataFrame([(1, "a"), (2, "b"), (3, "c"), (None, "d")], "id INT, s STRING")


def _t2(spark):
    return spark.createDataFrame([(1, 10), (1, 11), (3, 30), (5, 50)], "k INT, v INT")


@case(min_client=(4, 0))
def case_relations_scalar_subquery(spark):
    t1, t2 = _t1(spark), _t2(spark)
    return {
        "aliased": df_result(t1.select("id", t2.select(F().max("v")).scalar().alias("m")), sort=True),
        "unnamed": df_result(t1.select(t2.select(F().min("v")).scalar()).limit(1)),
        "in_filter": df_result(t2.where(col("v") > t2.select(F().avg("v")).scalar()), sort=True),
    }


@case(min_client=(4, 0))
def case_relations_correlated_scalar_subquery(spark):
    t1, t2 = _t1(spark), _t2(spark)
    total = t2.where(col("k") == col("id").outer()).select(F().sum("v")).scalar()
    return df_result(t1.select("id", total.alias("total")), sort=True)


@case(min_client=(4, 0))
def case_relations_exists_subqueries(spark):
    t1, t2 = _t1(spark), _t2(spark)
    correlated = t2.where(col("k") == col("id").outer()).exists()
    return {
        "exists": df_result(t1.where(correlated), sort=True),
        "not_exists": df_result(t1.where(~correlated), sort=True),
        "uncorrelated": df_result(t1.where(t2.where("v > 40").exists()), sort=True),
        "select": df_result(t1.select("id", correlated.alias("has")), sort=True),
    }


@case(min_client=(4, 0))
def case_relations_in_subquery(spark):
    t1, t2 = _t1(spark), _t2(spark)
    return {
        "in": df_result(t1.where(col("id").isin(t2.select("k"))), sort=True),
        "not_in": df_result(t1.where(~col("id").isin(t2.select("k"))), sort=True),
    }


@case(min_client=(4, 0))
def case_relations_scalar_subquery_errors(spark):
    t1, t2 = _t1(spark), _t2(spark)
    return {
        "two_columns": expect_error(lambda: t1.select(t2.select("k", "v").scalar()).collect()),
        "more_rows": expect_error(lambda: t1.select(t2.select("k").scalar()).collect()),
    }


# --------------------------------------------------------------------------------------------
# lambda functions of higher-order functions


def _arrays(spark):
    return spark.createDataFrame(
        [(1, [1, 2, 3]), (2, []), (3, None), (4, [None, 5])], "id INT, a ARRAY<INT>"
    )


@case
def case_relations_lambda_transform(spark):
    df = _arrays(spark)
    return {
        "named": df_result(df.select("id", F().transform("a", lambda x: x * 10).alias("t")), sort=True),
        "unnamed": df_result(df.select(F().transform("a", lambda x: x + 1)), sort=True),
        "nested": df_result(
            df.select(F().transform("a", lambda x: F().transform(F().array(x, x), lambda y: y + x)).alias("n")),
            sort=True,
        ),
    }


@case
def case_relations_lambda_filter_exists_forall(spark):
    df = _arrays(spark)
    return df_result(
        df.select(
            "id",
            F().filter("a", lambda x: x > 1).alias("f"),
            F().exists("a", lambda x: x > 2).alias("e"),
            F().forall("a", lambda x: x > 0).alias("all"),
        ),
        sort=True,
    )


@case
def case_relations_lambda_in_sql(spark):
    return df_result(
        spark.sql(
            "SELECT transform(array(1, 2), x -> x * 2) AS t, filter(array(1, 2, 3), x -> x % 2 = 1) AS f, "
            "exists(array(1, 2), x -> x > 1) AS e"
        )
    )


# --------------------------------------------------------------------------------------------
# lateral joins (4.x clients)


@case(min_client=(4, 0))
def case_relations_lateral_join_generator(spark):
    df = _arrays(spark)
    return {
        "inner": df_result(df.lateralJoin(spark.tvf.explode(col("a").outer())), sort=True),
        "left": df_result(df.lateralJoin(spark.tvf.explode(col("a").outer()), how="left"), sort=True),
        "posexplode": df_result(df.lateralJoin(spark.tvf.posexplode(col("a").outer())), sort=True),
    }


@case(min_client=(4, 0))
def case_relations_lateral_join_correlated(spark):
    t1, t2 = _t1(spark), _t2(spark)
    right = t2.where(col("k") == col("id").outer()).select("v")
    return {
        "inner": df_result(t1.lateralJoin(right), sort=True),
        "left": df_result(t1.lateralJoin(right, how="left"), sort=True),
        "condition": df_result(t1.lateralJoin(right, col("v") > 10), sort=True),
    }


@case(min_client=(4, 0))
def case_relations_lateral_join_aggregate(spark):
    t1, t2 = _t1(spark), _t2(spark)
    right = t2.where(col("k") == col("id").outer()).select(F().sum("v").alias("total"))
    return df_result(t1.lateralJoin(right), sort=True)


@case
def case_relations_with_metadata(spark):
    df = spark.range(2).withColumn("x", col("id") + 1)
    return {
        "withMetadata": df.withMetadata("id", {"comment": "key", "n": 1}).schema["id"].metadata,
        "withColumn": df.withColumn("y", col("x").alias("y", metadata={"m": [1, 2]})).schema["y"].metadata,
        "kept": df.withMetadata("x", {"a": "b"}).select("x", "id").schema["x"].metadata,
        "rows": df_result(df.withMetadata("id", {"c": 1}), sort=True),
    }


# --------------------------------------------------------------------------------------------
# as-of joins (`_joinAsOf`, what pandas-on-Spark's merge_asof sends)


def _quotes(spark):
    return spark.createDataFrame(
        [(1, "a", 10), (5, "a", 50), (9, "a", 90), (2, "b", 20), (7, "b", 70)],
        "t INT, k STRING, q INT",
    )


def _trades(spark):
    return spark.createDataFrame(
        [(0, "a"), (1, "a"), (6, "a"), (9, "a"), (12, "a"), (3, "b"), (4, "c")],
        "t INT, k STRING",
    )


@case(min_client=(4, 0))
def case_relations_as_of_join_directions(spark):
    left, right = _trades(spark), _quotes(spark)
    out = {}
    for direction in ["backward", "forward", "nearest"]:
        joined = left._joinAsOf(right, left.t, right.t, on="k", how="left", direction=direction)
        out[direction] = df_result(joined, sort=True)
    return out


@case(min_client=(4, 0))
def case_relations_as_of_join_inner_tolerance_exact(spark):
    left, right = _trades(spark), _quotes(spark)
    return {
        "inner": df_result(left._joinAsOf(right, left.t, right.t, on="k", how="inner"), sort=True),
        "tolerance": df_result(
            left._joinAsOf(right, left.t, right.t, on="k", how="left", tolerance=F().lit(1)),
            sort=True,
        ),
        "no_exact": df_result(
            left._joinAsOf(right, left.t, right.t, on="k", how="left", allowExactMatches=False),
            sort=True,
        ),
        "condition": df_result(
            left._joinAsOf(right, left.t, right.t, on=left.k == right.k, how="left"), sort=True
        ),
    }


@case
def case_relations_lambda_with_index(spark):
    df = _arrays(spark)
    return {
        "transform": df_result(df.select("id", F().transform("a", lambda x, i: x * 10 + i)), sort=True),
        "filter": df_result(df.select("id", F().filter("a", lambda x, i: i > 0).alias("f")), sort=True),
        "sql": df_result(spark.sql("SELECT transform(array(5, 6), (x, i) -> x + i) AS t")),
    }


@case
def case_relations_lambda_zip_with(spark):
    df = spark.createDataFrame(
        [(1, [1, 2, 3], [10, 20]), (2, None, [1]), (3, [], [])], "id INT, a ARRAY<INT>, b ARRAY<INT>"
    )
    return {
        "sum": df_result(df.select("id", F().zip_with("a", "b", lambda x, y: x + y).alias("z")), sort=True),
        "unnamed": df_result(df.select(F().zip_with("a", "b", lambda x, y: F().coalesce(x, y))), sort=True),
    }


@case
def case_relations_lambda_map_functions(spark):
    df = spark.createDataFrame(
        [(1, {"a": 1, "b": 2, "c": 3}), (2, None), (3, {})], "id INT, m MAP<STRING, INT>"
    )
    return {
        "map_filter": df_result(df.select("id", F().map_filter("m", lambda k, v: v > 1).alias("f")), sort=True),
        "transform_values": df_result(
            df.select("id", F().transform_values("m", lambda k, v: v * 10).alias("tv")), sort=True
        ),
        "transform_keys": df_result(
            df.select("id", F().transform_keys("m", lambda k, v: F().upper(k)).alias("tk")), sort=True
        ),
        "unnamed": df_result(df.select(F().map_filter("m", lambda k, v: k != "a")), sort=True),
    }
