"""Observed metrics (issue 7): `df.observe(name | Observation, *metrics)` computes named
aggregates during the same execution and returns them with the result, as Spark 4.3.0 does."""

from support import df_result, expect_error, norm

from ._base import F, captured, case, col


def people(spark):
    return spark.createDataFrame(
        [(1, "a", 2.0), (2, "b", None), (3, "a", 4.0), (4, None, 8.5)], "id INT, g STRING, x DOUBLE"
    )


def observed(pdf):
    """The observations a `toPandas()` result carries: name -> values (both client lines)."""
    from pyspark.sql.connect.expressions import LiteralExpression

    out = {}
    for m in pdf.attrs.get("observed_metrics", []):
        out[m.name] = [norm(LiteralExpression._to_value(v)) for v in m.metrics]
    return out


@case(min_client=(4, 0))
def case_observe_observation_get(spark):
    from pyspark.sql import Observation

    o = Observation("people")
    df = people(spark).observe(
        o,
        F().count(F().lit(1)).alias("rows"),
        F().max("id"),
        (F().sum("x") * 2).alias("twice"),
        F().lit(7).alias("seven"),
        F().sort_array(F().collect_list("g")).alias("groups"),
        F().avg("x"),
    )
    # The metrics see every row that reaches the observation, before the filter above it.
    rows = df_result(df.filter(col("id") > 2), sort=True)
    return {"rows": rows, "metrics": {k: norm(v) for k, v in sorted(o.get.items())}}


@case
def case_observe_named_to_pandas(spark):
    df = people(spark).observe("stats", F().count("x"), F().min("g"), F().sum("id"))
    pdf = df.groupBy("g").count().toPandas()
    return {"rows": pdf.shape[0], "observed": observed(pdf)}


@case
def case_observe_several_in_one_plan(spark):
    left = people(spark).observe("left", F().count(F().lit(1)).alias("n"))
    right = spark.range(10).observe("right", F().sum("id").alias("s"), F().max("id").alias("m"))
    # By name: the 3.5 client sends an observed DataFrame's columns with a plan id it never
    # gives the relation.
    joined = left.join(right.withColumnRenamed("id", "rid"), col("id") == col("rid")).select("id", "g")
    pdf = joined.toPandas()
    # Row values: pandas versions differ in how they show a missing string.
    return {"rows": pdf.shape[0], "ids": sorted(int(i) for i in pdf["id"]), "observed": observed(pdf)}


@case
def case_observe_empty_and_aggregated(spark):
    empty = people(spark).filter("id > 100").observe(
        "nothing", F().count(F().lit(1)).alias("n"), F().sum("x").alias("s"))
    pdf = empty.toPandas()
    counted = spark.range(0, 1000, 1, 4).observe(
        "big", F().count("id").alias("n"), F().sum("id").alias("s"), F().stddev("id").alias("sd"))
    pdf2 = counted.groupBy().count().toPandas()
    return {"empty": observed(pdf), "big": observed(pdf2), "count": pdf2.values.tolist()}


@case
def case_observe_invalid_metrics(spark):
    from pyspark.sql.window import Window

    df = people(spark)
    run = lambda *metrics, name="m": (lambda: df.observe(name, *metrics).collect())
    return {
        "attribute": expect_error(run(col("id"))),
        "attribute_with_aggregate": expect_error(run(col("id") + F().sum("id"))),
        "distinct": expect_error(run(F().count_distinct("id"))),
        "nested": expect_error(run(F().sum(F().max("id")))),
        "filter": expect_error(run(F().expr("count(id) FILTER (WHERE id > 1)"))),
        "window": expect_error(run(F().sum("id").over(Window.orderBy("id")))),
        "empty_name": expect_error(run(F().count("id"), name="")),
        "duplicate_name": expect_error(
            lambda: df.observe("m", F().count("id")).observe("m", F().sum("id")).collect()),
    }


@case
def case_observe_same_pass(spark):
    # Unseeded rand() differs on every evaluation: the metric equals the rows' own sum only if
    # it was computed on the same pass that produced them.
    df = spark.range(0, 2000, 1, 3).select(F().rand().alias("r")).observe("o", F().sum("r").alias("s"))
    pdf = df.toPandas()
    metric = observed(pdf)["o"][0]
    return {"same_pass": abs(float(pdf["r"].sum()) - metric) < 1e-6, "rows": pdf.shape[0]}


def observation_after(spark, action):
    """`Observation.get` after `action(observed_df)`, with what the action returned."""
    from pyspark.sql import Observation

    o = Observation("acted")
    f = F()
    df = people(spark).observe(
        o, f.count(f.lit(1)).alias("rows"), f.sum("id").alias("ids"), f.max("x").alias("top"))
    result = action(df)
    return {"result": result, "metrics": {k: norm(v) for k, v in sorted(o.get.items())}}


@case(min_client=(4, 0))
def case_observe_under_show(spark):
    return observation_after(spark, lambda df: captured(lambda: df.filter(col("id") > 1).show()))


@case(min_client=(4, 0))
def case_observe_under_count(spark):
    return observation_after(spark, lambda df: df.filter(col("id") > 1).count())


@case(min_client=(4, 0))
def case_observe_under_to_pandas(spark):
    return observation_after(spark, lambda df: df.toPandas().shape[0])


@case(min_client=(4, 0))
def case_observe_under_write(spark):
    import tempfile

    def write(df):
        with tempfile.TemporaryDirectory() as d:
            df.write.mode("overwrite").parquet(d + "/o")
            return spark.read.parquet(d + "/o").count()

    return observation_after(spark, write)


@case(min_client=(4, 0))
def case_observe_under_table_writes(spark):
    """Session 10: `writeTo(t).create()` and `saveAsTable` of a new table or over an existing one
    return the observations of the plan they write (they were lost)."""

    def writes(df):
        spark.sql("DROP TABLE IF EXISTS obs_w1")
        spark.sql("DROP TABLE IF EXISTS obs_w2")
        df.writeTo("obs_w1").using("parquet").create()
        return spark.table("obs_w1").count()

    def save_new(df):
        spark.sql("DROP TABLE IF EXISTS obs_w2")
        df.write.saveAsTable("obs_w2")
        return spark.table("obs_w2").count()

    def save_over(df):
        df.write.mode("overwrite").saveAsTable("obs_w2")
        n = spark.table("obs_w2").count()
        spark.sql("DROP TABLE IF EXISTS obs_w1")
        spark.sql("DROP TABLE IF EXISTS obs_w2")
        return n

    return {
        "write_to_create": observation_after(spark, writes),
        "save_as_new_table": observation_after(spark, save_new),
        "save_as_table_overwrite": observation_after(spark, save_over),
    }
