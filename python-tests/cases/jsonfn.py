"""JSON, CSV, URL and XML functions of `pyspark.sql.functions` (issue 4): results, types,
nullability, column names and errors as Spark 4.3.0 gives them."""

from pyspark.sql.types import ArrayType, IntegerType, MapType, StringType, StructField, StructType

from support import df_result, expect_error

from ._base import F, case, conf, utc


def docs(spark):
    return spark.createDataFrame(
        [
            (1, '{"a":1, "b":0.8}'),
            (2, '{"a":"x", "b":2}'),
            (3, '{"a":1, "b":0.8'),
            (4, None),
            (5, '[{"a":3}]'),
            (6, '{"b":null, "a":7, "c":{"d":[1,2]}}'),
        ],
        "id INT, j STRING",
    )


@case
def case_jsonfn_from_json_ddl(spark):
    df = docs(spark).select("id", F().from_json("j", "a INT, b DOUBLE"), F().from_json("j", "a STRING, c STRING"))
    return df_result(df, sort=True)


@case
def case_jsonfn_from_json_struct_type(spark):
    schema = StructType([StructField("a", IntegerType()), StructField("c", StructType([StructField("d", ArrayType(IntegerType()))]))])
    df = docs(spark).select("id", F().from_json("j", schema))
    return df_result(df, sort=True)


@case
def case_jsonfn_from_json_array_map(spark):
    df = spark.createDataFrame([(1, "[1,2,3]", '{"x":1,"y":null}'), (2, "[1,\"a\"]", "{bad"), (3, "{}", "[]")], "id INT, a STRING, m STRING")
    out = df.select(
        "id",
        F().from_json("a", ArrayType(IntegerType())),
        F().from_json("m", MapType(StringType(), IntegerType())),
        F().from_json("a", "array<string>"),
    )
    return df_result(out, sort=True)


@case
def case_jsonfn_from_json_sql(spark):
    with utc(spark):
        df = spark.sql(
            """select from_json('{"a":1, "b":0.8}', 'a INT, b DOUBLE') as s,
                      from_json('{"time":"26/08/2015"}', 'time Timestamp', map('timestampFormat', 'dd/MM/yyyy')) as t,
                      from_json('{"d":"2015-08-26", "t":"2015-08-26 10:00:00"}', 'd date, t timestamp') as dt,
                      from_json('[{"a":1},{"a":2}]', 'array<struct<a:int>>') as arr,
                      from_json('{"a":1}', 'array<struct<a:int>>') as single,
                      from_json('{"a":1, /* c */ "b":2}', 'a INT, b INT', map('allowComments', 'true')) as comments,
                      from_json('{a:1}', 'a INT', map('allowUnquotedFieldNames', 'true')) as unquoted,
                      from_json('{\\'a\\':1}', 'a INT') as single_quotes,
                      from_json('{"a":12.345}', 'a DECIMAL(5,2)') as dec,
                      from_json('{"a":"AQI="}', 'a BINARY') as bin"""
        )
        return df_result(df)


@case
def case_jsonfn_from_json_schema_of_json(spark):
    df = spark.createDataFrame([('[{"col":1},{"col":2}]',)], "j STRING")
    out = df.select(F().from_json("j", F().schema_of_json(F().lit('[{"col":0}]'))).alias("r"))
    return df_result(out)


@case
def case_jsonfn_from_json_failfast(spark):
    df = spark.createDataFrame([('{"a":x}',)], "j STRING")
    return expect_error(lambda: df.select(F().from_json("j", "a INT", {"mode": "FAILFAST"})).collect())


@case
def case_jsonfn_from_json_failfast_ok(spark):
    df = spark.createDataFrame([('{"a":1}',)], "j STRING")
    return df_result(df.select(F().from_json("j", "a INT", {"mode": "FAILFAST"})))


