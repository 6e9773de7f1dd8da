"""Importing the pipeline changes nothing in the process, and the library never reaches for the outer shell."""

import ast
import subprocess
import sys

from conftest import ROOT

PROBE = """
import logging, os, pkgutil, importlib
calls = []
real = os.umask
os.umask = lambda mask: calls.append(mask) or real(mask)
levels = {name: logging.getLogger(name).level for name in ("bs4.dammit", "bs4", "")}
import pipeline
for module in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
    importlib.import_module(module.name)
after = {name: logging.getLogger(name).level for name in levels}
print(calls, levels == after)
"""


def test_importing_every_pipeline_module_changes_no_process_state():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "True"], out.stdout + out.stderr


def test_nothing_in_pipeline_imports_flows():
    for path in (ROOT / "pipeline").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {m for m in modules if m.split(".")[0] == "flows"}, path


def test_files_are_written_for_everyone_the_umask_allows(tmp_path):
    import os

    from pipeline.storage import write_bytes

    old = os.umask(0o027)
    try:
        write_bytes(b"x", tmp_path / "f.csv")
    finally:
        os.umask(old)
    assert (tmp_path / "f.csv").stat().st_mode & 0o777 == 0o640
