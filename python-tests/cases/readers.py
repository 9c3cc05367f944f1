"""File readers: `spark.read.format(...).options(...).schema(...).load(paths)` and
`.csv/.json/.text/.parquet`: CSV and JSON options (inference, parse modes, corrupt records,
quoting, null values, formats, multiLine, encodings...), text, Parquet (partition discovery,
mergeSchema, user schemas), lists of paths and globs, and the errors of missing paths and unknown
formats. Fixture files are written by the case (plain Python, or pyarrow for Parquet) into a
temporary directory that is removed afterwards; files written by real Spark 4.3.0 are read from
`python-tests/fixtures/spark-4.3.0/`."""

import contextlib
import os
import shutil
import tempfile

from support import df_result, expect_error

from ._base import case, utc

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures",
                        "spark-4.3.0")


@contextlib.contextmanager
def files(spec):
    """A temporary directory holding `spec` (relative name -> str or bytes), removed at exit."""
    d = tempfile.mkdtemp(prefix="sabot_readers_")
    try:
        for name, content in spec.items():
            p = os.path.join(d, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            if isinstance(content, bytes):
                with open(p, "wb") as f:
                    f.write(content)
            else:
                with open(p, "w", newline="", encoding="utf-8") as f:
                    f.write(content)
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


def result(df, sort=True):
    """Columns, schema, rows and the columns' nullability."""
    r = df_result(df, sort=sort)
    r["nullable"] = [f.nullable for f in df.schema.fields]
    return r


def read_csv(spark, text, sort=True, **options):
    with files({"data.csv": text}) as d:
        return result(spark.read.options(**options).csv(os.path.join(d, "data.csv")), sort)


def read_json(spark, text, sort=True, **options):
    with files({"data.json": text}) as d:
        return result(spark.read.options(**options).json(os.path.join(d, "data.json")), sort)


TYPED_CSV = (
    "i,l,dec,dbl,b,d,ts,s,e\n"
    "1,3000000000,123456789012345678901234,1.5,true,2020-01-02,2020-01-02 03:04:05,x,\n"
    "2,4,5,1e3,false,2020-01-03,2020-01-02T03:04:05.123,\"q,w\",\"\"\n"
)

# --------------------------------------------------------------------------------------------
# CSV


@case
def case_readers_csv_default_strings(spark):
    return read_csv(spark, TYPED_CSV)


@case
def case_readers_csv_header(spark):
    return read_csv(spark, TYPED_CSV, header=True)


@case
def case_readers_csv_infer_schema(spark):
    with utc(spark):
        return read_csv(spark, TYPED_CSV, header=True, inferSchema=True)


@case
def case_readers_csv_infer_widening(spark):
    text = "1,1,1,2020-01-01,true,1\n2.5,x,3000000000,2020-01-01 10:00:00,false,\n,,,,,\n"
    with utc(spark):
        return read_csv(spark, text, inferSchema=True)


@case
def case_readers_csv_infer_special_doubles(spark):
    return read_csv(spark, "NaN,1\nInf,1E3\n-Inf,2\n", inferSchema=True)


@case
def case_readers_csv_nan_inf_values(spark):
    return read_csv(spark, "nan,1\npinf,2\nninf,3\n", schema="a DOUBLE, b INT", nanValue="nan",
                    positiveInf="pinf", negativeInf="ninf")


@case
def case_readers_csv_sep_tab(spark):
    return read_csv(spark, "a\tb\n1\t2\n", header=True, sep="\t")


@case
def case_readers_csv_delimiter_multichar(spark):
    return read_csv(spark, "a||b\n1||2\n3||\n", header=True, delimiter="||")


@case
def case_readers_csv_quote_escape(spark):
    return read_csv(spark, "'a,b',c\n'it\\'s',d\n", quote="'")


@case
def case_readers_csv_custom_escape(spark):
    return read_csv(spark, '"a#"b",c\n', escape="#")


@case
def case_readers_csv_null_value(spark):
    return read_csv(spark, '"ab",""\n,NA\n', nullValue="NA")


@case
def case_readers_csv_empty_value(spark):
    return read_csv(spark, '"ab",""\n,NA\n', nullValue="NA", emptyValue="EMPTY")


@case
def case_readers_csv_default_null_and_empty(spark):
    return read_csv(spark, '"ab",""\n,NA\n')


@case
def case_readers_csv_null_value_typed(spark):
    return read_csv(spark, "1,-\n-,2\n", schema="a INT, b INT", nullValue="-")


MALFORMED_CSV = "a,b\n1,2\nx\n3,4,5\n5,z\n1\n"


@case
def case_readers_csv_permissive_corrupt(spark):
    return read_csv(spark, MALFORMED_CSV, header=True,
                    schema="a INT, b INT, _corrupt_record STRING")


@case
def case_readers_csv_permissive_no_corrupt_column(spark):
    return read_csv(spark, MALFORMED_CSV, header=True, schema="a INT, b INT")


@case
def case_readers_csv_dropmalformed(spark):
    return read_csv(spark, MALFORMED_CSV, header=True, mode="DROPMALFORMED",
                    schema="a INT, b INT")


@case
def case_readers_csv_failfast(spark):
    with files({"data.csv": MALFORMED_CSV}) as d:
        df = spark.read.csv(os.path.join(d, "data.csv"), header=True, mode="FAILFAST",
                            schema="a INT, b INT")
        return expect_error(lambda: df.collect())


@case
def case_readers_csv_failfast_good_file(spark):
    return read_csv(spark, "a,b\n1,2\n", header=True, mode="FAILFAST", schema="a INT, b INT")


@case
def case_readers_csv_corrupt_column_name(spark):
    return read_csv(spark, "1,2\nx,y\n", schema="a INT, b INT, bad STRING",
                    columnNameOfCorruptRecord="bad")


@case
def case_readers_csv_infer_ignores_bad_rows(spark):
    return read_csv(spark, "a,b\n1,2\nx\n3,4,5\n", header=True, inferSchema=True)


@case
def case_readers_csv_multiline(spark):
    return read_csv(spark, 'id,text\n1,"line one\nline two"\n2,"x"\n', header=True,
                    multiLine=True)


@case
def case_readers_csv_comment(spark):
    return read_csv(spark, "#skip me\na,b\n1,2\n#and me\n3,4\n", header=True, comment="#")


@case
def case_readers_csv_line_sep(spark):
    return read_csv(spark, "a,b;1,2;3,4;", header=True, lineSep=";")


@case
def case_readers_csv_crlf_and_blank_lines(spark):
    return read_csv(spark, "a,b\r\n1,2\r\n\r\n3,4\r\n", header=True)


@case
def case_readers_csv_whitespace_kept(spark):
    return read_csv(spark, " a , b \n  1,2  \n", header=True)


@case
def case_readers_csv_whitespace_ignored(spark):
    return read_csv(spark, " a , b \n  1,2  \n", header=True, ignoreLeadingWhiteSpace=True,
                    ignoreTrailingWhiteSpace=True)


@case
def case_readers_csv_date_timestamp_formats(spark):
    with utc(spark):
        return read_csv(spark, "02/01/2020,02/01/2020 10:30\n", schema="d DATE, t TIMESTAMP",
                        dateFormat="dd/MM/yyyy", timestampFormat="dd/MM/yyyy HH:mm")


@case
def case_readers_csv_infer_with_date_format(spark):
    with utc(spark):
        return read_csv(spark, "02/01/2020\n31/12/2021\n", inferSchema=True,
                        dateFormat="dd/MM/yyyy")


@case
def case_readers_csv_latin1(spark):
    with files({"data.csv": "name\ncaf\xe9\n".encode("latin-1")}) as d:
        df = spark.read.csv(os.path.join(d, "data.csv"), header=True, encoding="ISO-8859-1")
        return result(df)


@case
def case_readers_csv_ddl_schema(spark):
    return read_csv(spark, "1,x,2.5\n2,y,\n", schema="id BIGINT, name STRING, v DECIMAL(5,2)")


@case
def case_readers_csv_struct_schema(spark):
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    schema = StructType([StructField("id", IntegerType(), False),
                         StructField("name", StringType(), True)])
    with files({"data.csv": "1,x\n2,y\n"}) as d:
        return result(spark.read.schema(schema).csv(os.path.join(d, "data.csv")))


@case
def case_readers_csv_schema_with_header(spark):
    return read_csv(spark, "x,y\n1,2\n", header=True, schema="a INT, b INT")


@case
def case_readers_csv_duplicate_header(spark):
    return read_csv(spark, "a,a,A,\n1,2,3,4\n", header=True)


@case
def case_readers_csv_sampling_ratio(spark):
    return read_csv(spark, "".join(f"{i}\n" for i in range(20)), inferSchema=True,
                    samplingRatio=0.5)


@case
def case_readers_csv_format_load(spark):
    with files({"data.csv": "a;b\n1;2\n"}) as d:
        df = (spark.read.format("csv").option("header", "true").option("sep", ";")
              .option("inferSchema", "true").load(os.path.join(d, "data.csv")))
        return result(df)


@case
def case_readers_csv_directory_and_header_per_file(spark):
    with files({"t/a.csv": "a,b\n1,2\n", "t/b.csv": "a,b\n3,4\n", "t/_SUCCESS": "",
                "t/.hidden.csv": "a,b\n9,9\n"}) as d:
        return result(spark.read.csv(os.path.join(d, "t"), header=True, inferSchema=True))


@case
def case_readers_csv_list_of_paths(spark):
    with files({"a.csv": "1\n", "b.csv": "2\n", "c.csv": "3\n"}) as d:
        paths = [os.path.join(d, "a.csv"), os.path.join(d, "c.csv")]
        return result(spark.read.csv(paths, inferSchema=True))


@case
def case_readers_csv_glob(spark):
    with files({"a1.csv": "1\n", "a2.csv": "2\n", "b.csv": "3\n"}) as d:
        return result(spark.read.csv(os.path.join(d, "a*.csv"), inferSchema=True))


@case
def case_readers_csv_partitioned(spark):
    with files({"t/year=2020/part.csv": "1\n", "t/year=2021/part.csv": "2\n"}) as d:
        return result(spark.read.csv(os.path.join(d, "t"), inferSchema=True))


@case
def case_readers_csv_filter_select(spark):
    with files({"data.csv": "a,b\n1,x\n2,y\n3,z\n"}) as d:
        df = spark.read.csv(os.path.join(d, "data.csv"), header=True, inferSchema=True)
        return result(df.where("a >= 2").select("b"))


# --------------------------------------------------------------------------------------------
# JSON

JSON_LINES = (
    '{"b":1,"a":"x","c":1.5,"d":[1,2],"e":{"y":1,"x":true}}\n'
    '{"b":30000000000,"a":null,"c":2,"f":null,"g":"2020-01-01"}\n'
    "\n"
    '{"b":"s","d":[1.5],"e":{"x":1}}\n'
)


@case
def case_readers_json_infer(spark):
    return read_json(spark, JSON_LINES)


@case
def case_readers_json_types(spark):
    return read_json(spark, '{"a":1.0E400,"b":1e2,"c":12345678901234567890,"d":1.25,"e":true}\n'
                            '{"a":1,"e":false,"f":[{"x":1},{"y":"z"}]}\n', sort=False)


@case
def case_readers_json_primitives_as_string(spark):
    return read_json(spark, JSON_LINES, primitivesAsString=True)


@case
def case_readers_json_prefers_decimal(spark):
    return read_json(spark, JSON_LINES, prefersDecimal=True)


@case
def case_readers_json_drop_field_if_all_null(spark):
    return read_json(spark, '{"a":null,"b":[],"c":1,"d":{}}\n{"a":null,"c":2}\n',
                     dropFieldIfAllNull=True)


@case
def case_readers_json_empty_containers(spark):
    return read_json(spark, '{"a":[]}\n{"b":{}}\n{"c":[null]}\n')


@case
def case_readers_json_multiline_array(spark):
    return read_json(spark, '[\n  {"a": 1},\n  {"a": 2, "b": [true]}\n]\n', multiLine=True)


@case
def case_readers_json_multiline_object(spark):
    return read_json(spark, '{\n  "a": 1,\n  "s": {"t": "x"}\n}\n', multiLine=True)


MALFORMED_JSON = '{"a":1}\n{"a":\n[1,2]\n{"a":"x"}\n'


@case
def case_readers_json_permissive_infer(spark):
    return read_json(spark, MALFORMED_JSON)


@case
def case_readers_json_permissive_schema(spark):
    return read_json(spark, MALFORMED_JSON, schema="a INT, _corrupt_record STRING")


@case
def case_readers_json_dropmalformed_infer(spark):
    return read_json(spark, MALFORMED_JSON, mode="DROPMALFORMED")


@case
def case_readers_json_dropmalformed_schema(spark):
    return read_json(spark, MALFORMED_JSON, mode="DROPMALFORMED", schema="a INT")


@case
def case_readers_json_failfast_infer(spark):
    with files({"data.json": MALFORMED_JSON}) as d:
        return expect_error(
            lambda: spark.read.json(os.path.join(d, "data.json"), mode="FAILFAST").collect())


@case
def case_readers_json_failfast_schema(spark):
    with files({"data.json": MALFORMED_JSON}) as d:
        df = spark.read.json(os.path.join(d, "data.json"), mode="FAILFAST", schema="a INT")
        return expect_error(lambda: df.collect())


@case
def case_readers_json_corrupt_column_name(spark):
    return read_json(spark, '{"a":1}\n{oops\n', columnNameOfCorruptRecord="broken")


@case
def case_readers_json_non_object_records(spark):
    return read_json(spark, '1\n"x"\n[1]\n{"a":1}\n')


@case
def case_readers_json_lenient_syntax_off(spark):
    return read_json(spark, "{'a':1, b: 2 /* c */}\n// x\n{\"a\":3}\n")


@case
def case_readers_json_lenient_syntax_on(spark):
    return read_json(spark, "{'a':1, b: 2 /* c */}\n// x\n{\"a\":3}\n", allowComments=True,
                     allowUnquotedFieldNames=True)


@case
def case_readers_json_single_quotes_off(spark):
    return read_json(spark, "{'a':1}\n{\"a\":2}\n", allowSingleQuotes=False)


@case
def case_readers_json_user_schema_nested(spark):
    text = ('{"id":1,"tags":["a","b"],"m":{"k":1},"s":{"x":1.5,"y":"q"}}\n'
            '{"id":"bad","tags":null}\n')
    return read_json(spark, text,
                     schema="id INT, tags ARRAY<STRING>, m MAP<STRING,INT>, "
                            "s STRUCT<x: DOUBLE, y: STRING>")


@case
def case_readers_json_user_schema_conversions(spark):
    with utc(spark):
        return read_json(spark, '{"d":"2020-01-02","t":"2020-01-02 03:04:05","n":5,"s":{"z":1}}\n',
                         schema="d DATE, t TIMESTAMP, n DECIMAL(5,2), s STRING")


@case
def case_readers_json_line_sep(spark):
    return read_json(spark, '{"a":1}|{"a":2}|', lineSep="|")


@case
def case_readers_json_partitioned(spark):
    with files({"t/k=a/p.json": '{"v":1}\n', "t/k=b/p.json": '{"v":2}\n'}) as d:
        return result(spark.read.json(os.path.join(d, "t")))


@case
def case_readers_json_format_load(spark):
    with files({"a.json": '{"x":1}\n', "b.json": '{"y":"z"}\n'}) as d:
        df = spark.read.format("json").load([os.path.join(d, "a.json"),
                                             os.path.join(d, "b.json")])
        return result(df)


@case
def case_readers_json_first_value_per_line(spark):
    return read_json(spark, '{"a":1} {"a":2}\n{"a":3}x\n')


@case
def case_readers_json_wide_integer_is_double(spark):
    return read_json(spark, '{"a":12345678901234567890123456789012345678901234}\n')


@case
def case_readers_json_duplicate_keys(spark):
    with files({"x.json": '{"a":1,"a":2}\n', "y.json": '{"A":1,"a":2}\n'}) as d:
        return {"same": expect_error(lambda: spark.read.json(os.path.join(d, "x.json")).collect()),
                "case": expect_error(lambda: spark.read.json(os.path.join(d, "y.json")).collect())}


@case
def case_readers_json_only_corrupt_column(spark):
    with files({"x.json": '{"a":01}\n{oops\n'}) as d:
        df = spark.read.json(os.path.join(d, "x.json"))
        return {"schema": df.schema.simpleString(),
                "collect": expect_error(lambda: df.collect()),
                "count": int(df.count())}


@case
def case_readers_csv_select_only_corrupt_column(spark):
    with files({"x.csv": "1\nx\n"}) as d:
        df = spark.read.csv(os.path.join(d, "x.csv"), schema="a INT, _corrupt_record STRING")
        return {"select": expect_error(lambda: df.select("_corrupt_record").collect()),
                "both": result(df.select("a", "_corrupt_record"))}


@case
def case_readers_csv_unclosed_quote(spark):
    return read_csv(spark, '1,"multi\nline",2\n')


@case
def case_readers_csv_tricky_quotes(spark):
    return read_csv(spark, 'a,"b\\"c",d\n"a"x,b,c\n"",,""\n', sort=False)


# --------------------------------------------------------------------------------------------
# text

TEXT = "a,b\n1\n\n1,2,3\n"


@case
def case_readers_text_lines(spark):
    with files({"t.txt": TEXT}) as d:
        return result(spark.read.text(os.path.join(d, "t.txt")), sort=False)


@case
def case_readers_text_wholetext(spark):
    with files({"t.txt": TEXT}) as d:
        return result(spark.read.text(os.path.join(d, "t.txt"), wholetext=True))


@case
def case_readers_text_line_sep(spark):
    with files({"t.txt": TEXT}) as d:
        return result(spark.read.text(os.path.join(d, "t.txt"), lineSep=","), sort=False)


@case
def case_readers_text_directory(spark):
    with files({"t/a.txt": "x\ny\n", "t/b.txt": "z\n"}) as d:
        return result(spark.read.format("text").load(os.path.join(d, "t")))


# A legacy error class (no SQLSTATE): the 3.5 client cannot see it.
@case(min_client=(4, 0))
def case_readers_text_two_columns_schema(spark):
    with files({"t.txt": TEXT}) as d:
        return expect_error(
            lambda: spark.read.schema("a STRING, b STRING").text(os.path.join(d, "t.txt"))
            .collect())


# --------------------------------------------------------------------------------------------
# Parquet (fixtures written with pyarrow)


def write_parquet(path, columns):
    import pyarrow as pa
    import pyarrow.parquet as pq

    os.makedirs(os.path.dirname(path), exist_ok=True)
    pq.write_table(pa.table(columns), path)


@contextlib.contextmanager
def parquet_dir(tables):
    d = tempfile.mkdtemp(prefix="sabot_readers_pq_")
    try:
        for name, columns in tables.items():
            write_parquet(os.path.join(d, name), columns)
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


@case
def case_readers_parquet_partitioned(spark):
    tables = {
        "t/y=2020/s=a/p.parquet": {"v": [1, 2]},
        "t/y=2021/s=b/p.parquet": {"v": [3]},
        "t/y=2021/s=__HIVE_DEFAULT_PARTITION__/p.parquet": {"v": [4]},
    }
    with parquet_dir(tables) as d:
        return result(spark.read.parquet(os.path.join(d, "t")))


@case
def case_readers_parquet_partition_types(spark):
    tables = {
        "t/a=1/b=1.5/c=2020-01-02/d=3000000000/p.parquet": {"v": [1]},
        "t/a=2/b=2/c=2020-01-03/d=4/p.parquet": {"v": [2]},
    }
    with parquet_dir(tables) as d:
        return result(spark.read.parquet(os.path.join(d, "t")))


@case
def case_readers_parquet_partition_filter(spark):
    tables = {"t/k=1/p.parquet": {"v": [1, 2]}, "t/k=2/p.parquet": {"v": [3]}}
    with parquet_dir(tables) as d:
        df = spark.read.parquet(os.path.join(d, "t"))
        return result(df.where("k = 2 and v > 0").select("v", "k"))


@case
def case_readers_parquet_first_footer_schema(spark):
    tables = {"t/a.parquet": {"x": [1]}, "t/b.parquet": {"x": [2], "y": ["q"]}}
    with parquet_dir(tables) as d:
        return result(spark.read.parquet(os.path.join(d, "t")))


@case
def case_readers_parquet_merge_schema(spark):
    tables = {"t/a.parquet": {"x": [1]}, "t/b.parquet": {"x": [2], "y": ["q"]}}
    with parquet_dir(tables) as d:
        return result(spark.read.option("mergeSchema", "true").parquet(os.path.join(d, "t")))


@case
def case_readers_parquet_user_schema(spark):
    tables = {"t/a.parquet": {"x": [1, 2], "y": ["a", "b"]}}
    with parquet_dir(tables) as d:
        return result(spark.read.schema("y STRING, z INT, x BIGINT").parquet(os.path.join(d, "t")))


@case
def case_readers_parquet_list_and_glob(spark):
    tables = {"a.parquet": {"x": [1]}, "b.parquet": {"x": [2]}, "c.parquet": {"x": [3]}}
    with parquet_dir(tables) as d:
        both = spark.read.parquet(os.path.join(d, "a.parquet"), os.path.join(d, "c.parquet"))
        glob = spark.read.parquet(os.path.join(d, "[ab].parquet"))
        return {"list": result(both), "glob": result(glob)}


# --------------------------------------------------------------------------------------------
# listing options, compression, empty inputs


@case
def case_readers_gzip_and_zstd(spark):
    import gzip

    spec = {"t/a.csv.gz": gzip.compress(b"a,b\n1,2\n"), "t/b.csv": "a,b\n3,4\n"}
    try:
        import zstandard

        spec["t/c.csv.zst"] = zstandard.ZstdCompressor().compress(b"a,b\n5,6\n")
    except ImportError:
        spec["t/c.csv"] = "a,b\n5,6\n"
    with files(spec) as d:
        return result(spark.read.csv(os.path.join(d, "t"), header=True, inferSchema=True))


@case
def case_readers_recursive_file_lookup(spark):
    spec = {"r/a.json": '{"a":1}\n', "r/sub/b.json": '{"a":2}\n', "r/sub/c.txt": '{"a":3}\n',
            "r/k=9/d.json": '{"a":4}\n'}
    with files(spec) as d:
        plain = spark.read.json(os.path.join(d, "r", "sub"))
        deep = spark.read.json(os.path.join(d, "r"), recursiveFileLookup=True)
        glob = spark.read.option("pathGlobFilter", "*.json").json(os.path.join(d, "r", "sub"))
        return {"plain": result(plain), "recursive": result(deep), "glob": result(glob)}


@case
def case_readers_glob_over_directories(spark):
    spec = {"r/a.json": '{"a":1}\n', "r/sub/b.json": '{"a":2}\n'}
    with files(spec) as d:
        return result(spark.read.json(os.path.join(d, "r", "*")))


@case
def case_readers_partition_values_escaped(spark):
    spec = {"t/k=a%3Ab/p.json": '{"v":1}\n', "t/k=x y/p.json": '{"v":2}\n',
            "t/k=p%2Fq/p.json": '{"v":3}\n', "t/k=%25/p.json": '{"v":4}\n',
            "t/k=__HIVE_DEFAULT_PARTITION__/p.json": '{"v":5}\n'}
    with files(spec) as d:
        return result(spark.read.json(os.path.join(d, "t")))


@case
def case_readers_empty_directory(spark):
    d = tempfile.mkdtemp(prefix="sabot_readers_empty_")
    try:
        out = {}
        for fmt in ["csv", "json", "parquet"]:
            out[fmt] = expect_error(lambda: spark.read.format(fmt).load(d).collect())
        out["text"] = result(spark.read.text(d))
        return out
    finally:
        shutil.rmtree(d, ignore_errors=True)


@case
def case_readers_empty_files(spark):
    with files({"x.csv": "", "y.json": ""}) as d:
        return {"csv": result(spark.read.csv(os.path.join(d, "x.csv"), header=True,
                                             inferSchema=True)),
                "json": result(spark.read.json(os.path.join(d, "y.json")))}


@case
def case_readers_json_date_formats(spark):
    with utc(spark):
        return read_json(spark, '{"d":"02/01/2020","t":"02/01/2020 10:30"}\n',
                         schema="d DATE, t TIMESTAMP", dateFormat="dd/MM/yyyy",
                         timestampFormat="dd/MM/yyyy HH:mm")


@case
def case_readers_json_strings_stay_strings(spark):
    return read_json(spark, '{"d":"2020-01-02","t":"2020-01-02 10:30:00","n":"12"}\n')


@case
def case_readers_load_with_format_argument(spark):
    with files({"x.json": '{"a":1}\n'}) as d:
        return result(spark.read.load(os.path.join(d, "x.json"), format="json"))


@case
def case_readers_csv_unsupported_type(spark):
    with files({"x.csv": "1\n"}) as d:
        return expect_error(
            lambda: spark.read.csv(os.path.join(d, "x.csv"), schema="a INT, b MAP<STRING,INT>")
            .collect())


@case
def case_readers_parquet_path_glob_filter(spark):
    tables = {"t/a.parquet": {"x": [1]}, "t/b.parquet": {"x": [2]}}
    with parquet_dir(tables) as d:
        df = spark.read.option("pathGlobFilter", "a*").parquet(os.path.join(d, "t"))
        return result(df)


# --------------------------------------------------------------------------------------------
# errors


@case
def case_readers_missing_path(spark):
    return expect_error(lambda: spark.read.csv("/nonexistent/sabot/readers/x.csv").collect())


@case
def case_readers_missing_path_parquet(spark):
    return expect_error(lambda: spark.read.parquet("/nonexistent/sabot/readers/p").collect())


@case
def case_readers_unknown_format(spark):
    with files({"x": "1\n"}) as d:
        return expect_error(
            lambda: spark.read.format("nosuchformat").load(os.path.join(d, "x")).collect())


# A legacy error class (no SQLSTATE): the 3.5 client cannot see it.
@case(min_client=(4, 0))
def case_readers_bad_boolean_option(spark):
    with files({"x.csv": "1\n"}) as d:
        return expect_error(
            lambda: spark.read.csv(os.path.join(d, "x.csv"), header="yes").collect())


# --------------------------------------------------------------------------------------------
# files written by real Spark 4.3.0 (see fixtures/spark-4.3.0/README.md)


@case
def case_readers_spark_parquet_partitioned(spark):
    df = spark.read.parquet(os.path.join(FIXTURES, "parquet_partitioned"))
    return result(df)


@case
def case_readers_spark_csv(spark):
    with utc(spark):
        df = spark.read.csv(os.path.join(FIXTURES, "csv"), header=True, inferSchema=True)
        return result(df)


@case
def case_readers_spark_json(spark):
    with utc(spark):
        return result(spark.read.json(os.path.join(FIXTURES, "json")))


@case
def case_readers_spark_text(spark):
    return result(spark.read.text(os.path.join(FIXTURES, "text")))


@case
def case_readers_spark_orc(spark):
    with utc(spark):
        return result(spark.read.orc(os.path.join(FIXTURES, "orc")))


@case
def case_readers_spark_orc_nested(spark):
    # TIMESTAMP_NTZ and the interval are ORC longs that Spark's type attribute tells apart.
    with utc(spark):
        return result(spark.read.format("orc").load(os.path.join(FIXTURES, "orc_nested")))


@case
def case_readers_orc_projection(spark):
    # Only the columns a query reads are decoded; count(*) reads none.
    path = os.path.join(FIXTURES, "orc_nested")
    with utc(spark):
        df = spark.read.orc(path)
        return {"count": int(df.count()),
                "one": result(df.select("st")),
                "filtered": result(df.filter("id > 1").select("b", "ntz")),
                "grouped": result(df.groupBy("v").count())}


@case
def case_readers_orc_user_schema(spark):
    # By name, case-insensitively; a missing column is NULL; types are cast.
    with utc(spark):
        df = spark.read.schema("NAME string, id long, missing int, score string").orc(
            os.path.join(FIXTURES, "orc"))
        return result(df)


@case
def case_readers_orc_sql_on_file(spark):
    path = os.path.join(FIXTURES, "orc")
    with utc(spark):
        return result(spark.sql(f"SELECT id, name, amount FROM orc.`{path}` WHERE id > 1"))


@case
def case_readers_orc_merge_schema(spark):
    tmp = tempfile.mkdtemp(prefix="sabot-readers-")
    try:
        spark.range(2).coalesce(1).write.orc(os.path.join(tmp, "a"))
        spark.range(2, 4).selectExpr("id", "'x' AS s").coalesce(1).write.orc(
            os.path.join(tmp, "b"))
        both = [os.path.join(tmp, "a"), os.path.join(tmp, "b")]
        merged = spark.read.option("mergeSchema", "true").orc(both)
        return {"merged": result(merged), "first": result(spark.read.orc(both))}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@case
def case_readers_orc_errors(spark):
    with files({"bad.orc": "not an orc file"}) as d:
        bad = expect_error(lambda: spark.read.orc(os.path.join(d, "bad.orc")).collect())
    with files({}) as d:
        empty = expect_error(lambda: spark.read.orc(d).collect())
    return {"bad": bad, "empty": empty}

