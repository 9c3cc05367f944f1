"""Sabot's benchmark runner: the same PySpark workload against several engines, side by side.

    integration/bench/run.sh [--sf 1] [--suites tpch,tpch-df,tpcds] [--targets sabot,sail,spark,datafusion,duckdb]
                             [--runs 3] [--warmup 1] [--queries 1,5,q14a] [--url NAME=sc://HOST:PORT]...
                             [--sabot-arg=--memory-limit=2g]... [--record integration/bench/RESULTS.md]

Targets: `sabot` (the release binary, started here), `spark` (Apache Spark's own Spark Connect
server in local mode, from the full PySpark package; needs Java 17), `sail` (PyPI `pysail`,
`sail spark server`), `datafusion` (DataFusion's Python bindings running the same SQL directly),
`duckdb` (the same SQL over the same Parquet), and any running Spark Connect server given with
`--url name=sc://...`. Each (target, suite) runs in its own worker process (worker.py). The
report gives per-query medians, totals, ratios to the baseline (`--baseline`, default sabot),
result checksums compared with the reference (`--reference`, default spark when it runs), server
start-up time, small-query round trip, idle and peak memory.
"""

import argparse
import datetime
import json
import math
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time
import tempfile
from importlib import metadata

import servers
import worker
import workloads

HERE = pathlib.Path(__file__).resolve().parent
CONNECT_KINDS = {"sabot", "spark", "sail"}
LOCAL_KINDS = {"datafusion", "duckdb"}
LOAD_AT_START = os.getloadavg()[0]
STARTED = datetime.datetime.now(datetime.timezone.utc)
TITLES = {"tpch": "TPC-H, Spark SQL", "tpch-df": "TPC-H, DataFrame API", "tpcds": "TPC-DS, Spark SQL"}


def run_worker(args, kind, suite, url=None, cpu_pid=None):
    """Runs worker.py; returns ({query: result}, worker's own peak RSS in MiB)."""
    cmd = [
        sys.executable, str(HERE / "worker.py"), kind, suite, "--sf", f"{args.sf:g}",
        "--queries", ",".join(workloads.select(suite, args.queries)),
        "--runs", str(args.runs), "--warmup", str(args.warmup), "--timeout", str(args.timeout),
    ]
    if url:
        cmd += ["--url", url]
    if cpu_pid:
        cmd += ["--cpu-pid", str(cpu_pid)]
    results, peak = {}, None
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=HERE)
    for line in proc.stdout:
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue  # a library printing to stdout
        if "query" in rec:
            results[rec["query"]] = rec
            status = rec.get("error") or f"{statistics.median(rec['times']):.3f}s"
            print(f"  {suite} {rec['query']}: {status}", file=sys.stderr, flush=True)
        elif "worker_peak_rss_mb" in rec:
            peak = rec["worker_peak_rss_mb"]
        elif "skip" in rec:
            return None, None
    if proc.wait() != 0 and not results:
        raise RuntimeError(f"worker {kind} {suite} failed with {proc.returncode}")
    return results, peak


def probe(url):
    out = subprocess.run(
        [sys.executable, str(HERE / "worker.py"), "probe", url], capture_output=True, text=True, cwd=HERE
    )
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    return {"error": out.stderr.strip().splitlines()[-1:] or "probe failed"}


def make_server(args, name):
    if name == "sabot":
        return servers.sabot(args.sabot_bin, args.sabot_arg)
    if name == "spark":
        return servers.spark(args.spark_driver_memory)
    return servers.sail(args.sail_bin)


def run_target(args, name, url, logs):
    """All suites on one target: {"suites": {suite: {query: rec}}, "server": {...}}."""
    print(f"== {name}", file=sys.stderr, flush=True)
    out = {"suites": {}, "server": {}}
    server = None
    try:
        if name in LOCAL_KINDS:
            peaks = []
            for suite in args.suites:
                res, peak = run_worker(args, name, suite)
                if res is not None:
                    out["suites"][suite] = res
                    peaks.append(peak or 0)
            out["server"]["peak_mb"] = max(peaks) if peaks else None
            return out
        if url is None:
            server = make_server(args, name)
            server.start(logs / f"{name}.log")
            url = server.url
            out["server"]["startup_s"] = server.startup_s
        out["server"].update(probe(url))
        if server:
            # Idle: a second after the probe's client went away (every target alike; a server
            # may give memory back once it is idle, as a JVM's collector does).
            time.sleep(1)
            out["server"]["idle_mb"] = server.rss_mb()
        for suite in args.suites:
            res, _ = run_worker(args, "connect", suite, url, server.proc.pid if server else None)
            out["suites"][suite] = res
        if server:
            out["server"]["peak_mb"] = server.peak_mb
    except Exception as e:  # noqa: BLE001 - one target failing does not stop the others
        out["error"] = f"{type(e).__name__}: {e}"
        print(f"  {name} failed: {out['error']}", file=sys.stderr, flush=True)
    finally:
        if server:
            server.stop()
    return out


