"""Engine features whose effect shows in the plan rather than in the rows (issue 7): broadcast
joins. The rows themselves are checked against Spark's in `cases/broadcast.py`."""

import contextlib
import io
import sys
import time

import pytest
from pyspark.sql import functions as F


def physical_plan(df) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        df.explain()
    return buf.getvalue()


@pytest.fixture
def no_auto_broadcast(spark):
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    yield
    spark.conf.unset("spark.sql.autoBroadcastJoinThreshold")


def sides(spark):
    big = spark.range(0, 20000).withColumn("k", F.col("id") % 50)
    small = spark.createDataFrame([(i, f"n{i}") for i in range(50)], "k LONG, name STRING")
    return big, small


@pytest.mark.parametrize("how", ["inner", "left", "left_semi", "left_anti"])
def test_broadcast_function_builds_on_the_hinted_side(spark, no_auto_broadcast, how):
    big, small = sides(spark)
    plan = physical_plan(big.join(F.broadcast(small), "k", how))
    assert "BroadcastExchangeExec" in plan, plan
    # The hinted (right) side is the collected build side: the first input of the join.
    join = plan[plan.index("HashJoinExec"):]
    assert "mode=CollectLeft" in join.splitlines()[0], plan
    assert join.index("BroadcastExchangeExec") < join.index("LazyMemoryExec"), plan


@pytest.mark.parametrize("name", ["broadcast", "BROADCASTJOIN", "mapjoin"])
def test_broadcast_hint_names(spark, no_auto_broadcast, name):
    big, small = sides(spark)
    plan = physical_plan(big.join(small.hint(name), "k"))
    assert "BroadcastExchangeExec" in plan and "mode=CollectLeft" in plan, plan


def test_hint_spark_cannot_apply_is_ignored(spark, no_auto_broadcast):
    # Spark cannot broadcast the right side of a right or full outer join.
    big, small = sides(spark)
    for how in ["right", "full"]:
        plan = physical_plan(big.join(F.broadcast(small), "k", how))
        assert "mode=CollectLeft" not in plan, plan
        assert big.join(F.broadcast(small), "k", how).count() == 20000


def test_filters_still_reach_a_hinted_side(spark, no_auto_broadcast):
    big, small = sides(spark)
    df = big.join(F.broadcast(small), "k").filter(F.col("name") == "n3")
    plan = physical_plan(df)
    below = plan[plan.index("BroadcastExchangeExec"):]
    assert "FilterExec" in below.split("ProjectionExec")[0], plan
    assert df.count() == 400


def test_auto_broadcast_threshold(spark):
    big, small = sides(spark)
    # Spark's default 10 MB: the small side is collected without a hint.
    assert "mode=CollectLeft" in physical_plan(big.join(small, "k"))
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    try:
        assert "mode=CollectLeft" not in physical_plan(big.join(small, "k"))
    finally:
        spark.conf.unset("spark.sql.autoBroadcastJoinThreshold")


# --------------------------------------------------------------------------------------------
# memory limits


def test_sort_over_the_query_memory_limit_spills_and_completes(new_session):
    s = new_session()
    s.conf.set("sabot.memory.queryLimit", "24m")
    n = 3_000_000
    df = s.range(0, n, 1, 4).select("id", (F.rand(7) * 1e9).cast("long").alias("r")).orderBy("r")
    # About 48 MB of rows sorted under 24 MB: only possible by spilling.
    out = df.toPandas()
    assert len(out) == n
    assert out["r"].is_monotonic_increasing
    assert int(out["id"].sum()) == n * (n - 1) // 2


def test_temp_views_outlive_a_query_memory_limit(new_session, tmp_path):
    # A query under a per-query limit runs in a copy of the session's context; building that
    # copy must not replace the session's catalog (and with it its temporary views).
    s = new_session()
    s.range(10).createOrReplaceTempView("ten")
    s.sql("CREATE TEMPORARY VIEW odd AS SELECT id FROM ten WHERE id % 2 = 1")
    s.conf.set("sabot.memory.queryLimit", "64m")
    assert s.sql("SELECT count(*) FROM odd").collect()[0][0] == 5
    s.table("ten").write.parquet(str(tmp_path / "ten"))  # a write under the limit
    assert s.sql("SELECT sum(id) FROM ten").collect()[0][0] == 45
    s.conf.unset("sabot.memory.queryLimit")
    assert sorted(t.name for t in s.catalog.listTables() if t.isTemporary) == ["odd", "ten"]


