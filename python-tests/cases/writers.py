"""File writers: `df.write...save(path)`, `.parquet/.csv/.json/.text(path)` into a temporary
directory; each case reports the written layout (file names with the job UUID replaced, `.crc`
checksum files of Hadoop's local file system left out) and the files' contents (Parquet read with
pyarrow, the text formats as raw text), and removes the directory."""

import datetime
import decimal
import gzip
import math
import os
import re
import shutil
import tempfile
import zlib

from ._base import F, case, conf, df_result, expect_error

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

_VALUES_SQL = """select 1 as i, cast(2 as bigint) as l, cast(3 as smallint) as sh,
 cast(4 as tinyint) as ti, true as b, cast(1.5 as float) as f, 1e20 as d, cast(1e-5 as double) as d2,
 cast('NaN' as double) as dn, cast('-Infinity' as double) as inf, cast(12.345 as decimal(10,3)) as dec,
 cast(1.0 as decimal(38,18)) as dec2, cast(0 as decimal(5,2)) as dec3, date'2024-03-05' as dt,
 timestamp'2024-03-05 01:02:03.456789' as ts, timestamp_ntz'2024-03-05 01:02:03.4' as tsn,
 timestamp'2024-03-05 01:02:03' as ts0, x'0102ff' as bin, '  sp ace  ' as s1,
 'q"uo\\\\te' as s2, '' as s3, cast(null as string) as s4, 'new\\nline' as s5, 'a,b' as s6,
 'é' as s7"""


def _plain(v):
    """A pyarrow value as a JSON-able value (timestamps as naive UTC ISO text)."""
    if v is None or isinstance(v, (bool, str, int)):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, bytes):
        return v.hex()
    if isinstance(v, datetime.datetime) or type(v).__name__ == "Timestamp":
        if v.tzinfo is not None:
            v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return v.isoformat()
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return str(v)


def _arrow_type(t):
    """A pyarrow type, timestamps without unit (Spark writes INT96 by default, Sabot micros)."""
    s = str(t).replace(" not null", "")
    return re.sub(r"timestamp\[(ns|us|ms)(, tz=[^\]]*)?\]", "timestamp", s)


def _parquet(path):
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path).read()
    # Nullability is the query's (Sabot's nullability of some expressions is wider than
    # Spark's); `writers_parquet_required` checks it where both agree.
    fields = [f"{f.name}: {_arrow_type(f.type)}" for f in table.schema]
    return {"schema": fields, "rows": _plain(table.to_pylist())}


def _orc(path):
    import pyarrow.orc as po

    f = po.ORCFile(path)
    table = f.read()
    fields = [f"{x.name}: {_arrow_type(x.type)}" for x in table.schema]
    return {"schema": fields, "compression": str(f.compression), "rows": _plain(table.to_pylist())}


def _text(path):
    data = open(path, "rb").read()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    elif path.endswith(".deflate"):
        data = zlib.decompress(data)
    return data.decode("utf-8")


def layout(out, contents=True):
    """The files under `out` (relative, sorted, UUIDs normalised) and their contents; files
    whose names differ only in the UUID (appends) are listed once with their contents sorted."""
    import json

    if not os.path.exists(out):
        return {"exists": False}
    files = {}
    for root, _dirs, names in os.walk(out):
        for n in names:
            if n.endswith(".crc"):
                continue
            full = os.path.join(root, n)
            rel = _UUID.sub("<uuid>", os.path.relpath(full, out))
            if not contents or n == "_SUCCESS":
                value = None
            elif n.endswith(".parquet"):
                value = _parquet(full)
            elif n.endswith(".orc"):
                value = _orc(full)
            else:
                value = _text(full)
            files.setdefault(rel, []).append(value)
    shown = {}
    for rel, values in sorted(files.items()):
        values.sort(key=lambda v: json.dumps(v, sort_keys=True))
        shown[rel] = values[0] if len(values) == 1 else values
    return {"exists": True, "files": shown}


def written(write, contents=True, after=None):
    """Runs `write(path)` into a fresh temporary directory; the layout, or the error and what
    the failed write left behind."""
    tmp = tempfile.mkdtemp(prefix="sabot-writers-")
    out = os.path.join(tmp, "out")
    try:
        err = expect_error(lambda: write(out))
        result = {"layout": layout(out, contents)}
        if "noError" not in err:
            result["error"] = err
        if after is not None:
            result["after"] = after(out)
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _df(spark):
    return spark.createDataFrame(
        [(1, "a", 1.5), (2, "b,c", None), (3, None, 2.0)], "id int, s string, d double"
    ).coalesce(1)


