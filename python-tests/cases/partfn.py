"""Functions whose Spark result depends on the partition a row is in (`spark_partition_id`,
`monotonically_increasing_id`, seeded `rand`/`randn`/`uniform`/`randstr`/`uuid`/`shuffle`), over
inputs whose partitioning Spark fixes: `range` with or without a partition count (Spark's
default parallelism is 2: the recording runs `local[2]`), `coalesce(n)`, local data (Spark
folds projections of it into the relation: one partition) and `SELECT` without `FROM`."""

from support import df_result, expect_error

from ._base import F, case


def ids(df):
    f = F()
    return df.select("id", f.spark_partition_id(), f.monotonically_increasing_id())


@case
def case_partfn_range_partitions(spark):
    return df_result(ids(spark.range(0, 10, 1, 4)))


@case
def case_partfn_range_default_parallelism(spark):
    return df_result(ids(spark.range(10)))


@case
def case_partfn_range_step(spark):
    return {"up": df_result(ids(spark.range(0, 10, 3, 3))),
            "down": df_result(ids(spark.range(20, 0, -4, 2)))}


@case
def case_partfn_range_more_partitions_than_rows(spark):
    return df_result(ids(spark.range(0, 3, 1, 5)))


@case
def case_partfn_range_empty(spark):
    return df_result(ids(spark.range(0, 0, 1, 3)))


@case
def case_partfn_names_and_nesting(spark):
    f = F()
    df = spark.range(0, 6, 1, 3).select(
        f.spark_partition_id(),
        (f.spark_partition_id() + 1).alias("next"),
        f.monotonically_increasing_id(),
        (f.monotonically_increasing_id() * 2).alias("twice"),
        f.expr("spark_partition_id()"),
    )
    return df_result(df)


@case
def case_partfn_sql_range(spark):
    df = spark.sql(
        "SELECT id, spark_partition_id() AS p, monotonically_increasing_id() AS m "
        "FROM range(0, 7, 1, 3)"
    )
    return df_result(df)


@case
def case_partfn_sql_range_default(spark):
    return df_result(spark.sql("SELECT id, spark_partition_id() FROM range(5)"))


@case
def case_partfn_one_row(spark):
    return df_result(spark.sql("SELECT spark_partition_id(), monotonically_increasing_id()"))


@case
def case_partfn_local_data(spark):
    df = spark.createDataFrame([(i, str(i)) for i in range(7)], "a int, b string")
    f = F()
    return df_result(df.select("a", f.spark_partition_id(), f.monotonically_increasing_id()))


@case
def case_partfn_local_data_filtered(spark):
    df = spark.createDataFrame([(i,) for i in range(9)], "a int").filter("a % 2 = 0")
    f = F()
    return df_result(df.select("a", f.spark_partition_id(), f.monotonically_increasing_id()))


@case
def case_partfn_coalesce(spark):
    out = None
    for n in (1, 2, 3, 6):
        df = ids(spark.range(0, 10, 1, 4).coalesce(n)).selectExpr(f"{n} AS n", "*")
        out = df if out is None else out.union(df)
    return df_result(out, sort=True)


@case
def case_partfn_with_columns(spark):
    f = F()
    df = (
        spark.range(0, 9, 1, 3)
        .withColumn("p", f.spark_partition_id())
        .withColumn("r", f.rand(1))
        .withColumnRenamed("id", "i")
        .select("*", f.monotonically_increasing_id().alias("m"))
    )
    return df_result(df)


@case
def case_partfn_filter_and_limit_above(spark):
    f = F()
    df = spark.range(0, 12, 1, 3).select("id", f.spark_partition_id().alias("p"),
                                         f.monotonically_increasing_id().alias("m"))
    out = df.filter("p = 1").union(df.limit(2)).union(df.orderBy(f.desc("id")).limit(2))
    return df_result(out, sort=True)


@case
def case_partfn_many_rows(spark):
    f = F()
    df = spark.range(0, 300000, 1, 3).select(
        "id", f.spark_partition_id().alias("p"), f.monotonically_increasing_id().alias("m"),
        f.rand(5).alias("r"))
    out = df.groupBy("p").agg(
        f.count("*").alias("n"), f.min("id"), f.max("id"), f.min("m"), f.max("m"),
        f.count(f.when(f.col("r") < 0.5, 1)).alias("low"))
    return df_result(out, sort=True)


