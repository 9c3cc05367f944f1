"""DataFrameNaFunctions (fillna/dropna/replace) and DataFrameStatFunctions (describe, summary,
cov, corr, crosstab, approxQuantile, freqItems, sampleBy)."""

import decimal

from support import df_result, expect_error, norm

from ._base import F, case


def _df(spark):
    return spark.createDataFrame(
        [
            (1, 2.0, "a", True),
            (2, None, "b", None),
            (None, float("nan"), None, False),
            (4, 1.0, "a", True),
            (5, 3.5, "c", None),
        ],
        "i INT, d DOUBLE, s STRING, b BOOLEAN",
    )


def _nums(spark):
    return spark.createDataFrame(
        [(1, 10.0, 2), (2, 20.5, 4), (3, 29.0, 4), (4, 41.0, 4), (5, 50.5, 6), (6, 62.0, 4)],
        "x INT, y DOUBLE, z BIGINT",
    )


# --------------------------------------------------------------------------------------------
# fillna


@case
def case_nastat_fill_int(spark):
    return df_result(_df(spark).fillna(0), sort=True)


@case
def case_nastat_fill_float_casts_to_int(spark):
    return df_result(_df(spark).na.fill(1.5), sort=True)


@case
def case_nastat_fill_string(spark):
    return df_result(_df(spark).fillna("x"), sort=True)


@case
def case_nastat_fill_bool(spark):
    return df_result(_df(spark).fillna(False), sort=True)


@case
def case_nastat_fill_subset(spark):
    return df_result(_df(spark).fillna(9, subset=["d"]), sort=True)


@case
def case_nastat_fill_subset_incompatible(spark):
    return df_result(_df(spark).fillna("z", subset=["i", "s"]), sort=True)


@case
def case_nastat_fill_dict(spark):
    return df_result(_df(spark).fillna({"i": 7, "s": "q", "b": True, "d": 0.5}), sort=True)


@case
def case_nastat_fill_dict_incompatible(spark):
    return df_result(_df(spark).na.fill({"i": True, "s": 1, "d": 2.7}), sort=True)


@case
def case_nastat_fill_single_dict_incompatible(spark):
    return df_result(_df(spark).na.fill({"i": "x"}), sort=True)


@case
def case_nastat_fill_dict_bad_cast(spark):
    return expect_error(lambda: _df(spark).na.fill({"i": "x", "d": 1.0}).collect())


@case
def case_nastat_fill_nullability(spark):
    df = _df(spark).fillna(0, subset=["i"])
    return {"nullable": [f.nullable for f in df.schema.fields]}


@case
def case_nastat_fill_missing_column(spark):
    return expect_error(lambda: _df(spark).fillna(0, subset=["zz"]).collect())


@case
def case_nastat_fill_dict_missing_column(spark):
    return expect_error(lambda: _df(spark).fillna({"zz": 1}).collect())


# --------------------------------------------------------------------------------------------
# dropna


@case
def case_nastat_drop_any(spark):
    return df_result(_df(spark).dropna(), sort=True)


@case
def case_nastat_drop_all(spark):
    df = spark.createDataFrame([(None, None), (1, None), (None, "a")], "a INT, b STRING")
    return df_result(df.na.drop(how="all"), sort=True)


@case
def case_nastat_drop_thresh(spark):
    return df_result(_df(spark).dropna(thresh=3), sort=True)


@case
def case_nastat_drop_subset_nan(spark):
    return df_result(_df(spark).dropna(subset=["d"]), sort=True)


@case
def case_nastat_drop_subset_str(spark):
    return df_result(_df(spark).dropna(how="any", subset="s"), sort=True)


@case
def case_nastat_drop_missing_column(spark):
    return expect_error(lambda: _df(spark).dropna(subset=["zz"]).collect())


# --------------------------------------------------------------------------------------------
# replace


@case
def case_nastat_replace_int(spark):
    return df_result(_df(spark).replace(1, 10), sort=True)


@case
def case_nastat_replace_to_double(spark):
    return df_result(_df(spark).replace(1, 2.5), sort=True)


