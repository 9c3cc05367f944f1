"""Hash and miscellaneous functions of pyspark.sql.functions (issue 4): Spark's Murmur3 `hash`,
`xxhash64`, the digests, seeded random generators, row ids, `typeof`, `version`, errors raised
from queries and the null helpers."""

import datetime
import getpass
import decimal

from support import df_result, expect_error

from ._base import F, case, col, conf


def typed(spark):
    return spark.createDataFrame(
        [
            (1, 10, "Spark", 1.5, -0.0, True, decimal.Decimal("12.34"), decimal.Decimal("123456789012345678901.5"),
             datetime.date(2024, 2, 29), datetime.datetime(2024, 2, 29, 12, 30, 1), bytearray(b"\x00\xff"), [1, 2], ("x", 3)),
            (None, None, None, None, float("nan"), None, None, None, None, None, None, None, None),
            (-7, -(2**40), "", 0.0, 0.0, False, decimal.Decimal("-0.01"), decimal.Decimal("-1"),
             datetime.date(1969, 12, 31), datetime.datetime(1970, 1, 1, 0, 0, 0), bytearray(b""), [], (None, None)),
        ],
        "i INT, l BIGINT, s STRING, d DOUBLE, z DOUBLE, b BOOLEAN, dec DECIMAL(10,2), "
        "big DECIMAL(30,1), dt DATE, ts TIMESTAMP, bin BINARY, arr ARRAY<INT>, st STRUCT<a: STRING, n: INT>",
    )


@case
def case_miscfn_hash_types(spark):
    f = F()
    df = typed(spark)
    cols = ["i", "l", "s", "d", "z", "b", "dec", "big", "dt", "ts", "bin", "arr", "st"]
    with conf(spark, spark_sql_session_timeZone="UTC"):
        out = df.select(*[f.hash(c).alias(f"h_{c}") for c in cols], f.hash(*cols).alias("all"))
        return df_result(out, sort=True)


@case
def case_miscfn_xxhash64_types(spark):
    f = F()
    df = typed(spark)
    cols = ["i", "l", "s", "d", "z", "b", "dec", "big", "dt", "ts", "bin", "arr", "st"]
    with conf(spark, spark_sql_session_timeZone="UTC"):
        out = df.select(*[f.xxhash64(c).alias(f"x_{c}") for c in cols], f.xxhash64(*cols).alias("all"))
        return df_result(out, sort=True)


@case
def case_miscfn_hash_docs(spark):
    f = F()
    df = spark.createDataFrame([("ABC", "DEF")], ["c1", "c2"])
    return df_result(
        df.select(f.hash("c1"), f.hash("c1", "c2"), f.xxhash64("c1"), f.xxhash64("c1", "c2"))
        .selectExpr("*", "hash('Spark', array(123), 2)", "xxhash64('Spark', array(123), 2)",
                    "hash(1)", "hash(1L)", "hash(cast(1 as tinyint))", "hash(null)", "hash(1.5D)",
                    "hash(1.5)", "hash(cast(1.5 as float))", "hash(array('a', null))", "hash(named_struct('k', 1.5D, 'v', array(1L)))")
    )


@case
def case_miscfn_hash_map_error(spark):
    f = F()
    return expect_error(lambda: spark.range(1).select(f.hash(f.create_map(f.lit(1), f.lit(2)))).collect())


@case
def case_miscfn_digests(spark):
    f = F()
    df = spark.createDataFrame([("Spark",), ("",), (None,), ("héllo wörld",)], "s STRING")
    out = df.select(
        "s", f.md5("s"), f.sha1("s"), f.sha2("s", 224), f.sha2("s", 256), f.sha2("s", 384),
        f.sha2("s", 512), f.sha2("s", 0), f.crc32("s"),
        f.md5(f.col("s").cast("binary")).alias("md5_bin"),
    ).selectExpr("*", "sha(s)", "sha2(s, 100)", "crc32(cast(s as binary)) AS crc_bin")
    return df_result(out, sort=True)


@case
def case_miscfn_digest_type_error(spark):
    f = F()
    return expect_error(lambda: spark.range(1).select(f.md5(f.lit(1))).collect())


@case
def case_miscfn_rand_seeded(spark):
    f = F()
    df = spark.range(0, 6, 1, 1)
    return df_result(df.select("id", f.rand(42), f.randn(42), f.rand(-7).alias("neg")))


@case
def case_miscfn_rand_expr(spark):
    df = spark.range(0, 4, 1, 1)
    return df_result(df.selectExpr("id", "rand(1)", "random(1)", "randn(0)", "rand(null)"))