@case
def case_jsonfn_to_json(spark):
    with utc(spark):
        df = spark.sql(
            """select to_json(named_struct('a', 1, 'b', 2)) as a,
                      to_json(named_struct('a', 1.5D, 'b', cast(2.0 as float), 'c', 1.10BD, 'd', date'2020-01-02',
                                           'e', timestamp'2020-01-02 03:04:05.123', 'f', null, 'g', array(1,2),
                                           'h', map('x', 1), 'i', 'q"\\n')) as b,
                      to_json(array(named_struct('a', 1, 'b', 2))) as c,
                      to_json(map('a', named_struct('b', 1))) as d,
                      to_json(array(map('a', 1), null)) as e,
                      to_json(named_struct('a', 1, 'b', null), map('ignoreNullFields', 'false')) as f,
                      to_json(named_struct('a', 1e20D, 'b', 1e-5D, 'c', cast('NaN' as double), 'd', 1e7D, 'e', 123456789.0D)) as g,
                      to_json(named_struct('t', timestamp'2015-08-26 00:00:00'), map('timestampFormat', 'dd/MM/yyyy')) as h,
                      to_json(named_struct('b', X'0102', 'bo', true, 'n', cast(null as int))) as i,
                      to_json(named_struct('t', timestamp'2015-08-26 00:00:00')) as j"""
        )
        return df_result(df)


@case
def case_jsonfn_to_json_pretty(spark):
    df = spark.sql("select named_struct('a', 1, 'b', array(1, 2), 'c', array(named_struct('d', 1)), 'e', named_struct('f', from_json('{}', 'map<string,int>'))) as s")
    return df_result(df.select(F().to_json("s", {"pretty": "true"}), F().to_json("s")))


@case
def case_jsonfn_to_json_columns(spark):
    df = docs(spark).select("id", F().struct("id", "j").alias("s"), F().array("j").alias("a"))
    return df_result(df.select("id", F().to_json("s"), F().to_json("a"), F().to_json(F().create_map(F().lit("k"), "id"))), sort=True)


@case
def case_jsonfn_to_json_error(spark):
    return expect_error(lambda: spark.range(1).select(F().to_json(F().lit(1))).collect())


@case
def case_jsonfn_get_json_object(spark):
    j = '{"a":{"b":[1, 2.50, "x", null, {"c": 1}]}, "s": "str", "n": null, "a b": true}'
    df = spark.createDataFrame([(1, j), (2, "bad"), (3, None), (4, '[{"a":1},{"a":2}]'), (5, '[{"a":"x"}]')], "id INT, j STRING")
    out = df.select(
        "id",
        F().get_json_object("j", "$.a"),
        F().get_json_object("j", "$.a.b"),
        F().get_json_object("j", "$.a.b[1]"),
        F().get_json_object("j", "$.a.b[3]"),
        F().get_json_object("j", "$.a.b[*]"),
        F().get_json_object("j", "$['a b']"),
        F().get_json_object("j", "$.s"),
        F().get_json_object("j", "$[*].a"),
        F().get_json_object("j", "a"),
        F().get_json_object("j", "$"),
    )
    return df_result(out, sort=True)


@case
def case_jsonfn_array_length_keys(spark):
    df = spark.createDataFrame(
        [(1, '[1,2,3,{"f1":1,"f2":[5,6]},4]'), (2, "[]"), (3, "[1,2"), (4, "{}"), (5, None), (6, '{"f1":"abc","f2":{"f3":"a", "f4":"b"}}')],
        "id INT, j STRING",
    )
    out = df.select("id", F().expr("json_array_length(j)"), F().expr("json_object_keys(j)"))
    return df_result(out, sort=True)


@case(min_client=(4, 0))
def case_jsonfn_array_length_keys_api(spark):
    df = spark.createDataFrame([(1, "[1,2]"), (2, '{"k":1}')], "id INT, j STRING")
    return df_result(df.select("id", F().json_array_length("j"), F().json_object_keys("j")), sort=True)


