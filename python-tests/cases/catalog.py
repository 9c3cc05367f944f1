"""The catalog's SQL statements: databases, tables, views, SHOW/DESCRIBE, name resolution.
Every case uses its own names and drops what it creates. Locations and creation times differ
between servers, so rows carrying them are masked."""

import os
import tempfile

from support import df_result, expect_error

from ._base import case


def _masked(df):
    """Rows as lists, with locations and creation details masked (they differ per server)."""
    out = []
    for r in df.collect():
        row = []
        for v in r:
            if isinstance(v, str) and "file:" in v:
                v = "<location>"
            row.append(v)
        if row and row[0] in ("Created Time", "Created By", "Owner"):
            row = [row[0], "<masked>"] + row[2:]
        out.append(row)
    return {"columns": df.columns, "rows": out}


def _sql_all(spark, statements):
    for s in statements:
        spark.sql(s).collect()


def _parquet_dir(rows):
    """A directory with one Parquet file written by the client (pyarrow)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    d = tempfile.mkdtemp(prefix="catalog-case-")
    pq.write_table(pa.table(rows), os.path.join(d, "part-0.parquet"))
    return d


@case
def case_catalog_databases(spark):
    try:
        _sql_all(spark, ["CREATE DATABASE cat_db1 COMMENT 'c1' WITH DBPROPERTIES ('a'='b')",
                         "CREATE DATABASE IF NOT EXISTS cat_db1"])
        return {
            "show": df_result(spark.sql("SHOW DATABASES LIKE 'cat_db*'")),
            "desc": _masked(spark.sql("DESCRIBE DATABASE EXTENDED cat_db1")),
            "again": expect_error(lambda: spark.sql("CREATE DATABASE cat_db1").collect()),
            "use_missing": expect_error(lambda: spark.sql("USE cat_nope").collect()),
            "drop_missing": expect_error(lambda: spark.sql("DROP DATABASE cat_nope").collect()),
            "drop_if_exists": df_result(spark.sql("DROP DATABASE IF EXISTS cat_nope")),
        }
    finally:
        spark.sql("DROP DATABASE IF EXISTS cat_db1 CASCADE").collect()


@case
def case_catalog_tables_ddl(spark):
    try:
        _sql_all(spark, [
            "CREATE DATABASE cat_db2",
            "CREATE TABLE cat_db2.t1 (a INT COMMENT 'ca', b STRING, p INT) USING parquet "
            "PARTITIONED BY (p) COMMENT 'tc' TBLPROPERTIES ('k'='v')",
            "CREATE TABLE cat_db2.t2 (a INT) USING parquet",
        ])
        out = {
            "again": expect_error(lambda: spark.sql("CREATE TABLE cat_db2.t1 (a INT) USING parquet").collect()),
            "if_not_exists": df_result(spark.sql("CREATE TABLE IF NOT EXISTS cat_db2.t1 (a INT) USING parquet")),
            "show": df_result(spark.sql("SHOW TABLES IN cat_db2 LIKE 't*'")),
            "show_like": df_result(spark.sql("SHOW TABLES IN cat_db2 LIKE 't1|x*'")),
            "describe": df_result(spark.sql("DESCRIBE cat_db2.t1")),
            "describe_ext": _masked(spark.sql("DESCRIBE TABLE EXTENDED cat_db2.t1")),
            "create_stmt": df_result(spark.sql("SHOW CREATE TABLE cat_db2.t1")),
            "props": df_result(spark.sql("SHOW TBLPROPERTIES cat_db2.t1")),
            "prop_k": df_result(spark.sql("SHOW TBLPROPERTIES cat_db2.t1 ('k')")),
            "prop_missing": df_result(spark.sql("SHOW TBLPROPERTIES cat_db2.t1 ('zz')")),
            "columns": df_result(spark.sql("SHOW COLUMNS IN cat_db2.t1")),
            "partitions": df_result(spark.sql("SHOW PARTITIONS cat_db2.t1")),
            "not_partitioned": expect_error(lambda: spark.sql("SHOW PARTITIONS cat_db2.t2").collect()),
            "empty_read": df_result(spark.sql("SELECT a, b FROM spark_catalog.cat_db2.t1")),
            "not_empty": expect_error(lambda: spark.sql("DROP DATABASE cat_db2").collect()),
        }
        _sql_all(spark, [
            "ALTER TABLE cat_db2.t2 RENAME TO t3",
            "ALTER TABLE cat_db2.t3 ADD COLUMNS (c STRING COMMENT 'cc')",
            "ALTER TABLE cat_db2.t3 SET TBLPROPERTIES ('x'='1', 'y'='2')",
            "ALTER TABLE cat_db2.t3 UNSET TBLPROPERTIES ('x', 'nox')",
            "CREATE TABLE cat_db2.t4 LIKE cat_db2.t3",
            "REFRESH TABLE cat_db2.t4",
        ])
        out["altered"] = df_result(spark.sql("DESCRIBE cat_db2.t3"))
        out["altered_props"] = df_result(spark.sql("SHOW TBLPROPERTIES cat_db2.t3"))
        out["like"] = _masked(spark.sql("DESCRIBE EXTENDED cat_db2.t4"))
        out["after"] = df_result(spark.sql("SHOW TABLES IN cat_db2 LIKE 't*'"))
        out["drop_missing"] = expect_error(lambda: spark.sql("DROP TABLE cat_db2.nope").collect())
        out["drop_if_exists"] = df_result(spark.sql("DROP TABLE IF EXISTS cat_db2.nope"))
        out["read_missing"] = expect_error(lambda: spark.sql("SELECT * FROM cat_db2.nope").collect())
        out["read_missing_db"] = expect_error(lambda: spark.table("cat_nope.t").collect())
        return out
    finally:
        spark.sql("DROP DATABASE IF EXISTS cat_db2 CASCADE").collect()


@case
def case_catalog_external_parquet(spark):
    d = _parquet_dir({"id": [1, 2, 3], "name": ["a", "b", None]})
    try:
        spark.sql(f"CREATE TABLE cat_ext (id BIGINT, name STRING) USING parquet LOCATION '{d}' "
                  "OPTIONS ('o'='1')").collect()
        return {
            "sql": df_result(spark.sql("SELECT * FROM cat_ext"), sort=True),
            "qualified": df_result(spark.sql("SELECT c.id FROM default.CAT_EXT c WHERE id > 1"), sort=True),
            "table": df_result(spark.table("spark_catalog.default.cat_ext"), sort=True),
            "read_table": df_result(spark.read.table("cat_ext").select("name"), sort=True),
            "desc": _masked(spark.sql("DESCRIBE EXTENDED cat_ext")),
            "create_stmt": _masked(spark.sql("SHOW CREATE TABLE cat_ext")),
        }
    finally:
        spark.sql("DROP TABLE IF EXISTS cat_ext").collect()


@case
def case_catalog_views(spark):
    try:
        _sql_all(spark, [
            "CREATE DATABASE cat_db3",
            "USE cat_db3",
            "CREATE TABLE t1 (a INT, b STRING) USING parquet",
            "CREATE VIEW v1 AS SELECT a, b FROM t1",
            "CREATE OR REPLACE TEMP VIEW cat_tv AS SELECT 1 AS x",
            "CREATE OR REPLACE GLOBAL TEMP VIEW cat_gv AS SELECT 2 AS y",
        ])
        return {
            "current": spark.catalog.currentDatabase(),
            # Other cases' temp views share the session: only this case's names.
            "tables": df_result(spark.sql("SHOW TABLES LIKE 'cat*|v*'")),
            "views": df_result(spark.sql("SHOW VIEWS LIKE 'cat*|v*'")),
            "global": df_result(spark.sql("SHOW TABLES IN global_temp LIKE 'cat*'")),
            "read_global": df_result(spark.sql("SELECT * FROM global_temp.cat_gv")),
            "read_temp": df_result(spark.table("CAT_TV")),
            "read_view": df_result(spark.sql("SELECT * FROM cat_db3.v1")),
            "describe_view": df_result(spark.sql("DESCRIBE v1").select("col_name", "data_type")),
            "view_again": expect_error(lambda: spark.sql("CREATE VIEW v1 AS SELECT 1").collect()),
            "drop_view_of_table": expect_error(lambda: spark.sql("DROP VIEW t1").collect()),
            "drop_missing_view": expect_error(lambda: spark.sql("DROP VIEW nope").collect()),
            "describe_query": df_result(spark.sql("DESCRIBE QUERY SELECT 1 AS a, 'x' AS b")),
            "drop_view": df_result(spark.sql("DROP VIEW v1")),
            "after": df_result(spark.sql("SHOW VIEWS LIKE 'v*'")),
        }
    finally:
        _sql_all(spark, ["USE default", "DROP DATABASE IF EXISTS cat_db3 CASCADE",
                         "DROP VIEW IF EXISTS cat_tv", "DROP VIEW IF EXISTS global_temp.cat_gv"])


@case
def case_catalog_temp_shadows_table(spark):
    try:
        _sql_all(spark, [
            "CREATE TABLE cat_shadow (a INT) USING parquet",
            "CREATE TEMP VIEW cat_shadow AS SELECT 'temp' AS s",
        ])
        first = df_result(spark.table("cat_shadow"))
        spark.sql("DROP VIEW cat_shadow").collect()
        return {"temp": first, "table": df_result(spark.table("cat_shadow"))}
    finally:
        spark.catalog.dropTempView("cat_shadow")
        spark.sql("DROP TABLE IF EXISTS cat_shadow").collect()


@case
def case_catalog_functions(spark):
    return {
        "show": df_result(spark.sql("SHOW FUNCTIONS LIKE 'array_con*'")),
        "describe_missing": expect_error(lambda: spark.sql("DESCRIBE FUNCTION cat_nope").collect()),
    }
