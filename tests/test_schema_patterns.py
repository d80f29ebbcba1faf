"""A schema's ``pattern`` runs on RE2, like every pattern that meets data, and says nothing but its finding.

pandas' ``str.contains`` warned on standard error, naming a file of this
machine's install, for every pattern with a group (``^(ABC|DEF)-[0-9]+$``
is the common shape); the CLI's error output must hold only the located
errors. Run in a fresh process, where warnings reach standard error as a
user sees them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DATA, MINI_PACK, ROOT


def test_a_pattern_with_groups_gives_only_the_located_error(tmp_path: Path) -> None:
    pack, data = tmp_path / "pack", tmp_path / "unit"
    shutil.copytree(MINI_PACK, pack)
    shutil.copytree(DATA / "datasets" / "mini-fail", data)
    path = pack / "schemas" / "outputs.schema.json"
    schema = json.loads(path.read_text())
    schema["properties"]["output_id"]["pattern"] = "^(O|P)-([0-9]+)$"
    path.write_text(json.dumps(schema))
    outputs = data / "outputs.csv"
    outputs.write_text(outputs.read_text().replace("O-3,", "Q-3,", 1))
    run = subprocess.run(
        [sys.executable, "-m", "compliancecheck", "check", "unit", "--rules", "pack"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(ROOT), "COMPLIANCECHECK_CACHE_DIR": "none", "PATH": ""},
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr == "compliancecheck: data error: unit/outputs.csv: row 4, column 'output_id': 'Q-3' does not match the pattern '^(O|P)-([0-9]+)$'\n"
