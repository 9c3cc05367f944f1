"""String functions of `pyspark.sql.functions` (issue 4): results, types, nullability, column
names and errors as Spark 4.3.0 gives them."""

from support import df_result, expect_error

from ._base import F, case, col


def strs(spark):
    return spark.createDataFrame(
        [(1, "Spark SQL", "a,b,,c", 2), (2, "", "x", -1), (3, None, None, None), (4, "héllo wörld", "b", 0)],
        "id INT, s STRING, t STRING, n INT",
    )


@case
def case_strfn_ascii_soundex(spark):
    df = strs(spark).select("id", F().ascii("s"), F().soundex("s"), F().ascii(F().lit("")))
    return df_result(df, sort=True)


@case
def case_strfn_chr(spark):
    df = spark.createDataFrame([(65,), (-1,), (321,), (None,), (0,)], "c LONG")
    return df_result(df.select("c", F().expr("char(c)"), F().expr("chr(c)")), sort=True)


@case
def case_strfn_btrim(spark):
    df = spark.createDataFrame([("  ab  ",), ("xxabyx",), (None,)], "s STRING")
    return df_result(df.selectExpr("s", "btrim(s)", "btrim(s, 'xy')"), sort=True)


@case
def case_strfn_left_right(spark):
    d = strs(spark)
    df = d.select("id", F().expr("left(s, n)"), F().expr("right(s, n)"), F().expr("left(s, 3)"), F().expr("right(s, 100)"))
    return df_result(df, sort=True)


@case
def case_strfn_locate(spark):
    d = strs(spark)
    df = d.select(
        "id",
        F().locate("S", "s"),
        F().locate("S", "s", 3),
        F().locate("", "s", 2),
        F().locate("l", "s", 0),
        F().expr("locate(t, s, n)"),
        F().expr("position('l', s)"),
        F().expr("position('l', s, 5)"),
    )
    return df_result(df, sort=True)


@case
def case_strfn_substring_index(spark):
    d = strs(spark)
    df = d.select(
        "id",
        F().substring_index("t", ",", 2),
        F().substring_index("t", ",", -2),
        F().substring_index("t", ",", 0),
        F().substring_index("t", "", 1),
        F().substring_index("s", "l", 10),
    )
    return df_result(df, sort=True)


@case
def case_strfn_translate(spark):
    d = strs(spark)
    df = d.select("id", F().translate("s", "SQa", "1"), F().translate("s", "lL", "xyz"), F().translate("s", "ll", "ab"))
    return df_result(df, sort=True)


@case
def case_strfn_levenshtein(spark):
    df = spark.createDataFrame([("kitten", "sitting"), ("", "abc"), (None, "a"), ("héllo", "hello")], "l STRING, r STRING")
    return df_result(df.select("l", F().levenshtein("l", "r")), sort=True)


@case
def case_strfn_levenshtein_threshold(spark):
    df = spark.createDataFrame([("kitten", "sitting"), ("", "abc"), (None, "a"), ("héllo", "hello")], "l STRING, r STRING")
    return df_result(df.select("l", F().levenshtein("l", "r", 2)), sort=True)


@case
def case_strfn_split_part(spark):
    d = strs(spark)
    df = d.select(
        "id",
        F().expr("split_part(t, ',', 1)"),
        F().expr("split_part(t, ',', -1)"),
        F().expr("split_part(t, ',', 9)"),
        F().expr("split_part(s, '', 1)"),
        F().expr("split_part(s, '', 2)"),
    )
    return df_result(df, sort=True)


@case
def case_strfn_split_part_zero(spark):
    d = strs(spark)
    return expect_error(lambda: d.select(F().expr("split_part(t, ',', 0)")).collect())


@case
def case_strfn_base64(spark):
    d = strs(spark)
    df = d.select("id", F().base64("s"), F().unbase64(F().base64("s")).cast("string"), F().unbase64(F().lit("U3Bhcms=")), F().base64(F().repeat(F().lit("ab"), 50)))
    return df_result(df, sort=True)


