"""Spark's hash partitioning of `repartition(n, cols)` (Murmur3 hash of the columns, pmod n),
`sortWithinPartitions` and the SQL forms (hint, `DISTRIBUTE BY` with
`spark.sql.shuffle.partitions`), seen through `spark_partition_id()` and
`monotonically_increasing_id()`. The recording runs `local[2]` (Spark's default parallelism 2).
Range partitioning and `coalesce` after a shuffle are in `partitions2.py`."""

from support import df_result, expect_error

from ._base import F, case


def with_pid(df):
    return df.select("*", F().spark_partition_id().alias("pid"))


@case
def case_partitions_hash_of_range(spark):
    return df_result(with_pid(spark.range(0, 20, 1, 4).repartition(3, "id")), sort=True)


@case
def case_partitions_hash_of_local_strings(spark):
    df = spark.createDataFrame([(i, f"s{i % 5}") for i in range(12)], "i INT, s STRING")
    return df_result(with_pid(df.repartition(4, "s")), sort=True)


@case
def case_partitions_hash_of_two_columns(spark):
    f = F()
    df = spark.range(0, 15).select(
        (f.col("id") % 3).alias("a"), (f.col("id") % 2 == 0).alias("b"), "id")
    return df_result(with_pid(df.repartition(5, "a", "b")), sort=True)


@case
def case_partitions_hash_ids_in_partition_order(spark):
    f = F()
    df = spark.range(0, 12, 1, 1).repartition(3, "id").select(
        "id", f.spark_partition_id().alias("pid"),
        f.monotonically_increasing_id().alias("mid"))
    return df_result(df, sort=True)


@case
def case_partitions_sort_within_partitions(spark):
    f = F()
    df = spark.range(0, 12, 1, 1).repartition(3, "id").sortWithinPartitions(f.col("id").desc())
    return df_result(with_pid(df))


@case
def case_partitions_hash_then_filter_and_union(spark):
    f = F()
    left = spark.range(0, 10).repartition(2, "id").filter(f.col("id") % 3 != 0)
    right = spark.range(5, 9).repartition(3, "id")
    return df_result(with_pid(left.union(right)), sort=True)


@case
def case_partitions_hash_of_nulls_and_doubles(spark):
    df = spark.createDataFrame([(None, 1.5), (1, None), (2, -0.0), (None, None)], "a INT, d DOUBLE")
    return df_result(with_pid(df.repartition(3, "a", "d")), sort=True)


@case
def case_partitions_sql_hint(spark):
    df = spark.sql("SELECT /*+ REPARTITION(3, id) */ id, spark_partition_id() AS pid "
                   "FROM range(0, 10)")
    return df_result(df, sort=True)


@case
def case_partitions_sql_distribute_by(spark):
    spark.conf.set("spark.sql.shuffle.partitions", "3")
    spark.conf.set("spark.sql.adaptive.enabled", "false")
    try:
        df = spark.sql("SELECT id, spark_partition_id() AS pid FROM "
                       "(SELECT * FROM range(0, 10) DISTRIBUTE BY id)")
        return df_result(df, sort=True)
    finally:
        spark.conf.unset("spark.sql.shuffle.partitions")
        spark.conf.unset("spark.sql.adaptive.enabled")


@case(min_client=(4, 0))
def case_partitions_zero_is_an_error(spark):
    # The 4.x client checks the count itself.
    return expect_error(lambda: spark.range(3).repartition(0).collect())
