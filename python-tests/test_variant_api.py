"""VARIANT results at the client level (no recorded expectations): the Arrow form PySpark 4
reads (a struct of `value`/`metadata` binaries, `metadata` tagged `variant: true`), and the
clear error a PySpark 3.5 client (which has no VariantType) gets instead of failing on an
unknown schema kind."""

import pytest

import support

QUERY = "select parse_json(j) v from values ('[1]'), (null) t(j)"


@pytest.mark.client4
def test_variant_arrow_form(spark):
    table = spark.sql(QUERY).toArrow()
    field = table.schema.field("v")
    assert [f.name for f in field.type] == ["value", "metadata"]
    assert field.type.field("metadata").metadata == {b"variant": b"true"}
    assert table.column("v").to_pylist() == [
        {"value": b"\x03\x01\x00\x02\x0c\x01", "metadata": b"\x01\x00\x00"},
        None,
    ]


def test_variant_needs_client_4(spark):
    if support.IS_CLIENT_4:
        assert str(spark.sql(QUERY).collect()[0].v) == "[1]"
        return
    for action in (lambda: spark.sql(QUERY).collect(), lambda: spark.sql(QUERY).schema):
        with pytest.raises(Exception) as info:
            action()
        assert "VARIANT type with a PySpark 3.x client" in str(info.value)
    # Variant values converted server-side are fine.
    assert spark.sql("select to_json(parse_json('[1]')) j").collect()[0].j == "[1]"
