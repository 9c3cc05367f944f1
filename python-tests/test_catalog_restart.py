"""The catalog survives a crash: create a database, tables (with data files, some written by
saveAsTable and INSERT) and a view, kill the server with SIGKILL, start it again on the same
warehouse, and find them all with their rows."""

import os
import re
import signal
import subprocess
import threading

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import support

READY_RE = re.compile(r"listening on 127\.0\.0\.1:(\d+)")


def _start(bin_path, warehouse, log_path):
    log = open(log_path, "a", buffering=1)
    proc = subprocess.Popen(
        [bin_path, "server", "--host", "127.0.0.1", "--port", "0",
         "--conf", f"spark.sql.warehouse.dir={warehouse}"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log, text=True,
        env=support.child_env(), start_new_session=True,
    )
    found, ready = {}, threading.Event()

    def drain():
        for line in proc.stdout:
            log.write(line)
            m = READY_RE.search(line)
            if m and not ready.is_set():
                found["port"] = int(m.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=drain, daemon=True).start()
    ready.wait(30)
    assert "port" in found, f"server did not start; log: {log_path}"
    return proc, found["port"]


def _session(port):
    from pyspark.sql import SparkSession

    return SparkSession.builder.remote(f"sc://127.0.0.1:{port}").create()


def test_catalog_survives_sigkill(tmp_path):
    bin_path = os.environ.get("SABOT_BIN")
    if not bin_path:
        pytest.skip("SABOT_BIN is not set")
    warehouse = str(tmp_path / "warehouse")
    data = tmp_path / "data"
    data.mkdir()
    pq.write_table(pa.table({"id": [1, 2, 3]}), str(data / "part-0.parquet"))
    log = str(tmp_path / "server.log")

    proc, port = _start(bin_path, warehouse, log)
    try:
        spark = _session(port)
        spark.sql("CREATE DATABASE crash_db COMMENT 'kept'").collect()
        spark.sql("CREATE TABLE crash_db.managed (a INT, b STRING) USING parquet "
                  "TBLPROPERTIES ('k'='v')").collect()
        spark.sql(f"CREATE TABLE crash_db.ext (id BIGINT) USING parquet LOCATION '{data}'").collect()
        spark.sql("CREATE VIEW crash_db.v AS SELECT id * 10 AS x FROM crash_db.ext").collect()
        # table writes: managed tables with data, written by saveAsTable (plain and partitioned)
        # and INSERT.
        spark.createDataFrame([(1, "a"), (2, "b")], ["n", "s"]).write.saveAsTable("saved")
        spark.createDataFrame([(1, "x"), (2, "y")], ["n", "k"]).write.partitionBy("k") \
            .saveAsTable("crash_db.saved_parts")
        spark.sql("INSERT INTO crash_db.managed VALUES (7, 'seven')").collect()
        spark.stop()
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)

    proc, port = _start(bin_path, warehouse, log)
    try:
        spark = _session(port)
        dbs = [d.name for d in spark.catalog.listDatabases()]
        assert "crash_db" in dbs
        assert spark.catalog.getDatabase("crash_db").description == "kept"
        tables = sorted(t.name for t in spark.catalog.listTables("crash_db"))
        assert tables == ["ext", "managed", "saved_parts", "v"]
        props = {r.key: r.value for r in spark.sql("SHOW TBLPROPERTIES crash_db.managed").collect()}
        assert props == {"k": "v"}
        assert [c.name for c in spark.catalog.listColumns("crash_db.managed")] == ["a", "b"]
        assert sorted(r.x for r in spark.table("crash_db.v").collect()) == [10, 20, 30]
        assert sorted(r.id for r in spark.sql("SELECT id FROM crash_db.ext").collect()) == [1, 2, 3]
        assert sorted(tuple(r) for r in spark.table("saved").collect()) == [(1, "a"), (2, "b")]
        assert sorted(tuple(r) for r in spark.table("crash_db.saved_parts").collect()) == [
            (1, "x"), (2, "y")]
        assert [tuple(r) for r in spark.table("crash_db.managed").collect()] == [(7, "seven")]
        assert "saved" in [t.name for t in spark.catalog.listTables("default")]
        spark.sql("DROP TABLE saved").collect()
        assert not os.path.exists(os.path.join(warehouse, "saved"))
        spark.sql("DROP DATABASE crash_db CASCADE").collect()
        spark.stop()
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