@case
def case_jsonfn_schema_of_json(spark):
    df = spark.range(1).select(
        F().schema_of_json(F().lit('[{"col":0}]')),
        F().schema_of_json(F().lit('{"a":1, "b":["x"], "c":1.5, "d":null, "e":true, "f":{"g":1e3}, "h":[], "i": 12345678901234567890, "j":"2020-01-01"}')),
        F().schema_of_json(F().lit("[1, 1.5]")),
        F().schema_of_json(F().lit('[{"a":1},{"b":"x"}]')),
        F().schema_of_json(F().lit('[1,"a"]')),
        F().schema_of_json(F().lit("{}")),
        F().schema_of_json(F().lit('{"a b":1}')),
        F().schema_of_json(F().lit("[{'col':01}]"), {"allowNumericLeadingZeros": "true"}),
    )
    return df_result(df)


@case
def case_jsonfn_json_tuple(spark):
    df = spark.createDataFrame([(1, '{"a":1, "b":{"c":2}, "s":"x"}'), (2, "bad"), (3, None), (4, '{"a":null}')], "id INT, j STRING")
    return df_result(df.select("id", F().json_tuple("j", "a", "b", "s", "x")), sort=True)


@case
def case_jsonfn_json_tuple_sql(spark):
    df = spark.sql("""select json_tuple('{"a":1, "b":2}', 'a', 'b')""")
    df2 = spark.createDataFrame([(1, '{"f":"v"}')], "id INT, j STRING").selectExpr("id", "json_tuple(j, 'f') as (v)")
    return {"a": df_result(df), "b": df_result(df2)}


@case
def case_jsonfn_parse_url(spark):
    u = "http://user:pw@spark.apache.org:8080/path/a?query=1&b=2#frag"
    df = spark.createDataFrame([(1, u), (2, "http://spark.apache.org/path?query=1"), (3, None), (4, "mailto:x@y.org"), (5, "/rel/p?x=1")], "id INT, u STRING")
    parts = ["HOST", "PATH", "QUERY", "REF", "PROTOCOL", "FILE", "AUTHORITY", "USERINFO", "host"]
    cols = [F().expr(f"parse_url(u, '{p}')") for p in parts]
    out = df.select("id", *cols, F().expr("parse_url(u, 'QUERY', 'b')"), F().expr("parse_url(u, 'QUERY', 'query')"), F().expr("parse_url(u, 'HOST', 'b')"))
    return df_result(out, sort=True)


@case
def case_jsonfn_parse_url_invalid(spark):
    df = spark.createDataFrame([("inva lid://spark.apache.org/path?query=1",)], "u STRING")
    return expect_error(lambda: df.select(F().expr("parse_url(u, 'QUERY')")).collect())


@case
def case_jsonfn_parse_url_invalid_non_ansi(spark):
    df = spark.createDataFrame([("inva lid://spark.apache.org/path?query=1",), ("http://a.b/%zz",)], "u STRING")
    with conf(spark, spark_sql_ansi_enabled="false"):
        return df_result(df.select("u", F().expr("parse_url(u, 'QUERY')"), F().expr("try_parse_url(u, 'QUERY')")), sort=True)


@case
def case_jsonfn_try_url_decode(spark):
    df = spark.createDataFrame([("https%3A%2F%2Fspark.apache.org",), ("http%3A%2F%2spark.apache.org",), (None,), ("a+b",)], "u STRING")
    return df_result(df.select("u", F().expr("try_url_decode(u)"), F().expr("try_parse_url(u, 'HOST')")), sort=True)


@case(min_client=(4, 0))
def case_jsonfn_url_api(spark):
    df = spark.createDataFrame([("http://spark.apache.org/path?query=1", "%41+b")], "u STRING, e STRING")
    return df_result(df.select(F().parse_url("u", F().lit("HOST")), F().try_parse_url("u", F().lit("QUERY"), F().lit("query")), F().try_url_decode("e")))