@case(min_client=(4, 0))
def case_miscfn_uniform_randstr(spark):
    f = F()
    df = spark.range(0, 5, 1, 1)
    out = df.select(
        "id",
        f.uniform(f.lit(0), f.lit(100), f.lit(7)),
        f.uniform(f.lit(0.0), f.lit(1.0), f.lit(7)),
        f.uniform(f.lit(10), f.lit(20.5), f.lit(3)),
        f.uniform(f.lit(5), f.lit(1), f.lit(1)),
        f.uniform(f.lit(5).cast("long"), f.lit(1), f.lit(1)),
        f.randstr(f.lit(8), f.lit(5)),
        f.randstr(f.lit(0), f.lit(5)),
    )
    return df_result(out)


@case
def case_miscfn_monotonically_increasing_id(spark):
    f = F()
    df = spark.range(0, 5, 1, 1)
    return df_result(df.select("id", f.monotonically_increasing_id().alias("mid"),
                               (f.monotonically_increasing_id() * 2).alias("twice")))


@case
def case_miscfn_uuid(spark):
    df = spark.range(0, 50, 1, 1).selectExpr("uuid() AS u")
    out = df.selectExpr(
        "count(DISTINCT u) AS distinct_count",
        "min(length(u)) AS min_len",
        "max(length(u)) AS max_len",
        "min(substr(u, 15, 1)) AS version",
        "count_if(u RLIKE '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$') AS well_formed",
    )
    return df_result(out)


@case
def case_miscfn_typeof(spark):
    df = spark.range(1)
    out = df.selectExpr(
        "typeof(1)", "typeof(1L)", "typeof(cast(1 as tinyint))", "typeof(cast(1 as smallint))",
        "typeof(1.5D)", "typeof(cast(1 as float))", "typeof(1.5)", "typeof('a')", "typeof(null)",
        "typeof(true)", "typeof(x'00')", "typeof(date'2024-01-01')", "typeof(current_timestamp())",
        "typeof(cast(null as timestamp_ntz))", "typeof(array(1))", "typeof(map(1, 'a'))",
        "typeof(struct(1 AS a, 'x' AS b))", "typeof(array(struct(1 AS a)))", "typeof(id)",
    )
    return df_result(out)


@case
def case_miscfn_version(spark):
    out = spark.range(1).selectExpr("split(version(), ' ')[0] AS v", "typeof(version()) AS t")
    return df_result(out)


@case
def case_miscfn_assert_true_passes(spark):
    f = F()
    df = spark.createDataFrame([(1,), (2,)], "a INT")
    return df_result(df.select(f.assert_true(f.col("a") > 0), f.assert_true(f.col("a") < 5, "bad")), sort=True)


@case
def case_miscfn_assert_true_fails(spark):
    f = F()
    df = spark.createDataFrame([(1,), (-2,)], "a INT")
    return expect_error(lambda: df.select(f.assert_true(f.col("a") > 0)).collect())


@case
def case_miscfn_raise_error(spark):
    f = F()
    return expect_error(lambda: spark.range(1).select(f.raise_error(f.lit("custom failure"))).collect())


@case
def case_miscfn_raise_error_unreached(spark):
    f = F()
    df = spark.range(3)
    out = df.select("id", f.when(f.col("id") > 5, f.raise_error(f.lit("never"))).alias("r"))
    return df_result(out, sort=True)


@case
def case_miscfn_null_helpers(spark):
    df = spark.createDataFrame([(0, 1.0), (None, 0.0), (3, None)], "i INT, d DOUBLE")
    out = df.selectExpr(
        "i", "equal_null(i, 0)", "equal_null(i, null)", "equal_null(d, 0.0D)",
        "nullifzero(i)", "nullifzero(d)", "zeroifnull(i)", "zeroifnull(d)",
    )
    return df_result(out, sort=True)


@case
def case_miscfn_equal_null_column(spark):
    f = F()
    df = spark.createDataFrame([(1, 1), (None, None), (1, None)], "a INT, b INT")
    return df_result(df.select(f.equal_null("a", "b")), sort=True)


@case(min_client=(4, 0))
def case_miscfn_nullifzero_columns(spark):
    f = F()
    df = spark.createDataFrame([(0,), (5,), (None,)], "a INT")
    return df_result(df.select(f.nullifzero("a"), f.zeroifnull("a")), sort=True)


@case
def case_miscfn_input_file(spark):
    f = F()
    df = spark.createDataFrame([(1,)], "a INT")
    return df_result(df.select(f.input_file_name(), f.input_file_block_start(), f.input_file_block_length()))


@case
def case_miscfn_session_info(spark):
    out = spark.range(1).selectExpr(
        "current_catalog()", "current_database()", "current_schema()",
        "current_user() = user() AS same_user", "current_user() = session_user() AS same_session_user",
        "typeof(current_user())",
        # No user id from the client: the server process's user (the same machine's user here).
        f"current_user() = '{getpass.getuser()}' AS server_user",
    )
    return df_result(out)


@case(min_client=(4, 0))
def case_miscfn_session_info_functions(spark):
    f = F()
    out = spark.range(1).select(f.current_catalog(), f.current_database(), f.current_schema())
    return df_result(out)


