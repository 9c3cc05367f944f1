"""The VARIANT type and its functions (`parse_json`, `variant_get`, `schema_of_variant`, ...):
Spark's variant binary encoding reaches the client as `VariantVal`s (their repr holds the exact
value and metadata bytes, their str Spark's JSON), `df.schema` shows `variant`, and errors match
Spark 4.3.0. The 3.5 client has no VariantType: cases returning variant columns need 4.x."""

from support import df_result, expect_error

from ._base import F, case, conf, utc


def docs(spark):
    return spark.createDataFrame(
        [
            (1, '{"b":{"c":1},"a":[true,null,"x"]}'),
            (2, "300"),
            (3, "1.50"),
            (4, "1e5"),
            (5, "12345678901234567890"),
            (6, "123456789012345678901234567890123456789012"),
            (7, "-0.0"),
            (8, "null"),
            (9, None),
            (10, '"a string longer than sixty-three bytes, so it is not a short string!"'),
            (11, "[]"),
            (12, "{}"),
            (13, "1 2"),
            (14, '{"k":"\\u00e9\\n\\"q\\"", "z": -9223372036854775808, "y": 2147483648}'),
        ],
        "id INT, j STRING",
    )


def with_text(df):
    """Adds each variant column's str() (Spark's JSON via the client) next to the result."""
    out = df_result(df)
    rows = df.collect()
    out["text"] = [[str(x) if type(x).__name__ == "VariantVal" else None for x in r] for r in rows]
    return out


@case(min_client=(4, 0))
def case_variantfn_parse_json(spark):
    df = docs(spark).select("id", F().parse_json("j"), F().try_parse_json("j")).orderBy("id")
    return with_text(df)


@case(min_client=(4, 0))
def case_variantfn_schema(spark):
    df = docs(spark).select(F().parse_json("j").alias("v"))
    return {"schema": df.schema.simpleString(), "json": df.schema.json()}


@case
def case_variantfn_to_json_and_schema(spark):
    df = docs(spark).selectExpr(
        "id",
        "to_json(parse_json(j))",
        "schema_of_variant(parse_json(j))",
        "is_variant_null(parse_json(j))",
        "is_valid_variant(parse_json(j))",
        "cast(parse_json(j) as string)",
    )
    return df_result(df, sort=True)


@case(min_client=(4, 0))
def case_variantfn_functions_api(spark):
    v = F().parse_json("j")
    df = docs(spark).select(
        "id",
        F().to_json(v),
        F().schema_of_variant(v),
        F().is_variant_null(v),
        F().is_valid_variant(v),
        F().variant_get(v, "$.a[0]", "boolean"),
        F().try_variant_get(v, "$.b.c", "string"),
    )
    return df_result(df, sort=True)


@case
def case_variantfn_malformed(spark):
    bad = ['{"a":1,"a":2}', "{a:1}", "NaN", "'a'", "{", ""]
    out = {}
    for b in bad:
        df = spark.createDataFrame([(b,)], "j STRING")
        out[b] = expect_error(lambda: df.selectExpr("to_json(parse_json(j))").collect())
        out["try " + b] = expect_error(lambda: df.selectExpr("try_parse_json(j) is null").collect())
    with conf(spark, spark_sql_ansi_enabled="false"):
        df = spark.createDataFrame([("{",)], "j STRING")
        out["ansi off"] = expect_error(lambda: df.selectExpr("to_json(parse_json(j))").collect())
    out["not a string"] = expect_error(lambda: spark.sql("select to_json(parse_json(1))").collect())
    return out


def nested(spark):
    return spark.createDataFrame(
        [
            (1, '{"a":{"b":[1,2]}, "s":"12", "x":"x", "d":1.55, "big":3000000000, "f":1e30, "t":true}'),
            (2, '{"a":{"b":[5]}, "s":" 7 ", "x":null, "d":-2.5, "big":1, "f":2.5, "t":"yes"}'),
            (3, '[1, "2", null, "x", {"k": [1]}]'),
            (4, None),
        ],
        "id INT, j STRING",
    )


