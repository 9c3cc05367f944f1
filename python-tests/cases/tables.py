"""Table writes: CREATE TABLE AS SELECT, INSERT INTO/OVERWRITE [PARTITION], TRUNCATE TABLE,
df.write.saveAsTable/insertInto and df.writeTo(...). Every case uses its own table names and
drops them. Directory layouts are shown relative to the table's location, file names reduced to
their kind (part files vary in number and names between servers)."""

import os

from pyspark.sql import functions as F

from support import df_result, expect_error

from ._base import case


def _sql_all(spark, statements):
    for s in statements:
        spark.sql(s).collect()


def _drop(spark, *names):
    for n in names:
        spark.sql(f"DROP TABLE IF EXISTS {n}").collect()


def _location(spark, table):
    for r in spark.sql(f"DESCRIBE TABLE EXTENDED {table}").collect():
        if r[0] == "Location":
            v = r[1]
            return v[len("file:"):] if v.startswith("file:") else v
    return None


def _layout(spark, table):
    """The table directory's entries: partition directories and the kinds of files in each."""
    root = _location(spark, table)
    out = set()
    for d, _, files in os.walk(root):
        rel = os.path.relpath(d, root)
        for f in files:
            if f.startswith(".") or f.endswith(".crc"):
                continue
            kind = f if f.startswith("_") else "part" + f[f.rfind("c000") + 4:]
            out.add(f"{rel}/{kind}")
    return sorted(out)


def _table(spark, name):
    return df_result(spark.table(name), sort=True)


@case
def case_tables_ctas(spark):
    try:
        _sql_all(spark, [
            "CREATE TABLE tbl_c1 USING parquet AS SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, 'y'",
            "CREATE TABLE tbl_c2 USING parquet PARTITIONED BY (k) AS "
            "SELECT 'k1' AS k, 1 AS a, CAST(1.5 AS DOUBLE) AS d UNION ALL SELECT 'k2', 2, 2.5D",
            "CREATE TABLE IF NOT EXISTS tbl_c1 USING parquet AS SELECT 9 AS z",
        ])
        return {
            "c1": _table(spark, "tbl_c1"),
            "c1_sql": df_result(spark.sql("SELECT b, a * 10 AS x FROM tbl_c1"), sort=True),
            "c1_layout": _layout(spark, "tbl_c1"),
            "c2": _table(spark, "tbl_c2"),
            "c2_desc": df_result(spark.sql("DESCRIBE tbl_c2")),
            "c2_partitions": df_result(spark.sql("SHOW PARTITIONS tbl_c2")),
            "c2_layout": _layout(spark, "tbl_c2"),
            "again": expect_error(lambda: spark.sql(
                "CREATE TABLE tbl_c1 USING parquet AS SELECT 1 AS a").collect()),
            "replace": expect_error(lambda: spark.sql(
                "CREATE OR REPLACE TABLE tbl_c1 USING parquet AS SELECT 5 AS z").collect()),
            "bad_partition": expect_error(lambda: spark.sql(
                "CREATE TABLE tbl_c3 USING parquet PARTITIONED BY (nope) AS SELECT 1 AS a").collect()),
            "c3_absent": bool(spark.catalog.tableExists("tbl_c3")),
            "dup_columns": expect_error(lambda: spark.sql(
                "CREATE TABLE tbl_c4 USING parquet AS SELECT 1 AS a, 2 AS A").collect()),
            "c4_absent": bool(spark.catalog.tableExists("tbl_c4")),
        }
    finally:
        _drop(spark, "tbl_c1", "tbl_c2", "tbl_c3", "tbl_c4")


@case
def case_tables_ctas_in_database(spark):
    try:
        _sql_all(spark, [
            "CREATE DATABASE tbl_db1",
            "CREATE TABLE tbl_db1.t USING parquet AS SELECT id, id * 2 AS twice FROM range(3)",
            "INSERT INTO tbl_db1.t SELECT 10, 20",
        ])
        loc = _location(spark, "tbl_db1.t")
        return {
            "rows": _table(spark, "tbl_db1.t"),
            "in_db_dir": loc.rstrip("/").endswith("tbl_db1.db/t"),
        }
    finally:
        spark.sql("DROP DATABASE IF EXISTS tbl_db1 CASCADE").collect()


