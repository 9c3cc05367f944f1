"""Direct client/server interaction tests that need no recorded expectations.

Covers result conversion (toPandas / toArrow), explain, sessions (isolation, stop), large results
and large local relations, error recovery, interrupts, clients that disconnect mid-stream and
reattaching to an operation.
"""

import contextlib
import datetime
import decimal
import io
import os
import subprocess
import sys
import threading
import time

import pytest

import support

HERE = os.path.dirname(os.path.abspath(__file__))


def captured(fn) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        fn()
    return buf.getvalue()


def test_version_is_non_empty_string(spark):
    assert isinstance(spark.version, str)
    assert spark.version.strip()


# --------------------------------------------------------------------------------------------
# result conversion


def typed_df(spark):
    return spark.createDataFrame(
        [
            (1, 10, 1.5, "a", True, datetime.date(2024, 1, 2),
             datetime.datetime(2024, 1, 2, 3, 4, 5), decimal.Decimal("1.25")),
            (2, 20, None, None, False, None, None, None),
        ],
        "i INT, l BIGINT, d DOUBLE, s STRING, b BOOLEAN, dt DATE, ts TIMESTAMP, dec DECIMAL(5,2)",
    )


def test_to_pandas_values_and_dtypes(spark):
    import pandas as pd

    spark.conf.set("spark.sql.session.timeZone", "UTC")
    try:
        pdf = typed_df(spark).toPandas()
    finally:
        spark.conf.unset("spark.sql.session.timeZone")
    expected = pd.DataFrame(
        {
            "i": pd.Series([1, 2], dtype="int32"),
            "l": pd.Series([10, 20], dtype="int64"),
            "d": pd.Series([1.5, float("nan")], dtype="float64"),
            # pandas 3 infers its `str` dtype here, pandas 2 `object`: PySpark does the same.
            "s": pd.Series(["a", None]),
            "b": pd.Series([True, False], dtype="bool"),
            "dt": pd.Series([datetime.date(2024, 1, 2), None], dtype="object"),
            "ts": pd.Series([pd.Timestamp("2024-01-02 03:04:05"), pd.NaT]).astype("datetime64[ns]"),
            "dec": pd.Series([decimal.Decimal("1.25"), None], dtype="object"),
        }
    )
    # The datetime64 unit (ns or us) is chosen by the client/pandas version, not by the server.
    assert pdf["ts"].dtype.kind == "M" and getattr(pdf["ts"].dtype, "tz", None) is None
    pdf["ts"] = pdf["ts"].astype("datetime64[ns]")
    pd.testing.assert_frame_equal(pdf, expected, check_dtype=True)


@pytest.mark.client4
def test_to_arrow_schema_and_values(spark):
    import pyarrow as pa

    spark.conf.set("spark.sql.session.timeZone", "UTC")
    try:
        table = typed_df(spark).toArrow()
    finally:
        spark.conf.unset("spark.sql.session.timeZone")
    expected_schema = pa.schema(
        [
            ("i", pa.int32()),
            ("l", pa.int64()),
            ("d", pa.float64()),
            ("s", pa.string()),
            ("b", pa.bool_()),
            ("dt", pa.date32()),
            ("ts", pa.timestamp("us", tz="UTC")),
            ("dec", pa.decimal128(5, 2)),
        ]
    )
    assert table.schema.remove_metadata().equals(expected_schema), table.schema
    utc = datetime.timezone.utc
    assert table.to_pylist() == [
        {"i": 1, "l": 10, "d": 1.5, "s": "a", "b": True, "dt": datetime.date(2024, 1, 2),
         "ts": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=utc), "dec": decimal.Decimal("1.25")},
        {"i": 2, "l": 20, "d": None, "s": None, "b": False, "dt": None, "ts": None, "dec": None},
    ]


def test_to_pandas_empty_keeps_columns(spark):
    pdf = spark.createDataFrame([], "a INT, b STRING").toPandas()
    assert list(pdf.columns) == ["a", "b"]
    assert len(pdf) == 0


# --------------------------------------------------------------------------------------------
# explain / properties


def test_explain_prints_physical_plan(spark):
    out = captured(lambda: spark.range(3).filter("id > 0").explain())
    assert "== Physical Plan ==" in out
    assert "== Parsed Logical Plan ==" not in out


def test_explain_extended_prints_all_plans(spark):
    out = captured(lambda: spark.range(3).filter("id > 0").explain(True))
    for section in ("== Parsed Logical Plan ==", "== Analyzed Logical Plan ==",
                    "== Optimized Logical Plan ==", "== Physical Plan =="):
        assert section in out, out


