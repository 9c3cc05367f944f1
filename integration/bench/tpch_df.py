"""The 22 TPC-H queries written with the PySpark DataFrame API.

Each `qNN(t)` takes `t`, a mapping from table name to DataFrame, and returns the DataFrame whose
rows equal those of `python-tests/tpch/qNN.sql` (same substitution parameters, same ordering and
limits), so the runner can check both forms against one another and against other engines.
"""

from pyspark.sql import functions as F


def _d(s):
    return F.lit(s).cast("date")


def _disc_price():
    return F.col("l_extendedprice") * (1 - F.col("l_discount"))


def q01(t):
    return (
        t["lineitem"].where(F.col("l_shipdate") <= _d("1998-09-02"))
        .groupBy("l_returnflag", "l_linestatus")
        .agg(
            F.sum("l_quantity").alias("sum_qty"),
            F.sum("l_extendedprice").alias("sum_base_price"),
            F.sum(_disc_price()).alias("sum_disc_price"),
            F.sum(_disc_price() * (1 + F.col("l_tax"))).alias("sum_charge"),
            F.avg("l_quantity").alias("avg_qty"),
            F.avg("l_extendedprice").alias("avg_price"),
            F.avg("l_discount").alias("avg_disc"),
            F.count(F.lit(1)).alias("count_order"),
        )
        .orderBy("l_returnflag", "l_linestatus")
    )


def q02(t):
    europe = (
        t["region"].where(F.col("r_name") == "EUROPE")
        .join(t["nation"], F.col("r_regionkey") == F.col("n_regionkey"))
        .join(t["supplier"], F.col("n_nationkey") == F.col("s_nationkey"))
        .join(t["partsupp"], F.col("s_suppkey") == F.col("ps_suppkey"))
    )
    parts = t["part"].where((F.col("p_size") == 15) & F.col("p_type").endswith("BRASS"))
    joined = europe.join(parts, F.col("ps_partkey") == F.col("p_partkey"))
    min_cost = europe.groupBy("ps_partkey").agg(F.min("ps_supplycost").alias("min_cost"))
    return (
        joined.join(
            min_cost.withColumnRenamed("ps_partkey", "mc_partkey"),
            (F.col("p_partkey") == F.col("mc_partkey")) & (F.col("ps_supplycost") == F.col("min_cost")),
        )
        .select("s_acctbal", "s_name", "n_name", "p_partkey", "p_mfgr", "s_address", "s_phone", "s_comment")
        .orderBy(F.col("s_acctbal").desc(), "n_name", "s_name", "p_partkey")
        .limit(100)
    )


def q03(t):
    c = t["customer"].where(F.col("c_mktsegment") == "BUILDING")
    o = t["orders"].where(F.col("o_orderdate") < _d("1995-03-15"))
    li = t["lineitem"].where(F.col("l_shipdate") > _d("1995-03-15"))
    return (
        c.join(o, F.col("c_custkey") == F.col("o_custkey"))
        .join(li, F.col("l_orderkey") == F.col("o_orderkey"))
        .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
        .agg(F.sum(_disc_price()).alias("revenue"))
        .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
        .orderBy(F.col("revenue").desc(), "o_orderdate")
        .limit(10)
    )


def q04(t):
    o = t["orders"].where((F.col("o_orderdate") >= _d("1993-07-01")) & (F.col("o_orderdate") < _d("1993-10-01")))
    late = t["lineitem"].where(F.col("l_commitdate") < F.col("l_receiptdate"))
    return (
        o.join(late, F.col("o_orderkey") == F.col("l_orderkey"), "left_semi")
        .groupBy("o_orderpriority")
        .agg(F.count(F.lit(1)).alias("order_count"))
        .orderBy("o_orderpriority")
    )


