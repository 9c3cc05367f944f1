"""Record the expected result of every case in cases/ from real Apache Spark.

Default: start a real Spark Connect server (tools/real_spark_server.py, local[2], on a free port;
needs full PySpark, i.e. /root/.cache/sabot/venv-spark) and write
expected/spark-<version>/<group>.json (one file per module of cases/):

    /root/.cache/sabot/venv-spark/bin/python python-tests/record_expected.py

`--remote sc://host:port` records against an already running server instead (e.g. with another
client version, to check the cases; use `--out` to choose the directory and `--check DIR` to only
compare against an existing recording without writing).
"""

import argparse
import datetime
import json
import os
import re
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import support  # noqa: E402  (pins TZ=UTC first)
from cases import CASES, GROUPS, applicable  # noqa: E402


def run_cases(spark, names):
    results, failures = {}, {}
    for name in names:
        fn = CASES[name]
        if not applicable(fn):
            print(f"skip  {name} (needs client {fn.min_client})", flush=True)
            continue
        try:
            results[name] = fn(spark)
            print(f"ok    {name}", flush=True)
        except Exception:  # noqa: BLE001 - a broken case is reported, not recorded
            failures[name] = traceback.format_exc()
            print(f"FAIL  {name}\n{failures[name]}", flush=True)
    return results, failures


def start_real_spark():
    """Starts tools/real-spark-server on a free port; returns the process and its sc:// URL."""
    import subprocess

    tool = os.path.join(HERE, "tools", "real_spark_server.py")
    proc = subprocess.Popen(
        [sys.executable, tool, "server", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=support.child_env(),
    )
    for line in proc.stdout:
        m = re.search(r"listening on ([\d.]+):(\d+)", line)
        if m:
            return proc, f"sc://{m.group(1)}:{m.group(2)}"
    raise SystemExit(f"real Spark server exited ({proc.wait()}) before listening")


def stop_real_spark(proc) -> None:
    if proc is None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except Exception:  # noqa: BLE001 - a stuck JVM is killed
        proc.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--remote", help="sc:// URL of a running server (default: start local[2])")
    parser.add_argument("--out", help="output directory (default: expected/spark-<version>)")
    parser.add_argument("--check", help="compare with this recorded directory instead of writing")
    parser.add_argument("cases", nargs="*", help="only these cases, or whole groups by module name")
    args = parser.parse_args()


    server = None
    if args.remote:
        spark = support.new_remote_session(args.remote)
    else:
        # A real Spark Connect server on a free port (several recordings can run at once;
        # `remote("local[2]")` would always take port 15002).
        server, url = start_real_spark()
        spark = support.new_remote_session(url)
    names = []
    for n in args.cases or list(CASES):
        names += [k for k, f in CASES.items() if f.group == n] if n in GROUPS else [n]
    results, failures = run_cases(spark, names)
    version = spark.version

    if args.check:
        expected = support.load_expected(args.check)
        bad = 0
        for name, actual in results.items():
            d = support.diff(actual, support.adapt_expected_for_client(expected.get(name)))
            if d:
                bad += 1
                print(f"DIFF  {name}:\n  " + "\n  ".join(d))
        print(f"{len(results) - bad} match, {bad} differ, {len(failures)} failed")
        spark.stop()
        stop_real_spark(server)
        return 1 if bad or failures else 0

    out = args.out or os.path.join(HERE, "expected", f"spark-{version}")
    os.makedirs(out, exist_ok=True)
    import pyspark

    for group in sorted({CASES[n].group for n in results}):
        path = os.path.join(out, f"{group}.json")
        data = {}
        if os.path.exists(path):
            with open(path) as f:
                data = json.load(f)  # re-recording a subset keeps the other cases
        # Cases that moved to another group or were removed leave this group's recording.
        data = {k: v for k, v in data.items() if k == "_meta" or (k in CASES and CASES[k].group == group)}
        data.update({n: r for n, r in results.items() if CASES[n].group == group})
        data["_meta"] = {
            "group": group,
            "spark_version": version,
            "client_version": pyspark.__version__,
            "recorded_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "command": " ".join([os.path.basename(sys.executable)] + sys.argv),
            "remote": args.remote or "local[2] (tools/real-spark-server)",
            "timezone": "client TZ=UTC; timestamp cases set spark.sql.session.timeZone=UTC",
        }
        with open(path, "w") as f:
            json.dump(data, f, indent=2, sort_keys=True, ensure_ascii=False)
            f.write("\n")
    print(f"wrote {len(results)} cases to {out}; {len(failures)} failed")
    spark.stop()
    stop_real_spark(server)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