@case
def case_tables_insert(spark):
    try:
        _sql_all(spark, [
            "CREATE TABLE tbl_i1 (a INT, b STRING) USING parquet",
            "INSERT INTO tbl_i1 VALUES (1, 'x'), (2, 'y')",
            "INSERT INTO TABLE tbl_i1 SELECT 3L, 'z'",
            "INSERT INTO tbl_i1 SELECT 2.7D, 'trunc'",
            "INSERT INTO tbl_i1 (b, a) VALUES ('w', 9)",
            "INSERT INTO tbl_i1 (b) VALUES ('only_b')",
            "INSERT INTO tbl_i1 SELECT 5, 42",
        ])
        out = {
            "after_inserts": _table(spark, "tbl_i1"),
            "cast_error": expect_error(lambda: spark.sql(
                "INSERT INTO tbl_i1 VALUES ('z', 3)").collect()),
            "too_few": expect_error(lambda: spark.sql("INSERT INTO tbl_i1 VALUES (1)").collect()),
            "too_many": expect_error(lambda: spark.sql(
                "INSERT INTO tbl_i1 VALUES (1, 'a', 2)").collect()),
            "overflow": expect_error(lambda: spark.sql(
                "INSERT INTO tbl_i1 SELECT 3000000000L, 'q'").collect()),
            "bool_to_int": expect_error(lambda: spark.sql(
                "INSERT INTO tbl_i1 SELECT true, 'q'").collect()),
            "missing_table": expect_error(lambda: spark.sql(
                "INSERT INTO tbl_nope VALUES (1)").collect()),
            "unchanged": _table(spark, "tbl_i1"),
        }
        spark.sql("INSERT OVERWRITE tbl_i1 VALUES (100, 'new')").collect()
        out["overwritten"] = _table(spark, "tbl_i1")
        out["layout"] = _layout(spark, "tbl_i1")
        out["overwrite_self"] = expect_error(lambda: spark.sql(
            "INSERT OVERWRITE TABLE tbl_i1 SELECT a, b FROM tbl_i1 WHERE a < 0").collect())
        spark.sql("INSERT OVERWRITE TABLE tbl_i1 SELECT 1, 'q' WHERE false").collect()
        out["overwritten_empty"] = _table(spark, "tbl_i1")
        return out
    finally:
        _drop(spark, "tbl_i1")


@case
def case_tables_insert_partitions(spark):
    try:
        _sql_all(spark, [
            "CREATE TABLE tbl_p1 (a INT, p INT, q STRING) USING parquet PARTITIONED BY (p, q)",
            "INSERT INTO tbl_p1 PARTITION (p=1, q='a') VALUES (10)",
            "INSERT INTO tbl_p1 PARTITION (p=1, q) VALUES (11, 'b')",
            "INSERT INTO tbl_p1 PARTITION (p, q) VALUES (20, 2, 'a')",
            "INSERT INTO tbl_p1 VALUES (30, 3, 'c'), (31, NULL, 'c')",
        ])
        out = {
            "rows": _table(spark, "tbl_p1"),
            "partitions": df_result(spark.sql("SHOW PARTITIONS tbl_p1")),
            "layout": _layout(spark, "tbl_p1"),
            "arity": expect_error(lambda: spark.sql(
                "INSERT INTO tbl_p1 PARTITION (p=5, q='x') VALUES (50, 5)").collect()),
            "not_partition": expect_error(lambda: spark.sql(
                "INSERT INTO tbl_p1 PARTITION (a=5) VALUES (1, 'x')").collect()),
        }
        # Static overwrite of one partition keeps the others.
        spark.sql("INSERT OVERWRITE tbl_p1 PARTITION (p=1, q='a') VALUES (12)").collect()
        out["static_one"] = _table(spark, "tbl_p1")
        spark.sql("INSERT OVERWRITE tbl_p1 PARTITION (p=1, q) VALUES (13, 'z')").collect()
        out["static_prefix"] = _table(spark, "tbl_p1")
        spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
        try:
            spark.sql("INSERT OVERWRITE tbl_p1 VALUES (21, 2, 'a'), (40, 4, 'd')").collect()
            out["dynamic"] = _table(spark, "tbl_p1")
        finally:
            spark.conf.unset("spark.sql.sources.partitionOverwriteMode")
        spark.sql("TRUNCATE TABLE tbl_p1 PARTITION (p=2, q='a')").collect()
        out["truncated_partition"] = _table(spark, "tbl_p1")
        # Static mode without a partition spec replaces every partition.
        spark.sql("INSERT OVERWRITE tbl_p1 VALUES (50, 5, 'e')").collect()
        out["static_all"] = _table(spark, "tbl_p1")
        out["static_all_partitions"] = df_result(spark.sql("SHOW PARTITIONS tbl_p1"))
        spark.sql("TRUNCATE TABLE tbl_p1").collect()
        out["truncated"] = _table(spark, "tbl_p1")
        return out
    finally:
        _drop(spark, "tbl_p1")