@case
def case_variantfn_variant_get_types(spark):
    df = nested(spark).selectExpr(
        "id",
        "variant_get(parse_json(j), '$.a.b[1]', 'int') as b1",
        "variant_get(parse_json(j), '$.a.b[0]', 'string') as b0",
        "variant_get(parse_json(j), '$.s', 'int') as s",
        "variant_get(parse_json(j), '$.s', 'bigint') as sl",
        "variant_get(parse_json(j), '$.d', 'int') as di",
        "variant_get(parse_json(j), '$.d', 'decimal(2,1)') as dd",
        "variant_get(parse_json(j), '$.d', 'double') as dbl",
        "variant_get(parse_json(j), '$.big', 'bigint') as big",
        "variant_get(parse_json(j), '$.t', 'boolean') as t",
        "variant_get(parse_json(j), '$.a', 'string') as a_json",
        "variant_get(parse_json(j), '$.missing', 'int') as missing",
        "variant_get(parse_json(j), '$[1]', 'int') as idx",
        "variant_get(parse_json(j), '$[4].k[0]', 'int') as deep",
        "variant_get(parse_json(j), '$[\"a\"][\\'b\\'][0]', 'int') as quoted",
    )
    return df_result(df, sort=True)


@case
def case_variantfn_variant_get_nested_types(spark):
    df = spark.sql(
        """select variant_get(parse_json('[1,"2",null]'), '$', 'array<int>') as arr,
                  variant_get(parse_json('{"b":1,"a":"x"}'), '$', 'struct<a string, c int>') as st,
                  variant_get(parse_json('{"b":1,"a":2}'), '$', 'map<string,int>') as m,
                  try_variant_get(parse_json('[1,"x"]'), '$', 'array<int>') as tarr,
                  try_variant_get(parse_json('{"a":"x"}'), '$', 'array<int>') as wrong_kind,
                  variant_get(parse_json('{"a":[1,{"b":2}]}'), '$.a', 'string') as as_json,
                  variant_get(parse_json('{"a":1}'), null, 'int') as null_path"""
    )
    return df_result(df)


@case
def case_variantfn_try_variant_get(spark):
    df = nested(spark).selectExpr(
        "id",
        "try_variant_get(parse_json(j), '$.x', 'int') as x",
        "try_variant_get(parse_json(j), '$.big', 'int') as big",
        "try_variant_get(parse_json(j), '$.f', 'bigint') as f",
        "try_variant_get(parse_json(j), '$.d', 'decimal(1,0)') as d",
        "try_variant_get(parse_json(j), '$[3]', 'double') as x3",
    )
    return df_result(df, sort=True)


@case
def case_variantfn_variant_get_errors(spark):
    out = {}
    v = "parse_json('{\"a\":\"x\", \"n\":300, \"f\":1e30}')"
    for name, e in [
        ("string to int", f"variant_get({v}, '$.a', 'int')"),
        ("tinyint overflow", f"variant_get({v}, '$.n', 'tinyint')"),
        ("double to bigint", f"variant_get({v}, '$.f', 'bigint')"),
        ("number to binary", f"variant_get({v}, '$.n', 'binary')"),
        ("bad path", f"variant_get({v}, 'a', 'int')"),
        ("negative index", f"variant_get({v}, '$[-1]', 'int')"),
        ("try bad path", f"try_variant_get({v}, '$.', 'int')"),
        ("bad type", f"variant_get({v}, '$.a', 'foo')"),
        ("not a variant", "variant_get('x', '$.a', 'int')"),
        ("array element", "variant_get(parse_json('[1,\"x\"]'), '$', 'array<int>')"),
        ("cast", "cast(parse_json('\"x\"') as int)"),
    ]:
        out[name] = expect_error(lambda e=e: spark.sql(f"select {e}").collect())
    with conf(spark, spark_sql_ansi_enabled="false"):
        out["ansi off"] = expect_error(lambda: spark.sql(f"select variant_get({v}, '$.a', 'int')").collect())
        out["cast ansi off"] = expect_error(lambda: spark.sql("select cast(parse_json('\"x\"') as int)").collect())
    return out


@case(min_client=(4, 0))
def case_variantfn_variant_get_variant(spark):
    df = nested(spark).selectExpr(
        "id",
        "variant_get(parse_json(j), '$.a') as a",
        "try_variant_get(parse_json(j), '$.a.b', 'variant') as b",
        "variant_get(parse_json(j), '$[4]') as k",
    )
    return with_text(df.orderBy("id"))