@case
def case_nastat_replace_string_list(spark):
    return df_result(_df(spark).replace(["a", "b"], ["x", "y"]), sort=True)


@case
def case_nastat_replace_dict_subset(spark):
    return df_result(_df(spark).na.replace({"a": "q", "c": "r"}, subset=["s"]), sort=True)


@case
def case_nastat_replace_to_none(spark):
    return df_result(_df(spark).replace("a", None), sort=True)


@case
def case_nastat_replace_bool(spark):
    return df_result(_df(spark).replace(True, False), sort=True)


@case
def case_nastat_replace_nan(spark):
    return df_result(_df(spark).replace(float("nan"), 0.0), sort=True)


@case
def case_nastat_replace_subset_other_type(spark):
    return df_result(_df(spark).replace(2, 20, subset=["s", "i"]), sort=True)


@case
def case_nastat_replace_missing_column(spark):
    return expect_error(lambda: _df(spark).replace(1, 2, subset=["zz"]).collect())


# --------------------------------------------------------------------------------------------
# describe / summary


@case
def case_nastat_describe(spark):
    return df_result(_df(spark).describe())


@case
def case_nastat_describe_cols(spark):
    return df_result(_nums(spark).describe("y", "x"))


@case
def case_nastat_describe_bool_only(spark):
    return df_result(_df(spark).describe("b"))


@case
def case_nastat_describe_empty(spark):
    return df_result(spark.createDataFrame([], "a INT, s STRING").describe())


@case
def case_nastat_describe_missing(spark):
    return expect_error(lambda: _df(spark).describe("zz").collect())


@case
def case_nastat_summary_default(spark):
    return df_result(_nums(spark).summary())


@case
def case_nastat_summary_strings(spark):
    df = spark.createDataFrame([("1",), ("3",), ("x",), (None,), ("2",)], "s STRING")
    return df_result(df.summary())


@case
def case_nastat_summary_selected(spark):
    return df_result(
        _nums(spark).summary("max", "count_distinct", "10%", "90%", "MEAN", "approx_count_distinct")
    )


@case
def case_nastat_summary_decimal(spark):
    df = spark.createDataFrame([(1,), (2,), (4,)], "a INT").selectExpr(
        "CAST(a AS DECIMAL(5,2)) AS dec", "CAST(a AS FLOAT) AS f"
    )
    return df_result(df.summary())


@case
def case_nastat_summary_unknown(spark):
    return expect_error(lambda: _nums(spark).summary("foo").collect())


@case
def case_nastat_summary_bad_percentile(spark):
    return expect_error(lambda: _nums(spark).summary("150%").collect())


# --------------------------------------------------------------------------------------------
# cov / corr


@case
def case_nastat_cov(spark):
    df = _nums(spark)
    return {"xy": norm(df.cov("x", "y")), "xz": norm(df.stat.cov("x", "z"))}


@case
def case_nastat_corr(spark):
    df = _nums(spark)
    return {"xy": norm(df.corr("x", "y")), "yz": norm(df.stat.corr("y", "z", "pearson"))}


@case
def case_nastat_cov_corr_degenerate(spark):
    one = spark.createDataFrame([(1, 1.0)], "a INT, b DOUBLE")
    const = spark.createDataFrame([(1, 1.0), (2, 1.0)], "a INT, b DOUBLE")
    empty = spark.createDataFrame([], "a INT, b DOUBLE")
    return {
        "cov_one": norm(one.cov("a", "b")),
        "corr_one": norm(one.corr("a", "b")),
        "corr_const": norm(const.corr("a", "b")),
        "cov_empty": norm(empty.cov("a", "b")),
        "corr_empty": norm(empty.corr("a", "b")),
    }


@case
def case_nastat_cov_string(spark):
    return expect_error(lambda: _df(spark).cov("i", "s"))


@case
def case_nastat_corr_missing(spark):
    return expect_error(lambda: _df(spark).corr("zz", "i"))


# --------------------------------------------------------------------------------------------
# crosstab


@case
def case_nastat_crosstab(spark):
    df = spark.createDataFrame(
        [(1, "a"), (1, "b"), (2, "a"), (2, "a"), (3, None), (None, "c")], "k INT, v STRING"
    )
    return df_result(df.crosstab("k", "v"), sort=True)