def rx(spark):
    return spark.createDataFrame(
        [(1, "100-200, 300-4000"), (2, "no digits"), (3, None), (4, "a1b22c333"), (5, "")],
        "id INT, s STRING",
    )


@case
def case_strfn_regexp_replace(spark):
    d = rx(spark)
    df = d.select(
        "id",
        F().regexp_replace("s", r"(\d+)", "<$1>"),
        F().regexp_replace("s", r"(\d)(\d)", "$2$1x"),
        F().regexp_replace("s", r"\d", r"\$"),
        F().expr(r"regexp_replace(s, '[a-z]', 'X', 3)"),
        F().regexp_replace("s", "", "-"),
    )
    return df_result(df, sort=True)


@case
def case_strfn_regexp_extract(spark):
    d = rx(spark)
    df = d.select(
        "id",
        F().regexp_extract("s", r"(\d+)-(\d+)", 2),
        F().regexp_extract("s", r"(\d+)", 0),
        F().regexp_extract("s", r"([a-z])(x)?", 2),
        F().expr(r"regexp_extract(s, '(\\d+)')"),
    )
    return df_result(df, sort=True)


@case
def case_strfn_regexp_extract_bad_group(spark):
    d = rx(spark)
    return expect_error(lambda: d.select(F().regexp_extract("s", r"(\d+)", 3)).collect())


@case
def case_strfn_regexp_bad_pattern(spark):
    d = rx(spark)
    return expect_error(lambda: d.select(F().regexp_replace("s", r"(\d+", "x")).collect())


@case
def case_strfn_regexp_extract_all(spark):
    d = rx(spark)
    df = d.select(
        "id",
        F().regexp_extract_all("s", F().lit(r"(\d+)-(\d+)"), 2),
        F().regexp_extract_all("s", F().lit(r"\d+"), 0),
        F().expr(r"regexp_extract_all(s, '(\\d)')"),
    )
    return df_result(df, sort=True)


@case
def case_strfn_regexp_count_substr_instr(spark):
    d = rx(spark)
    df = d.select(
        "id",
        F().regexp_count("s", F().lit(r"\d+")),
        F().regexp_substr("s", F().lit(r"\d+")),
        F().regexp_instr("s", F().lit(r"\d+")),
        F().expr(r"regexp_instr(s, '(\\d)(\\d)', 2)"),
    )
    return df_result(df, sort=True)


@case
def case_strfn_split(spark):
    d = rx(spark)
    df = d.select(
        "id",
        F().split("s", r"[-,] ?"),
        F().split("s", r"\d", 2),
        F().split("s", "", 0),
        F().split("s", "x"),
        F().split("s", r"[a-z]", -1),
    )
    return df_result(df, sort=True)


@case
def case_strfn_find_in_set(spark):
    df = spark.createDataFrame([("b", "a,b,c"), ("a,b", "a,b"), ("", "a,,b"), (None, "a"), ("d", "a,b"), ("", "")], "s STRING, l STRING")
    return df_result(df.select("s", "l", F().find_in_set("s", "l")), sort=True)


@case
def case_strfn_elt(spark):
    df = spark.createDataFrame([(1,), (2,), (None,)], "n INT")
    return df_result(df.select("n", F().expr("elt(n, 'a', 'b', NULL)")), sort=True)


@case
def case_strfn_elt_out_of_range(spark):
    df = spark.createDataFrame([(5,)], "n INT")
    return expect_error(lambda: df.select(F().expr("elt(n, 'a', 'b')")).collect())


@case
def case_strfn_overlay(spark):
    d = strs(spark)
    df = d.select(
        "id",
        F().overlay("s", F().lit("__"), 3),
        F().overlay("s", F().lit("__"), 3, 0),
        F().overlay("s", F().lit("_"), 1, 5),
        F().expr("overlay(s, 'X', n, 1)"),
    )
    return df_result(df, sort=True)


@case
def case_strfn_octet_bit_length(spark):
    d = strs(spark)
    return df_result(d.select("id", F().octet_length("s"), F().bit_length("s")), sort=True)