def q05(t):
    o = t["orders"].where((F.col("o_orderdate") >= _d("1994-01-01")) & (F.col("o_orderdate") < _d("1995-01-01")))
    return (
        t["region"].where(F.col("r_name") == "ASIA")
        .join(t["nation"], F.col("r_regionkey") == F.col("n_regionkey"))
        .join(t["supplier"], F.col("n_nationkey") == F.col("s_nationkey"))
        .join(t["lineitem"], F.col("s_suppkey") == F.col("l_suppkey"))
        .join(o, F.col("l_orderkey") == F.col("o_orderkey"))
        .join(
            t["customer"],
            (F.col("o_custkey") == F.col("c_custkey")) & (F.col("c_nationkey") == F.col("s_nationkey")),
        )
        .groupBy("n_name")
        .agg(F.sum(_disc_price()).alias("revenue"))
        .orderBy(F.col("revenue").desc())
    )


def q06(t):
    return (
        t["lineitem"].where(
            (F.col("l_shipdate") >= _d("1994-01-01"))
            & (F.col("l_shipdate") < _d("1995-01-01"))
            & F.col("l_discount").between(0.05, 0.07)
            & (F.col("l_quantity") < 24)
        )
        .agg(F.sum(F.col("l_extendedprice") * F.col("l_discount")).alias("revenue"))
    )


def q07(t):
    n1 = t["nation"].select(F.col("n_nationkey").alias("n1_key"), F.col("n_name").alias("supp_nation"))
    n2 = t["nation"].select(F.col("n_nationkey").alias("n2_key"), F.col("n_name").alias("cust_nation"))
    li = t["lineitem"].where(F.col("l_shipdate").between(_d("1995-01-01"), _d("1996-12-31")))
    return (
        t["supplier"].join(li, F.col("s_suppkey") == F.col("l_suppkey"))
        .join(t["orders"], F.col("o_orderkey") == F.col("l_orderkey"))
        .join(t["customer"], F.col("c_custkey") == F.col("o_custkey"))
        .join(n1, F.col("s_nationkey") == F.col("n1_key"))
        .join(n2, F.col("c_nationkey") == F.col("n2_key"))
        .where(
            ((F.col("supp_nation") == "FRANCE") & (F.col("cust_nation") == "GERMANY"))
            | ((F.col("supp_nation") == "GERMANY") & (F.col("cust_nation") == "FRANCE"))
        )
        .select("supp_nation", "cust_nation", F.year("l_shipdate").alias("l_year"), _disc_price().alias("volume"))
        .groupBy("supp_nation", "cust_nation", "l_year")
        .agg(F.sum("volume").alias("revenue"))
        .orderBy("supp_nation", "cust_nation", "l_year")
    )


def q08(t):
    n1 = t["nation"].select(F.col("n_nationkey").alias("n1_key"), F.col("n_regionkey").alias("n1_region"))
    n2 = t["nation"].select(F.col("n_nationkey").alias("n2_key"), F.col("n_name").alias("nation"))
    o = t["orders"].where(F.col("o_orderdate").between(_d("1995-01-01"), _d("1996-12-31")))
    all_nations = (
        t["part"].where(F.col("p_type") == "ECONOMY ANODIZED STEEL")
        .join(t["lineitem"], F.col("p_partkey") == F.col("l_partkey"))
        .join(t["supplier"], F.col("s_suppkey") == F.col("l_suppkey"))
        .join(o, F.col("l_orderkey") == F.col("o_orderkey"))
        .join(t["customer"], F.col("o_custkey") == F.col("c_custkey"))
        .join(n1, F.col("c_nationkey") == F.col("n1_key"))
        .join(t["region"].where(F.col("r_name") == "AMERICA"), F.col("n1_region") == F.col("r_regionkey"))
        .join(n2, F.col("s_nationkey") == F.col("n2_key"))
        .select(F.year("o_orderdate").alias("o_year"), _disc_price().alias("volume"), "nation")
    )
    return (
        all_nations.groupBy("o_year")
        .agg(
            (
                F.sum(F.when(F.col("nation") == "BRAZIL", F.col("volume")).otherwise(0)) / F.sum("volume")
            ).alias("mkt_share")
        )
        .orderBy("o_year")
    )