# ------------------------------------------------------------------------------------ Parquet


@case
def case_writers_parquet_basic(spark):
    return written(lambda p: _df(spark).write.parquet(p))


@case
def case_writers_parquet_values(spark):
    return written(lambda p: spark.sql(_VALUES_SQL).coalesce(1).write.parquet(p))


@case
def case_writers_parquet_nested(spark):
    q = ("select array(1, null, 3) as a, map('k', 1.5, 'z', null) as m, "
         "named_struct('x', 1, 'y', cast(null as string), 'z', array(date'2024-01-01')) as st, "
         "cast(null as array<int>) as na, id from range(2)")
    return written(lambda p: spark.sql(q).coalesce(1).write.parquet(p))


@case
def case_writers_parquet_required(spark):
    import pyarrow.parquet as pq

    tmp = tempfile.mkdtemp(prefix="sabot-writers-")
    try:
        p = os.path.join(tmp, "out")
        spark.range(3).selectExpr("id", "cast(id as string) as s").coalesce(1).write.parquet(p)
        files = [f for f in os.listdir(p) if f.endswith(".parquet")]
        schema = pq.read_schema(os.path.join(p, files[0]))
        return [f"{f.name}: {f.type}{'' if f.nullable else ' not null'}" for f in schema]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@case
def case_writers_parquet_read_back(spark):
    tmp = tempfile.mkdtemp(prefix="sabot-writers-")
    try:
        p = os.path.join(tmp, "out")
        spark.sql(_VALUES_SQL).coalesce(1).write.parquet(p)
        return df_result(spark.read.parquet(p))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@case
def case_writers_parquet_format_save(spark):
    return written(lambda p: _df(spark).write.format("parquet").mode("error").save(p))


@case
def case_writers_default_format_is_parquet(spark):
    return written(lambda p: _df(spark).write.save(p), contents=False)


@case
def case_writers_parquet_empty(spark):
    return written(lambda p: _df(spark).filter("id > 10").write.parquet(p))


@case
def case_writers_parquet_codecs(spark):
    out = {}
    for c in ["snappy", "gzip", "zstd", "none", "uncompressed", "lz4", "lz4_raw", "GZIP"]:
        # format().save(): the 3.5 client's `.parquet(path)` drops an earlier compression option.
        out[c] = written(lambda p: _df(spark).write.format("parquet").option("compression", c)
                         .save(p), contents=False)
    out["conf"] = None
    with conf(spark, spark_sql_parquet_compression_codec="zstd"):
        out["conf"] = written(lambda p: _df(spark).write.parquet(p), contents=False)
    return out


@case
def case_writers_parquet_codec_unknown(spark):
    return written(lambda p: _df(spark).write.format("parquet").option("compression", "foo")
                   .save(p))


@case
def case_writers_parquet_partitioned(spark):
    df = spark.createDataFrame(
        [(1, "a/b", "x y"), (2, "c=d", "%"), (3, "é#?", None), (4, "", ""), (5, "a/b", "x y"),
         (6, "t:1*2", "[q]^{z}")],
        "id int, k string, k2 string").coalesce(1)
    return written(lambda p: df.write.partitionBy("k", "k2").parquet(p))


@case
def case_writers_partition_value_types(spark):
    q = ("select 1 as v, 1.5d as d, timestamp'2024-01-01 10:00:00' as t, date'2024-01-02' as dt, "
         "cast(3.10 as decimal(5,2)) as dec, true as b, x'41' as bin, cast(7 as tinyint) as ti")
    return written(lambda p: spark.sql(q).write.partitionBy("d", "t", "dt", "dec", "b", "bin", "ti")
                   .json(p))


@case
def case_writers_partition_name_case(spark):
    df = spark.range(2).selectExpr("id", "id % 2 as j", "'x' as k").coalesce(1)
    return written(lambda p: df.write.partitionBy("J").json(p))


@case
def case_writers_partition_errors(spark):
    df = spark.range(2).selectExpr("id", "id as j", "array(id) as a").coalesce(1)
    return {
        "all": written(lambda p: spark.range(2).write.partitionBy("id").json(p)),
        "duplicate": written(lambda p: df.write.partitionBy("j", "J").json(p)),
        "array": written(lambda p: df.write.partitionBy("a").json(p)),
    }


# Legacy error classes have no `[CLASS]` in their message, which is all the 3.5 client sees.
@case(min_client=(4, 0))
def case_writers_partition_column_missing(spark):
    return written(lambda p: spark.range(2).write.partitionBy("nope").json(p))