@case
def case_tables_truncate(spark):
    try:
        _sql_all(spark, [
            "CREATE TABLE tbl_t1 USING parquet AS SELECT 1 AS a",
            "TRUNCATE TABLE tbl_t1",
        ])
        out = {
            "empty": _table(spark, "tbl_t1"),
            "layout": _layout(spark, "tbl_t1"),
            "missing": expect_error(lambda: spark.sql("TRUNCATE TABLE tbl_nope").collect()),
        }
        spark.sql("INSERT INTO tbl_t1 VALUES (7)").collect()
        out["refilled"] = _table(spark, "tbl_t1")
        return out
    finally:
        _drop(spark, "tbl_t1")


@case
def case_tables_save_as_table(spark):
    df = spark.createDataFrame([(1, "a")], ["x", "y"])
    try:
        df.write.saveAsTable("tbl_s1")
        out = {
            "created": _table(spark, "tbl_s1"),
            "exists": expect_error(lambda: df.write.saveAsTable("tbl_s1")),
            "exists_error_mode": expect_error(lambda: df.write.mode("error").saveAsTable("tbl_s1")),
        }
        df.write.mode("ignore").saveAsTable("tbl_s1")
        out["ignored"] = _table(spark, "tbl_s1")
        spark.createDataFrame([("b", 2)], ["y", "x"]).write.mode("append").saveAsTable("tbl_s1")
        out["appended_by_name"] = _table(spark, "tbl_s1")
        spark.createDataFrame([(7.5,)], ["q"]).write.mode("overwrite").saveAsTable("tbl_s1")
        out["overwritten"] = _table(spark, "tbl_s1")
        out["overwritten_desc"] = df_result(spark.sql("DESCRIBE tbl_s1"))
        return out
    finally:
        _drop(spark, "tbl_s1")


@case
def case_tables_save_as_table_partitioned(spark):
    df = spark.createDataFrame([(1, "a", 10), (2, "b", 20), (3, "a", 30)], ["id", "k", "v"])
    try:
        df.write.partitionBy("k").format("parquet").saveAsTable("tbl_s2")
        df.filter("id = 2").write.mode("append").partitionBy("k").saveAsTable("tbl_s2")
        return {
            "rows": _table(spark, "tbl_s2"),
            "desc": df_result(spark.sql("DESCRIBE tbl_s2")),
            "partitions": df_result(spark.sql("SHOW PARTITIONS tbl_s2")),
            "layout": _layout(spark, "tbl_s2"),
            "filtered": df_result(spark.sql("SELECT id FROM tbl_s2 WHERE k = 'a'"), sort=True),
        }
    finally:
        _drop(spark, "tbl_s2")


@case
def case_tables_insert_into(spark):
    try:
        spark.sql("CREATE TABLE tbl_ii (a BIGINT, b STRING) USING parquet").collect()
        df = spark.createDataFrame([("x", 1)], ["b", "a"])
        out = {
            # By position: the string goes to `a`.
            "by_position": expect_error(lambda: df.write.insertInto("tbl_ii")),
        }
        spark.createDataFrame([(1, "x"), (2, "y")], ["p", "q"]).write.insertInto("tbl_ii")
        out["inserted"] = _table(spark, "tbl_ii")
        spark.createDataFrame([(3, "z")], ["p", "q"]).write.insertInto("tbl_ii", overwrite=True)
        out["overwritten"] = _table(spark, "tbl_ii")
        out["partition_by"] = expect_error(
            lambda: df.write.partitionBy("a").insertInto("tbl_ii"))
        out["missing"] = expect_error(lambda: df.write.insertInto("tbl_nope"))
        out["arity"] = expect_error(lambda: spark.range(1).write.insertInto("tbl_ii"))
        return out
    finally:
        _drop(spark, "tbl_ii")


