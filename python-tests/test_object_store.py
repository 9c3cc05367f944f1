"""Object stores: Sabot reads and writes `s3a://` paths on a real S3-compatible server (moto's
server mode, a separate process speaking S3 over HTTP on loopback, with IAM authentication on
so wrong keys are refused), and reads `http://` paths from a local HTTP server.

The S3 server gets an IAM user whose key pair Sabot is configured with through Spark's Hadoop
settings (`--conf spark.hadoop.fs.s3a.*`); the test checks the objects Sabot leaves in the
bucket with boto3, independently of Sabot.
"""

import http.server
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

import support

# The 3.5 client shares one release thread pool across sessions: a session collected after its
# server was stopped (this module restarts and stops its own servers) breaks later modules'
# sessions, so these effect tests run with the 4.x client only (the server side is the same).
pytestmark = pytest.mark.client4

READY_RE = re.compile(r"listening on 127\.0\.0\.1:(\d+)")
BUCKET = "sabot-test"
REGION = "us-east-1"
ALLOW_ALL = ('{"Version":"2012-10-17","Statement":'
             '[{"Effect":"Allow","Action":"*","Resource":"*"}]}')


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _wait_port(port, proc, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {seconds}s")


class S3Server:
    """moto's S3 server in its own process; `endpoint`, `key`, `secret`, `client()`."""

    def __init__(self, tmp):
        boto3 = pytest.importorskip("boto3")
        pytest.importorskip("moto")
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        # The first 3 requests (the IAM set-up below) are not authenticated; every later one
        # must be signed with a key of an IAM user.
        env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="3")
        self.log = open(os.path.join(tmp, "moto.log"), "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            env=env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
            start_new_session=True,
        )
        _wait_port(self.port, self.proc)
        iam = boto3.client("iam", endpoint_url=self.endpoint, region_name=REGION,
                           aws_access_key_id="setup", aws_secret_access_key="setup")
        iam.create_user(UserName="sabot")
        iam.put_user_policy(UserName="sabot", PolicyName="all", PolicyDocument=ALLOW_ALL)
        key = iam.create_access_key(UserName="sabot")["AccessKey"]
        self.key, self.secret = key["AccessKeyId"], key["SecretAccessKey"]
        self.client().create_bucket(Bucket=BUCKET)

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id=self.key, aws_secret_access_key=self.secret)

    def keys(self, prefix):
        out, token = [], None
        while True:
            kw = {"Bucket": BUCKET, "Prefix": prefix}
            if token:
                kw["ContinuationToken"] = token
            r = self.client().list_objects_v2(**kw)
            out += [o["Key"] for o in r.get("Contents", [])]
            token = r.get("NextContinuationToken")
            if not token:
                return sorted(out)

    def put(self, key, body):
        self.client().put_object(Bucket=BUCKET, Key=key, Body=body)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.log.close()


class Sabot:
    """A Sabot server configured for the S3 server (restartable on the same warehouse)."""

    def __init__(self, s3, tmp, warehouse=None, conf=None):
        self.bin = os.environ.get("SABOT_BIN")
        if not self.bin:
            pytest.skip("SABOT_BIN is not set")
        self.s3, self.tmp = s3, tmp
        self.warehouse = warehouse or os.path.join(tmp, "warehouse")
        self.extra = conf or {}
        self.log_path = os.path.join(tmp, "sabot.log")
        self.proc = None
        self.start()

    def start(self):
        conf = {
            "spark.sql.warehouse.dir": self.warehouse,
            "spark.hadoop.fs.s3a.endpoint": self.s3.endpoint,
            "spark.hadoop.fs.s3a.path.style.access": "true",
            "spark.hadoop.fs.s3a.access.key": self.s3.key,
            "spark.hadoop.fs.s3a.secret.key": self.s3.secret,
            **self.extra,
        }
        args = [self.bin, "server", "--host", "127.0.0.1", "--port", "0"]
        for k, v in conf.items():
            args += ["--conf", f"{k}={v}"]
        log = open(self.log_path, "a", buffering=1)
        env = support.child_env()
        # Only the settings above may reach the store, not the machine's AWS settings.
        for k in list(env):
            if k.startswith("AWS_"):
                del env[k]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=log, text=True, env=env, start_new_session=True)
        found, ready = {}, threading.Event()

        def drain(proc=self.proc):
            for line in proc.stdout:
                log.write(line)
                m = READY_RE.search(line)
                if m and not ready.is_set():
                    found["port"] = int(m.group(1))
                    ready.set()
            ready.set()

        threading.Thread(target=drain, daemon=True).start()
        ready.wait(30)
        assert "port" in found, f"sabot did not start; log: {self.log_path}"
        self.port = found["port"]

    def session(self):
        return support.new_remote_session(f"sc://127.0.0.1:{self.port}")

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    server = S3Server(str(tmp_path_factory.mktemp("s3")))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def sabot(s3, tmp_path_factory):
    server = Sabot(s3, str(tmp_path_factory.mktemp("sabot-s3")))
    yield server
    server.kill()


