"""Spark's range partitioning (`repartitionByRange`, the `REPARTITION_BY_RANGE` hint), seen
through `spark_partition_id()`: where every key is in Spark's sample (small inputs) the bounds
are Spark's exactly; on larger inputs Spark's sample is random, so the cases check the effect
(ordered, disjoint, roughly balanced ranges). The recording runs `local[2]`."""

from support import df_result

from ._base import F, case


def with_pid(df):
    return df.select("*", F().spark_partition_id().alias("pid"))


@case
def case_partitions2_range_of_range(spark):
    return df_result(with_pid(spark.range(0, 20, 1, 4).repartitionByRange(3, "id")), sort=True)


@case
def case_partitions2_range_descending(spark):
    f = F()
    df = spark.range(0, 20, 1, 4).repartitionByRange(3, f.col("id").desc())
    return df_result(with_pid(df), sort=True)


def keyed(spark):
    return spark.createDataFrame(
        [(1, "a"), (None, "b"), (3, "c"), (None, "d"), (2, "e"), (5, "f")], "k INT, v STRING")


@case
def case_partitions2_range_nulls_first(spark):
    return df_result(with_pid(keyed(spark).repartitionByRange(2, "k")), sort=True)


@case
def case_partitions2_range_nulls_last(spark):
    f = F()
    df = keyed(spark).repartitionByRange(2, f.col("k").asc_nulls_last())
    return df_result(with_pid(df), sort=True)


@case
def case_partitions2_range_desc_nulls_first(spark):
    f = F()
    df = keyed(spark).repartitionByRange(4, f.col("k").desc_nulls_first())
    return df_result(with_pid(df), sort=True)


@case
def case_partitions2_range_repeated_keys(spark):
    # Three distinct keys into five partitions: equal keys never split, two ranges stay empty.
    f = F()
    df = spark.range(0, 10, 1, 1).select((f.col("id") % 3).alias("k"), "id")
    return df_result(with_pid(df.repartitionByRange(5, "k")), sort=True)


@case
def case_partitions2_range_two_keys_and_strings(spark):
    f = F()
    df = spark.createDataFrame(
        [(i % 3, f"s{(i * 7) % 10}") for i in range(15)], "a INT, s STRING")
    df = df.repartitionByRange(4, f.col("a"), f.col("s").desc())
    return df_result(with_pid(df), sort=True)


@case
def case_partitions2_range_ids_and_sort_within(spark):
    f = F()
    df = (spark.range(0, 12, 1, 2).repartitionByRange(3, f.col("id").desc())
          .sortWithinPartitions("id")
          .select("id", f.spark_partition_id().alias("pid"),
                  f.monotonically_increasing_id().alias("mid")))
    return df_result(df)


@case
def case_partitions2_range_sql_hint(spark):
    df = spark.sql("SELECT /*+ REPARTITION_BY_RANGE(3, id) */ id, spark_partition_id() AS pid "
                   "FROM range(0, 10)")
    return df_result(df, sort=True)


@case
def case_partitions2_range_sampled_effect(spark):
    # 20000 rows: Spark samples the keys at random; the ranges are still ordered and disjoint,
    # and no partition is far from its share.
    f = F()
    df = spark.range(0, 20000, 1, 2).select(((f.col("id") * 7919) % 20000).alias("k"))
    ranges = (with_pid(df.repartitionByRange(4, "k")).groupBy("pid")
              .agg(f.min("k").alias("lo"), f.max("k").alias("hi"), f.count("*").alias("n"))
              .orderBy("pid").collect())
    ordered = all(a.hi < b.lo for a, b in zip(ranges, ranges[1:]))
    balanced = all(2500 <= r.n <= 7500 for r in ranges)
    return {"partitions": len(ranges), "ordered": ordered, "balanced": balanced,
            "rows": sum(r.n for r in ranges)}


def coalesced_ids(df):
    f = F()
    return df.select("*", f.spark_partition_id().alias("pid"),
                     f.monotonically_increasing_id().alias("mid"))


