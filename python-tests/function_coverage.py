"""Generates the function coverage table, crates/functions/COVERAGE.md, from the registry.

Every public function of `pyspark.sql.functions` in the installed client is traced, through
the client's own source, to the Spark function names it sends to the server
(`_invoke_function("name", ...)` and friends, following calls to other functions of the
module); the server's registry (`sabot functions`) says which of those names Sabot
implements. A handful of client functions send no function call at all (column references,
literals, sort orders, hints, Python UDFs); they are listed with the expression they build.

    SABOT_BIN=target/debug/sabot python python-tests/function_coverage.py          # rewrite
    SABOT_BIN=target/debug/sabot python python-tests/function_coverage.py --check  # compare
"""

import ast
import inspect
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "crates" / "functions" / "COVERAGE.md"

# The calls in the client's source that name a server-side function as their first argument.
INVOKERS = {
    "_invoke_function",
    "_invoke_function_over_columns",
    "_invoke_higher_order_function",
    "_invoke_binary_math_function",
    "UnresolvedFunction",
}

# Expression classes of the client that the server receives as a function call by name.
EXPRESSIONS = {"CaseWhen": "when"}

# Client functions that build something other than a function call, and whether Sabot
# supports that expression.
CLIENT_SIDE = {
    "col": ("column reference", True),
    "column": ("column reference", True),
    "lit": ("literal", True),
    "expr": ("SQL expression string", True),
    "asc": ("sort order", True),
    "asc_nulls_first": ("sort order", True),
    "asc_nulls_last": ("sort order", True),
    "desc": ("sort order", True),
    "desc_nulls_first": ("sort order", True),
    "desc_nulls_last": ("sort order", True),
    "broadcast": ("broadcast hint on a DataFrame", True),
    "call_function": ("a call of any function by name", True),
    "udf": ("Python UDF", False),
    "udtf": ("Python UDTF", False),
    "arrow_udtf": ("Python UDTF", False),
    "pandas_udf": ("Python UDF", False),
    "call_udf": ("call of a registered UDF", False),
    "unwrap_udt": ("user-defined type", False),
}


def client_functions():
    import pyspark
    import pyspark.sql.functions as F

    names = sorted(
        n for n in dir(F)
        if not n.startswith("_") and inspect.isfunction(getattr(F, n))
        and getattr(F, n).__module__.startswith("pyspark.sql.functions")
    )
    return pyspark.__version__, names


def connect_definitions():
    """Module-level functions of the Connect client's builtin functions, and aliases."""
    import pyspark.sql.connect.functions.builtin as B

    tree = ast.parse(Path(inspect.getsourcefile(B)).read_text())
    defs, aliases = {}, {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            defs[node.name] = node
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    aliases[t.id] = node.value.id
    import pyspark.sql.connect.functions.partitioning as P

    for node in ast.parse(Path(inspect.getsourcefile(P)).read_text()).body:
        if isinstance(node, ast.FunctionDef):
            defs[f"partitioning.{node.name}"] = node
    return defs, aliases


def invoked(name, defs, aliases, seen=None):
    """The server function names a client function sends: the names it passes to the
    invoking helpers, or, for a function that only delegates (`toDegrees` returns
    `degrees(col)`), those of the function it returns."""
    seen = set() if seen is None else seen
    name = aliases.get(name, name)
    if name in seen or name not in defs:
        return set()
    seen.add(name)
    out = set()
    # Local names bound to a string (`fn = "kll_sketch_agg_float"`).
    consts = {
        t.id: node.value.value
        for node in ast.walk(defs[name])
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for t in node.targets if isinstance(t, ast.Name)
    }
    for node in ast.walk(defs[name]):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in INVOKERS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    out.add(first.value)
                elif isinstance(first, ast.Name) and first.id in consts:
                    out.add(consts[first.id])
            elif node.func.id in EXPRESSIONS:
                out.add(EXPRESSIONS[node.func.id])
    if out:
        return out
    for node in ast.walk(defs[name]):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Call):
            fn = node.value.func
            if isinstance(fn, ast.Name) and (fn.id in defs or fn.id in aliases):
                out |= invoked(fn.id, defs, aliases, seen)
            elif isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name):
                # `partitioning.years(col)`: the partitioning module's function.
                qualified = f"{fn.value.id}.{fn.attr}"
                if qualified in defs:
                    out |= invoked(qualified, defs, aliases, seen)
    return out


def registry():
    binary = os.environ.get("SABOT_BIN") or str(
        Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache/sabot/target")) / "debug/sabot")
    out = subprocess.run([binary, "functions"], check=True, capture_output=True, text=True).stdout
    reg = {}
    for line in out.splitlines():
        fname, kind, status = line.split("\t")
        reg[fname] = (kind, status == "supported")
    return reg


def render():
    version, names = client_functions()
    defs, aliases = connect_definitions()
    reg = registry()
    rows, supported = [], 0
    for n in names:
        if n in CLIENT_SIDE:
            what, ok = CLIENT_SIDE[n]
            sends, kind = "—", what
        else:
            calls = sorted(invoked(n, defs, aliases))
            if not calls:
                sends, kind, ok = "—", "unknown", False
            else:
                sends = ", ".join(f"`{c}`" for c in calls)
                known = [reg.get(c.lower()) for c in calls]
                kind = ", ".join(sorted({k[0] for k in known if k})) or "—"
                ok = all(k is not None and k[1] for k in known)
        supported += ok
        rows.append(f"| `{n}` | {sends} | {kind} | {'yes' if ok else '**no**'} |")
    total = len(names)
    head = [
        "# Function coverage",
        "",
        "Generated by `python-tests/function_coverage.py` from the registry (`sabot functions`)",
        f"and the `pyspark.sql.functions` of the PySpark {version} client; do not edit by hand.",
        "",
        f"**{supported} of {total} functions supported ({100.0 * supported / total:.1f}%).**",
        "",
        "| pyspark.sql.functions | sends | kind | supported |",
        "|---|---|---|---|",
    ]
    return "\n".join(head + rows) + "\n"


def main():
    text = render()
    if "--check" in sys.argv:
        if not TABLE.exists() or TABLE.read_text() != text:
            print(f"{TABLE} is out of date: run python-tests/function_coverage.py", file=sys.stderr)
            return 1
        return 0
    TABLE.write_text(text)
    print(text.splitlines()[5])
    return 0


if __name__ == "__main__":
    sys.exit(main())
