"""Shared helpers for the Sabot PySpark suite: client environment, sessions, JSON canonical form.

Imported by conftest.py, cases.py, record_expected.py and the test modules. Importing it pins the
process time zone to UTC (PySpark converts timestamps to the client's local zone) and works around
pyspark-client 4.2.0 needing SPARK_HOME to import `pyspark.sql.connect`.
"""

import datetime
import decimal
import math
import os
import re
import time

os.environ["TZ"] = "UTC"
time.tzset()

import pyspark  # noqa: E402

SPARK_HOME_SET_HERE = False
if "SPARK_HOME" not in os.environ:
    _pkg = os.path.dirname(pyspark.__file__)
    # Full PySpark finds its own SPARK_HOME (it ships bin/ and jars/). pyspark-client 4.2.0 does
    # not, yet `pyspark.sql.connect` imports `pyspark.testing.sqlutils`, which sys.exit()s when
    # no SPARK_HOME can be found. Any existing directory satisfies it for a remote-only client.
    if not os.path.isdir(os.path.join(_pkg, "jars")):
        os.environ["SPARK_HOME"] = _pkg
        SPARK_HOME_SET_HERE = True


def child_env() -> dict:
    """Environment for subprocesses: without the SPARK_HOME this module may have invented."""
    env = dict(os.environ)
    if SPARK_HOME_SET_HERE:
        env.pop("SPARK_HOME", None)
    return env