@case
def case_tables_write_to(spark):
    df = spark.createDataFrame([(1, "a"), (2, "b")], ["x", "y"])
    try:
        df.writeTo("tbl_w1").create()
        df.writeTo("tbl_w2").using("parquet").partitionedBy("y").tableProperty("k", "v").create()
        return {
            "w1": _table(spark, "tbl_w1"),
            "w2": _table(spark, "tbl_w2"),
            "w2_partitions": df_result(spark.sql("SHOW PARTITIONS tbl_w2")),
            "w2_props": df_result(spark.sql("SHOW TBLPROPERTIES tbl_w2 ('k')")),
            "exists": expect_error(lambda: df.writeTo("tbl_w1").create()),
            "append_missing": expect_error(lambda: df.writeTo("tbl_nope").append()),
            "replace": expect_error(lambda: df.writeTo("tbl_w1").replace()),
            "create_or_replace": expect_error(lambda: df.writeTo("tbl_w1").createOrReplace()),
            "transform": expect_error(
                lambda: df.writeTo("tbl_w3").partitionedBy(F.years("x")).create()),
            "unchanged": _table(spark, "tbl_w1"),
        }
    finally:
        _drop(spark, "tbl_w1", "tbl_w2", "tbl_w3")


@case
def case_tables_drop_deletes_managed_data(spark):
    try:
        spark.sql("CREATE TABLE tbl_d1 USING parquet AS SELECT 1 AS a").collect()
        loc = _location(spark, "tbl_d1")
        spark.sql("DROP TABLE tbl_d1").collect()
        gone = not os.path.exists(loc)
        spark.sql("CREATE TABLE tbl_d1 USING parquet AS SELECT 2 AS b").collect()
        return {"gone": gone, "again": _table(spark, "tbl_d1")}
    finally:
        _drop(spark, "tbl_d1")


@case(min_client=(4, 0))
def case_tables_legacy_errors(spark):
    """Spark's legacy error classes (the 3.5 client cannot tell them: no class in the text)."""
    df = spark.createDataFrame([(1, "a")], ["x", "y"])
    try:
        df.write.saveAsTable("tbl_l1")
        spark.sql("CREATE VIEW tbl_l1_view AS SELECT * FROM tbl_l1").collect()
        return {
            "truncate_not_partitioned": expect_error(lambda: spark.sql(
                "TRUNCATE TABLE tbl_l1 PARTITION (x=1)").collect()),
            "append_fewer": expect_error(lambda: spark.createDataFrame(
                [(2,)], ["x"]).write.mode("append").saveAsTable("tbl_l1")),
            "append_other_name": expect_error(lambda: spark.createDataFrame(
                [(2, "a")], ["x", "z"]).write.mode("append").saveAsTable("tbl_l1")),
            "append_other_format": expect_error(
                lambda: df.write.mode("append").format("json").saveAsTable("tbl_l1")),
            "append_other_partitioning": expect_error(
                lambda: df.write.mode("append").partitionBy("y").saveAsTable("tbl_l1")),
            "write_to_append_v1": expect_error(lambda: df.writeTo("tbl_l1").append()),
            "write_to_overwrite_v1": expect_error(
                lambda: df.writeTo("tbl_l1").overwrite(F.col("x") == 1)),
            "write_to_overwrite_partitions_v1": expect_error(
                lambda: df.writeTo("tbl_l1").overwritePartitions()),
            "save_into_view": expect_error(
                lambda: df.write.mode("append").saveAsTable("tbl_l1_view")),
            "ctas_with_columns": expect_error(lambda: spark.sql(
                "CREATE TABLE tbl_l2 (a INT) USING parquet AS SELECT 1 AS a").collect()),
            "unchanged": _table(spark, "tbl_l1"),
        }
    finally:
        spark.sql("DROP VIEW IF EXISTS tbl_l1_view").collect()
        _drop(spark, "tbl_l1", "tbl_l2")


