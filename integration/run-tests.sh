#!/usr/bin/env bash
# Runs Sabot's whole test suite: formatting and lints, the Rust tests, then the end-to-end
# PySpark tests against the real `sabot` binary with both the 4.x and the 3.5 client.
#
# Build output goes to $CARGO_TARGET_DIR (default: ~/.cache/sabot/target, outside the clone,
# so repeated runs on one machine reuse it); the two client virtualenvs live in
# ~/.cache/sabot/venvs and are rebuilt when their requirements file changes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cache="${SABOT_CACHE_DIR:-$HOME/.cache/sabot}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$cache/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
mkdir -p "$cache"

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo build --bin sabot"
cargo build --locked --bin sabot

step "cargo test"
cargo test --workspace --locked

# One virtualenv per client, keyed by its requirements file's hash.
make_venv() {
    local name="$1" req="$2"
    local dir="$cache/venvs/$name"
    local want
    want="$(sha256sum "$req" | cut -d' ' -f1)"
    if [ ! -x "$dir/bin/python" ] || [ "$(cat "$dir/.req-hash" 2>/dev/null)" != "$want" ]; then
        rm -rf "$dir"
        python3 -m venv "$dir"
        "$dir/bin/pip" install --quiet --disable-pip-version-check -r "$req"
        echo "$want" > "$dir/.req-hash"
    fi
    echo "$dir"
}

export SABOT_BIN="$CARGO_TARGET_DIR/debug/sabot"
status=0
for client in 4 35; do
    step "python-tests with the PySpark ${client/35/3.5} client"
    venv="$(make_venv "pyspark-$client" "python-tests/requirements-$client.txt")"
    set +e
    "$venv/bin/python" -m pytest python-tests -q -p no:cacheprovider
    rc=$?
    set -e
    if [ "$rc" -ne 0 ]; then
        echo "python-tests failed with the ${client/35/3.5} client (exit $rc)"
        status=1
    fi
done
# Every plan through the datafusion-proto codec (what distributed execution ships), with the
# 4.x client: results must be the same; python-tests/codec_gaps.txt lists the known gaps.
step "python-tests with every plan round-tripped through the plan codec"
venv="$(make_venv "pyspark-4" "python-tests/requirements-4.txt")"
set +e
SABOT_SERVER_CONF="sabot.plan.roundTrip=true" "$venv/bin/python" -m pytest python-tests -q -p no:cacheprovider
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
    echo "python-tests with plan round trips failed (exit $rc)"
    status=1
fi
exit "$status"