def q09(t):
    profit = (
        t["part"].where(F.col("p_name").contains("green"))
        .join(t["lineitem"], F.col("p_partkey") == F.col("l_partkey"))
        .join(t["supplier"], F.col("s_suppkey") == F.col("l_suppkey"))
        .join(
            t["partsupp"],
            (F.col("ps_suppkey") == F.col("l_suppkey")) & (F.col("ps_partkey") == F.col("l_partkey")),
        )
        .join(t["orders"], F.col("o_orderkey") == F.col("l_orderkey"))
        .join(t["nation"], F.col("s_nationkey") == F.col("n_nationkey"))
        .select(
            F.col("n_name").alias("nation"),
            F.year("o_orderdate").alias("o_year"),
            (_disc_price() - F.col("ps_supplycost") * F.col("l_quantity")).alias("amount"),
        )
    )
    return (
        profit.groupBy("nation", "o_year")
        .agg(F.sum("amount").alias("sum_profit"))
        .orderBy("nation", F.col("o_year").desc())
    )


def q10(t):
    o = t["orders"].where((F.col("o_orderdate") >= _d("1993-10-01")) & (F.col("o_orderdate") < _d("1994-01-01")))
    return (
        t["customer"].join(o, F.col("c_custkey") == F.col("o_custkey"))
        .join(t["lineitem"].where(F.col("l_returnflag") == "R"), F.col("l_orderkey") == F.col("o_orderkey"))
        .join(t["nation"], F.col("c_nationkey") == F.col("n_nationkey"))
        .groupBy("c_custkey", "c_name", "c_acctbal", "c_phone", "n_name", "c_address", "c_comment")
        .agg(F.sum(_disc_price()).alias("revenue"))
        .select("c_custkey", "c_name", "revenue", "c_acctbal", "n_name", "c_address", "c_phone", "c_comment")
        .orderBy(F.col("revenue").desc())
        .limit(20)
    )


def q11(t):
    german = (
        t["partsupp"].join(t["supplier"], F.col("ps_suppkey") == F.col("s_suppkey"))
        .join(t["nation"].where(F.col("n_name") == "GERMANY"), F.col("s_nationkey") == F.col("n_nationkey"))
        .select("ps_partkey", (F.col("ps_supplycost") * F.col("ps_availqty")).alias("v"))
    )
    threshold = german.agg((F.sum("v") * F.lit(0.0001000000)).alias("threshold"))
    return (
        german.groupBy("ps_partkey")
        .agg(F.sum("v").alias("value"))
        .crossJoin(threshold)
        .where(F.col("value") > F.col("threshold"))
        .select("ps_partkey", "value")
        .orderBy(F.col("value").desc())
    )


def q12(t):
    urgent = F.col("o_orderpriority").isin("1-URGENT", "2-HIGH")
    li = t["lineitem"].where(
        F.col("l_shipmode").isin("MAIL", "SHIP")
        & (F.col("l_commitdate") < F.col("l_receiptdate"))
        & (F.col("l_shipdate") < F.col("l_commitdate"))
        & (F.col("l_receiptdate") >= _d("1994-01-01"))
        & (F.col("l_receiptdate") < _d("1995-01-01"))
    )
    return (
        t["orders"].join(li, F.col("o_orderkey") == F.col("l_orderkey"))
        .groupBy("l_shipmode")
        .agg(
            F.sum(F.when(urgent, 1).otherwise(0)).alias("high_line_count"),
            F.sum(F.when(~urgent, 1).otherwise(0)).alias("low_line_count"),
        )
        .orderBy("l_shipmode")
    )


def q13(t):
    o = t["orders"].where(~F.col("o_comment").like("%special%requests%"))
    c_orders = (
        t["customer"].join(o, F.col("c_custkey") == F.col("o_custkey"), "left")
        .groupBy("c_custkey")
        .agg(F.count("o_orderkey").alias("c_count"))
    )
    return (
        c_orders.groupBy("c_count")
        .agg(F.count(F.lit(1)).alias("custdist"))
        .orderBy(F.col("custdist").desc(), F.col("c_count").desc())
    )