@case
def case_partfn_many_rows_coalesced(spark):
    f = F()
    df = spark.range(0, 300000, 1, 3).coalesce(2).select(
        f.spark_partition_id().alias("p"), f.monotonically_increasing_id().alias("m"))
    return df_result(df.groupBy("p").agg(f.count("*"), f.min("m"), f.max("m")), sort=True)


@case
def case_partfn_rand(spark):
    f = F()
    df = spark.range(0, 6, 1, 3).select(
        "id", f.spark_partition_id(), f.rand(42), f.randn(42), f.rand(-7).alias("neg"))
    return df_result(df)


@case
def case_partfn_rand_expr(spark):
    df = spark.range(0, 5, 1, 2).selectExpr(
        "id", "rand(1)", "random(1)", "randn(0)", "rand(null)", "uniform(0, 100, 7)",
        "uniform(0.0D, 1.0D, 3)", "randstr(6, 5)")
    return df_result(df)


@case
def case_partfn_rand_default_range(spark):
    return df_result(spark.range(6).selectExpr("id", "rand(3)", "randn(3)"))


@case
def case_partfn_uuid(spark):
    df = spark.range(0, 6, 1, 3).selectExpr("id", "uuid(1)", "uuid(-5) AS u")
    return df_result(df)


@case(min_client=(4, 0))
def case_partfn_uuid_column(spark):
    f = F()
    return df_result(spark.range(0, 4, 1, 2).select("id", f.uuid(f.lit(7))))


@case
def case_partfn_shuffle(spark):
    df = spark.range(0, 6, 1, 3).selectExpr(
        "id", "shuffle(array(1, 2, 3, 4), 42) AS a",
        "shuffle(array(id, id + 1, id + 2, NULL), 7) AS b",
        "shuffle(CASE WHEN id % 2 = 0 THEN array('x', 'y', 'z') END, 1) AS c")
    return df_result(df)


@case
def case_partfn_single_partition_fallback(spark):
    # Spark evaluates these as one partition too (coalesce(1) after a filter).
    f = F()
    df = spark.range(0, 10, 1, 4).filter("id % 3 != 0").coalesce(1)
    return df_result(df.select("id", f.spark_partition_id(), f.monotonically_increasing_id(),
                               f.rand(9)))


@case
def case_partfn_group_by_partition(spark):
    f = F()
    df = spark.range(0, 10, 1, 4)
    out = df.groupBy(f.spark_partition_id()).count().union(
        df.groupBy(f.spark_partition_id().alias("p")).agg(f.max("id")))
    return df_result(out, sort=True)


@case
def case_partfn_group_by_partition_sql(spark):
    df = spark.sql(
        "SELECT spark_partition_id(), count(*), min(id) FROM range(0, 10, 1, 4) "
        "GROUP BY spark_partition_id()"
    )
    return df_result(df, sort=True)


@case
def case_partfn_filter_and_sort_by_rand(spark):
    f = F()
    df = spark.range(0, 12, 1, 3)
    return {"by_rand": df_result(df.filter(f.rand(1) < 0.5)),
            "by_partition": df_result(df.filter(f.spark_partition_id() == 2)),
            "ordered": df_result(df.orderBy(f.rand(3)))}


@case
def case_partfn_sql_where_order_by_rand(spark):
    a = spark.sql("SELECT id FROM range(0, 10, 1, 4) WHERE rand(5) > 0.5")
    b = spark.sql("SELECT id FROM range(0, 10, 1, 4) ORDER BY rand(5)")
    return {"where": df_result(a), "order": df_result(b)}


@case
def case_partfn_rand_in_aggregate_fails(spark):
    f = F()
    df = spark.range(0, 10, 1, 4)
    return expect_error(lambda: df.agg(f.sum(f.rand(1))).collect())


@case
def case_partfn_id_in_aggregate_fails(spark):
    f = F()
    df = spark.range(0, 10, 1, 4)
    return expect_error(
        lambda: df.groupBy((f.col("id") % 2).alias("k"))
        .agg(f.max(f.monotonically_increasing_id())).collect())


@case
def case_partfn_after_filter(spark):
    df = spark.range(0, 10, 1, 4).filter("id % 3 != 0")
    return df_result(ids(df))


