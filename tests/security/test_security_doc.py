"""docs/security.md names the test behind each promise; every name it gives must exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_REF = re.compile(r"`([a-z_/]+\.py)::(test_[a-z0-9_]+)`")


def test_every_test_named_in_docs_security_exists() -> None:
    refs = _REF.findall((ROOT / "docs" / "security.md").read_text(encoding="utf-8"))
    assert len(refs) > 40
    missing = []
    for file, name in refs:
        path = ROOT / "tests" / file
        tree = ast.parse(path.read_text(encoding="utf-8")) if path.exists() else ast.Module(body=[], type_ignores=[])
        if name not in {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}:
            missing.append(f"{file}::{name}")
    assert not missing, missing