def q14(t):
    li = t["lineitem"].where((F.col("l_shipdate") >= _d("1995-09-01")) & (F.col("l_shipdate") < _d("1995-10-01")))
    return li.join(t["part"], F.col("l_partkey") == F.col("p_partkey")).agg(
        (
            F.lit(100.00).cast("decimal(5,2)")
            * F.sum(F.when(F.col("p_type").startswith("PROMO"), _disc_price()).otherwise(0))
            / F.sum(_disc_price())
        ).alias("promo_revenue")
    )


def q15(t):
    revenue = (
        t["lineitem"].where((F.col("l_shipdate") >= _d("1996-01-01")) & (F.col("l_shipdate") < _d("1996-04-01")))
        .groupBy(F.col("l_suppkey").alias("supplier_no"))
        .agg(F.sum(_disc_price()).alias("total_revenue"))
    )
    top = revenue.agg(F.max("total_revenue").alias("max_revenue"))
    return (
        t["supplier"].join(revenue, F.col("s_suppkey") == F.col("supplier_no"))
        .join(top, F.col("total_revenue") == F.col("max_revenue"))
        .select("s_suppkey", "s_name", "s_address", "s_phone", "total_revenue")
        .orderBy("s_suppkey")
    )


def q16(t):
    complaints = t["supplier"].where(F.col("s_comment").like("%Customer%Complaints%")).select("s_suppkey")
    parts = t["part"].where(
        (F.col("p_brand") != "Brand#45")
        & ~F.col("p_type").startswith("MEDIUM POLISHED")
        & F.col("p_size").isin(49, 14, 23, 45, 19, 3, 36, 9)
    )
    # NOT IN over a column without NULLs (s_suppkey is the key) is an anti join.
    return (
        t["partsupp"].join(parts, F.col("p_partkey") == F.col("ps_partkey"))
        .join(complaints, F.col("ps_suppkey") == F.col("s_suppkey"), "left_anti")
        .groupBy("p_brand", "p_type", "p_size")
        .agg(F.countDistinct("ps_suppkey").alias("supplier_cnt"))
        .orderBy(F.col("supplier_cnt").desc(), "p_brand", "p_type", "p_size")
    )


def q17(t):
    parts = t["part"].where((F.col("p_brand") == "Brand#23") & (F.col("p_container") == "MED BOX"))
    avg_qty = t["lineitem"].groupBy(F.col("l_partkey").alias("a_partkey")).agg(
        (F.lit(0.2) * F.avg("l_quantity")).alias("qty_limit")
    )
    return (
        t["lineitem"].join(parts, F.col("p_partkey") == F.col("l_partkey"))
        .join(avg_qty, F.col("a_partkey") == F.col("p_partkey"))
        .where(F.col("l_quantity") < F.col("qty_limit"))
        .agg((F.sum("l_extendedprice") / F.lit(7.0)).alias("avg_yearly"))
    )


def q18(t):
    big = (
        t["lineitem"].groupBy(F.col("l_orderkey").alias("big_orderkey"))
        .agg(F.sum("l_quantity").alias("qty"))
        .where(F.col("qty") > 300)
        .select("big_orderkey")
    )
    return (
        t["orders"].join(big, F.col("o_orderkey") == F.col("big_orderkey"), "left_semi")
        .join(t["customer"], F.col("c_custkey") == F.col("o_custkey"))
        .join(t["lineitem"], F.col("o_orderkey") == F.col("l_orderkey"))
        .groupBy("c_name", "c_custkey", "o_orderkey", "o_orderdate", "o_totalprice")
        .agg(F.sum("l_quantity").alias("sum(l_quantity)"))
        .orderBy(F.col("o_totalprice").desc(), "o_orderdate")
        .limit(100)
    )


def q19(t):
    def branch(brand, containers, lo, size_hi):
        return (
            (F.col("p_brand") == brand)
            & F.col("p_container").isin(*containers)
            & (F.col("l_quantity") >= lo)
            & (F.col("l_quantity") <= lo + 10)
            & F.col("p_size").between(1, size_hi)
        )

    li = t["lineitem"].where(
        F.col("l_shipmode").isin("AIR", "AIR REG") & (F.col("l_shipinstruct") == "DELIVER IN PERSON")
    )
    return (
        li.join(t["part"], F.col("p_partkey") == F.col("l_partkey"))
        .where(
            branch("Brand#12", ["SM CASE", "SM BOX", "SM PACK", "SM PKG"], 1, 5)
            | branch("Brand#23", ["MED BAG", "MED BOX", "MED PKG", "MED PACK"], 10, 10)
            | branch("Brand#34", ["LG CASE", "LG BOX", "LG PACK", "LG PKG"], 20, 15)
        )
        .agg(F.sum(_disc_price()).alias("revenue"))
    )