@case
def case_jsonfn_csv(spark):
    with utc(spark):
        df = spark.sql(
            """select from_csv('1, 0.8', 'a INT, b DOUBLE') as a,
                      from_csv('26/08/2015', 'time Timestamp', map('timestampFormat', 'dd/MM/yyyy')) as b,
                      from_csv('x,,"q,r",true', 'a INT, b STRING, c STRING, d BOOLEAN') as c,
                      from_csv('1', 'a INT, b INT') as d,
                      to_csv(named_struct('a', 1, 'b', 2)) as e,
                      to_csv(named_struct('time', timestamp'2015-08-26 00:00:00'), map('timestampFormat', 'dd/MM/yyyy')) as f,
                      to_csv(named_struct('a', 'x,y', 'b', null, 'c', 'q"', 'd', '', 'e', 1.5D, 'f', date'2020-01-02')) as g,
                      schema_of_csv('1,abc') as h,
                      schema_of_csv('1.5,true,2020-01-01,x,,12345678901,123456789012345678901') as i"""
        )
        return df_result(df)


@case
def case_jsonfn_csv_api(spark):
    df = spark.createDataFrame([(1, "1,a"), (2, "x,b"), (3, None)], "id INT, c STRING")
    out = df.select("id", F().from_csv("c", "a INT, b STRING").alias("s"), F().schema_of_csv(F().lit("1,a")))
    return df_result(out.select("id", "s", F().to_csv("s"), "schema_of_csv(1,a)"), sort=True)


@case
def case_jsonfn_csv_failfast(spark):
    df = spark.createDataFrame([("x",)], "c STRING")
    return expect_error(lambda: df.select(F().from_csv("c", "a INT", {"mode": "FAILFAST"})).collect())


@case
def case_jsonfn_from_json_bad_schema(spark):
    df = spark.createDataFrame([("{}",)], "j STRING")
    return expect_error(lambda: df.select(F().from_json("j", "a INT,, b")).collect())


@case
def case_jsonfn_from_json_dropmalformed(spark):
    df = spark.createDataFrame([("{}",)], "j STRING")
    return expect_error(lambda: df.select(F().from_json("j", "a INT", {"mode": "DROPMALFORMED"})).collect())


@case
def case_jsonfn_time_zones(spark):
    with conf(spark, spark_sql_session_timeZone="America/Los_Angeles"):
        df = spark.sql(
            """select to_json(named_struct('t', timestamp'2015-08-26 10:00:00', 'w', timestamp'2015-01-26 10:00:00.5')) as a,
                      cast(from_json('{"t":"2015-08-26 10:00:00"}', 't TIMESTAMP').t as string) as b,
                      cast(from_json('{"t":"2015-08-26T10:00:00Z"}', 't TIMESTAMP').t as string) as c,
                      cast(from_json('{"t":1440583200}', 't TIMESTAMP').t as string) as d,
                      to_json(named_struct('n', timestamp_ntz'2015-08-26 10:00:00')) as e,
                      to_json(named_struct('t', timestamp'2015-08-26 10:00:00'), map('timeZone', 'UTC')) as f"""
        )
        return df_result(df)


@case
def case_jsonfn_get_json_object_nested(spark):
    df = spark.createDataFrame(
        [(1, '[[1,2],[3]]'), (2, '{"a":[{"b":[1,2]},{"b":[3]}]}'), (3, '{"a":null}'), (4, '{"a":1e3, "b":-0.0, "c":12345678901234567890}')],
        "id INT, j STRING",
    )
    out = df.select(
        "id",
        F().get_json_object("j", "$[*][*]"),
        F().get_json_object("j", "$[0]"),
        F().get_json_object("j", "$.a[*].b"),
        F().get_json_object("j", "$.a[*].b[0]"),
        F().get_json_object("j", "$.a"),
        F().get_json_object("j", "$.b"),
        F().get_json_object("j", "$.c"),
        F().get_json_object("j", "$.a[1]"),
    )
    return df_result(out, sort=True)


@case
def case_jsonfn_from_json_types(spark):
    df = spark.createDataFrame(
        [(1, '{"i":128, "l":9223372036854775807, "f":1.5, "d":"NaN", "b":true, "s":[1,2], "dec":"1.005", "dt":"2020-1-2"}'),
         (2, '{"i":1.0, "l":"1", "f":"x", "d":1, "b":"true", "s":{"x":1}, "dec":1e2, "dt":"bad"}'),
         (3, '{"i":-128, "l":-1, "f":-Infinity, "d":2e308, "b":null, "s":"str", "dec":-0.004, "dt":"2020-01-02T10:00:00"}')],
        "id INT, j STRING",
    )
    schema = "i TINYINT, l BIGINT, f FLOAT, d DOUBLE, b BOOLEAN, s STRING, dec DECIMAL(4,2), dt DATE"
    return df_result(df.select("id", F().from_json("j", schema).alias("r")).select("id", "r.*"), sort=True)


