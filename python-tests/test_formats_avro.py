"""Avro (`format("avro")`, Spark's external `spark-avro` module). Real Spark 4.3.0 here has no
`spark-avro` (it answers `AVRO_DATA_SOURCE_NOT_ENABLED`), so these tests do not compare with
Spark's results: they round-trip through Sabot, and read a fixture written by the reference
Java Avro library in `spark-avro`'s schema layout (`fixtures/avro/`, see its `make_fixture.py`).
Sabot's files were checked by hand to read with the Java library (`DataFileReader`)."""

import datetime
import decimal
import os

import pytest
from pyspark.sql import Row

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "avro",
                       "spark_layout.avro")

ROWS = [
    (1, "a", 1.5, decimal.Decimal("1.25"), datetime.date(2020, 1, 2),
     datetime.datetime(2020, 1, 2, 3, 4, 5), [1, 2], {"k": 1}, (1, "x"), "p"),
    (2, None, None, None, None, None, None, None, None, "q"),
]
DDL = ("id INT, s STRING, d DOUBLE, dec DECIMAL(10,2), day DATE, ts TIMESTAMP, arr ARRAY<INT>, "
       "m MAP<STRING,INT>, st STRUCT<a:INT,b:STRING>, part STRING")


@pytest.fixture
def utc(spark):
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    yield
    spark.conf.unset("spark.sql.session.timeZone")


@pytest.mark.parametrize("codec", [None, "uncompressed", "deflate", "zstandard"])
def test_round_trip(spark, tmp_path, utc, codec):
    df = spark.createDataFrame(ROWS, DDL)
    out = str(tmp_path / "t")
    w = df.write.format("avro").partitionBy("part")
    if codec:
        w = w.option("compression", codec)
    w.save(out)
    files = sorted(f for _, _, fs in os.walk(out) for f in fs)
    assert "_SUCCESS" in files
    assert all(f.endswith(".avro") for f in files if f != "_SUCCESS")
    back = spark.read.format("avro").load(out)
    assert back.schema == df.schema
    assert sorted(back.collect()) == sorted(df.collect())


def test_user_schema_by_name(spark, tmp_path):
    out = str(tmp_path / "t")
    spark.createDataFrame([(1, "a")], "id INT, s STRING").write.format("avro").save(out)
    got = spark.read.format("avro").schema("s STRING, id LONG, missing INT").load(out).collect()
    assert got == [Row(s="a", id=1, missing=None)]


def test_reads_reference_library_file(spark, utc):
    df = spark.read.format("avro").load(FIXTURE)
    assert df.schema.simpleString() == (
        "struct<id:int,name:string,score:double,day:date,ts:timestamp,ok:boolean,"
        "tags:array<string>,point:struct<x:bigint>>")
    assert [f.nullable for f in df.schema.fields] == [True] * 8
    assert df.orderBy("id").collect() == [
        Row(id=1, name="ann", score=1.5, day=datetime.date(2020, 1, 2),
            ts=datetime.datetime(2020, 1, 2, 3, 4, 5), ok=True, tags=["a", None],
            point=Row(x=7000000000)),
        Row(id=2, name=None, score=None, day=None, ts=None, ok=None, tags=None, point=None),
        Row(id=3, name="bob", score=-2.25, day=datetime.date(2022, 1, 8),
            ts=datetime.datetime(2022, 1, 1, 23, 59, 59, 999999), ok=False, tags=[],
            point=Row(x=-7000000000)),
    ]


def test_metadata_and_sql(spark):
    got = spark.sql(f"SELECT id, _metadata.file_name AS f FROM avro.`{FIXTURE}`").collect()
    assert {r.f for r in got} == {"spark_layout.avro"}
    assert sorted(r.id for r in got) == [1, 2, 3]


def test_unknown_codec(spark, tmp_path):
    with pytest.raises(Exception, match="CODEC_NOT_AVAILABLE"):
        spark.range(1).write.format("avro").option("compression", "nope").save(
            str(tmp_path / "t"))
