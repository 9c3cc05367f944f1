"""Stand-in for `sabot server` that runs a real Apache Spark Connect server.

Used to validate this suite (and record expectations) against real Spark: it accepts the same
command line as the Sabot binary (`server --host H --port P`, port 0 = pick a free one), starts a
local Spark with the Spark Connect plugin, prints `listening on H:PORT` once the gRPC port accepts
connections, and exits on SIGTERM. Run it with the full-PySpark venv
(`/root/.cache/sabot/venv-spark/bin/python`); `tools/real-spark-server` is a wrapper that does.
"""

import argparse
import os
import signal
import socket
import sys
import threading
import time


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for_port(host: str, port: int, timeout: float) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"Spark Connect did not open {host}:{port} within {timeout}s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["server"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=15002)
    parser.add_argument("--master", default=os.environ.get("REAL_SPARK_MASTER", "local[2]"))
    args = parser.parse_args()
    port = args.port or free_port(args.host)

    import tempfile

    from pyspark import SparkConf, SparkContext

    tmp = tempfile.mkdtemp(prefix="real-spark-warehouse-")
    from pyspark.sql import SparkSession

    conf = (
        SparkConf()
        .setMaster(args.master)
        .setAppName("real-spark-connect-for-sabot-tests")
        .set("spark.plugins", "org.apache.spark.sql.connect.SparkConnectPlugin")
        .set("spark.connect.grpc.binding.address", args.host)
        .set("spark.connect.grpc.binding.port", str(port))
        .set("spark.ui.enabled", "false")
        # The suite collects millions of rows through the driver; 1g (the default) OOMs.
        .set("spark.driver.memory", os.environ.get("REAL_SPARK_DRIVER_MEMORY", "4g"))
        # catalog: tables and databases go to a temp warehouse (and metastore), never the cwd.
        .set("spark.sql.warehouse.dir", os.path.join(tmp, "warehouse"))
    )
    sc = SparkContext.getOrCreate(conf)
    sc.setLogLevel("ERROR")
    SparkSession(sc)
    wait_for_port(args.host, port, 120)
    print(f"listening on {args.host}:{port}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(1.0):
        if not jvm_alive(sc, args.host, port):
            print("Spark Connect server died (JVM gone or port closed)", file=sys.stderr, flush=True)
            os._exit(1)
    sc.stop()
    sys.exit(0)


def jvm_alive(sc, host: str, port: int) -> bool:
    try:
        if sc._jsc.sc().isStopped():
            return False
        with socket.create_connection((host, port), timeout=5):
            return True
    except Exception:  # noqa: BLE001 - any failure to reach the JVM means it is gone
        return False


if __name__ == "__main__":
    main()