def client_version() -> tuple:
    """The PySpark client version as a tuple of ints, e.g. (4, 2, 0)."""
    parts = []
    for p in pyspark.__version__.split(".")[:3]:
        digits = "".join(ch for ch in p if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


CLIENT_VERSION = client_version()
IS_CLIENT_4 = CLIENT_VERSION >= (4, 0)

if not IS_CLIENT_4:
    # The 3.5 client closes one class-wide release thread pool whenever any client closes,
    # also from a collected session's finaliser. A query running in another thread at that
    # moment then fails with "Pool not running" (seen in test_query_that_cannot_fit_fails_alone
    # after test_catalog_restart's sessions were dropped) and the next query waits forever.
    # The 4.x client does not share the pool this way. Keep it for the test process's life.
    from pyspark.sql.connect.client.reattach import ExecutePlanResponseReattachableIterator

    ExecutePlanResponseReattachableIterator.shutdown = classmethod(lambda cls: None)


def new_remote_session(url: str):
    """A new (not shared) Spark Connect session on `url`, on both 3.5 and 4.x clients."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.remote(url)
    if hasattr(builder, "create"):
        return builder.create()
    # 3.5's classic builder has no create(); its Connect builder does.
    from pyspark.sql.connect.session import SparkSession as RemoteSparkSession

    return RemoteSparkSession.builder.remote(url).create()


# ---------------------------------------------------------------------------------------------
# Canonical JSON form of results


def norm(v):
    """Convert a value returned by PySpark to a JSON-able canonical value."""
    from pyspark.sql import Row

    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, datetime.datetime):
        return v.isoformat()
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, datetime.timedelta):
        return {"timedelta_us": (v.days * 86400 + v.seconds) * 1_000_000 + v.microseconds}
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    if isinstance(v, Row):
        if hasattr(v, "__fields__"):
            return {"struct": [[k, norm(x)] for k, x in zip(v.__fields__, v)]}
        return [norm(x) for x in v]
    if isinstance(v, dict):
        pairs = [[norm(k), norm(x)] for k, x in v.items()]
        return {"map": sorted(pairs, key=lambda kv: repr(kv[0]))}
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    # numpy scalars and anything else with an item() (e.g. from pandas)
    if hasattr(v, "item"):
        return norm(v.item())
    return {"repr": repr(v)}


def _sort_key(row):
    return [(0, "") if x is None else (1, repr(x) if isinstance(x, (dict, list)) else x) for x in row]


def rows_of(df, sort: bool = False) -> list:
    rows = [[norm(x) for x in r] for r in df.collect()]
    if sort:
        rows.sort(key=_sort_key)
    return rows


def df_result(df, sort: bool = False) -> dict:
    """Columns, schema and rows of a DataFrame (rows sorted client-side if `sort`)."""
    return {
        "columns": list(df.columns),
        "schema": df.schema.simpleString(),
        "rows": rows_of(df, sort),
    }


_ERROR_CLASS_RE = re.compile(r"\[([A-Z][A-Z0-9_]*(?:\.[A-Z][A-Z0-9_]*)*)\]")
_SQL_STATE_RE = re.compile(r"SQLSTATE: ([0-9A-Z]{5})")


def error_result(e: BaseException) -> dict:
    cond = None
    if hasattr(e, "getCondition"):
        cond = e.getCondition()
    elif hasattr(e, "getErrorClass"):
        cond = e.getErrorClass()
    state = e.getSqlState() if hasattr(e, "getSqlState") else None
    if not IS_CLIENT_4 and cond is None and state is None:
        # The 3.5 client never fills in error class / SQLSTATE from the server's ErrorInfo; the
        # server's message still starts with "[CLASS]" and carries "SQLSTATE: xxxxx".
        msg = str(getattr(e, "message", None) or e)
        m = _ERROR_CLASS_RE.search(msg)
        cond = m.group(1) if m else None
        m = _SQL_STATE_RE.search(msg)
        state = m.group(1) if m else None
    return {"error": type(e).__name__, "errorClass": cond, "sqlState": state}


def adapt_expected_for_client(expected):
    """Adjust a recording (made with a 4.x client) for this client's exception classes.

    The 3.5 client maps server errors to fewer Python classes; when the recorded class does not
    exist in its `pyspark.errors.exceptions.connect`, it raises SparkConnectGrpcException.
    """
    if IS_CLIENT_4:
        return expected
    import pyspark.errors.exceptions.connect as connect_errors

    if isinstance(expected, dict):
        out = {k: adapt_expected_for_client(v) for k, v in expected.items()}
        if set(out) == {"error", "errorClass", "sqlState"}:
            if not hasattr(connect_errors, out["error"]):
                out["error"] = "SparkConnectGrpcException"
            # Spark's messages do not show legacy classes, and the 3.5 client reads the class
            # only from the message.
            if (out["errorClass"] or "").startswith("_LEGACY_ERROR_"):
                out["errorClass"] = None
        return out
    if isinstance(expected, list):
        return [adapt_expected_for_client(v) for v in expected]
    return expected


def expect_error(fn) -> dict:
    """Run `fn`; return the canonical error it raised, or its (normalised) result if none."""
    try:
        out = fn()
    except Exception as e:  # noqa: BLE001 - the exception *is* the result
        return error_result(e)
    return {"noError": norm(out) if not hasattr(out, "collect") else rows_of(out)}


# ---------------------------------------------------------------------------------------------
# Comparison

FLOAT_REL_TOL = 1e-9
FLOAT_ABS_TOL = 1e-12


def diff(actual, expected, path: str = "$") -> list:
    """Differences between two canonical values (floats compared with a tight tolerance)."""
    if isinstance(expected, float) and isinstance(actual, float):
        if math.isclose(actual, expected, rel_tol=FLOAT_REL_TOL, abs_tol=FLOAT_ABS_TOL):
            return []
        return [f"{path}: {actual!r} != expected {expected!r}"]
    if type(actual) is not type(expected):
        return [f"{path}: {actual!r} ({type(actual).__name__}) != expected {expected!r} "
                f"({type(expected).__name__})"]
    if isinstance(expected, dict):
        out = []
        for k in sorted(set(actual) | set(expected)):
            if k not in actual:
                out.append(f"{path}.{k}: missing (expected {expected[k]!r})")
            elif k not in expected:
                out.append(f"{path}.{k}: unexpected {actual[k]!r}")
            else:
                out += diff(actual[k], expected[k], f"{path}.{k}")
        return out
    if isinstance(expected, list):
        if len(actual) != len(expected):
            return [f"{path}: length {len(actual)} != expected {len(expected)}: "
                    f"{actual!r} vs {expected!r}"]
        out = []
        for i, (a, e) in enumerate(zip(actual, expected)):
            out += diff(a, e, f"{path}[{i}]")
        return out
    if actual != expected:
        return [f"{path}: {actual!r} != expected {expected!r}"]
    return []


def wait_until(predicate, timeout: float, interval: float = 0.1):
    """Poll `predicate` until it returns a truthy value (returned) or `timeout` passes (None)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def load_expected(directory: str, with_meta: bool = False):
    """All recorded cases of a recording directory (expected/spark-<version>/<group>.json).

    With `with_meta`, also each group's `_meta` and the group file each case was found in.
    """
    import json

    cases, meta, group_of = {}, {}, {}
    for fname in sorted(os.listdir(directory)):
        if not fname.endswith(".json"):
            continue
        group = fname[: -len(".json")]
        with open(os.path.join(directory, fname)) as f:
            data = json.load(f)
        meta[group] = data.pop("_meta", {})
        for name, value in data.items():
            cases[name] = value
            group_of[name] = group
    return (cases, meta, group_of) if with_meta else cases