@case
def case_writers_max_records_per_file(spark):
    df = spark.range(5).coalesce(1)
    return {
        "option": written(lambda p: df.write.option("maxRecordsPerFile", 2).json(p)),
        "partitioned": written(lambda p: spark.range(7).selectExpr("id", "id % 2 as k").coalesce(1)
                               .write.option("maxRecordsPerFile", 2).partitionBy("k").json(p)),
    }


@case
def case_writers_max_records_conf(spark):
    with conf(spark, spark_sql_files_maxRecordsPerFile="3"):
        return written(lambda p: spark.range(5).coalesce(1).write.csv(p))


# --------------------------------------------------------------------------------------- modes


@case
def case_writers_mode_error_if_exists(spark):
    def write(p):
        _df(spark).write.json(p)
        spark.range(1).coalesce(1).write.json(p)

    return written(write)


@case
def case_writers_mode_append(spark):
    def write(p):
        _df(spark).write.json(p)
        spark.range(1).coalesce(1).write.mode("append").json(p)

    return written(write)


@case
def case_writers_mode_ignore(spark):
    def write(p):
        _df(spark).write.json(p)
        spark.range(1).coalesce(1).write.mode("ignore").json(p)
        spark.range(2).coalesce(1).write.mode("ignore").json(p + "-new")

    tmp = tempfile.mkdtemp(prefix="sabot-writers-")
    try:
        write(os.path.join(tmp, "out"))
        return {"out": layout(os.path.join(tmp, "out")),
                "new": layout(os.path.join(tmp, "out-new"))}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@case
def case_writers_mode_overwrite(spark):
    def write(p):
        _df(spark).write.partitionBy("s").json(p)
        spark.range(1).coalesce(1).write.mode("overwrite").json(p)

    return written(write)


@case
def case_writers_overwrite_on_new_path(spark):
    return written(lambda p: _df(spark).write.mode("overwrite").csv(p))


# ------------------------------------------------------------------------- failures mid-write


@case
def case_writers_failure_leaves_no_output(spark):
    df = spark.range(10).coalesce(1).selectExpr("if(id = 7, raise_error('boom'), id) as x")
    return written(lambda p: df.write.parquet(p))


@case
def case_writers_ansi_failure_leaves_no_output(spark):
    df = spark.createDataFrame([("1",), ("2",), ("x",)], "s string").coalesce(1)
    return written(lambda p: df.selectExpr("cast(s as int) as x").write.json(p))


@case
def case_writers_failed_overwrite_writes_nothing(spark):
    def write(p):
        _df(spark).write.json(p)
        bad = spark.range(10).coalesce(1).selectExpr("if(id = 7, raise_error('boom'), id) as x")
        bad.write.mode("overwrite").json(p)

    # Spark deletes the old files before the job runs and Sabot only at commit; what both leave
    # is no new part file and no `_SUCCESS`.
    def new_files(p):
        names = []
        for _root, _dirs, files in os.walk(p):
            names += [f for f in files if f.startswith("part-") and "x" in _text(os.path.join(_root, f))]
        return names

    r = written(write, contents=False, after=new_files)
    r.pop("layout")
    return r


# ------------------------------------------------------------------------------------------ CSV


@case
def case_writers_csv_basic(spark):
    return written(lambda p: _df(spark).write.csv(p))


@case
def case_writers_csv_values(spark):
    return written(lambda p: spark.sql(_VALUES_SQL).coalesce(1).write.csv(p))


@case
def case_writers_csv_values_other_zone(spark):
    with conf(spark, spark_sql_session_timeZone="America/Los_Angeles"):
        return written(lambda p: spark.sql(_VALUES_SQL).coalesce(1).write.csv(p))


@case
def case_writers_csv_header_null_empty(spark):
    return written(lambda p: spark.sql(_VALUES_SQL).coalesce(1).write.option("header", True)
                   .option("nullValue", "NA").option("emptyValue", "EMPTY").csv(p))


@case
def case_writers_csv_dialect_options(spark):
    return written(lambda p: spark.sql(_VALUES_SQL).coalesce(1).write.option("sep", ";")
                   .option("quote", "'").option("escape", "#").option("dateFormat", "dd/MM/yyyy")
                   .option("timestampFormat", "yyyy-MM-dd HH:mm").option("lineSep", "\r\n").csv(p))


@case
def case_writers_csv_quote_all(spark):
    return written(lambda p: spark.sql(_VALUES_SQL).coalesce(1).write.option("quoteAll", True)
                   .option("ignoreLeadingWhiteSpace", False)
                   .option("ignoreTrailingWhiteSpace", False).csv(p))