@case
def case_partitions2_coalesce_hash_shuffle(spark):
    # Spark's `DefaultPartitionCoalescer` groups shuffle partitions by location, with draws from
    # a fixed seed: 0 and 1 read together, then 2.
    df = spark.range(0, 20, 1, 4).repartition(3, "id").coalesce(2)
    return df_result(coalesced_ids(df), sort=True)


@case
def case_partitions2_coalesce_many_shuffle_partitions(spark):
    df = spark.range(0, 40, 1, 4).repartition(10, "id").coalesce(4)
    return df_result(coalesced_ids(df), sort=True)


@case
def case_partitions2_coalesce_with_empty_shuffle_partitions(spark):
    # 6 rows in 8 hash partitions: the empty ones have no location and are placed last.
    df = spark.range(0, 6, 1, 4).repartition(8, "id").coalesce(3)
    return df_result(coalesced_ids(df), sort=True)


@case
def case_partitions2_coalesce_not_below_shuffle_count(spark):
    # Spark's `CollapseRepartition` drops a coalesce to more partitions than the shuffle's.
    df = spark.range(0, 50, 1, 4).repartition(5, "id").coalesce(7)
    return df_result(coalesced_ids(df), sort=True)


@case
def case_partitions2_coalesce_of_coalesce(spark):
    df = spark.range(0, 60, 1, 4).repartition(12, "id").coalesce(8).coalesce(5)
    return df_result(coalesced_ids(df), sort=True)


@case
def case_partitions2_coalesce_range_shuffle(spark):
    df = spark.range(0, 20, 1, 4).repartitionByRange(3, "id").coalesce(2)
    return df_result(coalesced_ids(df), sort=True)


@case
def case_partitions2_coalesce_shuffle_filtered(spark):
    f = F()
    df = spark.range(0, 30, 1, 4).repartition(6, "id").coalesce(4).filter(f.col("id") % 4 != 1)
    return df_result(coalesced_ids(df), sort=True)


def _per_partition(df):
    """Rows per `spark_partition_id()`: Spark deals a round robin's rows after sorting each
    input partition by the rows' binary hash, so the counts are Spark's, not always the rows."""
    f = F()
    return df_result(df.select(f.spark_partition_id().alias("pid")).groupBy("pid").count(), sort=True)


@case
def case_partitions2_round_robin(spark):
    """Session 10: `repartition(n)` deals rows from `XORShiftRandom(i).nextInt(n)` on in each
    input partition `i`, as Spark's `RoundRobinPartitioning` (every row read partition 0)."""
    out = {}
    for n in (2, 3, 4, 5, 8):
        for parts in (1, 2, 3):
            out[f"n{n}_from{parts}"] = _per_partition(spark.range(0, 24, 1, parts).repartition(n))
    out["one"] = _per_partition(spark.range(0, 7, 1, 2).repartition(1))
    out["sorted_within"] = _per_partition(
        spark.range(0, 30, 1, 2).repartition(3).sortWithinPartitions("id"))
    out["coalesced_to_more"] = _per_partition(spark.range(0, 30, 1, 3).repartition(4).coalesce(6))
    out["local_rows"] = _per_partition(
        spark.createDataFrame([(i,) for i in range(10)], "a int").repartition(3))
    return out


@case
def case_partitions2_sorted_then_coalesced(spark):
    # A global sort keeps its order through `coalesce(1)` (and, as Spark's shuffle reads its
    # map outputs in order, through `repartition(1)`): the single-sorted-file idiom.
    f = F()
    df = spark.range(0, 400, 1, 4).select(((f.col("id") * 37) % 400).alias("k"),
                                          (f.col("id") % 7).alias("v"))
    return {
        "coalesce": df_result(df.orderBy("k").coalesce(1), sort=False),
        "coalesce_desc": df_result(df.orderBy(f.col("v").desc(), "k").coalesce(1), sort=False),
        "repartition": df_result(df.orderBy("k").repartition(1), sort=False),
    }
