"""The checked-in function coverage table is what the registry and this client produce."""

import re

import pytest

import function_coverage


def test_coverage_table_is_current():
    import pyspark

    recorded = re.search(r"PySpark (\S+) client", function_coverage.TABLE.read_text())
    if recorded is None or recorded.group(1) != pyspark.__version__:
        pytest.skip("the table is generated with another client version")
    assert function_coverage.TABLE.read_text() == function_coverage.render(), (
        "crates/functions/COVERAGE.md is out of date: run python-tests/function_coverage.py"
    )