def close(session):
    # The 3.5 client's stop() shuts down a thread pool all its sessions share.
    if support.IS_CLIENT_4:
        try:
            session.stop()
        except Exception:  # noqa: BLE001
            pass


@pytest.fixture
def spark(sabot):
    # A session per test: one test restarts the server.
    session = sabot.session()
    yield session
    close(session)


def url(path):
    return f"s3a://{BUCKET}/{path}"


def rows(df, *cols):
    return sorted(tuple(r[c] for c in cols) for r in df.collect())


def data(spark):
    return spark.createDataFrame(
        [(1, "a", 1.5), (2, "b", None), (3, "a", 3.25)], "id INT, k STRING, v DOUBLE")


def error_text(excinfo):
    e = excinfo.value
    cls = getattr(e, "getErrorClass", lambda: None)() or ""
    return f"{cls} {e}"


def test_every_format_round_trips_through_s3(spark, s3):
    df = data(spark)
    for fmt in ["parquet", "csv", "json"]:
        w = df.write.mode("overwrite")
        if fmt == "csv":
            w = w.option("header", "true")
        w.format(fmt).save(url(f"formats/{fmt}"))
        r = spark.read.format(fmt)
        if fmt == "csv":
            r = r.schema("id INT, k STRING, v DOUBLE").option("header", "true")
        back = r.load(url(f"formats/{fmt}"))
        assert rows(back, "id", "k", "v") == [(1, "a", 1.5), (2, "b", None), (3, "a", 3.25)]
        keys = s3.keys(f"formats/{fmt}/")
        # Spark's layout: part files and _SUCCESS; nothing left in _temporary.
        assert f"formats/{fmt}/_SUCCESS" in keys, keys
        assert any(re.search(rf"/part-\d{{5}}-.*\.{fmt}$", k) for k in keys), keys
        assert not any("_temporary" in k for k in keys), keys
    spark.createDataFrame([("x",), ("y",)], "value STRING").write.mode("overwrite") \
        .text(url("formats/text"))
    assert rows(spark.read.text(url("formats/text")), "value") == [("x",), ("y",)]


def test_partitioned_write_and_partition_discovery(spark, s3):
    data(spark).write.mode("overwrite").partitionBy("k").parquet(url("parts"))
    keys = s3.keys("parts/")
    assert any(k.startswith("parts/k=a/part-") for k in keys), keys
    assert any(k.startswith("parts/k=b/part-") for k in keys), keys
    back = spark.read.parquet(url("parts"))
    assert [f.name for f in back.schema.fields] == ["id", "v", "k"]
    assert rows(back, "id", "k") == [(1, "a"), (2, "b"), (3, "a")]
    assert rows(back.where("k = 'a'"), "id") == [(1,), (3,)]
    # Files written by another client are discovered too, typed by Spark's inference.
    s3.put("disc/year=2024/d.csv", b"n\n1\n")
    s3.put("disc/year=2025/d.csv", b"n\n2\n")
    found = spark.read.option("header", "true").csv(url("disc"))
    assert dict((f.name, f.dataType.simpleString()) for f in found.schema.fields) == \
        {"n": "string", "year": "int"}
    assert rows(found, "n", "year") == [("1", 2024), ("2", 2025)]