@case
def case_jsonfn_from_json_partial(spark):
    df = spark.sql(
        """select from_json('{"a":1,"a":2}', 'a INT') as a,
                  from_json('{"A":1}', 'a INT') as b,
                  from_json('', 'a INT') as c,
                  from_json('1', 'a INT') as d,
                  from_json('{"a":1} x', 'a INT') as e,
                  from_json('null', 'a INT') as f,
                  from_json('[1, "x", 3]', 'array<int>') as g,
                  from_json('[{"a":1}, {"a":"x"}]', 'array<struct<a:int>>') as h,
                  from_json('{"a":[1,"x"], "b":2}', 'a array<int>, b int') as i,
                  from_json('{"a":{"b":"x"},"c":1}', 'a struct<b:int>, c int') as j,
                  from_json('{"a":"1"}', 'a INT') as k,
                  from_json('{"a":""}', 'a STRING, b DOUBLE') as l,
                  from_json('{"a":{"x":[1]}}', 'a map<string, array<int>>') as m,
                  from_json('{"a":1}', 'a INT', map('mode', 'bogus')) as n"""
    )
    return df_result(df)


@case
def case_jsonfn_from_json_map_key_error(spark):
    return expect_error(lambda: spark.sql("""select from_json('{"a":1}', 'map<int,int>')""").collect())


@case
def case_jsonfn_from_json_non_nested_error(spark):
    return expect_error(lambda: spark.sql("""select from_json('{"a":1}', 'int')""").collect())


@case
def case_jsonfn_get_json_object_paths(spark):
    df = spark.sql(
        """select get_json_object('{"a":{"b":1}}', '$..a') as a,
                  get_json_object('{"a":1}', '$.a.') as b,
                  get_json_object('[1,2]', '$[-1]') as c,
                  get_json_object('{"a":1,"b":2}', '$.*') as d,
                  get_json_object('{"a b":1}', '$.a b') as e,
                  get_json_object('{"a":1}', '$ .a') as f,
                  get_json_object('{"a":1}', '') as g,
                  get_json_object('{"a":1,"a":2}', '$.a') as h,
                  get_json_object('{"a":"x"} trailing', '$.a') as i,
                  get_json_object('{"a":["x"]}', '$.a[*]') as j,
                  get_json_object('{"a":["x", "y"]}', '$.a[*]') as k,
                  get_json_object('[[1],[2,3]]', '$[*]') as l,
                  get_json_object('{"a":"\\\\u00e9\\\\n"}', '$.a') as m,
                  get_json_object('{"a":{"s":"q\\\\"x"}}', '$.a') as n,
                  get_json_object(null, '$.a') as o,
                  get_json_object('{"a":1}', null) as p"""
    )
    return df_result(df)


@case
def case_jsonfn_json_tuple_error(spark):
    return expect_error(lambda: spark.sql("""select json_tuple('{"a":1}', 1)""").collect())


@case
def case_jsonfn_schema_inference_options(spark):
    df = spark.sql(
        """select schema_of_json('{"a":1.0}', map('prefersDecimal','true')) as a,
                  schema_of_json('{"a":1}', map('primitivesAsString','true')) as b,
                  schema_of_json('{"a":[{"b":1},{"b":1.5,"c":"x"}], "B":1}') as c,
                  schema_of_json('[]') as d,
                  schema_of_json('null') as e,
                  schema_of_json('{"a":NaN}') as f,
                  schema_of_json('{"a":1, "a":"x"}') as g,
                  schema_of_json('{"1a":1, "_b":1, "c`d":1}') as h,
                  schema_of_json('[1, 12345678901234567890]') as i,
                  schema_of_json('{"a":-9223372036854775809}') as j,
                  schema_of_json('{a:1}', map('allowUnquotedFieldNames','true')) as k"""
    )
    return df_result(df)


