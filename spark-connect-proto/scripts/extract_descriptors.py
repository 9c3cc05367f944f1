#!/usr/bin/env python3
"""Extract the Spark Connect protocol from a PySpark distribution on PyPI.

PySpark ships the protocol as generated `*_pb2.py` modules under `pyspark/sql/connect/proto/`; each
one holds its `FileDescriptorProto` as a serialized bytes literal passed to `AddSerializedFile`.
This script downloads the given PySpark version with pip, reads those literals with `ast` (no code
from the package is imported or run), and writes them as one `FileDescriptorSet` to
`descriptors/spark_connect.binpb`, with the version in `descriptors/SPARK_VERSION`. `build.rs`
compiles that set with tonic/prost, so no `protoc` is needed.

Usage: python3 scripts/extract_descriptors.py [SPARK_VERSION] [--from PATH_TO_SDIST_OR_WHEEL]
Regenerate rather than hand-edit the outputs.
"""

import ast
import io
import pathlib
import subprocess
import sys
import tarfile
import tempfile
import zipfile

DEFAULT_VERSION = "4.3.0"
PROTO_DIR = "pyspark/sql/connect/proto/"
HERE = pathlib.Path(__file__).resolve().parent.parent


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def serialized_descriptor(source: str) -> bytes | None:
    """The bytes literal given to `AddSerializedFile(...)` in a generated module, if any."""
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "AddSerializedFile"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, bytes)
        ):
            return node.args[0].value
    return None


def pb2_sources(archive: pathlib.Path):
    """(name, source) of every generated module in an sdist (.tar.gz) or a wheel (.whl)."""
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as zf:
            for name in sorted(zf.namelist()):
                if PROTO_DIR in name and name.endswith("_pb2.py"):
                    yield name, zf.read(name).decode("utf-8")
    else:
        with tarfile.open(archive) as tf:
            members = [m for m in tf.getmembers() if PROTO_DIR in m.name and m.name.endswith("_pb2.py")]
            for m in sorted(members, key=lambda m: m.name):
                f = tf.extractfile(m)
                if f is not None:
                    yield m.name, f.read().decode("utf-8")


def download(version: str, dest: pathlib.Path) -> pathlib.Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":none:",
         "-d", str(dest), f"pyspark=={version}"],
        check=True,
    )
    found = sorted(dest.glob("pyspark-*"))
    if not found:
        sys.exit(f"pip downloaded nothing for pyspark=={version}")
    return found[0]


def main() -> None:
    args = sys.argv[1:]
    archive = None
    if "--from" in args:
        i = args.index("--from")
        archive = pathlib.Path(args[i + 1])
        del args[i : i + 2]
    version = args[0] if args else DEFAULT_VERSION
    with tempfile.TemporaryDirectory() as tmp:
        if archive is None:
            archive = download(version, pathlib.Path(tmp))
        fds = io.BytesIO()
        names = []
        for name, source in pb2_sources(archive):
            blob = serialized_descriptor(source)
            if blob is None:
                continue
            # FileDescriptorSet { repeated FileDescriptorProto file = 1; }
            fds.write(b"\x0a" + varint(len(blob)) + blob)
            names.append(name.split(PROTO_DIR, 1)[1])
    if not names:
        sys.exit(f"no Spark Connect descriptors found in {archive}")
    out = HERE / "descriptors"
    out.mkdir(exist_ok=True)
    (out / "spark_connect.binpb").write_bytes(fds.getvalue())
    (out / "SPARK_VERSION").write_text(version + "\n")
    print(f"pyspark {version}: {len(names)} files -> {out / 'spark_connect.binpb'}")
    for n in names:
        print("  ", n)


if __name__ == "__main__":
    main()