@case
def case_nastat_crosstab_double_bool(spark):
    return df_result(_df(spark).stat.crosstab("d", "b"), sort=True)


@case
def case_nastat_crosstab_missing(spark):
    return expect_error(lambda: _df(spark).crosstab("i", "zz").collect())


# --------------------------------------------------------------------------------------------
# approxQuantile


@case
def case_nastat_approx_quantile_exact(spark):
    df = spark.range(1, 101).select(F().col("id").alias("v"), (F().col("id") * 1.5).alias("w"))
    return {
        "one": norm(df.approxQuantile("v", [0.0, 0.1, 0.25, 0.5, 0.99, 1.0], 0.0)),
        "many": norm(df.stat.approxQuantile(["v", "w"], [0.5, 0.75], 0.0)),
    }


@case
def case_nastat_approx_quantile_nulls_nan(spark):
    df = _df(spark)
    return {
        "d": norm(df.approxQuantile("d", [0.0, 0.5, 1.0], 0.0)),
        "i": norm(df.approxQuantile("i", [0.3, 0.6], 0.0)),
    }


@case
def case_nastat_approx_quantile_all_null(spark):
    df = spark.createDataFrame([(None,), (None,)], "a INT")
    return {"q": norm(df.approxQuantile("a", [0.5], 0.0))}


@case
def case_nastat_approx_quantile_string(spark):
    return expect_error(lambda: _df(spark).approxQuantile("s", [0.5], 0.0))


@case
def case_nastat_approx_quantile_missing(spark):
    return expect_error(lambda: _df(spark).approxQuantile("zz", [0.5], 0.0))


# --------------------------------------------------------------------------------------------
# freqItems


def _sorted_items(row):
    return {
        k: sorted(v, key=lambda x: (x is None, str(x))) for k, v in row.asDict().items()
    }


@case
def case_nastat_freq_items_all(spark):
    df = _df(spark).freqItems(["i", "s"])
    return {
        "schema": df.schema.simpleString(),
        "columns": df.columns,
        "row": norm(_sorted_items(df.collect()[0])),
    }


@case
def case_nastat_freq_items_heavy_hitter(spark):
    df = spark.range(100).select(
        F().when(F().col("id") % 2 == 0, F().lit(1)).otherwise(F().col("id")).alias("a")
    )
    items = df.stat.freqItems(["a"], 0.4).collect()[0]["a_freqItems"]
    return {"has_1": bool(1 in items), "at_most": bool(len(items) <= 2)}


@case
def case_nastat_freq_items_bad_support(spark):
    return expect_error(lambda: _df(spark).freqItems(["i"], 2.0).collect())


@case
def case_nastat_freq_items_missing(spark):
    return expect_error(lambda: _df(spark).freqItems(["zz"]).collect())


# --------------------------------------------------------------------------------------------
# sampleBy (Spark's random numbers cannot be matched: properties only)


@case
def case_nastat_sample_by_properties(spark):
    df = spark.range(0, 300).select((F().col("id") % 3).alias("key"), F().col("id"))
    s1 = df.sampleBy("key", {0: 0.5, 1: 1.0}, 7)
    s2 = df.sampleBy("key", {0: 0.5, 1: 1.0}, 7)
    rows1 = sorted(int(r["id"]) for r in s1.collect())
    rows2 = sorted(int(r["id"]) for r in s2.collect())
    keys = {int(r["key"]) for r in s1.collect()}
    ones = int(s1.filter("key = 1").count())
    zeros = int(s1.filter("key = 0").count())
    return {
        "columns": s1.columns,
        "schema": s1.schema.simpleString(),
        "same_seed_same_rows": rows1 == rows2,
        "only_listed": keys <= {0, 1},
        "fraction_one_keeps_all": ones == 100,
        "half_is_partial": 20 < zeros < 80,
    }


