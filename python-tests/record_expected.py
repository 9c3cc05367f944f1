"""Record the expected result of every case in cases.py from real Apache Spark.

Default: start a local real Spark Connect server in-process (needs full PySpark, i.e.
/root/.cache/sabot/venv-spark) and write expected/spark-<version>.json:

    /root/.cache/sabot/venv-spark/bin/python python-tests/record_expected.py

`--remote sc://host:port` records against an already running server instead (e.g. with another
client version, to check the cases; use `--out` to choose the file and `--check` to only compare
against an existing recording without writing).
"""

import argparse
import datetime
import json
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import support  # noqa: E402  (pins TZ=UTC first)
from cases import CASES, applicable  # noqa: E402


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--remote", help="sc:// URL of a running server (default: start local[2])")
    parser.add_argument("--out", help="output JSON (default: expected/spark-<version>.json)")
    parser.add_argument("--check", help="compare with this recorded JSON instead of writing")
    parser.add_argument("cases", nargs="*", help="only these cases")
    args = parser.parse_args()

    from pyspark.sql import SparkSession

    if args.remote:
        spark = support.new_remote_session(args.remote)
    else:
        spark = SparkSession.builder.remote("local[2]").getOrCreate()
    names = args.cases or list(CASES)
    results, failures = run_cases(spark, names)
    version = spark.version

    if args.check:
        with open(args.check) as f:
            expected = json.load(f)
        bad = 0
        for name, actual in results.items():
            d = support.diff(actual, support.adapt_expected_for_client(expected.get(name)))
            if d:
                bad += 1
                print(f"DIFF  {name}:\n  " + "\n  ".join(d))
        print(f"{len(results) - bad} match, {bad} differ, {len(failures)} failed")
        spark.stop()
        return 1 if bad or failures else 0

    out = args.out or os.path.join(HERE, "expected", f"spark-{version}.json")
    data = {}
    if args.cases and os.path.exists(out):
        with open(out) as f:
            data = json.load(f)  # re-recording a subset keeps the other cases
    data.update(results)
    import pyspark

    data["_meta"] = {
        "spark_version": version,
        "client_version": pyspark.__version__,
        "recorded_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join([os.path.basename(sys.executable)] + sys.argv),
        "remote": args.remote or "local[2] (SparkSession.builder.remote)",
        "timezone": "client TZ=UTC; timestamp cases set spark.sql.session.timeZone=UTC",
    }
    with open(out, "w") as f:
        json.dump(data, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(results)} cases to {out}; {len(failures)} failed")
    spark.stop()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