@case
def case_jsonfn_csv_edges(spark):
    df = spark.sql(
        """select from_csv('1;2', 'a INT, b INT', map('sep', ';')) as a,
                  from_csv('"a""b",c', 'a STRING, b STRING') as b,
                  from_csv('"a\\\\"b",c', 'a STRING, b STRING') as c,
                  from_csv(' a ,b', 'a STRING, b STRING') as d,
                  from_csv('1,2,3', 'a INT, b INT') as e,
                  from_csv('NaN,Inf,-Inf,1.5d', 'a DOUBLE, b DOUBLE, c DOUBLE, d DOUBLE') as f,
                  from_csv(' 1,TRUE', 'a INT, b BOOLEAN') as g,
                  from_csv('', 'a STRING') as h,
                  from_csv('1,', 'a INT, b STRING') as i,
                  from_csv('"",x', 'a STRING, b STRING') as j,
                  to_csv(named_struct('a', array(1, null), 'b', named_struct('x', 1, 'y', 'z'), 'c', map('k', 1))) as k,
                  to_csv(named_struct('a', ' x ', 'b', 'a\\nb', 'c', cast(1.1 as float), 'd', 1e20D, 'e', true)) as l,
                  schema_of_csv('a;b', map('sep', ';')) as m,
                  schema_of_csv('2020-01-01 10:00:00,2020-01-01T10:00:00Z,1e5,-5,+5,007,"1,5"') as n,
                  schema_of_csv('true,TRUE,tRuE') as o,
                  schema_of_csv('3000000000,1.0,.5,5.') as p"""
    )
    return df_result(df)


@case
def case_jsonfn_csv_errors(spark):
    return {
        "a": expect_error(lambda: spark.sql("select from_csv('x', 'a INT', map('mode','DROPMALFORMED'))").collect()),
        "b": expect_error(lambda: spark.sql("select from_csv('1', 'array<int>')").collect()),
    }


@case
def case_jsonfn_parse_url_edges(spark):
    urls = [
        "https://a_b.com/x", "http://[::1]:80/p", "HTTP://EXAMPLE.COM", "http://host:port/", "http://example.com?x=1",
        "http://example.com#f", "//example.com/path", "http:/path", "http://a.com:/p", "http://1.2.3.4/p", "http://a.1b/p",
        "http://a.com/p?q=1&q=2", "http://a.com/p?", "http://a.com/ä", "", "http://u@a.com/", "http://", "http:", "a:b", "x",
        "http://a.com/p q", "http://a.com/p%2", "http://a.com/p#a#b", "1http://a.com", "http://a.com/{x}",
    ]
    df = spark.createDataFrame([(i, u) for i, u in enumerate(urls)], "id INT, u STRING")
    parts = ["HOST", "PATH", "QUERY", "REF", "PROTOCOL", "FILE", "AUTHORITY", "USERINFO"]
    out = df.select("id", "u", *[F().expr(f"try_parse_url(u, '{p}')") for p in parts], F().expr("try_parse_url(u, 'QUERY', 'q')"))
    return df_result(out, sort=True)


@case
def case_jsonfn_number_text(spark):
    df = spark.sql(
        """select get_json_object('{"a":-0}', '$.a') as a,
                  get_json_object('{"a":-0, "b":1E3, "c":[0.1, 1e-7, 123456789012]}', '$') as b,
                  get_json_object('{"a":1.0}', '$.a') as c,
                  from_json('{"a":1.50, "b":-0, "c":true}', 'a STRING, b STRING, c STRING') as d,
                  to_json(named_struct('a', cast(-0.0 as double), 'b', cast(1e-4 as float), 'c', 0.001D, 'd', 9999999.0D, 'e', cast(1 as tinyint), 'f', 1e300D * 1e10D)) as e"""
    )
    df2 = spark.createDataFrame([('{"a":2.50, "b":-0, "c":[1,{"d":null}]}',)], "j STRING").select(F().json_tuple("j", "a", "b", "c"))
    return {"a": df_result(df), "b": df_result(df2)}


