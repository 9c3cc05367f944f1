"""Runs one workload against one engine and prints one JSON line per query.

`python worker.py KIND SUITE --data DIR --queries q01,q02 --runs N --warmup W [--url sc://...]`
with KIND `connect` (any Spark Connect server at --url: Sabot, Spark, Sail...), `datafusion`
(DataFusion's Python bindings running the SQL directly) or `duckdb`. Each query is run `warmup`
times untimed, then `runs` times timed; a run is the query plus collecting the whole result to the
client as Arrow. With `--cpu-pid PID` (a server the runner started) each timed run also records
the CPU time that server's process tree used; the in-process engines record their own process's.
The runner starts workers as separate processes so that every engine runs alone
and the in-process engines' memory can be measured like a server's.
"""

import argparse
import decimal
import hashlib
import json
import math
import sys
import threading
import time

import workloads


def canonical(value):
    """A value as the checksum and the cross-engine comparison see it: numbers as floats (engines
    differ in decimal vs double results), everything else as text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, decimal.Decimal)):
        f = float(value)
        return f if math.isfinite(f) else str(f)
    return str(value)


def digest(rows) -> str:
    """Order-insensitive checksum of the rows, numbers rounded to cents (TPC's answer precision)."""
    keys = sorted(row_key(r) for r in rows)
    return hashlib.sha1("\n".join(keys).encode()).hexdigest()[:12]


def row_key(row) -> str:
    """A row as text, numbers to cents: the sort key for checksums and comparisons."""
    return "|".join("NULL" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v) for v in row)


def arrow_rows(table):
    columns = [c.to_pylist() for c in table.columns]
    return [tuple(canonical(col[i]) for col in columns) for i in range(table.num_rows)]


class Connect:
    """A Spark Connect server; `collect` is `toArrow()` (the whole result reaches the client)."""

    def __init__(self, url, suite, data, tables):
        from pyspark.sql import SparkSession

        self.spark = SparkSession.builder.remote(url).getOrCreate()
        self.suite = suite
        self.frames = {}
        for t in tables:
            df = self.spark.read.parquet(str(data / f"{t}.parquet"))
            df.createOrReplaceTempView(t)
            self.frames[t] = df

    def run(self, name):
        if self.suite == "tpch-df":
            import tpch_df

            return tpch_df.QUERIES[int(name[1:])](self.frames).toArrow()
        return self.spark.sql(workloads.sql(self.suite, name)).toArrow()

    def interrupt(self):
        self.spark.interruptAll()

    def close(self):
        self.spark.stop()


class DataFusion:
    def __init__(self, suite, data, tables):
        import datafusion

        self.ctx = datafusion.SessionContext()
        self.suite = suite
        for t in tables:
            self.ctx.register_parquet(t, str(data / f"{t}.parquet"))

    def run(self, name):
        return self.ctx.sql(workloads.sql(self.suite, name)).to_arrow_table()

    def interrupt(self):
        pass

    def close(self):
        pass


class DuckDB:
    def __init__(self, suite, data, tables):
        import duckdb

        self.con = duckdb.connect()
        self.suite = suite
        for t in tables:
            self.con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{data / (t + '.parquet')}')")

    def run(self, name):
        return self.con.sql(workloads.sql(self.suite, name)).fetch_arrow_table()

    def interrupt(self):
        self.con.interrupt()

    def close(self):
        self.con.close()


def peak_rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def probe(url, n=50):
    """Round trip of a tiny query (`spark.range(10).collect()`): median milliseconds over `n`
    after warm-up, the time to the first result of a new session, and the time to collect a
    3M-row result as Arrow."""
    from pyspark.sql import SparkSession
    # The Connect client's own modules (pandas and pyarrow among them, ~0.5-1 s from a cold page
    # cache) are loaded before the clock starts: the first query measures the server, not
    # which target happened to be probed first.
    import pyspark.sql.connect.session  # noqa: F401

    start = time.perf_counter()
    spark = SparkSession.builder.remote(url).getOrCreate()
    spark.range(10).collect()
    first = time.perf_counter() - start
    for _ in range(5):
        spark.range(10).collect()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        spark.range(10).collect()
        times.append(time.perf_counter() - start)
    times.sort()
    # A large result: 3M rows of (bigint, string) to the client as Arrow, median of 3 after one
    # (encoding, framing and transfer; a server that compresses its responses pays here).
    big = spark.range(3_000_000).selectExpr("id", "CAST(id AS STRING) AS s")
    big.toArrow()
    transfers = []
    for _ in range(3):
        start = time.perf_counter()
        big.toArrow()
        transfers.append(time.perf_counter() - start)
    transfers.sort()
    print(json.dumps({"first_query_s": first, "roundtrip_ms": 1000 * times[n // 2],
                      "transfer_3m_s": transfers[1]}), flush=True)
    spark.stop()


def main():
    if sys.argv[1:2] == ["probe"]:
        return probe(sys.argv[2])
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["connect", "datafusion", "duckdb"])
    p.add_argument("suite", choices=workloads.SUITES)
    p.add_argument("--url")
    p.add_argument("--sf", type=float, required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--cpu-pid", type=int, help="the server whose CPU time each run records")
    a = p.parse_args()
    if a.kind != "connect" and a.suite == "tpch-df":
        print(json.dumps({"skip": "the DataFrame API needs a Spark Connect server"}), flush=True)
        return
    data, tables = workloads.data(a.suite, a.sf)
    if a.kind == "connect":
        engine = Connect(a.url, a.suite, data, tables)
    elif a.kind == "datafusion":
        engine = DataFusion(a.suite, data, tables)
    else:
        engine = DuckDB(a.suite, data, tables)
    if a.cpu_pid:
        import servers

        def cpu():
            return servers.tree_cpu_s(a.cpu_pid)
    elif a.kind != "connect":
        cpu = time.process_time
    else:
        cpu = None
    for name in a.queries.split(","):
        out = {"query": name, "times": [], "cpu": []}
        try:
            table = None
            for i in range(a.warmup + a.runs):
                # A run over the time limit is interrupted where the engine can be (Spark
                # Connect's interruptAll, DuckDB's interrupt) and the query reported as an error.
                timer = threading.Timer(a.timeout, engine.interrupt)
                timer.start()
                try:
                    cpu_start = cpu() if cpu else 0.0
                    start = time.perf_counter()
                    table = engine.run(name)
                    elapsed = time.perf_counter() - start
                    cpu_used = cpu() - cpu_start if cpu else None
                finally:
                    timer.cancel()
                if i >= a.warmup:
                    out["times"].append(elapsed)
                    if cpu_used is not None:
                        out["cpu"].append(cpu_used)
            rows = arrow_rows(table)
            out["rows"] = len(rows)
            out["checksum"] = digest(rows)
            out["result"] = rows if len(rows) <= 1000 else None
        except Exception as e:  # noqa: BLE001 - reported per query, the run goes on
            first = str(e).strip().splitlines()[0][:300] if str(e).strip() else ""
            out["error"] = f"{type(e).__name__}: {first}"
        print(json.dumps(out, default=str), flush=True)
    engine.close()
    print(json.dumps({"worker_peak_rss_mb": peak_rss_mb()}), flush=True)


if __name__ == "__main__":
    main()