def q20(t):
    shipped = (
        t["lineitem"].where((F.col("l_shipdate") >= _d("1994-01-01")) & (F.col("l_shipdate") < _d("1995-01-01")))
        .groupBy("l_partkey", "l_suppkey")
        .agg((F.lit(0.5) * F.sum("l_quantity")).alias("half_qty"))
    )
    forest = t["part"].where(F.col("p_name").startswith("forest")).select("p_partkey")
    candidates = (
        t["partsupp"].join(forest, F.col("ps_partkey") == F.col("p_partkey"), "left_semi")
        .join(
            shipped,
            (F.col("l_partkey") == F.col("ps_partkey")) & (F.col("l_suppkey") == F.col("ps_suppkey")),
        )
        .where(F.col("ps_availqty") > F.col("half_qty"))
        .select("ps_suppkey")
    )
    return (
        t["supplier"].join(candidates, F.col("s_suppkey") == F.col("ps_suppkey"), "left_semi")
        .join(t["nation"].where(F.col("n_name") == "CANADA"), F.col("s_nationkey") == F.col("n_nationkey"))
        .select("s_name", "s_address")
        .orderBy("s_name")
    )


def q21(t):
    l1 = t["lineitem"].alias("l1")
    l2 = t["lineitem"].select(F.col("l_orderkey").alias("l2_orderkey"), F.col("l_suppkey").alias("l2_suppkey"))
    l3 = (
        t["lineitem"].where(F.col("l_receiptdate") > F.col("l_commitdate"))
        .select(F.col("l_orderkey").alias("l3_orderkey"), F.col("l_suppkey").alias("l3_suppkey"))
    )
    late = (
        l1.where(F.col("l_receiptdate") > F.col("l_commitdate"))
        .join(
            l2,
            (F.col("l2_orderkey") == F.col("l_orderkey")) & (F.col("l2_suppkey") != F.col("l_suppkey")),
            "left_semi",
        )
        .join(
            l3,
            (F.col("l3_orderkey") == F.col("l_orderkey")) & (F.col("l3_suppkey") != F.col("l_suppkey")),
            "left_anti",
        )
    )
    return (
        t["supplier"].join(late, F.col("s_suppkey") == F.col("l_suppkey"))
        .join(t["orders"].where(F.col("o_orderstatus") == "F"), F.col("o_orderkey") == F.col("l_orderkey"))
        .join(t["nation"].where(F.col("n_name") == "SAUDI ARABIA"), F.col("s_nationkey") == F.col("n_nationkey"))
        .groupBy("s_name")
        .agg(F.count(F.lit(1)).alias("numwait"))
        .orderBy(F.col("numwait").desc(), "s_name")
        .limit(100)
    )


def q22(t):
    codes = ["13", "31", "23", "29", "30", "18", "17"]
    c = t["customer"].select(F.substring("c_phone", 1, 2).alias("cntrycode"), "c_acctbal", "c_custkey")
    c = c.where(F.col("cntrycode").isin(*codes))
    avg_bal = c.where(F.col("c_acctbal") > 0.00).agg(F.avg("c_acctbal").alias("avg_bal"))
    return (
        c.crossJoin(avg_bal)
        .where(F.col("c_acctbal") > F.col("avg_bal"))
        .join(t["orders"], F.col("o_custkey") == F.col("c_custkey"), "left_anti")
        .groupBy("cntrycode")
        .agg(F.count(F.lit(1)).alias("numcust"), F.sum("c_acctbal").alias("totacctbal"))
        .orderBy("cntrycode")
    )


QUERIES = {i: globals()[f"q{i:02d}"] for i in range(1, 23)}