@case
def case_jsonfn_corrupt_record(spark):
    df = spark.sql(
        """select from_json('{"a":1', 'a INT, _corrupt_record STRING') as a,
                  from_json('{"a":"x"}', 'a INT, _corrupt_record STRING') as b,
                  from_json('{"a":1}', 'a INT, _corrupt_record STRING') as c,
                  from_json('{"a":x', 'a INT, bad STRING', map('columnNameOfCorruptRecord', 'bad')) as d,
                  from_json('{"a":"x", "_corrupt_record":"y"}', 'a INT, _corrupt_record STRING') as e,
                  from_csv('x,1', 'a INT, _corrupt_record STRING') as f,
                  from_csv('1,2', 'a INT, _corrupt_record STRING, b INT') as g"""
    )
    return df_result(df)


@case
def case_jsonfn_input_type_errors(spark):
    run = lambda q: expect_error(lambda: spark.sql(q).collect())  # noqa: E731
    return {
        "corrupt_type": run("""select from_json('{"a":1', 'a INT, _corrupt_record INT')"""),
        "from_json": run("select from_json(1, 'a INT')"),
        "from_csv": run("select from_csv(1, 'a INT')"),
        "to_csv": run("select to_csv(array(1))"),
        "get_json_object": run("select get_json_object(1, '$')"),
        "json_array_length": run("select json_array_length(1)"),
        "json_object_keys": run("select json_object_keys(1)"),
    }


XML = "<a><b>b1</b><b>b2</b><b>b3</b><c>c1</c><c>c2</c></a>"


@case
def case_jsonfn_xpath(spark):
    df = spark.createDataFrame([(1, XML), (2, None), (3, ""), (4, '<a x="1" y="2"><!--c--><b>t<i>u</i>v</b></a>')], "id INT, x STRING")
    out = df.select(
        "id",
        F().expr("xpath(x, 'a/b/text()')"),
        F().expr("xpath(x, 'a/b')"),
        F().expr("xpath(x, 'a/*/text()')"),
        F().expr("xpath(x, 'a/x')"),
        F().expr("xpath(x, '//@*')"),
        F().expr("xpath(x, '//comment()')"),
        F().expr("xpath(x, '/a')"),
        F().expr("xpath_string(x, 'a/c')"),
        F().expr("xpath_string(x, 'a/d')"),
        F().expr("xpath_string(x, 'a/b')"),
        F().expr("xpath_boolean(x, 'a/b')"),
        F().expr("xpath_boolean(x, 'a/b = \"b2\"')"),
        F().expr("xpath_int(x, 'count(a/b)')"),
        F().expr("xpath(x, '')"),
    )
    return df_result(out, sort=True)


@case
def case_jsonfn_xpath_numbers(spark):
    df = spark.sql(
        """select xpath_int('<a><b>1</b><b>2</b></a>', 'sum(a/b)') as a,
                  xpath_int('<a><b>1</b></a>', 'a/c') as b,
                  xpath_int('<a><b>x</b></a>', 'a/b') as c,
                  xpath_int('<a/>', '3000000000') as d,
                  xpath_int('<a/>', '-2.7') as e,
                  xpath_long('<a/>', '10000000000000000000') as f,
                  xpath_short('<a/>', '40000') as g,
                  xpath_short('<a/>', '3000000000') as h,
                  xpath_float('<a/>', '1 div 3') as i,
                  xpath_double('<a/>', '1 div 3') as j,
                  xpath_number('<a><b>1</b><b>2</b></a>', 'sum(a/b)') as k,
                  xpath_string('<a><b>1.5</b></a>', 'a/b * 2') as l,
                  xpath_string('<a/>', '1 div 0') as m,
                  xpath_string('<a/>', '0 div 0') as n,
                  xpath_string('<a/>', '1 div 3') as o,
                  xpath_string('<a/>', '100000000000000000000') as p,
                  xpath_string('<a/>', 'true()') as q,
                  xpath_double('<a>1e3</a>', 'a') as r,
                  xpath_double('<a> 12 </a>', 'a') as s,
                  xpath_long('<a>-1</a>', 'a') as t,
                  xpath('<a>&amp;&lt;</a>', 'a/text()') as u,
                  xpath('<?xml version="1.0"?><a> x </a>', 'a/text()') as v,
                  xpath('<a><![CDATA[q]]></a>', 'a/text()') as w,
                  xpath('<a xmlns="urn:x"><b>1</b></a>', 'a/b/text()') as x"""
    )
    return df_result(df)