def same_result(a, b):
    """Rows equal as multisets, numbers within a cent or 1e-9 relative (engines differ in decimal
    vs double arithmetic)."""
    if a is None or b is None or len(a) != len(b):
        return False

    for ra, rb in zip(sorted(a, key=worker.row_key), sorted(b, key=worker.row_key)):
        if len(ra) != len(rb):
            return False
        for x, y in zip(ra, rb):
            if isinstance(x, float) and isinstance(y, float):
                if not math.isclose(x, y, rel_tol=1e-9, abs_tol=0.01):
                    return False
            elif x != y:
                return False
    return True


def verdict(rec, ref):
    """'' when the result matches the reference, else a short mark."""
    if rec is None:
        return "-"
    if "error" in rec:
        return "ERR"
    if ref is None or "error" in ref or rec is ref:
        return ""
    if rec["checksum"] == ref["checksum"] or same_result(rec.get("result"), ref.get("result")):
        return ""
    return "DIFF"


def report(args, names, data, env):
    lines = [f"### {env['date']} — SF {args.sf:g}, {', '.join(args.suites)}", ""]
    lines += [f"- machine: {env['machine']}", f"- versions: {env['versions']}", f"- command: `{env['command']}`"]
    lines += [f"- load average (1 min) at start / end: {env['load_start']} / {os.getloadavg()[0]:.2f}"]
    lines += [
        f"- each time is the median of {args.runs} runs after {args.warmup} warm-up run(s): the query plus "
        "collecting its whole result to the client as Arrow",
        f"- ratio = target total / {args.baseline} total over the queries every target ran correctly "
        f"(> 1: {args.baseline} is faster); DIFF = result differs from {args.reference}, ERR = failed",
        "- CPU s = CPU time (user + system) of the server's process tree, or of the in-process engine's "
        "worker, median per query, summed over the same queries (servers given by --url: -)",
        "",
    ]
    ref_name = args.reference if args.reference in names else None
    for suite in args.suites:
        cols = [n for n in names if data[n]["suites"].get(suite) is not None]
        if not cols:
            continue
        lines += [f"#### {TITLES[suite]}", "", "| query | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
        ok_everywhere = []
        for q in workloads.select(suite, args.queries):
            ref = data[ref_name]["suites"].get(suite, {}).get(q) if ref_name in cols else None
            cells, all_ok = [], True
            for n in cols:
                rec = data[n]["suites"][suite].get(q)
                mark = verdict(rec, ref)
                if rec is None or "error" in rec:
                    cells.append(mark)
                    all_ok = False
                else:
                    cells.append(f"{statistics.median(rec['times']):.3f}" + (f" {mark}" if mark else ""))
                    all_ok = all_ok and not mark
            if all_ok:
                ok_everywhere.append(q)
            lines.append(f"| {q} | " + " | ".join(cells) + " |")
        totals = {n: sum(statistics.median(data[n]["suites"][suite][q]["times"]) for q in ok_everywhere) for n in cols}
        lines.append(f"| **total ({len(ok_everywhere)} q)** | " + " | ".join(f"**{totals[n]:.2f}**" for n in cols) + " |")
        # CPU time (median per query, summed): steadier than wall time on a shared machine.
        cpu = {n: sum(statistics.median(data[n]["suites"][suite][q]["cpu"]) for q in ok_everywhere)
               if ok_everywhere and all(data[n]["suites"][suite][q].get("cpu") for q in ok_everywhere) else None
               for n in cols}
        if any(v is not None for v in cpu.values()):
            lines.append("| CPU s | " + " | ".join("-" if cpu[n] is None else f"{cpu[n]:.2f}" for n in cols) + " |")
        if args.baseline in totals and totals[args.baseline] > 0:
            base = totals[args.baseline]
            lines.append("| ratio | " + " | ".join(f"{totals[n] / base:.2f}x" for n in cols) + " |")
        failed = {n: sum(1 for r in data[n]["suites"][suite].values() if verdict(r, None) == "ERR") for n in cols}
        lines.append("| failed | " + " | ".join(str(failed[n]) for n in cols) + " |")
        lines.append("")
    lines += ["#### Servers", "", "| target | start-up s | first query s | range(10) round trip ms | 3M-row toArrow s | idle MiB | peak MiB |", "|---|---|---|---|---|---|---|"]
    for n in names:
        s = data[n].get("server", {})

        def f(key, fmt):
            v = s.get(key)
            return fmt.format(v) if isinstance(v, (int, float)) else "-"

        lines.append(
            f"| {n} | {f('startup_s', '{:.2f}')} | {f('first_query_s', '{:.3f}')} | {f('roundtrip_ms', '{:.2f}')} "
            f"| {f('transfer_3m_s', '{:.3f}')} | {f('idle_mb', '{:.0f}')} | {f('peak_mb', '{:.0f}')} |"
        )
    for n in names:
        if "error" in data[n]:
            lines.append(f"\n{n} failed: {data[n]['error']}")
    return "\n".join(lines) + "\n"


def sail_version(cli):
    try:
        out = subprocess.run([cli, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
        return out or "sail ?"
    except OSError:
        return "sail (not installed)"


def environment(args):
    def version(pkg):
        try:
            return metadata.version(pkg)
        except metadata.PackageNotFoundError:
            return "?"

    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE).stdout.strip()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[:1]
    return {
        "date": STARTED.strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores ({cpu}), {mem_gb:.0f} GiB, {platform.platform()}",
        "versions": (
            f"sabot {rev or '?'} (release), pyspark {version('pyspark')} ({java[0] if java else 'no java'}), "
            f"{sail_version(args.sail_bin)}, datafusion-python {version('datafusion')}, duckdb {version('duckdb')}"
        ),
        "command": "integration/bench/run.sh " + " ".join(sys.argv[1:]),
        "load_start": f"{LOAD_AT_START:.2f}",
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sf", type=float, default=1.0, help="scale factor (default 1)")
    p.add_argument("--suites", default="tpch,tpch-df", help=f"comma-separated, of {', '.join(workloads.SUITES)}")
    p.add_argument("--targets", default="sabot,sail,spark,datafusion,duckdb")
    p.add_argument("--url", action="append", default=[], metavar="NAME=sc://HOST:PORT", help="an already running server")
    p.add_argument("--queries", help="a subset, e.g. 1,3,q14a")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--timeout", type=float, default=900, help="seconds per query run")
    p.add_argument("--baseline", default="sabot")
    p.add_argument("--reference", default="spark", help="the target whose results the others are checked against")
    p.add_argument("--sabot-bin", default=os.environ.get("SABOT_BIN"))
    p.add_argument("--sabot-arg", action="append", default=[], help="an extra `sabot server` argument")
    p.add_argument("--sail-bin", default=os.environ.get("SAIL_BIN", "sail"), help="the `sail` command (pysail)")
    p.add_argument("--spark-driver-memory", default="4g")
    p.add_argument("--record", help="append the report to this markdown file")
    p.add_argument("--json", help="write every measurement to this JSON file")
    args = p.parse_args()
    args.suites = [s for s in args.suites.split(",") if s]
    for s in args.suites:
        if s not in workloads.SUITES:
            p.error(f"unknown suite {s}")
    names = [t for t in args.targets.split(",") if t]
    urls = dict(u.split("=", 1) for u in args.url)
    for n in names:
        # A name of one's own is any Spark Connect server given with --url (e.g. an older build).
        if n not in CONNECT_KINDS | LOCAL_KINDS and n not in urls:
            p.error(f"unknown target {n} (use --url {n}=sc://... for another server)")
    names += [n for n in urls if n not in names]
    if args.reference not in names:
        args.reference = args.baseline
    if "sabot" in names and "sabot" not in urls and not args.sabot_bin:
        p.error("--sabot-bin (or SABOT_BIN) is needed to start sabot")

    for suite in args.suites:  # generate data up front, outside every measurement
        print(f"data for {suite} at SF {args.sf:g}: {workloads.data(suite, args.sf)[0]}", file=sys.stderr)
    logs = pathlib.Path(tempfile.mkdtemp(prefix="sabot-bench-"))
    print(f"server logs in {logs}", file=sys.stderr)
    data = {n: run_target(args, n, urls.get(n), logs) for n in names}
    env = environment(args)
    text = report(args, names, data, env)
    print(text)
    if args.record:
        with open(args.record, "a") as f:
            f.write("\n" + text)
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps({"env": env, "args": vars(args), "data": data}, indent=1, default=str))


if __name__ == "__main__":
    main()