@case
def case_strfn_url_encode_decode(spark):
    df = spark.createDataFrame([("a b&c=d/é~*",), (None,), ("",)], "s STRING")
    df = df.select("s", F().expr("url_encode(s)"), F().expr("url_decode(url_encode(s))"), F().expr("url_decode('a%2Bb+c')"))
    return df_result(df, sort=True)


@case
def case_strfn_url_decode_bad(spark):
    df = spark.createDataFrame([("a%zz",)], "s STRING")
    return expect_error(lambda: df.select(F().expr("url_decode(s)")).collect())


@case
def case_strfn_quote(spark):
    df = spark.createDataFrame([("it's",), (None,), ("a\\b",), ("",)], "s STRING")
    return df_result(df.select("s", F().expr("quote(s)")), sort=True)


@case
def case_strfn_encode_decode_utf8(spark):
    d = strs(spark)
    df = d.select("id", F().encode("s", "UTF-8"), F().decode(F().encode("s", "utf-8"), "UTF-8"))
    return df_result(df, sort=True)


@case
def case_strfn_encode_bad_charset(spark):
    d = strs(spark)
    return expect_error(lambda: d.select(F().encode("s", "NOPE")).collect())


@case
def case_strfn_format_number(spark):
    df = spark.createDataFrame(
        [(1, 1234567.891, 1234567, 0.125), (2, -0.001, -5, 2.5), (3, None, None, None), (4, float("nan"), 0, 1e20), (5, float("inf"), 99, -1234.5)],
        "id INT, d DOUBLE, i BIGINT, e DOUBLE",
    )
    df = df.select(
        "id",
        F().format_number("d", 2),
        F().format_number("i", 0),
        F().format_number("i", 3),
        F().format_number("e", 2),
        F().format_number("e", 0),
        F().expr("format_number(d, -1)"),
    )
    return df_result(df, sort=True)


@case
def case_strfn_format_number_decimal(spark):
    df = spark.sql("SELECT CAST(x AS DECIMAL(12, 4)) AS x FROM VALUES (1234.5650), (-0.0050), (0.0150), (NULL) AS t(x)")
    return df_result(df.select("x", F().format_number("x", 2), F().format_number("x", 0)), sort=True)


@case(min_client=(4, 0))
def case_strfn_utf8_validity(spark):
    d = strs(spark)
    df = d.select(
        "id",
        F().is_valid_utf8("s"),
        F().make_valid_utf8("s"),
        F().validate_utf8("s"),
        F().try_validate_utf8("s"),
    )
    return df_result(df, sort=True)


@case
def case_strfn_format_string(spark):
    df = spark.createDataFrame([(1, "ab", 3.14159), (None, None, None), (-42, "x", 1e10)], "i INT, s STRING, d DOUBLE")
    df = df.select(
        "i",
        F().format_string("%s-%d", "s", "i"),
        F().format_string("%5d|%-5s|%05d", "i", "s", "i"),
        F().format_string("%.2f %%", "d"),
        F().expr("printf('%s and %s', s, i)"),
        F().format_string("%,d %x", "i", "i"),
    )
    return df_result(df, sort=True)


@case
def case_strfn_format_string_values(spark):
    df = spark.createDataFrame([(1e10, True, 0.1), (2.5, False, -0.0)], "d DOUBLE, b BOOLEAN, e DOUBLE")
    df = df.select(F().format_string("%e|%10.3f|%b", "d", "e", "b"), F().format_string("%s|%S", "b", "b"))
    return df_result(df, sort=True)


@case
def case_strfn_regex_edges(spark):
    df = spark.createDataFrame([("a|b||c",), ("x.y.z",), ("Ab1 Ç2",)], "s STRING")
    df = df.select(
        "s",
        F().split("s", r"\|"),
        F().split("s", r"\."),
        F().regexp_replace("s", r"\w", "_"),
        F().regexp_replace("s", r"(?i)a", "#"),
        F().regexp_extract("s", r"^(\w+)", 1),
        F().regexp_count("s", F().lit("")),
    )
    return df_result(df, sort=True)