@case
def case_nastat_sample_by_zero_and_strings(spark):
    df = spark.createDataFrame([("a", 1), ("b", 2), ("a", 3), ("c", 4)], "k STRING, v INT")
    return {
        "none": int(df.sampleBy("k", {"a": 0.0, "b": 0.0}, 1).count()),
        "all_a": sorted(int(r["v"]) for r in df.sampleBy(F().col("k"), {"a": 1.0}, 1).collect()),
    }


@case
def case_nastat_sample_by_bad_fraction(spark):
    return expect_error(lambda: _df(spark).sampleBy("i", {1: 1.5}, 1).collect())


@case
def case_nastat_sample_by_missing(spark):
    return expect_error(lambda: _df(spark).sampleBy("zz", {1: 0.5}, 1).collect())


# --------------------------------------------------------------------------------------------
# more types and names


def _typed(spark):
    return spark.createDataFrame(
        [
            (1, 1.5, decimal.Decimal("10.00"), "x"),
            (None, None, None, None),
            (3, float("nan"), decimal.Decimal("30.50"), "y"),
        ],
        "l BIGINT, f FLOAT, dec DECIMAL(6,2), s STRING",
    )


@case
def case_nastat_fill_long_float_decimal(spark):
    return df_result(_typed(spark).fillna(2), sort=True)


@case
def case_nastat_fill_case_insensitive_subset(spark):
    return df_result(_df(spark).fillna(0, subset=["I"]), sort=True)


@case
def case_nastat_drop_thresh_subset(spark):
    return df_result(_df(spark).dropna(thresh=2, subset=["i", "d", "s"]), sort=True)


@case
def case_nastat_replace_numbers_list(spark):
    return df_result(_typed(spark).replace([1, 10, 30], [5, 50, 0]), sort=True)


@case
def case_nastat_replace_dict_to_none(spark):
    return df_result(_typed(spark).replace({1: None, 3: 4}), sort=True)


@case
def case_nastat_describe_types(spark):
    return df_result(_typed(spark).describe())


@case
def case_nastat_describe_case_insensitive(spark):
    return df_result(_df(spark).describe("I", "S"))


@case
def case_nastat_summary_empty(spark):
    return df_result(spark.createDataFrame([], "a INT, s STRING").summary())


@case
def case_nastat_summary_no_columns(spark):
    return df_result(spark.createDataFrame([(True,)], "b BOOLEAN").summary("count", "foo"))


@case
def case_nastat_crosstab_empty(spark):
    df = spark.createDataFrame([], "a INT, b STRING")
    return df_result(df.crosstab("a", "b"), sort=True)


@case
def case_nastat_crosstab_longs(spark):
    df = spark.range(10).select((F().col("id") % 3).alias("x"), (F().col("id") % 2).alias("y"))
    return df_result(df.crosstab("x", "y"), sort=True)


@case
def case_nastat_freq_items_types(spark):
    df = _typed(spark).freqItems(["l", "dec", "s"], 0.1)
    return {
        "schema": df.schema.simpleString(),
        "row": norm(_sorted_items(df.collect()[0])),
    }


@case
def case_nastat_approx_quantile_types(spark):
    df = _typed(spark)
    return {
        "q": norm(df.approxQuantile(["l", "dec", "f"], [0.25, 0.5, 0.75], 0.0)),
    }


@case
def case_nastat_approx_quantile_tuples(spark):
    df = spark.range(5)
    # (empty probabilities fail in Spark with a NullPointerException: not a contract)
    return {"q": norm(df.approxQuantile(("id",), (0.5,), 0))}


@case
def case_nastat_cov_corr_mixed_types(spark):
    df = _typed(spark)
    return {"cov": norm(df.cov("l", "dec")), "corr": norm(df.corr("l", "dec"))}


@case
def case_nastat_summary_after_filter(spark):
    df = _nums(spark).filter("x > 2").select("x", "y")
    return df_result(df.summary("count", "min", "50%", "max"))


@case
def case_nastat_fill_overflow(spark):
    df = spark.createDataFrame([(None,)], "a INT")
    return expect_error(lambda: df.fillna(2**40).collect())


@case
def case_nastat_fill_bigint_value(spark):
    df = spark.createDataFrame([(None, 1)], "a BIGINT, b TINYINT")
    return df_result(df.fillna(2**40, subset=["a"]))
