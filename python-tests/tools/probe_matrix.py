"""Runs a matrix of small SQL expressions on real Spark and on Sabot and prints the cells that
differ: a way to find gaps in Spark's semantics wholesale (casts, operator type coercion).

    SABOT_BIN=.../sabot ~/.cache/sabot/venvs/pyspark-4/bin/python python-tests/tools/probe_matrix.py \\
        casts|operators [--spark-python /root/.cache/sabot/venv-spark/bin/python]

Each cell is `typeof`-free: the collected value's repr, or `ERR [ERROR_CLASS]`. Spark runs in
local mode through the given interpreter (PySpark classic + Java); Sabot is started on a free
port. Findings are not tests: a difference worth keeping becomes a recorded case in
`python-tests/cases` (e.g. `columns_cast_matrix`).
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time

VALUES = {
    "int": "7", "bigint": "7L", "double": "2.5D", "dec": "1.25BD", "snum": "'3'", "stxt": "'x'",
    "date": "DATE'2024-01-31'", "ts": "TIMESTAMP'2024-01-31 10:00:00'", "bool": "true", "null": "NULL",
    "dti": "INTERVAL '1' DAY", "ymi": "INTERVAL '1' MONTH", "ntz": "TIMESTAMP_NTZ'2024-01-31 10:00:00'",
}
CAST_TARGETS = ["BOOLEAN", "TINYINT", "SMALLINT", "INT", "BIGINT", "FLOAT", "DOUBLE", "DECIMAL(10,2)",
                "STRING", "BINARY", "DATE", "TIMESTAMP", "TIMESTAMP_NTZ", "INTERVAL DAY TO SECOND",
                "INTERVAL HOUR", "INTERVAL YEAR TO MONTH"]
OPERATORS = ["+", "-", "*", "/", "%", "div", "=", "<", "<=>", "||"]


def cells(kind):
    """(key, ansi, sql) for every cell of the matrix."""
    for ansi in ("true", "false"):
        for a, av in VALUES.items():
            if kind == "casts":
                for t in CAST_TARGETS:
                    yield f"{ansi} CAST({a} AS {t})", ansi, f"SELECT CAST({av} AS {t})"
            else:
                for op in OPERATORS:
                    for b, bv in VALUES.items():
                        yield f"{ansi} {a} {op} {b}", ansi, f"SELECT {av} {op} {bv}"


# Runs inside the interpreter that owns the session (`spark` bound, `cells` passed as JSON).
RUNNER = r'''
import json, sys
out = {}
for key, ansi, sql in json.load(open(sys.argv[-2])):
    spark.conf.set("spark.sql.ansi.enabled", ansi)
    try:
        out[key] = repr(spark.sql(sql).collect()[0][0])
    except Exception as e:  # noqa: BLE001 - the error is the cell
        m = str(e)
        out[key] = "ERR " + (m[m.find("["):m.find("]") + 1] if "[" in m else m[:60])
json.dump(out, open(sys.argv[-1], "w"))
'''


def run(python, session_code, matrix):
    with tempfile.TemporaryDirectory() as d:
        inp, out, script = (os.path.join(d, n) for n in ("in.json", "out.json", "run.py"))
        json.dump(matrix, open(inp, "w"))
        with open(script, "w") as f:
            f.write(session_code + RUNNER)
        subprocess.run([python, script, inp, out], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, cwd=d)
        return json.load(open(out))


def main():
    kind = sys.argv[1] if len(sys.argv) > 1 else "casts"
    spark_python = "/root/.cache/sabot/venv-spark/bin/python"
    if "--spark-python" in sys.argv:
        spark_python = sys.argv[sys.argv.index("--spark-python") + 1]
    matrix = list(cells(kind))
    classic = ("from pyspark.sql import SparkSession\n"
               "spark = SparkSession.builder.master('local[1]')"
               ".config('spark.sql.session.timeZone', 'UTC').getOrCreate()\n")
    expected = run(spark_python, classic, matrix)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    server = subprocess.Popen([os.environ["SABOT_BIN"], "server", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1)
        remote = ("from pyspark.sql import SparkSession\n"
                  f"spark = SparkSession.builder.remote('sc://127.0.0.1:{port}').getOrCreate()\n"
                  "spark.conf.set('spark.sql.session.timeZone', 'UTC')\n")
        actual = run(sys.executable, remote, matrix)
    finally:
        server.kill()
    differing = [k for k, _, _ in matrix if expected.get(k) != actual.get(k)]
    for k in differing:
        print(f"{k}\n  spark: {expected.get(k)}\n  sabot: {actual.get(k)}")
    print(f"{len(matrix) - len(differing)} of {len(matrix)} cells identical")


if __name__ == "__main__":
    main()