@case
def case_tables_external(spark):
    import tempfile
    d1 = os.path.join(tempfile.mkdtemp(prefix="tables-case-"), "ext1")
    d2 = os.path.join(tempfile.mkdtemp(prefix="tables-case-"), "ext2")
    df = spark.createDataFrame([(1, "a")], ["x", "y"])
    try:
        spark.sql(f"CREATE TABLE tbl_e1 USING parquet LOCATION '{d1}' AS SELECT 1 AS a").collect()
        df.write.option("path", d2).saveAsTable("tbl_e2")
        spark.sql("CREATE OR REPLACE TEMP VIEW tbl_e2_view AS SELECT * FROM tbl_e2").collect()
        out = {
            "e1": _table(spark, "tbl_e1"),
            "e1_type": [r[1] for r in spark.sql("DESCRIBE EXTENDED tbl_e1").collect()
                        if r[0] == "Type"],
            "e2_type": [r[1] for r in spark.sql("DESCRIBE EXTENDED tbl_e2").collect()
                        if r[0] == "Type"],
            "e2_at_path": _location(spark, "tbl_e2").rstrip("/") == d2,
            "overwrite_self": expect_error(
                lambda: spark.table("tbl_e2").write.mode("overwrite").saveAsTable("tbl_e2")),
            "insert_into_view": expect_error(lambda: spark.sql(
                "INSERT INTO tbl_e2_view VALUES (1, 'b')").collect()),
        }
        spark.table("tbl_e2").write.mode("append").saveAsTable("tbl_e2")
        out["self_append"] = _table(spark, "tbl_e2")
        spark.sql("DROP TABLE tbl_e1").collect()
        spark.sql("DROP TABLE tbl_e2").collect()
        # External data stays after DROP TABLE.
        out["kept"] = sorted(f for f in os.listdir(d1) if f == "_SUCCESS")
        out["kept_rows"] = df_result(spark.read.parquet(d2), sort=True)
        return out
    finally:
        spark.catalog.dropTempView("tbl_e2_view")
        _drop(spark, "tbl_e1", "tbl_e2")


@case
def case_tables_failed_writes(spark):
    """A write failing at run time leaves no table (CTAS) or the table as it was (INSERT)."""
    try:
        out = {
            "ctas": expect_error(lambda: spark.sql(
                "CREATE TABLE tbl_f1 USING parquet AS SELECT CAST(s AS INT) AS a "
                "FROM VALUES ('1'), ('x') AS v(s)").collect()),
            "ctas_absent": bool(spark.catalog.tableExists("tbl_f1")),
        }
        spark.sql("CREATE TABLE tbl_f1 USING parquet AS SELECT 1 AS a").collect()
        out["insert_overwrite"] = expect_error(lambda: spark.sql(
            "INSERT OVERWRITE tbl_f1 SELECT CAST(s AS INT) FROM VALUES ('2'), ('x') AS v(s)"
        ).collect())
        out["kept"] = _table(spark, "tbl_f1")
        return out
    finally:
        _drop(spark, "tbl_f1")


@case
def case_tables_orc(spark):
    try:
        _sql_all(spark, [
            "CREATE TABLE tbl_o1 (a INT, b STRING, ts TIMESTAMP) USING orc PARTITIONED BY (b)",
            "INSERT INTO tbl_o1 VALUES (1, TIMESTAMP'2024-01-02 03:04:05', 'x'), (2, NULL, 'y')",
            "INSERT OVERWRITE tbl_o1 PARTITION (b = 'y') SELECT 3, NULL",
            "CREATE TABLE tbl_o2 USING orc AS SELECT id, CAST(id AS STRING) AS s FROM range(3)",
        ])
        spark.range(2).selectExpr("id", "id * 1.5D AS d").write.format("orc").saveAsTable("tbl_o3")
        return {
            "o1": _table(spark, "tbl_o1"),
            "o1_layout": _layout(spark, "tbl_o1"),
            "o1_provider": [r[1] for r in spark.sql("DESCRIBE TABLE EXTENDED tbl_o1").collect()
                            if r[0] == "Provider"],
            "o2": _table(spark, "tbl_o2"),
            "o2_layout": _layout(spark, "tbl_o2"),
            "o3": _table(spark, "tbl_o3"),
            "o3_sql": df_result(spark.sql("SELECT sum(d) FROM tbl_o3")),
        }
    finally:
        _drop(spark, "tbl_o1", "tbl_o2", "tbl_o3")
