"""Fills in / refreshes the expected results of sqllogictest-style files from real Spark.

    /root/.cache/sabot/venv-spark/bin/python python-tests/tools/slt_record.py [FILE.slt ...]

Without arguments, every `integration/slt/*.slt` file. Each file is run top to bottom in one
local Spark session (session time zone UTC): `view NAME` records register their query as a
temporary view, `statement ok` / `statement error` records run, and `query` records get their
type letters, column names and rows rewritten from Spark's answer. A query that fails on Spark
becomes `statement error <ERROR_CLASS>`. The file's header line names the Spark version. The
format is described in `integration/slt/README.md`; `crates/server/tests/slt.rs` runs the files
against Sabot.
"""

import datetime
import decimal
import math
import os
import pathlib
import re
import sys

os.environ.setdefault("TZ", "UTC")
HEADER = "# Expected results recorded from Apache Spark {version} by python-tests/tools/slt_record.py"
ROOT = pathlib.Path(__file__).resolve().parents[2]


def fmt_float(f):
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "Infinity" if f > 0 else "-Infinity"
    if f == int(f) and abs(f) < 1e16:
        return f"{f:.1f}"
    return repr(f)


def fmt(v):
    from pyspark.sql import Row

    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return fmt_float(v)
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).hex()
    if isinstance(v, datetime.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S") + (f".{v.microsecond:06d}" if v.microsecond else "")
    if isinstance(v, datetime.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, Row):
        return "{" + ", ".join(fmt(x) for x in v) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{fmt(k)} -> {fmt(x)}" for k, x in v.items()) + "}"
    return str(v)


def type_letter(t):
    name = type(t).__name__
    if name in ("ByteType", "ShortType", "IntegerType", "LongType"):
        return "I"
    if name in ("FloatType", "DoubleType", "DecimalType"):
        return "R"
    if name in ("StringType", "CharType", "VarcharType"):
        return "T"
    if name == "BooleanType":
        return "B"
    if name in ("DateType", "TimestampType", "TimestampNTZType"):
        return "D"
    return "?"


def error_class(e):
    cls = getattr(e, "getErrorClass", lambda: None)() or getattr(e, "getCondition", lambda: None)()
    if cls:
        return cls
    text = str(e).strip()
    if text.startswith("[") and "]" in text:
        return text[1:text.index("]")]
    # An execution error reaches Python as a Py4JJavaError whose Java message holds the class.
    m = re.search(r"(?:SparkException|AnalysisException): \[([A-Z_.]+)\]", text)
    if m:
        return m.group(1)
    return type(e).__name__


def split_blocks(text):
    """Blocks separated by blank lines: (comment lines, head line, body lines)."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    out = []
    for b in blocks:
        comments = [l for l in b if l.lstrip().startswith("#") and b.index(l) < next((i for i, x in enumerate(b) if not x.lstrip().startswith("#")), len(b))]
        rest = b[len(comments):]
        out.append((comments, rest[0] if rest else None, rest[1:]))
    return out


def record_file(spark, path, version):
    text = path.read_text()
    out = []
    for comments, head, body in split_blocks(text):
        comments = [c for c in comments if not c.startswith("# Expected results recorded from")]
        if not out:
            comments = [HEADER.format(version=version)] + comments
        if head is None:
            out.append("\n".join(comments))
            continue
        words = head.split()
        sql_lines = body[: body.index("----")] if "----" in body else body
        sql = "\n".join(sql_lines)
        lines = list(comments)
        if words[0] == "view":
            spark.sql(sql).createOrReplaceTempView(words[1])
            lines += [head] + sql_lines
        elif words[:2] == ["statement", "ok"]:
            spark.sql(sql).collect()
            lines += [head] + sql_lines
        elif words[:2] == ["statement", "error"]:
            try:
                spark.sql(sql).collect()
                print(f"{path.name}: expected an error, Spark succeeded: {sql}", file=sys.stderr)
                lines += [head] + sql_lines
            except Exception as e:  # noqa: BLE001 - any Spark error is the expectation
                lines += [f"statement error {error_class(e)}"] + sql_lines
        elif words[0] == "query":
            options = [w for w in words[2:] if w == "rowsort"]
            try:
                df = spark.sql(sql)
                rows = df.collect()
            except Exception as e:  # noqa: BLE001
                lines += [f"statement error {error_class(e)}"] + sql_lines
                out.append("\n".join(lines))
                continue
            types = "".join(type_letter(f.dataType) for f in df.schema.fields)
            rendered = [" | ".join(f.name for f in df.schema.fields)]
            for r in rows:
                rendered.append(" | ".join((lambda s: "(empty)" if s == "" else s)(fmt(v)) for v in r))
            lines += [" ".join(["query", types] + options)] + sql_lines + ["----"] + rendered
        else:
            raise SystemExit(f"{path.name}: unknown record {head!r}")
        out.append("\n".join(lines))
    path.write_text("\n\n".join(out) + "\n")


def main():
    from pyspark.sql import SparkSession

    files = [pathlib.Path(a) for a in sys.argv[1:]] or sorted((ROOT / "integration" / "slt").glob("*.slt"))
    spark = (SparkSession.builder.master("local[2]")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    for f in files:
        for name in [t.name for t in spark.catalog.listTables() if t.isTemporary]:
            spark.catalog.dropTempView(name)
        spark.conf.unset("spark.sql.ansi.enabled")
        record_file(spark, f, spark.version)
        print(f"recorded {f}")


if __name__ == "__main__":
    main()
