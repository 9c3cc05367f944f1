"""File formats (issue 6): `input_file_name()`, `input_file_block_start/length()` and the
`_metadata` column over file reads of every format, `SELECT * FROM fmt.`path`` (SQL on files),
ORC and Avro, CSV `enforceSchema=false` and non-UTF-8 encodings.

Files are written by the case into a fixed directory (`/tmp/sabot_formats/<case>`, so paths in
the results are the same on Spark and Sabot) with fixed modification times, and removed
afterwards. Files written by real Spark 4.3.0 are read from `python-tests/fixtures/spark-4.3.0/`.
"""

import contextlib
import os
import shutil

from pyspark.sql import functions as F

from support import df_result, expect_error

from ._base import case, utc

ROOT = "/tmp/sabot_formats"
FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures",
                        "spark-4.3.0")
# 2024-01-02 03:04:05.678 UTC: file modification times (milliseconds, as Hadoop keeps them).
MTIME_NS = 1704164645678000000


@contextlib.contextmanager
def files(name, spec):
    """`ROOT/name` holding `spec` (relative name -> str or bytes) with modification time MTIME_NS."""
    d = os.path.join(ROOT, name)
    shutil.rmtree(d, ignore_errors=True)
    try:
        for rel, content in spec.items():
            p = os.path.join(d, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(content if isinstance(content, bytes) else content.encode("utf-8"))
            os.utime(p, ns=(MTIME_NS, MTIME_NS))
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


def result(df, sort=True):
    """Columns, schema, rows and the columns' nullability."""
    r = df_result(df, sort=sort)
    r["nullable"] = [f.nullable for f in df.schema.fields]
    return r


CSV_FILES = {"y=1/a b.csv": "1,x\n2,y\n", "y=2/c.csv": "3,z\n"}


def input_file():
    return [F.input_file_name(), F.input_file_block_start(), F.input_file_block_length()]

# --------------------------------------------------------------------------------------------
# input_file_name() and _metadata


@case
def case_formats_input_file_csv(spark):
    with files("input_csv", CSV_FILES) as d:
        return result(spark.read.csv(d).select("*", *input_file()))


@case
def case_formats_metadata_csv(spark):
    with utc(spark), files("metadata_csv", CSV_FILES) as d:
        return result(spark.read.csv(d).select("*", "_metadata"))


@case
def case_formats_metadata_fields(spark):
    with utc(spark), files("metadata_fields", CSV_FILES) as d:
        df = spark.read.csv(d).select("_c0", "_metadata.file_name", "_metadata.file_path",
                                      "_metadata.file_size", "_metadata.file_modification_time")
        return result(df)


@case
def case_formats_metadata_json_text(spark):
    spec = {"a.json": '{"a": 1}\n{"a": 2}\n', "b.json": '{"a": 3}\n'}
    with utc(spark), files("metadata_json", spec) as d:
        return {
            "json": result(spark.read.json(d).select("a", "_metadata", F.input_file_name())),
            "text": result(spark.read.text(d).select("value", "_metadata.file_name",
                                                     F.input_file_block_length())),
        }


@case
def case_formats_metadata_parquet(spark):
    with utc(spark), files("metadata_parquet", {}) as d:
        os.makedirs(d, exist_ok=True)
        spark.range(5).repartition(1).write.mode("overwrite").parquet(os.path.join(d, "p"))
        df = spark.read.parquet(os.path.join(d, "p"))
        r = result(df.select("id", "_metadata.row_index", "_metadata.file_block_start",
                             F.input_file_block_start(), F.input_file_block_length(),
                             "_metadata.file_size", F.input_file_name()))
        # The part file's name is random: only its shape is compared.
        r["rows"] = [row[:4] + [row[4] == row[5], row[6].startswith(f"file://{d}/p/part-")]
                     for row in r["rows"]]
        return r


@case
def case_formats_metadata_parquet_schema(spark):
    with utc(spark), files("metadata_parquet_schema", {}) as d:
        spark.range(2).write.parquet(os.path.join(d, "p"))
        return result(spark.read.parquet(os.path.join(d, "p")).select("_metadata").limit(0))


@case
def case_formats_input_file_through_operators(spark):
    with files("through_ops", CSV_FILES) as d:
        df = spark.read.csv(d)
        return {
            "projected": result(df.select("_c0").select(F.input_file_name())),
            "filtered": result(df.filter(F.input_file_name().contains("c.csv"))),
            "grouped": result(df.groupBy(F.input_file_name()).count()),
            "after_distinct": result(df.select("_c0").distinct().select(F.input_file_name())),
            "metadata_filter": result(df.filter("_c0 > 1").select("_metadata.file_name")),
            "columns": df.columns,
        }


@case
def case_formats_input_file_not_files(spark):
    return result(spark.range(2).select(*input_file()))


@case
def case_formats_metadata_not_files(spark):
    return expect_error(lambda: spark.range(2).select("_metadata").collect())


@case
def case_formats_input_file_sql(spark):
    with files("input_sql", CSV_FILES) as d:
        return result(spark.sql(f"SELECT _c0, input_file_name() AS f FROM csv.`{d}`"))


@case
def case_formats_input_file_spark_fixture(spark):
    d = os.path.join(FIXTURES, "parquet_partitioned")
    df = spark.read.parquet(d).select("id", F.input_file_name(), "_metadata.file_path",
                                      "_metadata.file_name", "_metadata.row_index")
    r = result(df)
    # The checkout's location differs between machines: paths are compared below it.
    r["rows"] = [[row[0], row[1].replace(f"file://{d}", ""), row[2].replace(f"file:{d}", ""),
                  *row[3:]] for row in r["rows"]]
    return r


# --------------------------------------------------------------------------------------------
# SQL on files


@case
def case_formats_sql_on_files(spark):
    spec = {"c/x.csv": "1,a\n2,b\n", "j/x.json": '{"a": 1, "b": "q"}\n', "t/x.txt": "hi\nthere\n"}
    with files("sql_on_files", spec) as d:
        spark.range(3).write.parquet(os.path.join(d, "p"))
        return {
            "parquet": result(spark.sql(f"SELECT * FROM parquet.`{d}/p`")),
            "csv": result(spark.sql(f"SELECT * FROM csv.`{d}/c`")),
            "json": result(spark.sql(f"SELECT b, a FROM JSON.`{d}/j/x.json`")),
            "text": result(spark.sql(f"SELECT * FROM text.`{d}/t` WHERE value <> 'hi'")),
        }


@case
def case_formats_sql_on_files_missing(spark):
    return {
        "parquet": expect_error(
            lambda: spark.sql(f"SELECT * FROM parquet.`{ROOT}/nope`").collect()),
        "csv": expect_error(lambda: spark.sql(f"SELECT * FROM csv.`{ROOT}/nope`").collect()),
        "not_a_format": expect_error(
            lambda: spark.sql(f"SELECT * FROM foo.`{ROOT}/nope`").collect()),
    }


# --------------------------------------------------------------------------------------------
# CSV enforceSchema=false


@case
def case_formats_csv_enforce_schema(spark):
    spec = {"h.csv": "a,b\n1,2\n"}
    with files("enforce_schema", spec) as d:
        def read(schema, **o):
            return (spark.read.schema(schema).option("header", True)
                    .option("enforceSchema", False).options(**o).csv(d))
        return {
            "same": result(read("a INT, b INT")),
            "case": result(read("A INT, b INT")),
            "renamed": expect_error(lambda: read("x INT, b INT").collect()),
            "fewer": expect_error(lambda: read("a INT").collect()),
            "more": expect_error(lambda: read("a INT, b INT, c INT").collect()),
            "enforced": result(spark.read.schema("x INT, b INT").option("header", True).csv(d)),
        }


@case
def case_formats_csv_enforce_schema_files(spark):
    # The second file's header names the inferred columns in another order.
    spec = {"1.csv": "a,b\n1,2\n", "2.csv": "b,a\n3,4\n"}
    with files("enforce_schema_files", spec) as d:
        return expect_error(
            lambda: spark.read.option("header", True).option("enforceSchema", False)
            .csv(d).collect())


# --------------------------------------------------------------------------------------------
# encodings


@case
def case_formats_csv_encodings(spark):
    text = "a,b\né,1\nü,2\n"
    spec = {"u16.csv": text.encode("utf-16"), "u16be.csv": text.encode("utf-16-be"),
            "u16le.csv": text.encode("utf-16-le"), "u32.csv": text.encode("utf-32"),
            "l1.csv": text.encode("latin-1")}
    with files("csv_encodings", spec) as d:
        def read(name, enc):
            return result(spark.read.options(header=True, multiLine=True, encoding=enc)
                          .csv(os.path.join(d, name)))
        return {
            "utf16": read("u16.csv", "UTF-16"),
            "utf16be": read("u16be.csv", "utf-16be"),
            "utf16le": read("u16le.csv", "UTF-16LE"),
            "utf32": read("u32.csv", "UTF-32"),
            "latin1": read("l1.csv", "ISO-8859-1"),
            "charset_option": result(spark.read.options(header=True, multiLine=True,
                                                        charset="UTF-16")
                                     .csv(os.path.join(d, "u16.csv"))),
        }


@case
def case_formats_csv_encoding_errors(spark):
    with files("csv_encoding_errors", {"x.csv": "a\n1\n"}) as d:
        def read(enc):
            return lambda: spark.read.option("encoding", enc).csv(d).collect()
        return {name: expect_error(read(name))
                for name in ["windows-1252", "latin1", "UTF-32LE", "nope"]}


@case
def case_formats_json_encodings(spark):
    spec = {"u16.json": '{"a": "é"}\n{"a": "ü"}\n'.encode("utf-16"),
            "u16le.json": '{"a": "é"}\n{"a": "ü"}\n'.encode("utf-16-le"),
            "u16m.json": '[{"a": "é"}, {"a": "ü"}]'.encode("utf-16")}
    with files("json_encodings", spec) as d:
        def p(n):
            return os.path.join(d, n)
        return {
            "multiline": result(spark.read.options(multiLine=True, encoding="UTF-16")
                                .json(p("u16m.json"))),
            "lines_le": result(spark.read.options(encoding="UTF-16LE", lineSep="\n")
                               .json(p("u16le.json"))),
            "lines_utf16": expect_error(
                lambda: spark.read.option("encoding", "UTF-16").json(p("u16.json")).collect()),
            "no_line_sep": expect_error(
                lambda: spark.read.option("encoding", "UTF-16LE").json(p("u16le.json"))
                .collect()),
            "windows": expect_error(
                lambda: spark.read.option("encoding", "windows-1252").json(p("u16.json"))
                .collect()),
        }