def test_is_local_and_is_streaming(spark):
    # Mirrors Spark's Dataset.isLocal: true only for a plan that is a local relation.
    assert spark.range(3).isLocal() is False
    assert spark.createDataFrame([(1,)], "a INT").isLocal() is True
    assert spark.range(3).isStreaming is False
    assert spark.sql("SELECT 1").isStreaming is False


# --------------------------------------------------------------------------------------------
# sessions


def test_sessions_have_isolated_conf(new_session):
    s1, s2 = new_session(), new_session()
    s1.conf.set("spark.sql.shuffle.partitions", "11")
    s1.conf.set("sabot.test.isolation", "only-in-s1")
    assert s1.conf.get("spark.sql.shuffle.partitions") == "11"
    assert s2.conf.get("spark.sql.shuffle.partitions") == "200"
    assert s1.conf.get("sabot.test.isolation") == "only-in-s1"
    assert s2.conf.get("sabot.test.isolation", None) is None


def test_sessions_run_queries_in_parallel(new_session):
    sessions = [new_session(), new_session()]
    results, errors = {}, []

    def work(i, s):
        try:
            s.conf.set("sabot.test.worker", str(i))
            total = 0
            for _ in range(5):
                total += s.range(0, 100_000 * (i + 1)).selectExpr("sum(id)").collect()[0][0]
            results[i] = (total, s.conf.get("sabot.test.worker"))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i, s)) for i, s in enumerate(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    for i in range(2):
        n = 100_000 * (i + 1)
        assert results[i] == (5 * n * (n - 1) // 2, str(i))


def test_stop_then_new_session_works(sabot_server, spark):
    s = support.new_remote_session(sabot_server.url)
    assert s.range(3).count() == 3
    s.stop()
    s2 = support.new_remote_session(sabot_server.url)
    try:
        assert s2.range(4).count() == 4
    finally:
        s2.stop()
    # the module's session is unaffected
    assert spark.range(2).count() == 2


# --------------------------------------------------------------------------------------------
# large data


@pytest.mark.timeout_s(600)
def test_large_collect_spans_many_arrow_batches(spark):
    n = 3_000_000
    rows = spark.range(n).collect()
    assert len(rows) == n
    assert rows[0][0] == 0 and rows[-1][0] == n - 1
    assert sum(r[0] for r in rows) == n * (n - 1) // 2


@pytest.mark.timeout_s(600)
def test_large_to_pandas(spark):
    n = 3_000_000
    pdf = spark.range(n).selectExpr("id", "id * 2 AS d").toPandas()
    assert len(pdf) == n
    assert int(pdf["id"].sum()) == n * (n - 1) // 2
    assert int(pdf["d"].sum()) == n * (n - 1)


def _big_pandas(n=100_000):
    import numpy as np
    import pandas as pd

    return pd.DataFrame(
        {
            "i": np.arange(n, dtype="int64"),
            "f": np.arange(n, dtype="float64") / 4.0,
            "s": [f"row-{k % 1000:04d}" for k in range(n)],
        }
    )


def _check_big(df, pdf):
    from pyspark.sql import functions as F

    n = len(pdf)
    assert df.count() == n
    agg = df.agg(F.sum("i"), F.sum("f"), F.countDistinct("s"), F.max("s")).collect()[0]
    assert agg[0] == int(pdf["i"].sum())
    assert agg[1] == pytest.approx(float(pdf["f"].sum()), rel=1e-12)
    assert agg[2] == 1000
    assert agg[3] == "row-0999"
    head = df.orderBy(F.col("i").desc()).limit(2).collect()
    assert [tuple(r) for r in head] == [(n - 1, (n - 1) / 4.0, f"row-{(n - 1) % 1000:04d}"),
                                        (n - 2, (n - 2) / 4.0, f"row-{(n - 2) % 1000:04d}")]


@pytest.mark.timeout_s(600)
def test_large_create_dataframe_from_pandas_inline(spark):
    pdf = _big_pandas()
    _check_big(spark.createDataFrame(pdf), pdf)


@pytest.mark.timeout_s(600)
def test_large_create_dataframe_from_pandas_cached_relation(new_session):
    """Above spark.sql.session.localRelationCacheThreshold the client uploads the data as
    artifacts and sends a (Chunked)CachedLocalRelation; small chunk sizes force several chunks."""
    s = new_session()
    s.conf.set("spark.sql.session.localRelationCacheThreshold", str(256 * 1024))
    if support.IS_CLIENT_4:
        s.conf.set("spark.sql.session.localRelationChunkSizeRows", "20000")
        s.conf.set("spark.sql.session.localRelationChunkSizeBytes", str(512 * 1024))
    pdf = _big_pandas()
    _check_big(s.createDataFrame(pdf), pdf)
    # The same data again: the client may reuse the cached artifacts by hash.
    _check_big(s.createDataFrame(pdf), pdf)


# --------------------------------------------------------------------------------------------
# robustness


def _malformed_dataframe(spark):
    """A DataFrame whose plan is a Relation with no rel_type: the server must reject it."""
    from pyspark.sql.connect.dataframe import DataFrame
    from pyspark.sql.connect.plan import LogicalPlan

    class EmptyRelation(LogicalPlan):
        def __init__(self):
            super().__init__(None)

        def plan(self, session):
            return self._create_proto_relation()

    if hasattr(DataFrame, "withPlan"):  # 3.5
        return DataFrame.withPlan(EmptyRelation(), spark)
    return DataFrame(EmptyRelation(), spark)


def test_malformed_plan_error_then_success(spark):
    from pyspark.errors import PySparkException

    with pytest.raises(PySparkException):
        _malformed_dataframe(spark).collect()
    assert spark.range(5).selectExpr("sum(id)").collect()[0][0] == 10


def test_errors_do_not_poison_session(spark):
    from pyspark.errors import PySparkException

    for bad in ("SELECT nope FROM range(1)", "SELEC 1", "SELECT 1/0"):
        with pytest.raises(PySparkException):
            spark.sql(bad).collect()
        assert spark.sql("SELECT 41 + 1 AS x").collect()[0][0] == 42


# Long enough (tens of seconds for real Spark or Sabot) to be interrupted well before it ends, but
# bounded: real Spark 4.3 was seen to leave the cancelled job's tasks running, which must not
# block the following tests for long. Small partitions let a cancelled job stop sooner.
LONG_QUERY_ROWS = 4 * 10**10
LONG_QUERY_PARTITIONS = 400


def _run_long_query_in_thread(session, tag=None):
    state = {}

    def run():
        if tag:
            session.addTag(tag)
        try:
            state["result"] = (
                session.range(0, LONG_QUERY_ROWS, 1, LONG_QUERY_PARTITIONS).selectExpr("sum(id % 7) AS s").collect()
            )
        except Exception as e:  # noqa: BLE001 - the interrupt error is the expected outcome
            state["error"] = e
        finally:
            if tag:
                session.removeTag(tag)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, state


def _assert_canceled(thread, state):
    thread.join(60)
    assert not thread.is_alive(), "interrupted query did not return within 60 s"
    assert "result" not in state, f"query finished instead of being interrupted: {state}"
    err = support.error_result(state["error"])
    # Real Spark: errorClass OPERATION_CANCELED, SQLSTATE HY008 (exception class depends on the
    # client: UnknownException on 4.x, SparkConnectGrpcException on 3.5).
    assert err["errorClass"] == "OPERATION_CANCELED", (err, str(state["error"])[:500])
    assert err["sqlState"] == "HY008", err


@pytest.mark.timeout_s(180)
def test_interrupt_tag(new_session):
    s = new_session()
    thread, state = _run_long_query_in_thread(s, tag="long-running")
    interrupted = support.wait_until(lambda: s.interruptTag("long-running"), timeout=30)
    assert interrupted, "interruptTag found no running operation with the tag within 30 s"
    assert all(isinstance(op, str) and op for op in interrupted)
    _assert_canceled(thread, state)
    assert s.range(3).count() == 3


@pytest.mark.timeout_s(180)
def test_interrupt_all(new_session):
    s = new_session()
    thread, state = _run_long_query_in_thread(s)
    interrupted = support.wait_until(lambda: s.interruptAll(), timeout=30)
    assert interrupted, "interruptAll found no running operation within 30 s"
    _assert_canceled(thread, state)
    assert s.range(3).count() == 3


def test_interrupt_tag_without_operations_returns_empty(spark):
    assert spark.interruptTag("no-such-tag") == []


DISCONNECT_SCRIPT = r"""
import sys
sys.path.insert(0, sys.argv[1])
import support
s = support.new_remote_session(sys.argv[2])
# 40 partitions keep real Spark's per-task results small; Sabot may ignore the hint.
df = s.range(0, 40_000_000, 1, 40).selectExpr("id", "id * 2 AS x", "cast(id AS string) AS s")
print("started", flush=True)
if sys.argv[3] == "iterator":
    for i, row in enumerate(df.toLocalIterator()):
        if i == 1000:
            print("streaming", flush=True)
            import time
            time.sleep(600)
else:
    df.collect()
"""


@pytest.mark.timeout_s(240)
@pytest.mark.parametrize("mode", ["collect", "iterator"])
def test_client_killed_mid_stream_server_survives(sabot_server, new_session, mode):
    proc = subprocess.Popen(
        [sys.executable, "-W", "ignore", "-c", DISCONNECT_SCRIPT, HERE, sabot_server.url, mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        wanted = "streaming" if mode == "iterator" else "started"
        seen = []
        reader = threading.Thread(target=lambda: seen.extend(proc.stdout), daemon=True)
        reader.start()
        assert support.wait_until(lambda: any(wanted in line for line in seen), 90), (
            f"subprocess never printed {wanted!r}: {seen}"
        )
        if mode == "collect":
            time.sleep(3)  # let the server start executing and streaming
        assert proc.poll() is None, "the client finished before it could be killed"
    finally:
        proc.kill()
        proc.wait(30)
    assert sabot_server.exited() is None, "server process died"
    s = new_session()
    assert s.range(5).count() == 5
    assert s.sql("SELECT 6 * 7").collect()[0][0] == 42


def test_sample_repeats_for_a_seed(spark):
    """Sabot's sample is a pure function of the seed and the row order, whatever the partitions."""
    df = spark.range(0, 2000, 1, 4)
    first = sorted(r.id for r in df.sample(fraction=0.3, seed=7).collect())
    again = sorted(r.id for r in df.sample(fraction=0.3, seed=7).collect())
    other = sorted(r.id for r in df.sample(fraction=0.3, seed=8).collect())
    assert first == again
    assert first != other
    assert 450 <= len(first) <= 750
    a, b = df.randomSplit([0.5, 0.5], seed=3)
    ids_a, ids_b = {r.id for r in a.collect()}, {r.id for r in b.collect()}
    assert not ids_a & ids_b and len(ids_a | ids_b) == 2000


def raw_stub(url):
    """PySpark's generated gRPC stub on its own channel, for protocol steps the client API hides."""
    import grpc
    from pyspark.sql.connect.proto import base_pb2_grpc

    channel = grpc.insecure_channel(url[len("sc://"):])
    return channel, base_pb2_grpc.SparkConnectServiceStub(channel)


def rows_of(responses):
    import pyarrow as pa

    return [
        v
        for r in responses
        if r.HasField("arrow_batch")
        for v in pa.ipc.open_stream(r.arrow_batch.data).read_all().column(0).to_pylist()
    ]


def test_reattach_after_releasing_the_last_response_resumes_after_it(remote_url):
    # PySpark's reattachable iterator releases every response it returns; when its stream
    # breaks (a per-RPC deadline, UNAVAILABLE) it reattaches after the last one it returned,
    # which the server must still place (Spark keeps every response id's index).
    import uuid

    import pyspark.sql.connect.proto as pb2

    channel, stub = raw_stub(remote_url)
    session = dict(session_id=str(uuid.uuid4()), user_context=pb2.UserContext(user_id="t"))
    operation_id = str(uuid.uuid4())
    plan = pb2.Plan(root=pb2.Relation(sql=pb2.SQL(query="SELECT id FROM range(200000)")))
    request = pb2.ExecutePlanRequest(
        plan=plan,
        operation_id=operation_id,
        request_options=[
            pb2.ExecutePlanRequest.RequestOption(
                reattach_options=pb2.ReattachOptions(reattachable=True)
            )
        ],
        **session,
    )
    try:
        stream = stub.ExecutePlan(request)
        first = next(stream)
        assert first.HasField("arrow_batch"), first
        stub.ReleaseExecute(
            pb2.ReleaseExecuteRequest(
                operation_id=operation_id,
                release_until=pb2.ReleaseExecuteRequest.ReleaseUntil(response_id=first.response_id),
                **session,
            )
        )
        stream.cancel()
        rest = list(
            stub.ReattachExecute(
                pb2.ReattachExecuteRequest(
                    operation_id=operation_id, last_response_id=first.response_id, **session
                )
            )
        )
        assert rest and rest[-1].HasField("result_complete")
        assert first.response_id not in [r.response_id for r in rest]
        assert sorted(rows_of([first] + rest)) == list(range(200000))

        # An id the operation never produced is Spark's POSITION_NOT_FOUND.
        import grpc

        with pytest.raises(grpc.RpcError) as failed:
            list(
                stub.ReattachExecute(
                    pb2.ReattachExecuteRequest(
                        operation_id=operation_id, last_response_id="no-such-id", **session
                    )
                )
            )
        assert "INVALID_CURSOR.POSITION_NOT_FOUND" in failed.value.details()
    finally:
        channel.close()
