"""Spark's adaptive coalescing of shuffles that name no partition count (`repartition(cols)`,
`repartitionByRange(cols)`, `DISTRIBUTE BY`, Spark's `CoalesceShufflePartitions`), seen through
`spark_partition_id()`, `monotonically_increasing_id()` and rows per partition. Spark sizes the
partitions by their compressed shuffle bytes; Sabot estimates them, so the cases keep to sizes
where the estimate gives Spark's groups (small shuffles: one partition; `range(500000)`: two).
The recording runs `local[2]`."""

from support import df_result

from ._base import F, case, conf


def with_ids(df):
    f = F()
    return df.select("*", f.spark_partition_id().alias("pid"),
                     f.monotonically_increasing_id().alias("mid"))


def per_partition(df):
    f = F()
    return df_result(df.select(f.spark_partition_id().alias("pid")).groupBy("pid").count(),
                     sort=True)


@case
def case_adaptive_hash_without_count(spark):
    f = F()
    return {
        "range": df_result(with_ids(spark.range(0, 40, 1, 4).repartition("id")), sort=True),
        "expression": df_result(
            with_ids(spark.range(0, 30).repartition(f.col("id") % 3)), sort=True),
        "filtered": df_result(
            with_ids(spark.range(0, 30).repartition("id").filter(f.col("id") % 4 != 1)),
            sort=True),
        "sorted_within": df_result(
            with_ids(spark.range(0, 12, 1, 3).repartition("id").sortWithinPartitions(
                f.col("id").desc()))),
        "local": df_result(with_ids(spark.createDataFrame(
            [(i, f"s{i % 4}") for i in range(10)], "i INT, s STRING").repartition("s")),
            sort=True),
    }


@case
def case_adaptive_range_without_count(spark):
    f = F()
    return {
        "asc": df_result(with_ids(spark.range(0, 25, 1, 3).repartitionByRange("id")), sort=True),
        "desc": df_result(
            with_ids(spark.range(0, 25, 1, 3).repartitionByRange(f.col("id").desc())),
            sort=True),
    }


@case
def case_adaptive_sql_forms(spark):
    q = lambda s: df_result(spark.sql(s), sort=True)
    return {
        "distribute_by": q("SELECT id, spark_partition_id() AS pid FROM "
                           "(SELECT * FROM range(0, 10) DISTRIBUTE BY id)"),
        "cluster_by": q("SELECT id, spark_partition_id() AS pid FROM "
                        "(SELECT * FROM range(0, 10) CLUSTER BY id)"),
        "hint": q("SELECT id, spark_partition_id() AS pid FROM "
                  "(SELECT /*+ REPARTITION(id) */ * FROM range(0, 10))"),
        "range_hint": q("SELECT id, spark_partition_id() AS pid FROM "
                        "(SELECT /*+ REPARTITION_BY_RANGE(id) */ * FROM range(0, 10))"),
    }


@case
def case_adaptive_two_partitions_by_size(spark):
    # About 2.4 MB of shuffle data in Spark: the target is half of it, so two partitions.
    return {
        "small": per_partition(spark.range(200000).repartition("id")),
        "two": per_partition(spark.range(500000).repartition("id")),
    }


@case
def case_adaptive_settings(spark):
    out = {}
    with conf(spark, spark_sql_adaptive_enabled="false"):
        out["off"] = per_partition(spark.range(0, 30).repartition("id"))
    with conf(spark, spark_sql_adaptive_coalescePartitions_enabled="false",
              spark_sql_shuffle_partitions="7"):
        out["no_coalescing"] = df_result(
            with_ids(spark.range(0, 20).repartition("id")), sort=True)
    with conf(spark, spark_sql_adaptive_coalescePartitions_initialPartitionNum="5"):
        out["initial_count"] = per_partition(spark.range(0, 30).repartition("id"))
    with conf(spark, spark_sql_adaptive_coalescePartitions_enabled="false",
              spark_sql_adaptive_coalescePartitions_initialPartitionNum="5"):
        out["initial_count_without_coalescing"] = per_partition(
            spark.range(0, 30).repartition("id"))
    # A count keeps its partitions (`REPARTITION_BY_NUM`).
    out["counted"] = per_partition(spark.range(0, 30).repartition(4, "id"))
    return out