@case
def case_partfn_after_filters_and_columns(spark):
    f = F()
    df = (
        spark.range(0, 20, 1, 3).alias("r")
        .filter("id % 3 != 0")
        .withColumn("x", f.col("id") * 10)
        .filter("id > 1")
        .select("id", "x", f.spark_partition_id(), f.monotonically_increasing_id(), f.rand(2))
    )
    return df_result(df)


@case
def case_partfn_after_filter_by_rand(spark):
    f = F()
    df = spark.range(0, 16, 1, 4).filter(f.rand(7) < 0.6)
    return df_result(ids(df))


@case
def case_partfn_filter_then_coalesce(spark):
    df = spark.range(0, 12, 1, 4).filter("id % 4 != 1").coalesce(2)
    return df_result(ids(df))


@case
def case_partfn_group_after_filter(spark):
    f = F()
    df = spark.range(0, 100, 1, 4).filter("id % 7 = 0")
    out = df.groupBy(f.spark_partition_id().alias("p")).agg(f.count("*"), f.min("id"))
    return df_result(out, sort=True)



@case
def case_partfn_many_rows_computed_and_filtered(spark):
    # Enough rows for DataFusion to want several threads under the computed column and filter.
    f = F()
    df = (
        spark.range(0, 600000, 1, 3)
        .withColumn("x", f.col("id") * 2 + 1)
        .filter("id % 5 != 0")
        .select("id", "x", f.spark_partition_id().alias("p"),
                f.monotonically_increasing_id().alias("m"), f.rand(3).alias("r"))
    )
    out = df.groupBy("p").agg(
        f.count("*").alias("n"), f.min("id"), f.max("id"), f.min("m"), f.max("m"),
        f.count(f.when(f.col("r") < 0.5, 1)).alias("low"), f.sum("x"))
    return df_result(out, sort=True)


@case
def case_partfn_after_single_partition_operators(spark):
    # Spark runs these in one partition; Sabot evaluates the calls as one partition there.
    f = F()
    r = spark.range(0, 10, 1, 4)
    out = {}
    for name, df in [
        ("limit", r.limit(5)),
        ("offset", r.offset(7)),
        ("sorted", r.orderBy(f.desc("id"))),
        ("grouped", r.groupBy((f.col("id") % 3).alias("k")).count().orderBy("k")),
        ("repartition_1", r.repartition(1)),
    ]:
        out[name] = df_result(ids_all(df))
    return out


def ids_all(df):
    f = F()
    return df.select("*", f.spark_partition_id().alias("p"),
                     f.monotonically_increasing_id().alias("m"))


def ids_rand(df):
    f = F()
    return df.select("*", f.spark_partition_id().alias("p"),
                     f.monotonically_increasing_id().alias("m"), f.rand(1).alias("r"))


@case
def case_partfn_union(spark):
    # Spark's union lists its inputs' partitions one after the other.
    a = spark.range(0, 5, 1, 2)
    b = spark.range(10, 14, 1, 3).filter("id != 11")
    c = spark.createDataFrame([(100,), (101,)], "id long")
    return {
        "two": df_result(ids_rand(a.union(b)), sort=True),
        "three": df_result(ids_rand(a.union(b).union(c)), sort=True),
        "nested": df_result(ids_rand(a.union(b.union(c))), sort=True),
        "by_name_filtered": df_result(ids_rand(a.unionByName(b).filter("id % 2 = 0")), sort=True),
        "computed": df_result(ids_rand(a.union(b).withColumn("x", F().col("id") * 3)), sort=True),
    }


@case
def case_partfn_union_of_local_data(spark):
    # Under a union Spark slices local data into min(rows, default parallelism) partitions.
    c = spark.createDataFrame([(100,), (101,), (102,)], "id long")
    one = spark.createDataFrame([(7,)], "id long")
    empty = spark.createDataFrame([], "id long")
    return {
        "twice": df_result(ids_rand(c.union(c)), sort=True),
        "mixed": df_result(ids_rand(one.union(empty).union(c)), sort=True),
    }


@case
def case_partfn_group_by_partition_of_union(spark):
    f = F()
    a = spark.range(0, 5, 1, 2)
    b = spark.range(10, 14, 1, 3).filter("id != 11")
    out = a.union(b).groupBy(f.spark_partition_id().alias("p")).count()
    return df_result(out, sort=True)