@case
def case_writers_csv_header_empty(spark):
    return written(lambda p: _df(spark).filter("id > 10").write.option("header", True).csv(p))


@case
def case_writers_csv_gzip(spark):
    return written(lambda p: _df(spark).write.option("compression", "gzip").csv(p))


@case
def case_writers_csv_deflate(spark):
    return written(lambda p: _df(spark).write.option("codec", "deflate").csv(p))


@case
def case_writers_csv_codec_unknown(spark):
    return written(lambda p: _df(spark).write.option("compression", "zstd").csv(p))


@case
def case_writers_csv_unsupported_types(spark):
    return {
        "array": written(lambda p: spark.sql("select array(1) as a").write.csv(p)),
        "struct": written(lambda p: spark.sql("select named_struct('x', 1) as s").write.csv(p)),
        "void": written(lambda p: spark.sql("select null as n, 1 as i").write.csv(p)),
    }


@case
def case_writers_csv_partitioned(spark):
    return written(lambda p: _df(spark).write.partitionBy("s").option("header", True).csv(p))


# ----------------------------------------------------------------------------------------- JSON


@case
def case_writers_json_basic(spark):
    return written(lambda p: _df(spark).write.json(p))


@case
def case_writers_json_values(spark):
    return written(lambda p: spark.sql(_VALUES_SQL).coalesce(1).write.json(p))


@case
def case_writers_json_options(spark):
    return written(lambda p: spark.sql(_VALUES_SQL).coalesce(1).write
                   .option("dateFormat", "dd/MM/yyyy").option("timestampFormat", "yyyy-MM-dd HH:mm")
                   .option("ignoreNullFields", False).option("lineSep", "|").json(p))


@case
def case_writers_json_nested(spark):
    q = ("select array(1, null, 3) as a, map('k', 1.5, 'z', null) as m, "
         "named_struct('x', 1, 'y', cast(null as string), 'z', array(date'2024-01-01')) as st, "
         "cast(null as array<int>) as na, null as v")
    return written(lambda p: spark.sql(q).coalesce(1).write.json(p))


@case
def case_writers_json_gzip(spark):
    return written(lambda p: _df(spark).write.format("json").option("compression", "gzip").save(p))


# ----------------------------------------------------------------------------------------- text


@case
def case_writers_text_basic(spark):
    df = spark.createDataFrame([("a",), (None,), ("",), ("b c",)], "s string").coalesce(1)
    return written(lambda p: df.write.text(p))


@case
def case_writers_text_line_sep_and_gzip(spark):
    df = spark.createDataFrame([("a",), ("b",)], "s string").coalesce(1)
    return {
        "lineSep": written(lambda p: df.write.option("lineSep", "||").text(p)),
        "gzip": written(lambda p: df.write.option("compression", "gzip").text(p)),
    }


@case
def case_writers_text_partitioned(spark):
    df = spark.createDataFrame([("a", 1), ("b", 2), ("c", 1)], "s string, k int").coalesce(1)
    return written(lambda p: df.write.partitionBy("k").text(p))


@case
def case_writers_text_errors(spark):
    return written(lambda p: spark.range(1).write.text(p))


@case(min_client=(4, 0))
def case_writers_text_two_columns(spark):
    return written(lambda p: spark.sql("select 'a' as x, 'b' as y").write.text(p))


_TRICKY = ["a\\b", 'a"b', '"', '""', '"a"', " lead", "trail ", "\tx\n", "x\r", "#c", "a;b", "it's",
           'a\\"b', "\\", 'a,b"c', " ", "  ", "é ü", "x\u0001y", "\u00a0nb"]


@case
def case_writers_csv_quoting(spark):
    df = spark.createDataFrame([(v, None, "") for v in _TRICKY],
                               "v string, n string, e string").coalesce(1)
    options = [{}, {"quoteAll": "true"}, {"escapeQuotes": "false"}, {"quote": ""},
               {"escape": '"'}, {"sep": "ab"}, {"sep": "\t"}, {"nullValue": "\\N", "emptyValue": ""},
               {"charToEscapeQuoteEscaping": "^"}, {"quote": "'", "sep": ";"}]
    return [written(lambda p: df.write.options(**o).option("header", True).csv(p))
            for o in options]