def test_save_modes(spark, s3):
    path = url("modes")
    df = data(spark)
    df.write.mode("overwrite").parquet(path)
    with pytest.raises(Exception) as e:
        df.write.mode("error").parquet(path)
    assert "PATH_ALREADY_EXISTS" in error_text(e)
    spark.range(5).write.mode("ignore").parquet(path)
    assert spark.read.parquet(path).count() == 3
    df.write.mode("append").parquet(path)
    assert spark.read.parquet(path).count() == 6
    before = [k for k in s3.keys("modes/") if "/part-" in k]
    spark.createDataFrame([(9, "z", 0.0)], "id INT, k STRING, v DOUBLE") \
        .write.mode("overwrite").parquet(path)
    assert rows(spark.read.parquet(path), "id") == [(9,)]
    after = s3.keys("modes/")
    assert not set(before) & set(after), after
    assert "modes/_SUCCESS" in after


def test_a_failed_write_leaves_nothing_visible(spark, s3):
    from pyspark.sql import functions as F

    path = url("failed")
    data(spark).write.mode("overwrite").parquet(path)
    before = s3.keys("failed/")
    bad = spark.range(0, 1000, 1, 2).select(
        F.when(F.col("id") == 900, F.raise_error(F.lit("boom"))).otherwise(F.col("id")).alias("id"))
    with pytest.raises(Exception) as e:
        bad.write.mode("overwrite").parquet(path)
    assert "boom" in str(e.value)
    # The old files are still there, nothing staged is left.
    assert s3.keys("failed/") == before
    assert rows(spark.read.parquet(path), "id") == [(1,), (2,), (3,)]


def test_globs_and_lists_of_paths(spark, s3):
    for d, n in [("d1", 1), ("d2", 2), ("e3", 3)]:
        s3.put(f"glob/{d}/f.csv", f"{n}\n".encode())
    s3.put("glob/d1/skip.txt", b"100\n")
    g = spark.read.schema("n INT").csv(url("glob/d*/*.csv"))
    assert rows(g, "n") == [(1,), (2,)]
    both = spark.read.schema("n INT").csv([url("glob/d1/f.csv"), url("glob/e3")])
    assert rows(both, "n") == [(1,), (3,)]


def test_missing_path_is_path_not_found(spark):
    with pytest.raises(Exception) as e:
        spark.read.parquet(url("no/such/dir")).collect()
    text = error_text(e)
    assert "PATH_NOT_FOUND" in text and url("no/such/dir") in text, text


BEFORE_RESTART = """
import sys
sys.path.insert(0, {tests!r})
import support
spark = support.new_remote_session({remote!r})
loc = {loc!r}
spark.sql("DROP TABLE IF EXISTS s3_ext").collect()
spark.sql("DROP TABLE IF EXISTS s3_saved").collect()
spark.sql(f"CREATE TABLE s3_ext (id INT, s STRING) USING parquet LOCATION '{{loc}}'").collect()
spark.sql("INSERT INTO s3_ext VALUES (1, 'one'), (2, 'two')").collect()
spark.createDataFrame([(1, "a"), (2, "b"), (3, "a")], "id INT, k STRING") \\
    .write.partitionBy("k").option("path", {saved!r}).saveAsTable("s3_saved")
assert sorted(tuple(r) for r in spark.table("s3_ext").collect()) == [(1, "one"), (2, "two")]
described = {{r[0]: r[1] for r in spark.sql("DESCRIBE TABLE EXTENDED s3_ext").collect()}}
assert described.get("Location") == loc, described
print("ok", flush=True)
"""


def test_table_with_s3_location_survives_a_restart(sabot, s3):
    # The sessions before the restart live in a child process that ends before the kill (a
    # 3.5 client's session left pointing at a dead server hangs when it is collected).
    loc, saved = url("tables/ext"), url("tables/saved")
    code = BEFORE_RESTART.format(tests=os.path.dirname(os.path.abspath(__file__)),
                                 remote=f"sc://127.0.0.1:{sabot.port}", loc=loc, saved=saved)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env=support.child_env())
    assert out.stdout.strip().endswith("ok"), out.stderr[-3000:]
    assert any(k.startswith("tables/ext/part-") for k in s3.keys("tables/ext/"))
    assert any(k.startswith("tables/saved/k=a/") for k in s3.keys("tables/saved/"))

    sabot.kill()
    sabot.start()
    spark = sabot.session()
    try:
        assert rows(spark.table("s3_ext"), "id", "s") == [(1, "one"), (2, "two")]
        assert rows(spark.table("s3_saved"), "id", "k") == [(1, "a"), (2, "b"), (3, "a")]
        spark.sql("DROP TABLE s3_ext").collect()
        spark.sql("DROP TABLE s3_saved").collect()
        # External tables: dropping them keeps their data.
        assert s3.keys("tables/ext/")
    finally:
        close(spark)


