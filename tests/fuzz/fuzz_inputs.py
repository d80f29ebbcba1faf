"""Coverage-guided fuzzing (atheris) of the condition grammar and each loader.

Not part of the test run: atheris is installed on purpose, and a run takes
as long as it is given. Each target feeds mutated bytes to one entry point
and counts as a crash any exception other than the located errors the
tool means to raise (:class:`ComplianceError`, :class:`ConditionError`).
A crash found becomes a case in ``tests/bad_inputs`` before it is fixed.

    python3 -m pip install atheris
    python3 tests/fuzz/fuzz_inputs.py --target all --seconds 300
    python3 tests/fuzz/fuzz_inputs.py --target conditions --seconds 60

Targets: conditions, yaml (a YAML document, as rules and unit.yaml are
read), csv, json, yamltable, parquet, xlsx (each through its loader).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

TARGETS = ("conditions", "yaml", "csv", "json", "yamltable", "parquet", "xlsx")


def _entry(target: str) -> Callable[[bytes], None]:
    import atheris

    # the libraries first, uninstrumented: coverage of the tool's own code is what guides the search
    import jsonschema  # noqa: F401
    import numpy  # noqa: F401
    import openpyxl  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow.compute  # noqa: F401
    import pyarrow.parquet  # noqa: F401
    import yaml  # noqa: F401

    with atheris.instrument_imports(include=["compliancecheck"]):
        from compliancecheck.api import Session
        from compliancecheck.errors import ComplianceError
        from compliancecheck.language.conditions import ConditionError, parse_condition
        from compliancecheck.language.yamlio import load_yaml_text

    expected = (ComplianceError, ConditionError)
    folder = Path(tempfile.mkdtemp(prefix="cc-fuzz-"))

    def conditions(data: bytes) -> None:
        text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
        try:
            parse_condition(text)
        except expected:
            pass

    def yaml_doc(data: bytes) -> None:
        text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
        try:
            load_yaml_text(text, "fuzz.yaml", ComplianceError)
        except expected:
            pass

    def loader(suffix: str) -> Callable[[bytes], None]:
        found = Session().registry.loaders[suffix]
        path = folder / f"table{suffix}"

        def run(data: bytes) -> None:
            path.write_bytes(data)
            try:
                found.load(path, path.name, "table")
            except expected:
                pass

        return run

    if target == "conditions":
        return conditions
    if target == "yaml":
        return yaml_doc
    return loader({"csv": ".csv", "json": ".json", "yamltable": ".yaml", "parquet": ".parquet", "xlsx": ".xlsx"}[target])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=(*TARGETS, "all"), required=True)
    parser.add_argument("--seconds", type=int, default=60, help="fuzzing time per target")
    parser.add_argument("--corpus", help="a folder of seed inputs (and where new ones are kept)")
    args, rest = parser.parse_known_args()
    if args.target == "all":
        worst = 0
        for target in TARGETS:
            cmd = [sys.executable, __file__, "--target", target, "--seconds", str(args.seconds)]
            print(f"== {target}", flush=True)
            worst = max(worst, subprocess.call(cmd, env={**os.environ}))
        return worst
    import atheris

    one = _entry(args.target)
    argv = [sys.argv[0], f"-max_total_time={args.seconds}", "-rss_limit_mb=4096", "-timeout=20", *rest]
    if args.corpus:
        argv.append(args.corpus)
    atheris.Setup(argv, one)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