@case(min_client=(4, 0))
def case_strfn_to_binary(spark):
    df = spark.createDataFrame([("4a6B",), ("abc",), (None,), ("",)], "s STRING")
    df = df.select(
        "s",
        F().to_binary("s"),
        F().to_binary("s", F().lit("utf-8")),
        F().to_binary("s", F().lit("HEX")),
        F().try_to_binary(F().lit("zz"), F().lit("hex")),
    )
    return df_result(df, sort=True)


@case(min_client=(4, 0))
def case_strfn_to_binary_bad_hex(spark):
    df = spark.createDataFrame([("zz",)], "s STRING")
    return expect_error(lambda: df.select(F().to_binary("s")).collect())


@case
def case_strfn_rlike_java_classes(spark):
    df = spark.createDataFrame([("٣",), ("7",), ("é",), (None,)], "s STRING")
    df = df.select("s", col("s").rlike(r"^\d$"), F().expr(r"regexp_like(s, '^\\w$')"), F().expr(r"s regexp '\\S'"))
    return df_result(df, sort=True)


@case
def case_strfn_like_inner_wildcards(spark):
    # Patterns with '%' inside or '_' (matched without the per-batch regex), beside the
    # simple forms, NULLs, newlines, non-ASCII characters and overlapping prefix/suffix.
    df = spark.createDataFrame(
        [(1, "a special deposit requests"), (2, "requests then special"), (3, "aba"),
         (4, "ababa"), (5, "x\ny\nz"), (6, "añb"), (7, "ab"), (8, ""), (9, None),
         (10, "a.c+d(e"), (11, "special requests")], "id INT, s STRING")
    pats = ["%special%requests%", "aba%ba", "a%b", "a_b", "%y%z", "x_y%", "%%", "a%%b",
            "_", "a.c+%(_", "%.%", "special%requests", "%requests"]
    cols = [col("s").like(p).alias(f"p{i}") for i, p in enumerate(pats)]
    out = {"api": df_result(df.select("id", *cols), sort=True)}
    df.createOrReplaceTempView("like_t")
    out["sql"] = df_result(spark.sql(
        "SELECT id, s NOT LIKE '%special%requests%' AS n, s LIKE NULL AS z, "
        "count(*) OVER (PARTITION BY s LIKE 'a_a%') AS c FROM like_t"), sort=True)
    return out


SENTENCE_TEXTS = [
    "Hi there! Good morning.",
    "Mr. Smith went to Washington. he said no.",
    "don't stop 3.14 and 1,000 x-ray e.g. it's a U.S.A. thing",
    "",
    "   ",
    "Hello... world?? Yes!!! no",
    'end. "Quoted." Next (Paren.) Ok',
    "tab\tsep\nnew line. Line two.  two spaces.\nnewline",
    "Ünïcödé wörds. 日本語のテキスト。次の文 한국어 텍스트. 다음",
    "foo_bar baz-qux $100 #tag @me 100% 50$ 5&b .5 v.5 a_1 __init__ 1-2 x²",
    "q.\"Z Hi.Bye q.(z one.) two q. (( Z q. ,x q. -x q. ١",
    "x\u2029y \u0301x ab\u200bcd 𝐀bc don’t",
    None,
]


@case
def case_strfn_sentences(spark):
    df = spark.createDataFrame([(i, t) for i, t in enumerate(SENTENCE_TEXTS)], "id INT, s STRING")
    out = df.select("id", F().sentences("s"), F().sentences("s", F().lit("en"), F().lit("US")))
    return df_result(out, sort=True)


@case
def case_strfn_sentences_sql(spark):
    return df_result(spark.sql(
        "SELECT sentences('Hi there. You', 'de'), sentences('x', NULL, 'US'), sentences(NULL), sentences(123)"
    ))