WAREHOUSE_SESSION = """
import sys
sys.path.insert(0, {tests!r})
import support
spark = support.new_remote_session({remote!r})
spark.sql("CREATE DATABASE wh_db").collect()
spark.sql("CREATE TABLE wh_db.t USING parquet PARTITIONED BY (k) AS "
          "SELECT 1 AS id, 'a' AS k UNION ALL SELECT 2, 'b'").collect()
spark.sql("INSERT INTO wh_db.t VALUES (3, 'a')").collect()
spark.range(3).write.saveAsTable("wh_saved")
spark.sql("CREATE TABLE wh_gone USING parquet AS SELECT 1 AS x").collect()
spark.sql("DROP TABLE wh_gone").collect()
spark.sql("ALTER TABLE wh_saved RENAME TO wh_renamed").collect()
assert [r[0] for r in spark.sql("SHOW PARTITIONS wh_db.t").collect()] == ["k=a", "k=b"]
spark.sql("TRUNCATE TABLE wh_db.t PARTITION (k = 'b')").collect()
described = {{r[0]: r[1] for r in spark.sql("DESCRIBE TABLE EXTENDED wh_db.t").collect()}}
assert described["Location"] == {table_loc!r}, described
try:
    spark.sql("CREATE TABLE taken (a INT) USING parquet").collect()
    raise AssertionError("a managed table over existing objects was created")
except Exception as e:
    assert "LOCATION_ALREADY_EXISTS" in str(e), e
print("ok", flush=True)
"""


def test_managed_tables_in_an_object_store_warehouse(s3, tmp_path_factory):
    # The warehouse (managed tables' data) is in the bucket; the metastore is a local file.
    tmp = str(tmp_path_factory.mktemp("sabot-s3-warehouse"))
    meta = os.path.join(tmp, "metastore")
    server = Sabot(s3, tmp, warehouse=url("wh"), conf={"sabot.catalog.metastoreDir": meta})
    try:
        s3.put("wh/taken/part-0.parquet", b"x")
        code = WAREHOUSE_SESSION.format(tests=os.path.dirname(os.path.abspath(__file__)),
                                        remote=f"sc://127.0.0.1:{server.port}",
                                        table_loc=url("wh/wh_db.db/t"))
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=120, env=support.child_env())
        assert out.stdout.strip().endswith("ok"), out.stderr[-3000:]
        assert any(k.startswith("wh/wh_db.db/t/k=a/part-") for k in s3.keys("wh/wh_db.db/t/"))
        assert not s3.keys("wh/wh_db.db/t/k=b/")
        assert not s3.keys("wh/wh_gone/") and not s3.keys("wh/wh_saved/")
        assert any(k.startswith("wh/wh_renamed/part-") for k in s3.keys("wh/wh_renamed/"))
        assert os.path.exists(os.path.join(meta, ".sabot_metastore.redb"))

        server.kill()
        server.start()
        spark = server.session()
        try:
            assert rows(spark.table("wh_db.t"), "id", "k") == [(1, "a"), (3, "a")]
            assert rows(spark.table("wh_renamed"), "id") == [(0,), (1,), (2,)]
            db = spark.catalog.getDatabase("wh_db")
            assert db.locationUri == url("wh/wh_db.db"), db
            spark.sql("DROP DATABASE wh_db CASCADE").collect()
            spark.sql("DROP TABLE wh_renamed").collect()
        finally:
            close(spark)
        assert not s3.keys("wh/wh_db.db/") and not s3.keys("wh/wh_renamed/")
    finally:
        server.kill()


