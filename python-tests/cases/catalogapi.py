"""The `spark.catalog` API over Spark Connect's Catalog relation. Each case drops what it creates."""

from support import expect_error

from ._base import case


def _py(v):
    """Plain Python values (the 3.5 client returns numpy scalars from pandas)."""
    if isinstance(v, dict):
        return {k: _py(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_py(x) for x in v]
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return v.item()
    return v


def _strip(objs, drop=("locationUri", "isCluster")):
    return sorted(
        [_py({k: v for k, v in o._asdict().items() if k not in drop}) for o in objs],
        key=lambda d: str(d),
    )


@case
def case_catalogapi_databases(spark):
    try:
        spark.sql("CREATE DATABASE capi_db COMMENT 'cd'").collect()
        return {
            "current": spark.catalog.currentDatabase(),
            "list": _strip(spark.catalog.listDatabases("capi*")),
            "get": _strip([spark.catalog.getDatabase("capi_db")]),
            "exists": _py([spark.catalog.databaseExists("capi_db"), spark.catalog.databaseExists("capi_no")]),
            "get_missing": expect_error(lambda: spark.catalog.getDatabase("capi_no")),
            "set_missing": expect_error(lambda: spark.catalog.setCurrentDatabase("capi_no")),
        }
    finally:
        spark.catalog.setCurrentDatabase("default")
        spark.sql("DROP DATABASE IF EXISTS capi_db CASCADE").collect()


@case
def case_catalogapi_tables(spark):
    try:
        spark.sql("CREATE DATABASE capi_db2").collect()
        spark.sql("CREATE TABLE capi_db2.t (a INT NOT NULL, b STRING COMMENT 'bc', p INT) "
                  "USING parquet PARTITIONED BY (p) COMMENT 'tc'").collect()
        spark.sql("CREATE OR REPLACE TEMP VIEW capi_tv AS SELECT 1 AS x").collect()
        spark.catalog.setCurrentDatabase("capi_db2")
        out = {
            "current": spark.catalog.currentDatabase(),
            # Other cases' temp views share the session: only this case's names.
            "list": [t for t in _strip(spark.catalog.listTables())
                     if t["name"] in ("t", "capi_tv")],
            "list_db": _strip(spark.catalog.listTables("capi_db2", "t*")),
            "get": _strip([spark.catalog.getTable("capi_db2.t")]),
            "get_temp": _strip([spark.catalog.getTable("capi_tv")]),
            "columns": _strip(spark.catalog.listColumns("capi_db2.t")),
            "temp_columns": _strip(spark.catalog.listColumns("capi_tv")),
            "exists": [spark.catalog.tableExists("t"), spark.catalog.tableExists("capi_db2.t"),
                       spark.catalog.tableExists("nope"), spark.catalog.tableExists("capi_tv")],
            "get_missing": expect_error(lambda: spark.catalog.getTable("nope")),
            "refresh": spark.catalog.refreshTable("capi_db2.t"),
            "drop_temp": [spark.catalog.dropTempView("capi_tv"), spark.catalog.dropTempView("capi_tv")],
        }
        return _py(out)
    finally:
        spark.catalog.setCurrentDatabase("default")
        spark.sql("DROP VIEW IF EXISTS capi_tv").collect()
        spark.sql("DROP DATABASE IF EXISTS capi_db2 CASCADE").collect()


@case
def case_catalogapi_create_table(spark):
    from pyspark.sql.types import IntegerType, LongType, StructField, StructType

    # (A string column shows as `string collate UTF8_BINARY` in Spark 4.3 here; not mirrored.)
    schema = StructType([StructField("a", IntegerType()), StructField("b", LongType())])
    try:
        spark.catalog.createTable("capi_ct", schema=schema, source="parquet", description="d")
        return _py({
            "table": _strip([spark.catalog.getTable("capi_ct")]),
            "rows": spark.table("capi_ct").collect(),
            "columns": _strip(spark.catalog.listColumns("capi_ct")),
        })
    finally:
        spark.sql("DROP TABLE IF EXISTS capi_ct").collect()


@case
def case_catalogapi_global_temp_and_catalogs(spark):
    try:
        spark.range(3).createOrReplaceGlobalTempView("capi_gv")
        return _py({
            "read": sorted(r[0] for r in spark.table("global_temp.capi_gv").collect()),
            "drop": [spark.catalog.dropGlobalTempView("capi_gv"),
                     spark.catalog.dropGlobalTempView("capi_gv")],
            "catalog": spark.catalog.currentCatalog(),
            "catalogs": [c.name for c in spark.catalog.listCatalogs()],
            "set_catalog": spark.catalog.setCurrentCatalog("spark_catalog"),
            "functions": sorted(f.name for f in spark.catalog.listFunctions(pattern="array_con*")),
            "function_exists": [spark.catalog.functionExists("abs"),
                                spark.catalog.functionExists("capi_nope")],
        })
    finally:
        spark.catalog.dropGlobalTempView("capi_gv")
