"""Caching (issue 7): `df.cache()`/`persist(level)`/`unpersist()`/`storageLevel`, the catalog's
`cacheTable`/`isCached`/`uncacheTable`/`clearCache` and `CACHE TABLE`/`UNCACHE TABLE`/
`CLEAR CACHE`, as Spark 4.3.0 answers them. That a cached DataFrame is not recomputed is
checked in test_engine.py."""

from support import df_result, expect_error

from ._base import case


def is_cached(spark, name):
    # The 3.5 client answers with a numpy bool.
    return bool(spark.catalog.isCached(name))


def level(df):
    s = df.storageLevel
    return [s.useDisk, s.useMemory, s.useOffHeap, s.deserialized, s.replication]


@case
def case_cache_storage_levels(spark):
    from pyspark.storagelevel import StorageLevel

    df = spark.range(0, 50).selectExpr("id", "id % 5 AS k")
    out = {"before": level(df)}
    df.cache()
    out["cached"] = level(df)
    out["rows"] = df_result(df.groupBy("k").count(), sort=True)
    out["again"] = df_result(df.filter("k = 2"), sort=True)
    df.unpersist()
    out["unpersisted"] = level(df)
    other = spark.range(0, 20).selectExpr("id * 2 AS x")
    for name in ["DISK_ONLY", "MEMORY_ONLY", "MEMORY_AND_DISK", "OFF_HEAP", "MEMORY_ONLY_2"]:
        other.persist(getattr(StorageLevel, name))
        out[name] = [level(other), df_result(other.selectExpr("sum(x)"))]
        other.unpersist()
    return out


@case
def case_cache_catalog_api(spark):
    spark.range(0, 10).createOrReplaceTempView("cache_v")
    try:
        out = {"initially": is_cached(spark, "cache_v")}
        spark.catalog.cacheTable("cache_v")
        out["after_cache_table"] = is_cached(spark, "cache_v")
        out["rows"] = df_result(spark.sql("SELECT sum(id) AS s FROM cache_v"))
        spark.catalog.uncacheTable("cache_v")
        out["after_uncache"] = is_cached(spark, "cache_v")
        spark.table("cache_v").cache()
        out["via_dataframe"] = is_cached(spark, "cache_v")
        spark.catalog.clearCache()
        out["after_clear"] = is_cached(spark, "cache_v")
        out["missing"] = expect_error(lambda: is_cached(spark, "cache_no_such_view"))
        out["uncache_missing"] = expect_error(lambda: spark.catalog.uncacheTable("cache_no_such_view"))
        return out
    finally:
        spark.catalog.clearCache()
        spark.catalog.dropTempView("cache_v")


@case
def case_cache_sql_statements(spark):
    try:
        out = {"cache_as": df_result(spark.sql("CACHE TABLE cache_w AS SELECT id * 3 AS z FROM range(5)"))}
        out["is_cached"] = is_cached(spark, "cache_w")
        out["rows"] = df_result(spark.table("cache_w"), sort=True)
        spark.sql("UNCACHE TABLE cache_w")
        out["uncached"] = is_cached(spark, "cache_w")
        spark.sql("CACHE LAZY TABLE cache_w OPTIONS ('storageLevel' 'DISK_ONLY')")
        out["lazy"] = [is_cached(spark, "cache_w"), level(spark.table("cache_w"))]
        spark.sql("CLEAR CACHE")
        out["cleared"] = is_cached(spark, "cache_w")
        out["uncache_if_exists"] = df_result(spark.sql("UNCACHE TABLE IF EXISTS cache_no_such"))
        out["uncache_missing"] = expect_error(lambda: spark.sql("UNCACHE TABLE cache_no_such").collect())
        out["bad_level"] = expect_error(
            lambda: spark.sql("CACHE TABLE cache_w OPTIONS ('storageLevel' 'SOMETIMES')").collect())
        return out
    finally:
        spark.sql("CLEAR CACHE")
        spark.catalog.dropTempView("cache_w")


@case(min_client=(4, 0))
def case_cache_checkpoints(spark):
    df = spark.range(0, 30).selectExpr("id", "id % 4 AS k")
    local = df.localCheckpoint()
    lazy = df.localCheckpoint(eager=False)
    return {
        "local": df_result(local.groupBy("k").count(), sort=True),
        "lazy": df_result(lazy.filter("k = 1"), sort=True),
        "columns": local.columns,
        # The recording server (like the test server) has no spark.checkpoint.dir.
        "no_dir": expect_error(lambda: df.checkpoint()),
        "no_dir_lazy": expect_error(lambda: df.checkpoint(eager=False)),
    }