def test_checkpoints_in_an_object_store_directory(s3, tmp_path_factory):
    import gc

    from pyspark.sql.connect.session import SparkSession

    tmp = str(tmp_path_factory.mktemp("sabot-s3-checkpoint"))
    server = Sabot(s3, tmp, conf={"spark.checkpoint.dir": url("ckpt")})
    spark = server.session()
    # The client gives a checkpointed DataFrame to the *active* session: make it this one.
    previous = getattr(SparkSession._active_session, "session", None)
    SparkSession._active_session.session = spark
    try:
        data(spark).write.parquet(url("ck_src"))
        c = spark.read.parquet(url("ck_src")).filter("id > 1").checkpoint()
        written = s3.keys("ckpt/")
        assert written and all(k.endswith(".parquet") for k in written), written
        for k in s3.keys("ck_src/"):
            s3.client().delete_object(Bucket=BUCKET, Key=k)
        # The lineage is cut: the checkpoint reads its own objects, not the deleted source.
        assert rows(c, "id", "k") == [(2, "b"), (3, "a")]
        del c
        gc.collect()
        for _ in range(50):
            if not s3.keys("ckpt/"):
                break
            time.sleep(0.1)
        assert s3.keys("ckpt/") == []
    finally:
        SparkSession._active_session.session = previous
        close(spark)
        server.kill()


def test_bad_credentials_fail_clearly_and_the_server_goes_on(sabot, s3):
    spark = sabot.session()
    try:
        s3.put("creds/x.csv", b"1\n")
        # A per-bucket setting set at runtime wins over the server's key.
        spark.conf.set(f"spark.hadoop.fs.s3a.bucket.{BUCKET}.secret.key", "wrong-secret")
        with pytest.raises(Exception) as e:
            spark.read.schema("n INT").csv(url("creds/x.csv")).collect()
        text = error_text(e)
        assert "Access denied" in text and "spark.hadoop.fs.s3a.access.key" in text, text
        with pytest.raises(Exception):
            spark.range(3).write.mode("overwrite").parquet(url("creds/out"))
        spark.conf.unset(f"spark.hadoop.fs.s3a.bucket.{BUCKET}.secret.key")
        assert rows(spark.read.schema("n INT").csv(url("creds/x.csv")), "n") == [(1,)]
        assert spark.range(10).count() == 10
    finally:
        close(spark)
    assert sabot.proc.poll() is None


@pytest.fixture(scope="module")
def http_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("http")
    (root / "people.csv").write_text("name,age\nann,30\nbob,41\n")

    class Ranged(http.server.SimpleHTTPRequestHandler):
        """A static file server that answers `Range: bytes=a-b` (Parquet reads footers and
        column chunks by range, as from any real web server)."""

        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(root), **kw)

        def log_message(self, *a):
            pass

        def do_GET(self):
            m = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
            path = self.translate_path(self.path)
            if not m or not os.path.isfile(path):
                return super().do_GET()
            body = open(path, "rb").read()
            size = len(body)
            if m.group(1):
                start = int(m.group(1))
                end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
            else:
                start, end = max(size - int(m.group(2)), 0), size - 1
            self.send_response(206)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.send_header("Content-Length", str(end - start + 1))
            self.send_header("Last-Modified", self.date_time_string(int(os.path.getmtime(path))))
            self.end_headers()
            self.wfile.write(body[start:end + 1])

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ranged)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_http_paths_are_read_only(spark, http_dir):
    root, base = http_dir
    spark.range(3).write.mode("overwrite").parquet(str(root / "nums"))
    part = next(p.name for p in (root / "nums").iterdir() if p.name.startswith("part-"))
    people = spark.read.option("header", "true").option("inferSchema", "true") \
        .csv(f"{base}/people.csv")
    assert rows(people, "name", "age") == [("ann", 30), ("bob", 41)]
    assert rows(spark.read.parquet(f"{base}/nums/{part}"), "id") == [(0,), (1,), (2,)]
    with pytest.raises(Exception) as e:
        spark.range(1).write.mode("overwrite").parquet(f"{base}/out")
    assert "read-only" in error_text(e)


def test_file_uris_work_like_local_paths(spark, tmp_path):
    target = f"file://{tmp_path}/f"
    data(spark).write.mode("overwrite").json(target)
    assert os.path.exists(tmp_path / "f" / "_SUCCESS")
    assert rows(spark.read.json(target), "id") == [(1,), (2,), (3,)]
