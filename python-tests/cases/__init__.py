"""Data-driven cases, recorded from real Apache Spark by record_expected.py and compared against
Sabot by test_spark_cases.py. Cases must be deterministic (sort unless order is the point) and must
leave the session's configuration as they found it.

Each module is a group with its own recording, expected/spark-<version>/<module>.json, so groups
can be added and re-recorded independently. List new modules in GROUPS.
"""

import importlib

from ._base import CASES, applicable

GROUPS = [
    "foundation", "relations", "nastat", "grouping", "columns", "windows", "mathfn", "strfn",
    "miscfn", "jsonfn", "aggfn", "dtcal", "dtfmt", "collfn", "tpch", "sketchtheta", "sqlquery",
    "sketchhk", "partfn", "partitions", "variantfn", "timefn", "basicfn", "observe", "broadcast", "cache",
    # catalog: databases, tables, views and the spark.catalog API.
    "catalog", "catalogapi",
    # File writers (df.write...save(path)).
    "writers",
    # Table writes (CTAS, INSERT, saveAsTable, writeTo).
    "tables",
    # file readers (helper/readers)
    "readers",
    # issue 5 grammar helper
    "sqlgrammar",
    "tpcds",  # TPC-DS (issue 5)
    # file formats: input_file_name/_metadata, SQL on files, ORC/Avro, CSV options (issue 6)
    "formats",
    "sqlmore",  # issue 5, session 5: WITH RECURSIVE and the rarer SQL forms
    "partitions2",  # engine, session 6: range partitioning, coalesce after a shuffle
    "sqlmore2",  # issue 5, session 6: multi-column PIVOT/UNPIVOT/IN, SET VAR tuples, names
    "correlated",  # issue 5, session 7: non-equality correlation under aggregates (domain joins)
    "coercion",  # issue 5, session 9: common types of CASE/if/coalesce/array/IN, string ± interval
    "adaptive",  # issue 7, session 13: adaptive coalescing of shuffles without a count
]

for _group in GROUPS:
    importlib.import_module(f"{__name__}.{_group}")

__all__ = ["CASES", "GROUPS", "applicable"]