def limited_join(s, partitions, n=3_000_000):
    """A join of two n-row sides (48 MB of build rows) under a 64 MB query limit, over
    `partitions` partitions, without broadcasts; and its expected sum."""
    s.conf.set("sabot.memory.queryLimit", "64m")
    s.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    s.conf.set("spark.sql.shuffle.partitions", str(partitions))
    left = s.range(0, n, 1, partitions).select("id", (F.col("id") * 3).alias("a"))
    right = s.range(0, n, 1, partitions).select(F.col("id").alias("k"), (F.col("id") * 5).alias("b"))
    joined = left.join(right, left.id == right.k).select(F.sum(F.col("a") + F.col("b")))
    return joined, 8 * (n * (n - 1) // 2)


def test_join_over_the_limit_spills_with_sort_merge_joins(new_session):
    s = new_session()
    # Two partitions: four sorts share the limit (each keeps 10 MB to merge its spill files).
    joined, expected = limited_join(s, 2)
    # Sabot plans a hash join, whose build side (48 MB of rows and its hash table) cannot
    # spill; when it runs out of memory before any row reached the client, the query runs again
    # with Spark's sort-merge joins, which sort both sides, spilling, and it completes.
    assert "HashJoinExec" in physical_plan(joined)
    assert joined.collect()[0][0] == expected
    # Unset, the setting reads as Spark's default all the same.
    assert s.conf.get("spark.sql.join.preferSortMergeJoin") == "true"
    # Asked for directly, sort-merge joins are planned from the start.
    s.conf.set("spark.sql.join.preferSortMergeJoin", "true")
    assert "SortMergeJoin" in physical_plan(joined)
    assert joined.collect()[0][0] == expected


def test_hash_join_over_the_limit_without_a_fallback_fails(new_session):
    from pyspark.errors import PySparkException

    s = new_session()
    # One partition: the planner has no sort-merge join to fall back to (DataFusion plans
    # sort-merge joins only for repartitioned joins), so the hash join's error reaches the
    # client, and the session goes on.
    joined, _ = limited_join(s, 1)
    with pytest.raises(PySparkException, match="UNABLE_TO_ACQUIRE_MEMORY"):
        joined.collect()
    assert s.range(3).count() == 3


def test_query_that_cannot_fit_fails_alone(new_session):
    import threading

    from pyspark.errors import PySparkException

    limited, other = new_session(), new_session()
    limited.conf.set("sabot.memory.queryLimit", "8m")
    errors, results = [], []

    def too_big():
        try:
            # One group's list of 3M longs cannot spill.
            limited.range(0, 3_000_000).select(F.size(F.collect_list("id"))).collect()
        except PySparkException as e:
            errors.append(e)

    def fine():
        results.append(other.range(0, 2_000_000).selectExpr("sum(id)").collect()[0][0])

    threads = [threading.Thread(target=too_big), threading.Thread(target=fine)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(errors) == 1 and "UNABLE_TO_ACQUIRE_MEMORY" in str(errors[0]), errors
    assert results == [2_000_000 * 1_999_999 // 2]
    # The limited session itself keeps working.
    assert limited.range(5).count() == 5


def test_writes_keep_to_the_query_memory_limit(new_session, tmp_path):
    from pyspark.errors import PySparkException

    s = new_session()
    s.conf.set("sabot.memory.queryLimit", "8m")
    # One group's list of 3M longs cannot spill: the write fails as the same query's collect.
    too_big = s.range(0, 3_000_000).select(F.size(F.collect_list("id")).alias("n"))
    with pytest.raises(PySparkException, match="UNABLE_TO_ACQUIRE_MEMORY"):
        too_big.write.parquet(str(tmp_path / "too_big"))
    with pytest.raises(PySparkException, match="UNABLE_TO_ACQUIRE_MEMORY"):
        too_big.write.saveAsTable("too_big_table")
    # So does filling a cached DataFrame at its first action.
    cached = too_big.cache()
    with pytest.raises(PySparkException, match="UNABLE_TO_ACQUIRE_MEMORY"):
        cached.collect()
    cached.unpersist()
    # A sort over the limit spills and its write completes.
    s.conf.set("sabot.memory.queryLimit", "24m")
    n = 3_000_000
    df = s.range(0, n, 1, 4).select("id", (F.rand(7) * 1e9).cast("long").alias("r")).orderBy("r")
    df.write.parquet(str(tmp_path / "sorted"))
    back = s.read.parquet(str(tmp_path / "sorted"))
    assert back.count() == n
    assert back.selectExpr("sum(id)").collect()[0][0] == n * (n - 1) // 2


# --------------------------------------------------------------------------------------------
# cache


def parquet_source(tmp_path, n=1000):
    import pyarrow as pa
    import pyarrow.parquet as pq

    d = tmp_path / "src"
    d.mkdir()
    pq.write_table(pa.table({"id": list(range(n)), "k": [i % 7 for i in range(n)]}),
                   str(d / "part-0.parquet"))
    return d


def _rss_anon_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        kib = next(int(line.split()[1]) for line in f if line.startswith("RssAnon:"))
    return kib / 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_memory_of_large_results_goes_back_once_idle(sabot_server, new_session):
    # The allocator keeps what large results freed unless told to give it back; Sabot does so
    # once no operation is left (idle_trim), so an idle server does not sit at its peak.
    if sabot_server.proc is None:
        pytest.skip("an external server")
    s = new_session()
    pid = sabot_server.proc.pid
    assert s.range(10).count() == 10
    time.sleep(1)
    before = _rss_anon_mib(pid)
    big = s.range(3_000_000).selectExpr("id", "CAST(id AS STRING) AS s")
    for _ in range(3):
        assert len(big.toPandas()) == 3_000_000
    time.sleep(1)
    idle = _rss_anon_mib(pid)
    # Without giving memory back the server kept 15-20 MiB of these results (glibc).
    assert idle < before + 8, f"anonymous memory {before:.0f} MiB before the results, {idle:.0f} MiB after"


@pytest.mark.parametrize("level", ["MEMORY_AND_DISK", "MEMORY_ONLY", "DISK_ONLY"])
def test_cached_dataframe_does_not_read_its_source_again(new_session, tmp_path, level):
    import shutil

    from pyspark.storagelevel import StorageLevel

    s = new_session()
    src = parquet_source(tmp_path)
    df = s.read.parquet(str(src))
    df.persist(getattr(StorageLevel, level))
    assert df.count() == 1000  # the first action computes and stores it
    shutil.rmtree(src)  # a rescan would now fail with PATH_NOT_FOUND
    assert df.count() == 1000
    assert df.filter("k = 3").count() == 143
    assert sorted(r[0] for r in df.groupBy("k").count().collect()) == list(range(7))
    # The plan reads the stored data, not the files.
    assert "parquet" not in physical_plan(df.filter("k = 3")).lower()
    df.unpersist()
    # Uncached, the plan reads the deleted files again (a bare count may come from cached
    # Parquet footers, so read values).
    with pytest.raises(Exception):
        df.filter("k = 3").collect()


def test_cache_is_lazy_and_analysis_computes_nothing(new_session, tmp_path):
    import shutil

    s = new_session()
    src = parquet_source(tmp_path)
    df = s.read.parquet(str(src))
    df.cache()
    assert df.columns == ["id", "k"]  # analysis only: nothing stored yet
    shutil.rmtree(src)
    with pytest.raises(Exception):
        df.filter("k = 3").collect()


def test_cache_table_is_eager_and_sessions_are_separate(new_session, tmp_path):
    import shutil

    s1, s2 = new_session(), new_session()
    src = parquet_source(tmp_path)
    for s in (s1, s2):
        s.read.parquet(str(src)).createOrReplaceTempView("cached_src")
    s1.sql("CACHE TABLE cached_src")  # eager: stored now
    shutil.rmtree(src)
    assert s1.sql("SELECT count(*) FROM cached_src").collect()[0][0] == 1000
    assert s1.catalog.isCached("cached_src") and not s2.catalog.isCached("cached_src")
    # The other session reads the (deleted) files: DataFusion may answer a bare count from
    # cached Parquet footers, so read values.
    with pytest.raises(Exception):
        s2.table("cached_src").filter("k = 3").collect()


# --------------------------------------------------------------------------------------------
# checkpoints


@pytest.fixture
def checkpoint_server(tmp_path):
    """A server of its own, started with a checkpoint directory (a static setting)."""
    import os
    import re
    import subprocess

    import support

    bin_path = os.environ.get("SABOT_BIN")
    if not bin_path:
        pytest.skip("SABOT_BIN is not set")
    ckdir = tmp_path / "checkpoints"
    proc = subprocess.Popen(
        [bin_path, "server", "--host", "127.0.0.1", "--port", "0", "--conf",
         f"spark.checkpoint.dir={ckdir}"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env=support.child_env(), start_new_session=True,
    )
    port = None
    for line in proc.stdout:
        m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if m:
            port = int(m.group(1))
            break
    assert port, "server did not start"
    url = f"sc://127.0.0.1:{port}"
    session = support.new_remote_session(url)
    # The client gives a checkpointed DataFrame to the *active* session
    # (`proto_to_remote_cached_dataframe`): make it this server's.
    from pyspark.sql.connect.session import SparkSession

    previous = getattr(SparkSession._active_session, "session", None)
    SparkSession._active_session.session = session
    try:
        yield proc, session, ckdir, url
    finally:
        SparkSession._active_session.session = previous
        # The session was the client's default too: a later checkpoint of another test would
        # be handed to it (and retry against this stopped server) unless it is stopped.
        try:
            session.stop()
        except Exception:  # noqa: BLE001
            pass
        proc.kill()
        proc.wait()


def files_under(path):
    import os

    return sorted(os.path.relpath(os.path.join(d, f), path)
                  for d, _, fs in os.walk(path) for f in fs) if path.exists() else []


@pytest.mark.client4
def test_checkpoint_cuts_lineage_survives_a_crash_and_is_released(checkpoint_server, tmp_path):
    import gc
    import shutil
    import signal
    import time

    proc, s, ckdir, url = checkpoint_server
    src = parquet_source(tmp_path)
    df = s.read.parquet(str(src)).filter("k < 3")
    c = df.checkpoint()  # eager: computed and written now
    written = files_under(ckdir)
    assert written and all(f.endswith(".parquet") for f in written), written
    shutil.rmtree(src)
    # The checkpointed DataFrame's plan is its stored data only.
    assert "src" not in physical_plan(c)
    assert c.count() == 429 and c.filter("k = 1").count() == 143
    local = s.range(0, 100).selectExpr("id", "id % 10 AS m").localCheckpoint()
    assert local.groupBy("m").count().count() == 10
    # Released by the client: the files go.
    del c
    gc.collect()
    for _ in range(50):
        if not files_under(ckdir):
            break
        time.sleep(0.1)
    assert files_under(ckdir) == []
    # A reliable checkpoint outlives a crash of the server. Another client makes it and exits
    # without releasing anything (this one would retry against the dead server at exit).
    s.stop()
    script = (
        "import os, sys; sys.path.insert(0, sys.argv[2]); import support; "
        "s = support.new_remote_session(sys.argv[1]); "
        "c = s.range(0, 10).checkpoint(); print(c.count(), flush=True); os._exit(0)"
    )
    import os
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", script, url, os.path.dirname(os.path.abspath(__file__))],
        capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "10", out.stderr[-2000:]
    kept = files_under(ckdir)
    assert kept
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert files_under(ckdir) == kept


@pytest.mark.client4
@pytest.mark.parametrize("fmt", ["csv", "json", "text"])
def test_progress_bytes_read_of_text_sources(new_session, tmp_path, fmt):
    s = new_session()
    s.conf.set("spark.connect.progress.reportInterval", "50ms")
    read = []
    s.registerProgressHandler(lambda stages, inflight_tasks, operation_id, done: read.append(
        sum(st.num_bytes_read for st in stages)) if done else None)
    path = tmp_path / f"data.{fmt}"
    lines = [f'{{"i": {i}}}' if fmt == "json" else f"{i},{i % 7}" for i in range(3000)]
    path.write_text("\n".join(lines) + "\n")
    df = getattr(s.read, fmt)(str(path))
    assert df.count() == 3000
    s.clearProgressHandlers()
    # The whole file is read, as Spark's input metrics count it.
    assert read and read[-1] == path.stat().st_size, (read, path.stat().st_size)


@pytest.mark.client4
def test_lazy_checkpoint_is_computed_at_the_first_action(checkpoint_server, tmp_path):
    import shutil

    proc, s, ckdir, url = checkpoint_server
    src = parquet_source(tmp_path)
    c = s.read.parquet(str(src)).filter("k < 3").checkpoint(eager=False)
    assert files_under(ckdir) == []  # not computed at the call
    assert c.columns == ["id", "k"] and c.filter("k = 1").columns == ["id", "k"]
    assert files_under(ckdir) == []  # nor by a schema request
    assert c.count() == 429
    assert files_under(ckdir)  # computed and written by the first action
    shutil.rmtree(src)
    # From then on the lineage is cut: the source is not read again.
    assert "src" not in physical_plan(c)
    assert c.filter("k = 1").count() == 143
    (tmp_path / "second").mkdir()
    src2 = parquet_source(tmp_path / "second")
    local = s.read.parquet(str(src2)).localCheckpoint(eager=False)
    assert local.count() == 1000
    shutil.rmtree(src2)
    assert local.groupBy("k").count().count() == 7


# --------------------------------------------------------------------------------------------
# execution progress


@pytest.mark.client4
def test_progress_handlers_see_stages_tasks_and_bytes(new_session, tmp_path):
    s = new_session()
    s.conf.set("spark.connect.progress.reportInterval", "50ms")
    calls = []

    def handler(stages, inflight_tasks, operation_id, done):
        calls.append(([(st.stage_id, st.num_tasks, st.num_completed_tasks, st.num_bytes_read,
                        st.done) for st in stages], inflight_tasks, done))

    s.registerProgressHandler(handler)
    src = parquet_source(tmp_path, n=20000)
    # Long enough (6 million joined rows) for reports while it runs: a short query gets only
    # the final one, as from Spark.
    df = (s.read.parquet(str(src)).crossJoin(s.range(0, 300).withColumnRenamed("id", "r"))
          .groupBy("k").agg(F.sum("id").alias("s")))
    assert sorted(r["k"] for r in df.collect()) == list(range(7))
    s.clearProgressHandlers()
    assert calls, "no progress reported"
    # While running: some tasks not complete yet; then counts only grow.
    running = [c for c in calls if not c[2]]
    assert running and sum(t for _, _, t, _, _ in running[0][0]) < sum(
        n for _, n, _, _, _ in running[0][0]), calls
    completed = [sum(st[2] for st in c[0]) for c in calls]
    assert completed == sorted(completed), calls
    # The end: every stage done with all its tasks, no task running, the file's bytes read.
    stages, inflight, done = calls[-1]
    assert done and inflight == 0, calls
    assert len(stages) >= 2 and all(st[4] and st[2] == st[1] for st in stages), calls
    assert [st[0] for st in stages] == list(range(len(stages)))
    assert sum(st[3] for st in stages) > 0, calls


@pytest.mark.client4
def test_negative_report_interval_disables_progress(new_session):
    s = new_session()
    s.conf.set("spark.connect.progress.reportInterval", "-1")
    calls = []
    s.registerProgressHandler(lambda stages, inflight_tasks, operation_id, done: calls.append(
        (list(stages), done)))
    assert s.range(10).count() == 10
    # The client still tells its handlers it finished, with no stages from the server.
    assert calls == [([], True)]


# --------------------------------------------------------------------------------------------
# partitioning


def test_shuffle_partitions_set_the_engine_partitions(new_session):
    s = new_session()
    df = s.range(0, 1000).groupBy((F.col("id") % 7).alias("k")).count()
    s.conf.set("spark.sql.shuffle.partitions", "3")
    plan = physical_plan(df)
    assert "RoundRobinBatch(3)" in plan and "7))@0], 3)" in plan, plan
    s.conf.set("spark.sql.shuffle.partitions", "5")
    assert "7))@0], 5)" in physical_plan(df)
    assert sorted(r["count"] for r in df.collect()) == [142] * 1 + [143] * 6



# --------------------------------------------------------------------------------------------
# optimizer: Parquet pushdown


def row_grouped_parquet(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    d = tmp_path / "grouped"
    d.mkdir()
    n = 20000
    pq.write_table(pa.table({"id": list(range(n)), "k": [i % 7 for i in range(n)],
                             "pad": ["x" * 40] * n}),
                   str(d / "part-0.parquet"), row_group_size=1000)
    return d


def test_parquet_scan_gets_filters_and_columns(spark, tmp_path):
    df = spark.read.parquet(str(row_grouped_parquet(tmp_path))).filter("id >= 19500").select("k")
    plan = physical_plan(df)
    scan = [line for line in plan.splitlines() if "DataSourceExec" in line][0]
    assert "predicate=id@0 >= 19500" in scan and "projection=[id, k]" in scan, plan
    assert df.count() == 500


@pytest.mark.client4
def test_parquet_row_groups_are_skipped_unless_pushdown_is_off(new_session, tmp_path):
    s = new_session()
    path = str(row_grouped_parquet(tmp_path))
    read = []
    s.registerProgressHandler(lambda stages, inflight_tasks, operation_id, done: read.append(
        sum(st.num_bytes_read for st in stages)) if done else None)

    def bytes_read():
        read.clear()
        assert s.read.parquet(path).filter("id >= 19500").select("k").count() == 500
        return read[-1]

    pruned = bytes_read()
    s.conf.set("spark.sql.parquet.filterPushdown", "false")
    full = bytes_read()
    assert 0 < pruned * 5 < full, (pruned, full)


def test_parquet_view_and_large_strings_read_as_spark_strings(spark, tmp_path):
    # tpchgen, Polars and DataFusion declare Utf8View (or LargeUtf8) in the files' Arrow
    # schema; Sabot decodes those columns straight into plain strings and binaries.
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 3000
    words = [None if i % 11 == 0 else f"w{i % 5}-{'long text ' * (i % 3)}" for i in range(n)]
    table = pa.table({
        "id": pa.array(range(n), pa.int64()),
        "v": pa.array(words, pa.string_view()),
        "l": pa.array(words, pa.large_string()),
        "b": pa.array([None if w is None else w.encode() for w in words], pa.binary_view()),
        "tags": pa.array([[w, "t"] for w in words], pa.list_(pa.string_view())),
        "s": pa.array([{"x": w} for w in words], pa.struct([("x", pa.large_string())])),
    })
    path = str(tmp_path / "views.parquet")
    try:
        pq.write_table(table, path, row_group_size=500)
    except pa.ArrowNotImplementedError:  # the 3.5 client's pyarrow predates Parquet view types
        pytest.skip(f"pyarrow {pa.__version__} cannot write string_view to Parquet")
    df = spark.read.parquet(path)
    assert [(f.name, f.dataType.simpleString()) for f in df.schema.fields] == [
        ("id", "bigint"), ("v", "string"), ("l", "string"), ("b", "binary"),
        ("tags", "array<string>"), ("s", "struct<x:string>")]
    rows = df.orderBy("id").collect()
    assert [r.v for r in rows] == words and [r.l for r in rows] == words
    assert [r.b for r in rows] == [None if w is None else bytearray(w.encode()) for w in words]
    assert [r.tags for r in rows] == [[w, "t"] for w in words]
    assert [r.s.x for r in rows] == words
    got = df.filter(F.col("v").startswith("w3-long")).groupBy("l").count().orderBy("l").collect()
    want = {}
    for w in words:
        if w is not None and w.startswith("w3-long"):
            want[w] = want.get(w, 0) + 1
    assert [(r.l, r["count"]) for r in got] == sorted(want.items())


def test_sorted_parquet_strings_come_back_in_order(spark, tmp_path):
    # Parquet strings are read as views and cast back to strings at the root; that cast must
    # not spread the sorted stream over several partitions (many batches: a shuffled result).
    n = 50_000
    path = str(tmp_path / "keys")
    spark.range(n).selectExpr(
        "id", "concat('k', lpad(cast((id * 7919) % 50000 AS string), 6, '0')) AS s"
    ).write.parquet(path)
    df = spark.read.parquet(path)
    values = [r.s for r in df.orderBy("s").collect()]
    assert len(values) == n and values == sorted(values)
    # toPandas: Arrow batches in both clients (toArrow is 4.x only).
    top = df.orderBy(df.s.desc()).limit(20_000).toPandas()["s"].tolist()
    assert top == sorted(top, reverse=True) and len(top) == 20_000


def explain_text(df, mode):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        df.explain(mode)
    return buf.getvalue()


def test_repartition_is_kept_and_explained(spark):
    df = spark.range(0, 100).repartition(6, "id").filter("id > 3")
    plan = physical_plan(df)
    assert "ShuffleExchangeExec: partitioning=Hash([id@0], 6)" in plan, plan
    assert "ShuffleExchangeExec: partitioning=RoundRobinBatch(4)" in physical_plan(
        spark.range(10).repartition(4))
    extended = explain_text(df, "extended")
    sections = ["== Parsed Logical Plan ==", "== Analyzed Logical Plan ==",
                "== Optimized Logical Plan ==", "== Physical Plan =="]
    assert [extended.index(s) for s in sections] == sorted(extended.index(s) for s in sections)
    assert extended.count("Repartition: Hash(id) partition_count=6") == 3, extended
    assert "ShuffleExchangeExec: partitioning=Hash([id@0], 6)" in extended
    cost = explain_text(df, "cost")
    assert "== Optimized Logical Plan ==" in cost and "statistics=[Rows=" in cost, cost
    formatted = explain_text(df, "formatted")
    assert "ShuffleExchangeExec" in formatted, formatted
    sql = spark.sql("EXPLAIN EXTENDED SELECT /*+ REPARTITION(3, id) */ id FROM range(10)")
    text = sql.collect()[0][0]
    assert "partition_count=3" in text and "Hash([id@0], 3)" in text, text


@pytest.mark.parametrize("make,files", [
    (lambda s: s.range(0, 1000).repartition(5), 5),
    (lambda s: s.range(0, 1000).repartition(3, "id"), 3),
    (lambda s: s.range(0, 1000, 1, 4).coalesce(1), 1),
    # No count: Spark's adaptive execution coalesces the small shuffle into one partition.
    (lambda s: s.range(0, 1000).repartition("id"), 1),
    (lambda s: s.range(0, 1000, 1, 3).repartitionByRange("id"), 1),
])
def test_repartition_count_is_the_number_of_files_written(spark, tmp_path, make, files):
    out = tmp_path / "out"
    make(spark).write.parquet(str(out))
    assert len([f for f in out.iterdir() if f.name.startswith("part-")]) == files
    assert spark.read.parquet(str(out)).count() == 1000


def test_shuffle_without_count_is_read_coalesced(spark, tmp_path):
    df = spark.range(0, 5000).repartition("id")
    assert "AQEShuffleReadExec: coalesced" in physical_plan(df)
    assert "AQEShuffleReadExec" not in physical_plan(spark.range(10).repartition(3, "id"))
    spark.conf.set("spark.sql.adaptive.enabled", "false")
    try:
        assert "AQEShuffleReadExec" not in physical_plan(df)
    finally:
        spark.conf.unset("spark.sql.adaptive.enabled")
    # Over Sabot's buffer limit the shuffle's partitions pass through uncoalesced.
    spark.conf.set("sabot.sql.adaptive.coalesceBufferSize", "1k")
    try:
        out = tmp_path / "many"
        df.write.parquet(str(out))
        files = [f for f in out.iterdir() if f.name.startswith("part-")]
        assert 100 < len(files) <= 200, len(files)
        back = spark.read.parquet(str(out))
        assert back.count() == 5000
        assert back.agg(F.sum("id")).collect()[0][0] == sum(range(5000))
    finally:
        spark.conf.unset("sabot.sql.adaptive.coalesceBufferSize")
    # A failure inside the shuffle's input fails the query, and the session goes on.
    bad = spark.range(0, 100).select(F.concat(F.lit("x"), "id").cast("int").alias("v"))
    with pytest.raises(Exception, match="CAST_INVALID_INPUT"):
        bad.repartition("v").collect()
    assert spark.range(0, 100).repartition("id").count() == 100


def test_sorted_file_through_coalesce_one(spark, tmp_path):
    # The single-sorted-file idiom over a source of several partitions: the sort below the
    # coalesce is kept (DataFusion would drop it as useless under an exchange).
    src = tmp_path / "src"
    spark.range(0, 50000, 1, 4).select(((F.col("id") * 7919) % 50000).alias("k")).write.parquet(
        str(src))
    out = tmp_path / "sorted"
    spark.read.parquet(str(src)).orderBy("k").coalesce(1).write.csv(str(out))
    files = [f for f in out.iterdir() if f.name.startswith("part-")]
    assert len(files) == 1
    values = [int(line) for line in files[0].read_text().split()]
    assert values == list(range(50000))


def test_file_metadata_passes_through_repartitions(spark, tmp_path):
    # As in Spark 4.3, `_metadata` resolves above every kind of repartition of a file read.
    src = tmp_path / "meta"
    spark.range(10).write.parquet(str(src))
    df = spark.read.parquet(str(src))
    name = [f.name for f in src.iterdir() if f.name.startswith("part-")]
    for moved in [df.repartition("id"), df.repartition(3, "id"), df.repartitionByRange("id"),
                  df.repartitionByRange(2, "id"), df.coalesce(1), df.repartition(2)]:
        rows = moved.select("id", "_metadata.file_name").collect()
        assert sorted(r[0] for r in rows) == list(range(10))
        assert {r[1] for r in rows} <= set(name), rows


def test_range_repartition_writes_one_key_range_per_file(spark, tmp_path):
    # Spark's `RangePartitioning`: each output partition (file) holds one contiguous key range.
    out = tmp_path / "ranges"
    df = spark.range(0, 5000, 1, 3).select(((F.col("id") * 7919) % 5000).alias("k"))
    ranged = df.repartitionByRange(4, "k")
    assert "RangeExchangeExec: partitioning=Range([k@0 ASC NULLS FIRST], 4)" in physical_plan(
        ranged)
    ranged.write.parquet(str(out))
    files = sorted(f for f in out.iterdir() if f.name.startswith("part-"))
    assert len(files) == 4
    spans = []
    for f in files:
        r = spark.read.parquet(str(f)).agg(F.min("k"), F.max("k"), F.count("*")).collect()[0]
        spans.append((r[0], r[1], r[2]))
    spans.sort()
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:])), spans
    assert sum(s[2] for s in spans) == 5000
    assert all(600 <= s[2] <= 1900 for s in spans), spans


# A CTE referenced twice is computed once (Spark's exchange reuse, `spark.sql.exchange.reuse`).
CTE_TWICE = """
WITH totals AS (SELECT k, sum(id) AS s, count(*) AS c FROM src GROUP BY k)
SELECT a.k, a.s, b.c FROM totals a JOIN totals b ON a.k = b.k AND a.s = b.s AND a.c = b.c
ORDER BY a.k
"""

# TPC-H q15's shape: the view again inside an uncorrelated scalar subquery.
CTE_IN_SUBQUERY = """
WITH totals AS (SELECT k, sum(id) AS s FROM src GROUP BY k)
SELECT k, s FROM totals WHERE s = (SELECT max(s) FROM totals)
"""


def _totals(n=1000):
    sums = {k: sum(i for i in range(n) if i % 7 == k) for k in range(7)}
    counts = {k: sum(1 for i in range(n) if i % 7 == k) for k in range(7)}
    return sums, counts


def test_a_cte_referenced_twice_is_computed_once(new_session, tmp_path):
    s = new_session()
    s.read.parquet(str(parquet_source(tmp_path))).createOrReplaceTempView("src")
    sums, counts = _totals()
    for sql in (CTE_TWICE, CTE_IN_SUBQUERY):
        plan = physical_plan(s.sql(sql))
        assert plan.count("ReusedSubplanExec: subplan=1, consumers=2") == 2, plan
    rows = [tuple(r) for r in s.sql(CTE_TWICE).collect()]
    assert rows == [(k, sums[k], counts[k]) for k in range(7)]
    top = max(sums, key=sums.get)
    assert [tuple(r) for r in s.sql(CTE_IN_SUBQUERY).collect()] == [(top, sums[top])]
    # Spark's switch turns it off; the rows stay the same.
    s.conf.set("spark.sql.exchange.reuse", "false")
    assert "ReusedSubplanExec" not in physical_plan(s.sql(CTE_TWICE))
    assert [tuple(r) for r in s.sql(CTE_TWICE).collect()] == rows
    assert s.conf.get("spark.sql.exchange.reuse") == "false"
    s.conf.unset("spark.sql.exchange.reuse")
    assert s.conf.get("spark.sql.exchange.reuse") == "true"


def test_a_repeated_join_output_is_computed_at_each_place(new_session, tmp_path):
    s = new_session()
    s.read.parquet(str(parquet_source(tmp_path))).createOrReplaceTempView("src")
    # A join's (or a scan's) whole output would be kept in memory: computed again instead.
    sql = ("WITH t AS (SELECT a.k, b.id FROM src a JOIN src b ON a.id = b.id) "
           "SELECT x.k FROM t x JOIN t y ON x.id = y.id")
    assert "ReusedSubplanExec" not in physical_plan(s.sql(sql))
    assert s.sql(sql).count() == 1000


@pytest.mark.client4
def test_the_shared_cte_reads_its_source_once(new_session, tmp_path):
    s = new_session()
    s.read.parquet(str(row_grouped_parquet(tmp_path))).createOrReplaceTempView("src")
    read = []
    s.registerProgressHandler(lambda stages, inflight_tasks, operation_id, done: read.append(
        sum(st.num_bytes_read for st in stages)) if done else None)

    def bytes_read():
        read.clear()
        rows = s.sql(CTE_TWICE.replace("sum(id)", "sum(length(pad) + id)")).collect()
        assert len(rows) == 7
        return read[-1]

    shared = bytes_read()
    s.conf.set("spark.sql.exchange.reuse", "false")
    twice = bytes_read()
    assert 0 < shared and abs(twice - 2 * shared) <= shared // 10, (shared, twice)