@case
def case_variantfn_casts(spark):
    with utc(spark):
        df = spark.sql(
            """select cast(parse_json('"abc"') as string) as s,
                      cast(parse_json('{"b":1,"a":[1.50]}') as string) as o,
                      cast(parse_json('12') as int) as i,
                      cast(parse_json('"12"') as int) as si,
                      cast(parse_json('1') as boolean) as b,
                      cast(parse_json('2.5') as double) as d,
                      try_cast(parse_json('"x"') as int) as t,
                      to_json(cast(12 as variant)) as i_v,
                      to_json(cast(1.5 as variant)) as dec_v,
                      to_json(cast(cast(1.5 as float) as variant)) as f_v,
                      to_json(cast(cast(1.5 as double) as variant)) as d_v,
                      to_json(cast('a' as variant)) as s_v,
                      to_json(cast(X'0102' as variant)) as bin_v,
                      to_json(cast(array(1, null) as variant)) as arr_v,
                      to_json(cast(cast('2024-01-02' as date) as variant)) as date_v,
                      to_json(cast(cast('2024-01-02 03:04:05.5' as timestamp) as variant)) as ts_v,
                      schema_of_variant(cast(cast('2024-01-02 03:04:05.5' as timestamp) as variant)) as ts_schema"""
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_variantfn_cast_to_variant_values(spark):
    with utc(spark):
        df = spark.sql(
            """select cast(12 as variant) as i, cast(3000000000 as variant) as l, cast(1.5 as variant) as dec,
                      cast(cast(1.5 as float) as variant) as f, cast('a' as variant) as s, cast(X'0102' as variant) as b,
                      cast(array(1, 2) as variant) as arr, cast(true as variant) as t,
                      cast(cast('2024-01-02' as date) as variant) as d,
                      cast(cast('2024-01-02 03:04:05.5' as timestamp) as variant) as ts,
                      cast(parse_json('1') as variant) as v"""
        )
        return with_text(df)


@case
def case_variantfn_cast_errors(spark):
    return {
        "map": expect_error(lambda: spark.sql("select cast(map('a', 1) as variant)").collect()),
        "struct": expect_error(lambda: spark.sql("select cast(named_struct('b', 1) as variant)").collect()),
        "to_variant_object atomic": expect_error(lambda: spark.sql("select to_variant_object(1)").collect()),
        "to_variant_object int keys": expect_error(lambda: spark.sql("select to_variant_object(map(1, 2))").collect()),
    }


@case(min_client=(4, 0))
def case_variantfn_to_variant_object(spark):
    df = spark.sql(
        """select to_variant_object(named_struct('b', 1, 'a', array(1, 2))) as s,
                  to_variant_object(map('b', 1, 'a', 2)) as m,
                  to_variant_object(array(named_struct('x', 1, 'y', cast(null as string)))) as a,
                  to_variant_object(named_struct('n', named_struct('z', 1.25, 'y', 'q'))) as n"""
    )
    return with_text(df)


@case
def case_variantfn_to_variant_object_json(spark):
    df = spark.createDataFrame([(1, "x", [1, 2]), (2, None, None)], "id INT, s STRING, a ARRAY<INT>")
    out = df.selectExpr(
        "id",
        "to_json(to_variant_object(named_struct('s', s, 'a', a)))",
        "schema_of_variant(to_variant_object(named_struct('s', s, 'a', a)))",
        "to_json(to_variant_object(a))",
    )
    return df_result(out, sort=True)


@case
def case_variantfn_schema_of_variant_merges(spark):
    docs_ = ["1.50", "100.0", "[1, 2.5]", "[1.5, 1e3]", "[1, 1e3]", "[1.25, 12.5]", "[]", "null", "{}",
             '[{"a":1},{"b":"x"}, {"a":null}]', '[[1],["x"]]', "[12345678901234567890, 1]",
             "[0.1234567890123456789012345, 123456789012345]", '"s"', "true", "0.001"]
    df = spark.createDataFrame([(i, d) for i, d in enumerate(docs_)], "id INT, j STRING")
    return df_result(df.selectExpr("id", "schema_of_variant(parse_json(j))"), sort=True)


@case
def case_variantfn_schema_of_variant_agg(spark):
    df = spark.createDataFrame(
        [(1, '{"a":1}'), (1, '{"a":"x","b":2.5}'), (2, "[1]"), (2, "[2.5]"), (2, None), (3, "1"), (3, "1e3"), (4, None)],
        "g INT, j STRING",
    )
    grouped = df.groupBy("g").agg(F().expr("schema_of_variant_agg(parse_json(j))"))
    total = spark.sql("select schema_of_variant_agg(parse_json(j)) from values ('1') as t(j) where false")
    return {"grouped": df_result(grouped, sort=True), "empty": df_result(total)}


@case(min_client=(4, 0))
def case_variantfn_schema_of_variant_agg_api(spark):
    df = spark.createDataFrame([('{"a":1}',), ('{"a":2.5,"c":[true]}',)], "j STRING")
    return df_result(df.select(F().schema_of_variant_agg(F().parse_json("j"))))


@case
def case_variantfn_typeof_and_nulls(spark):
    df = spark.sql(
        """select typeof(parse_json('1')) as t, typeof(variant_get(parse_json('1'), '$')) as t2,
                  is_variant_null(parse_json('null')) as vn, is_variant_null(null) as sn,
                  is_valid_variant(null) as vv, parse_json(null) is null as pn,
                  to_json(variant_get(parse_json('{"a":null}'), '$.a')) as anull,
                  variant_get(parse_json('{"a":null}'), '$.a', 'int') as aint"""
    )
    return df_result(df)


@case
def case_variantfn_group_by_variant(spark):
    return expect_error(lambda: spark.sql("select count(*) from values (1) as t(j) group by parse_json('1')").collect())


@case(min_client=(4, 0))
def case_variantfn_colon_path(spark):
    df = spark.sql(
        """select v:a, v:b.c, v:b['c'][0], v:['x y'], v:arr[1], v:A as upper
           from (select parse_json('{"a":1,"b":{"c":[7]},"x y":"s","arr":[1,2],"A":9}') v)"""
    )
    return with_text(df)


@case
def case_variantfn_colon_path_cast(spark):
    df = spark.sql(
        """select v:a::int, v:b.c[0]::string, v:missing::int, v:b::string
           from (select parse_json('{"a":1,"b":{"c":[7]}}') v)"""
    )
    return df_result(df)


@case(min_client=(4, 0))
def case_variantfn_to_pandas(spark):
    df = spark.sql("select id, parse_json(j) v from values (1, '[1]'), (2, null), (3, '{\"a\":2}') t(id, j)")
    pdf = df.toPandas()
    return {"columns": list(pdf.columns), "rows": [[int(r.id), None if r.v is None else [str(r.v), repr(r.v)]] for r in pdf.itertuples()]}


@case(min_client=(4, 0))
def case_variantfn_variant_explode(spark):
    out = {}
    for name, q in [
        ("object", """select * from variant_explode(parse_json('{"b":1,"a":[2]}'))"""),
        ("array", """select * from variant_explode(parse_json('["x", null, 3]'))"""),
        ("scalar", "select * from variant_explode(parse_json('1'))"),
        ("scalar outer", "select * from variant_explode_outer(parse_json('1'))"),
        ("null", "select * from variant_explode(null)"),
        ("null outer", "select * from variant_explode_outer(null)"),
    ]:
        out[name] = with_text(spark.sql(q))
    return out


@case
def case_variantfn_variant_explode_json(spark):
    df = spark.sql(
        """select pos, key, to_json(value) as value
           from variant_explode(parse_json('{"b":{"c":1},"a":[2, "x"], "e": []}'))"""
    )
    bad = expect_error(lambda: spark.sql("select * from variant_explode('[1]')").collect())
    return {"rows": df_result(df), "not a variant": bad}


@case(min_client=(4, 0))
def case_variantfn_tvf_api(spark):
    df = spark.tvf.variant_explode(F().parse_json(F().lit('{"a": true, "b": 3.14}')))
    outer = spark.tvf.variant_explode_outer(F().parse_json(F().lit("1")))
    return {"explode": with_text(df), "outer": with_text(outer)}


@case
def case_variantfn_not_orderable(spark):
    out = {}
    for name, q in [
        ("order by", "select * from values (1) t(a) order by parse_json('1')"),
        ("equality", "select parse_json('1') = parse_json('1')"),
        ("less than", "select parse_json('1') < parse_json('2')"),
        ("colon on string", """select v:a from (select '{"a":1}' v)"""),
    ]:
        out[name] = expect_error(lambda q=q: spark.sql(q).collect())
    df = spark.sql("select parse_json('1') v")
    out["df distinct"] = expect_error(lambda: df.distinct().collect())
    out["df sort"] = expect_error(lambda: df.orderBy("v").collect())
    return out


@case
def case_variantfn_nested_to_json_and_strings(spark):
    df = spark.sql(
        """select to_json(named_struct('v', parse_json('[1,{"b":2}]'), 'x', 1)) as s,
                  to_json(array(parse_json('1'), parse_json('"s"'))) as a,
                  cast(array(parse_json('1'), parse_json('"s"'), null, parse_json('null')) as string) as arr_str,
                  cast(named_struct('v', parse_json('{"a":"s"}')) as string) as st_str,
                  cast(parse_json('null') as string) as null_str"""
    )
    return df_result(df)


@case
def case_variantfn_show(spark):
    from ._base import captured

    df = spark.sql(
        """select parse_json(j) v, j, array(parse_json(j)) a
           from values (1, '{"a":1}'), (2, null), (3, '"str"'), (4, 'null'), (5, '[1.50, true]') t(id, j)
           order by id"""
    )
    return {"show": captured(lambda: df.show()), "vertical": captured(lambda: df.show(vertical=True, truncate=5))}


@case(min_client=(4, 0))
def case_variantfn_large_containers(spark):
    """Wide objects/arrays switch to 2-byte offsets, 2-byte ids and 4-byte sizes."""
    keys = ", ".join(f'"key_number_{i:03d}": {i}' for i in range(300))
    arr = ", ".join(str(i * 1000) for i in range(300))
    long_str = "x" * 300
    df = spark.createDataFrame(
        [(1, "{" + keys + "}"), (2, "[" + arr + "]"), (3, f'{{"s": "{long_str}", "t": [{arr}]}}')],
        "id INT, j STRING",
    )
    out = df.select("id", F().parse_json("j").alias("v")).orderBy("id")
    rows = out.collect()
    return {
        "schema": out.schema.simpleString(),
        "rows": [[r.id, r.v.value.hex(), r.v.metadata.hex()] for r in rows],
    }


@case
def case_variantfn_large_containers_json(spark):
    keys = ", ".join(f'"k{i}": [{i}, "v{i}"]' for i in range(260))
    df = spark.createDataFrame([(keys,)], "k STRING").selectExpr("'{' || k || '}' as j")
    out = df.selectExpr(
        "md5(to_json(parse_json(j))) as h",
        "variant_get(parse_json(j), '$.k259[1]', 'string') as last",
        "variant_get(parse_json(j), '$.k7[0]', 'int') as seven",
        "length(schema_of_variant(parse_json(j))) as schema_len",
    )
    return df_result(out)


@case
def case_variantfn_path_column(spark):
    df = spark.createDataFrame(
        [(1, '{"a":{"b":7}}', "$.a.b"), (2, '{"a":[5,6]}', "$.a[1]"), (3, '{"a":1}', None), (4, '{"a":1}', "$.zz")],
        "id INT, j STRING, p STRING",
    )
    out = df.selectExpr("id", "variant_get(parse_json(j), p, 'int') as v", "try_variant_get(parse_json(j), p, 'string') as s")
    bad = spark.createDataFrame([('{"a":1}', "a")], "j STRING, p STRING")
    return {
        "rows": df_result(out, sort=True),
        "bad path": expect_error(lambda: bad.selectExpr("variant_get(parse_json(j), p, 'int')").collect()),
    }


@case
def case_variantfn_scalar_casts(spark):
    with utc(spark):
        df = spark.sql(
            """select variant_get(parse_json('"2024-01-02 03:04:05"'), '$', 'timestamp') as ts,
                      variant_get(parse_json('"2024-01-02"'), '$', 'timestamp_ntz') as ntz,
                      variant_get(parse_json('"abc"'), '$', 'binary') as bin,
                      cast(parse_json('"2024-01-02"') as date) as d,
                      variant_get(cast(cast('2024-01-02 03:04:05' as timestamp) as variant), '$', 'string') as ts_str,
                      variant_get(cast(cast('2024-01-02' as date) as variant), '$', 'timestamp') as d_ts,
                      variant_get(parse_json('1.5'), '$', 'float') as f,
                      variant_get(parse_json('1e400'), '$', 'double') as inf,
                      variant_get(parse_json('"1e5"'), '$', 'decimal(10,2)') as dec_text,
                      variant_get(parse_json('"inf"'), '$', 'double') as inf_text,
                      variant_get(parse_json('"Infinity"'), '$', 'float') as inf_f,
                      variant_get(parse_json('true'), '$', 'decimal(3,1)') as t_dec,
                      variant_get(parse_json('"t"'), '$', 'boolean') as t_bool,
                      variant_get(parse_json('2'), '$', 'boolean') as two_bool,
                      variant_get(parse_json('1.25'), '$', 'boolean') as dec_bool,
                      variant_get(parse_json('"12"'), '$', 'tinyint') as ti,
                      variant_get(parse_json('"+12"'), '$', 'int') as plus,
                      try_variant_get(parse_json('"1e2"'), '$', 'int') as exp_int,
                      try_variant_get(parse_json('"x"'), '$', 'date') as bad_date"""
        )
        return df_result(df)


@case(min_client=(4, 0))
def case_variantfn_from_json(spark):
    df = spark.createDataFrame(
        [(1, '{"a":[1, 2.5]}'), (2, "{'a': 'single'}"), (3, "{bad"), (4, None), (5, "null"), (6, '{"x": null}'), (7, '{"x": {"b": 1}}')],
        "id INT, j STRING",
    )
    out = df.selectExpr("id", "from_json(j, 'variant') as v", "from_json(j, 'x variant') as s").orderBy("id")
    rows = out.collect()
    return {
        "schema": out.schema.simpleString(),
        "rows": [[r.id, None if r.v is None else [str(r.v), repr(r.v)],
                  None if r.s is None else (None if r.s.x is None else [str(r.s.x), repr(r.s.x)])] for r in rows],
    }


@case(min_client=(4, 0))
def case_variantfn_dataframe_api(spark):
    from pyspark.sql.types import StructField, StructType, VariantType, VariantVal

    from pyspark.sql.types import IntegerType

    schema = StructType([StructField("id", IntegerType()),
                         StructField("v", VariantType())])
    df = spark.createDataFrame(
        [(1, VariantVal(b"\x0c\x01", b"\x01\x00\x00")), (2, VariantVal(b"\x02\x01\x00\x00\x02\x0c\x02", b"\x01\x01\x00\x01a")), (3, None)],
        schema,
    )
    out = df.select(
        "id",
        "v",
        F().to_json("v").alias("j"),
        F().variant_get("v", "$.a", "int").alias("a"),
        F().try_variant_get("v", F().lit("$"), "string").alias("s"),
        F().col("v").cast("string").alias("c"),
        F().to_variant_object(F().struct(F().col("id").alias("k"))).alias("o"),
        F().try_parse_json(F().lit("{")).alias("bad"),
    ).orderBy("id")
    return with_text(out)


@case(min_client=(4, 0))
def case_variantfn_nullability(spark):
    df = spark.sql(
        """select parse_json('1') a, try_parse_json('1') b, is_variant_null(parse_json('1')) c,
                  to_json(parse_json('1')) d, schema_of_variant(parse_json('1')) e,
                  variant_get(parse_json('1'), '$', 'int') f, cast(1 as variant) g,
                  is_valid_variant(parse_json('1')) h, parse_json(j) k, is_variant_null(parse_json(j)) l
           from values ('1') t(j)"""
    )
    return {"fields": [[f.name, f.nullable, f.dataType.simpleString()] for f in df.schema.fields]}