@case
def case_writers_dynamic_partition_overwrite(spark):
    def first(p):
        spark.range(6).selectExpr("id", "id % 3 as k").coalesce(1).write.partitionBy("k").json(p)

    def again(p, writer):
        writer(spark.createDataFrame([(10, 1), (11, 5)], "id long, k long").coalesce(1).write
               .mode("overwrite").partitionBy("k")).json(p)

    out = {}
    out["option"] = written(lambda p: (first(p), again(p, lambda w: w.option(
        "partitionOverwriteMode", "dynamic"))))
    with conf(spark, spark_sql_sources_partitionOverwriteMode="dynamic"):
        out["conf"] = written(lambda p: (first(p), again(p, lambda w: w)))
    out["static"] = written(lambda p: (first(p), again(p, lambda w: w.option(
        "partitionOverwriteMode", "static"))))
    return out


@case
def case_writers_save_with_path_option(spark):
    return written(lambda p: _df(spark).write.format("json").option("path", p).save())


@case
def case_writers_partitioned_empty(spark):
    df = _df(spark).filter("id > 10")
    return written(lambda p: df.write.partitionBy("s").parquet(p))


@case
def case_writers_append_to_new_path(spark):
    return written(lambda p: _df(spark).write.mode("append").format("json").save(p))


@case
def case_writers_text_codec_names(spark):
    # Hadoop's Snappy/LZ4 block files: the names here; Spark reads Sabot's back (checked by hand).
    out = {}
    for c in ["snappy", "lz4", "none", "uncompressed"]:
        out[c] = written(lambda p: _df(spark).write.option("compression", c).json(p),
                         contents=False)
    return out


@case
def case_writers_read_after_append_and_overwrite(spark):
    tmp = tempfile.mkdtemp(prefix="sabot-writers-")
    try:
        p = os.path.join(tmp, "out")
        counts = []
        spark.range(3).coalesce(1).write.parquet(p)
        counts.append(int(spark.read.parquet(p).count()))
        spark.range(3).coalesce(1).write.mode("append").parquet(p)
        counts.append(int(spark.read.parquet(p).count()))
        spark.range(1).coalesce(1).write.mode("overwrite").parquet(p)
        counts.append(int(spark.read.parquet(p).count()))
        return counts
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ------------------------------------------------------------------------------------------ ORC
# Sabot's ORC writer takes flat columns of the primitive types (no DECIMAL, TIMESTAMP_NTZ,
# intervals or nested columns: test_formats_orc.py checks the error); Spark reads Sabot's files
# back (checked by hand with Spark 4.3.0).

_ORC_VALUES_SQL = """select 1 as i, cast(2 as bigint) as l, cast(3 as smallint) as sh,
 cast(4 as tinyint) as ti, true as b, cast(1.5 as float) as f, 1e20 as d,
 cast('NaN' as double) as dn, cast('-Infinity' as double) as inf, date'2024-03-05' as dt,
 timestamp'2024-03-05 01:02:03.456789' as ts, timestamp'1960-06-01 12:00:00.25' as ts_neg,
 x'0102ff' as bin, '  sp ace  ' as s1, '' as s3, cast(null as string) as s4, 'é' as s7"""


@case
def case_writers_orc_basic(spark):
    return written(lambda p: _df(spark).write.orc(p))


@case
def case_writers_orc_values(spark):
    return written(lambda p: spark.sql(_ORC_VALUES_SQL).coalesce(1).write.orc(p))


@case
def case_writers_orc_codecs(spark):
    out = {}
    for c in ["zstd", "snappy", "zlib", "lz4", "none", "uncompressed", "ZLIB"]:
        out[c] = written(lambda p: _df(spark).write.format("orc").option("compression", c)
                         .save(p))
    with conf(spark, spark_sql_orc_compression_codec="snappy"):
        out["conf"] = written(lambda p: _df(spark).write.orc(p), contents=False)
    return out


@case
def case_writers_orc_codec_unknown(spark):
    return written(lambda p: _df(spark).write.format("orc").option("compression", "gzip").save(p))


@case
def case_writers_orc_partitioned(spark):
    return written(lambda p: _df(spark).selectExpr("*", "id % 2 AS k").write.partitionBy("k")
                   .orc(p))


@case
def case_writers_orc_read_back(spark):
    tmp = tempfile.mkdtemp(prefix="sabot-writers-")
    try:
        p = os.path.join(tmp, "out")
        with conf(spark, spark_sql_session_timeZone="UTC"):
            spark.sql(_ORC_VALUES_SQL).coalesce(1).write.orc(p)
            return df_result(spark.read.orc(p))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@case
def case_writers_orc_unsupported_type(spark):
    # Spark's `OrcFileFormat.supportDataType`: no VOID columns.
    return written(lambda p: spark.sql("select null as n").write.orc(p))
