"""The case registry and helpers shared by the case modules.

A case is `case_xxx(spark) -> dict`: it runs PySpark API and returns a canonical result. Its group
is the module that defines it; real Spark's results for a group are recorded in
expected/spark-<version>/<group>.json.
"""

import contextlib
import datetime
import decimal
import io

from support import CLIENT_VERSION, df_result, expect_error, norm, rows_of

CASES = {}


def case(fn=None, *, min_client=None):
    """Register a case; `min_client=(4, 0)` skips it on older clients."""

    def register(f):
        name = f.__name__
        assert name.startswith("case_"), name
        f.min_client = min_client
        f.group = f.__module__.rsplit(".", 1)[-1]
        key = name[len("case_"):]
        assert key not in CASES, f"duplicate case {key}"
        CASES[key] = f
        return f

    return register(fn) if fn is not None else register


def applicable(fn) -> bool:
    return fn.min_client is None or CLIENT_VERSION >= fn.min_client


@contextlib.contextmanager
def conf(spark, **settings):
    """Temporarily set session confs (keys with '_' standing for '.'), restoring the old values."""
    keys = {k.replace("_", "."): v for k, v in settings.items()}
    old = {k: spark.conf.get(k, None) for k in keys}
    try:
        for k, v in keys.items():
            spark.conf.set(k, v)
        yield
    finally:
        for k, v in old.items():
            if v is None:
                spark.conf.unset(k)
            else:
                spark.conf.set(k, v)


def utc(spark):
    return conf(spark, spark_sql_session_timeZone="UTC")


def captured(fn) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        fn()
    return buf.getvalue()


def F():
    from pyspark.sql import functions

    return functions


def col(name):
    return F().col(name)
