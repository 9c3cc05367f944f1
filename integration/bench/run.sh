#!/usr/bin/env bash
# Sabot's benchmark runner (see bench.py for every option):
#   integration/bench/run.sh --sf 1 --record integration/bench/RESULTS.md
# builds the release `sabot`, makes the runner's virtualenvs in ~/.cache/sabot/venvs (`bench` from
# requirements.txt: PySpark with its JVM server, DataFusion, DuckDB, tpchgen-cli; `sail` from
# requirements-sail.txt) and runs the workloads against every target side by side. Needs cargo, python3 (3.10+) and Java 17+.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${SABOT_CACHE_DIR:-$HOME/.cache/sabot}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$cache/target}"
# One virtualenv per requirements file, rebuilt when the file changes.
make_venv() {
    local dir="$cache/venvs/$1" req="$root/integration/bench/$2" want
    want="$(sha256sum "$req" | cut -d' ' -f1)"
    if [ ! -x "$dir/bin/python" ] || [ "$(cat "$dir/.req-hash" 2>/dev/null)" != "$want" ]; then
        rm -rf "$dir"
        python3 -m venv "$dir"
        "$dir/bin/pip" install --quiet --disable-pip-version-check -r "$req" >&2
        echo "$want" > "$dir/.req-hash"
    fi
    echo "$dir"
}
venv="$(make_venv bench requirements.txt)"
export SAIL_BIN="${SAIL_BIN:-$(make_venv sail requirements-sail.txt)/bin/sail}"
if [ -z "${SABOT_BIN:-}" ]; then
    (cd "$root" && cargo build --release --locked --bin sabot)
    export SABOT_BIN="$CARGO_TARGET_DIR/release/sabot"
fi
unset SPARK_HOME  # the venv's PySpark brings its own Spark
exec "$venv/bin/python" "$root/integration/bench/bench.py" "$@"