def _typed(spark):
    return spark.sql(
        "SELECT * FROM VALUES (1, CAST(1023 AS INT), CAST(10 AS BIGINT), CAST(10.5 AS DOUBLE), "
        "CAST(1.0E10 AS DOUBLE), CAST(10.50 AS DECIMAL(5,2)), DATE'2024-01-02', "
        "TIMESTAMP'2024-01-02 03:04:05.25', true, X'4142'), "
        "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL) "
        "AS t(id, i, l, d, big, m, dt, ts, b, bin)")


@case
def case_strfn_implicit_string_casts(spark):
    """Spark's `ImplicitTypeCasts`: STRING parameters take any atomic value through Spark's
    cast to STRING (timestamps as `2024-01-02 03:04:05.25`, doubles as `1.0E10`); an implicit
    cast does not show in the column name."""
    t = _typed(spark)
    cols = ["i", "l", "d", "big", "m", "dt", "ts", "b", "bin"]
    out = {}
    for fn in ["upper({c})", "lower({c})", "trim({c})", "ltrim({c})", "replace({c}, '1', 'z')",
               "instr({c}, '0')", "locate('0', {c})", "substring({c}, 2, 4)", "left({c}, 3)",
               "right({c}, 3)", "startswith({c}, '1')", "endswith({c}, '5')", "contains({c}, '0')",
               "repeat({c}, 2)", "reverse({c})", "length({c})", "octet_length({c})",
               "bit_length({c})", "lpad({c}, 14, '*')", "split({c}, '0')",
               "regexp_replace({c}, '0', 'o')", "{c} like '%0%'", "{c} rlike '0'",
               "translate({c}, '0', 'o')", "concat({c}, '|')", "concat_ws('|', {c}, {c})",
               "{c} || '|'", "initcap({c})", "levenshtein({c}, '10')", "ascii({c})",
               "substring_index({c}, '0', 1)", "overlay({c} PLACING 'ab' FROM 2)",
               "split_part({c}, '0', 1)", "encode({c}, 'utf-8')", "unhex({c})", "quote({c})",
               "url_encode({c})", "luhn_check({c})", "elt(1, {c}, 'x')"]:
        # Spark's overlay wants both inputs binary or both strings; elt and reverse of a binary:
        # not yet (UNSUPPORTED_FEATURE).
        use = [c for c in cols if c != "bin" or not fn.startswith(("overlay", "elt", "reverse"))]
        out[fn] = df_result(t.selectExpr("id", *[fn.format(c=c) for c in use]), sort=True)
    out["dataframe_api"] = df_result(t.select(
        "id", F().upper("i"), F().substring("ts", 1, 16), F().concat(col("dt"), F().lit("/"), col("b")),
        F().lpad("l", 5, "0"), F().concat_ws("-", "i", "m"), col("d").like("%5"),
        col("ts").contains("03:04"), F().length("big")), sort=True)
    return out


@case
def case_strfn_space_luhn_check(spark):
    df = spark.sql("SELECT * FROM VALUES (1, 3, '79927398713'), (2, 0, '79927398710'), "
                   "(3, -2, ''), (4, NULL, '12a'), (5, 2, NULL) AS t(id, n, s)")
    return df_result(df.selectExpr("id", "space(n)", "length(space(n))", "space(2.7)", "luhn_check(s)",
                                   "luhn_check(4111111111111111)"), sort=True)


@case
def case_strfn_string_only_parameters(spark):
    """Functions whose STRING parameters take no implicit cast reject other types."""
    return {
        "mask": expect_error(lambda: spark.sql("SELECT mask(1023)").collect()),
        "str_to_map": expect_error(lambda: spark.sql("SELECT str_to_map(12)").collect()),
        "parse_url": expect_error(lambda: spark.sql("SELECT parse_url(12, 'HOST')").collect()),
        "space_date": expect_error(lambda: spark.sql("SELECT space(DATE'2024-01-01')").collect()),
        "format_string_decimal": expect_error(
            lambda: spark.sql("SELECT format_string('%s|%s', 10.25BD, CAST(-0.5 AS DECIMAL(4,3)))").collect()),
    }