@case
def case_jsonfn_xpath_errors(spark):
    run = lambda q: expect_error(lambda: spark.sql(q).collect())  # noqa: E731
    return {
        "non_foldable": run("select xpath(x, p) from values ('<a/>', 'a') t(x, p)"),
        "non_string": run("select xpath_string(1, 'a')"),
    }


@case
def case_jsonfn_schema_of_xml(spark):
    df = spark.sql(
        """select schema_of_xml('<p><a>1</a></p>') as a,
                  schema_of_xml('<p><a attr="2">1</a><a>3</a></p>') as b,
                  schema_of_xml('<p><a>1.5</a><b>true</b><c>x</c><d/><e>2020-01-01</e><f>2020-01-01 10:00:00</f></p>') as c,
                  schema_of_xml('<p x="1">t<a>1</a></p>') as d,
                  schema_of_xml('<p><a><b>1</b><b>2.5</b></a><a><c>x</c></a></p>') as e,
                  schema_of_xml('<p><B>1</B><a>12345678901234567890</a></p>') as f"""
    )
    return df_result(df)


@case
def case_jsonfn_from_xml(spark):
    df = spark.sql(
        """select from_xml('<p><a>1</a><b>0.8</b></p>', 'a INT, b DOUBLE') as a,
                  from_xml('<p><a>x</a></p>', 'a INT') as b,
                  from_xml('<p><a>1</a><a>2</a></p>', 'a array<int>') as c,
                  from_xml('<p x="1"><a>1</a></p>', '_x INT, a INT') as d,
                  from_xml('bad', 'a INT') as e,
                  from_xml('<p><a><b>1</b></a></p>', 'a struct<b:int>') as f,
                  from_xml('<p><a attr="2"> 1 </a><a>3</a></p>', 'a array<struct<_VALUE: BIGINT, _attr: BIGINT>>') as g,
                  from_xml('<p>t<c>x</c></p>', '_VALUE STRING, c STRING, d STRING') as h,
                  from_xml('<p><d>2020-01-02</d><t>2020-01-02 10:00:00</t><bo>TRUE</bo></p>', 'd DATE, t TIMESTAMP, bo BOOLEAN') as i,
                  from_xml('<p><a></a></p>', 'a INT') as j"""
    )
    return df_result(df)


@case
def case_jsonfn_to_xml(spark):
    df = spark.sql(
        """select to_xml(named_struct('a', 1, 'b', 2)) as a,
                  to_xml(named_struct('a', 1, 'b', array(1,2), 'c', named_struct('d', 'x<'), 'e', null)) as b,
                  to_xml(named_struct('_x', 1, 'a', 2)) as c,
                  to_xml(named_struct('a', 1), map('rowTag', 'r')) as d,
                  to_xml(named_struct('_x', 1, '_VALUE', 'v')) as e,
                  to_xml(named_struct('a', 1.5D, 'b', true, 'c', date'2020-01-02', 'd', cast(null as int))) as f"""
    )
    return df_result(df)


@case(min_client=(4, 0))
def case_jsonfn_xml_api(spark):
    df = spark.createDataFrame([(1, "<p><a>1</a></p>"), (2, None)], "id INT, x STRING")
    out = df.select("id", F().from_xml("x", "a INT").alias("s"), F().schema_of_xml(F().lit("<p><a>1</a></p>")))
    return df_result(out.select("id", "s", F().to_xml("s"), "schema_of_xml(<p><a>1</a></p>)"), sort=True)