@case
def case_miscfn_aes_doc_examples(spark):
    out = spark.range(1).selectExpr(
        "cast(aes_decrypt(unhex('83F16B2AA704794132802D248E6BFD4E380078182D1544813898AC97E709B28A94'), '0000111122223333') AS string) AS gcm",
        "cast(aes_decrypt(unbase64('3lmwu+Mw0H3fi5NDvcu9lg=='), '1234567890abcdef', 'ECB', 'PKCS') AS string) AS ecb",
        "cast(aes_decrypt(unbase64('2NYmDCjgXTbbxGA3/SnJEfFC/JQ7olk2VQWReIAAFKo='), '1234567890abcdef', 'CBC') AS string) AS cbc",
        "base64(aes_encrypt('Spark SQL', '1234567890abcdef', 'ECB', 'PKCS')) AS ecb_enc",
        "base64(aes_encrypt('Spark', 'abcdefghijklmnop12345678ABCDEFGH', 'GCM', 'DEFAULT', unhex('000000000000000000000000'), 'This is an AAD mixed into the input')) AS gcm_iv_aad",
        "base64(aes_encrypt('Spark', 'abcdefghijklmnop', 'CBC', 'DEFAULT', unhex('00000000000000000000000000000000'))) AS cbc_iv",
        "cast(aes_decrypt(aes_encrypt('Sabot', '0000111122223333'), '0000111122223333') AS string) AS round_trip",
        "cast(try_aes_decrypt(unhex('00'), '0000111122223333') AS string) AS try_bad",
        "aes_encrypt(null, '0000111122223333') AS null_input",
    )
    return df_result(out)


@case
def case_miscfn_aes_key_length_error(spark):
    return expect_error(lambda: spark.range(1).selectExpr("aes_encrypt('x', 'short')").collect())


@case
def case_miscfn_aes_mode_error(spark):
    return expect_error(lambda: spark.range(1).selectExpr("aes_encrypt('x', '0000111122223333', 'GCM', 'PKCS')").collect())


@case
def case_miscfn_aes_decrypt_error(spark):
    return expect_error(lambda: spark.range(1).selectExpr("aes_decrypt(unhex('0011'), '0000111122223333')").collect())


@case
def case_miscfn_stack_sql(spark):
    df = spark.createDataFrame([(1, "a", 10), (2, "b", None)], "id INT, s STRING, v INT")
    out = df.selectExpr("id", "stack(2, s, v, 'z', id)")
    return df_result(out, sort=True)


@case
def case_miscfn_stack_shapes(spark):
    out = spark.range(1).selectExpr("stack(2, 1, 2, 3)")
    out2 = spark.range(1).selectExpr("stack(3, 1, 2) AS (x)")
    out3 = spark.range(1).selectExpr("stack(1, 'a', null, 1.5D) AS (p, q, r)")
    return {"a": df_result(out), "b": df_result(out2), "c": df_result(out3)}


@case(min_client=(4, 0))
def case_miscfn_stack_function(spark):
    f = F()
    df = spark.createDataFrame([(1, 2, 3, 4)], "a INT, b INT, c INT, d INT")
    return df_result(df.select(f.stack(f.lit(2), "a", "b", "c", "d").alias("x", "y")), sort=True)


@case
def case_miscfn_stack_type_error(spark):
    return expect_error(lambda: spark.range(1).selectExpr("stack(2, 1, 'a')").collect())


@case
def case_miscfn_collation(spark):
    out = spark.range(1).selectExpr(
        "collation('a')", "collation(collate('a', 'UTF8_BINARY'))", "collate('a', 'utf8_binary')",
        "collate(null, 'UTF8_BINARY')", "current_path()",
    )
    return df_result(out)


@case(min_client=(4, 0))
def case_miscfn_collation_functions(spark):
    f = F()
    out = spark.range(1).select(f.collation(f.lit("x")), f.collate(f.lit("x"), "UTF8_BINARY"))
    return df_result(out)


@case
def case_miscfn_collate_type_error(spark):
    return expect_error(lambda: spark.range(1).selectExpr("collate(1, 'UTF8_BINARY')").collect())


@case
def case_miscfn_cast_functions(spark):
    df = spark.range(1)
    out = df.selectExpr(
        "int('12')", "float(1)", "string(id)", "bigint(1.9)", "date('2024-01-02')",
        "boolean('true')", "tinyint(3)", "smallint(3)", "binary('ab')", "decimal('1.5')", "double('2.5')",
    )
    with conf(spark, spark_sql_session_timeZone="UTC"):
        ts = df.selectExpr("string(timestamp('2024-01-02 03:04:05')) AS t")
        return {"casts": df_result(out), "ts": df_result(ts)}


@case
def case_miscfn_cast_function_invalid(spark):
    return expect_error(lambda: spark.range(1).selectExpr("int('abc')").collect())


@case
def case_miscfn_cast_function_arity(spark):
    return expect_error(lambda: spark.range(1).selectExpr("int(1, 2)").collect())
