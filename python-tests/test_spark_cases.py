"""Runs every case in cases/ against the server and compares with the recording from real Spark.

Expectations live in expected/spark-<version>/<group>.json (re-record with record_expected.py).
"""

import json
import os

import pytest

import support
from cases import CASES, applicable

EXPECTED_FILE = os.environ.get(
    "SABOT_EXPECTED",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected", "spark-4.3.0"),
)

EXPECTED, META, EXPECTED_GROUP = support.load_expected(EXPECTED_FILE, with_meta=True)


def _params():
    for name, fn in CASES.items():
        marks = []
        if not applicable(fn):
            marks.append(pytest.mark.skip(reason=f"needs client >= {fn.min_client}"))
        # A case module may mark a case as a known failure on Sabot (`fn.xfail = "reason"`);
        # strict, so a case that starts passing must drop its mark.
        if getattr(fn, "xfail", None):
            marks.append(pytest.mark.xfail(reason=fn.xfail, strict=True))
        yield pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("name", list(_params()))
def test_case(spark, name):
    if name not in EXPECTED:
        pytest.fail(f"case {name!r} has no recorded expectation in {EXPECTED_FILE}; "
                    "run record_expected.py with real Spark")
    expected = support.adapt_expected_for_client(EXPECTED[name])
    actual = CASES[name](spark)
    differences = support.diff(actual, expected)
    if differences:
        pytest.fail(
            "\n".join(differences)
            + "\n\nactual:\n" + json.dumps(actual, indent=1, sort_keys=True, ensure_ascii=False)
            + "\n\nexpected (real Spark " + META[CASES[name].group]["spark_version"] + "):\n"
            + json.dumps(expected, indent=1, sort_keys=True, ensure_ascii=False),
            pytrace=False,
        )


def test_every_recorded_case_exists():
    """A recording for a case that no longer exists means cases.py and the recording diverged."""
    stale = sorted(set(EXPECTED) - set(CASES))
    assert not stale, f"recorded but not in cases/: {stale}"
    misplaced = sorted(n for n, g in EXPECTED_GROUP.items() if n in CASES and CASES[n].group != g)
    assert not misplaced, f"recorded in another group's file than their module: {misplaced}"
