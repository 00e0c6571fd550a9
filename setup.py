"""Build hook: copy the default rule pack (`rules/`, edited in place by rule authors) into
the package as `consistency/pack/`, so a wheel or a non-editable install carries it.
Everything else is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PACK_SUFFIXES = (".yaml", ".yml")


class BuildWithPack(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's rules/ (consistency/pack.py)
        source = Path(__file__).resolve().parent / "rules"
        if not source.is_dir():
            raise SystemExit("setup.py: the default rule pack (rules/) is missing")
        target = Path(self.build_lib) / "consistency" / "pack"
        if target.exists():
            shutil.rmtree(target)
        for path in sorted(source.rglob("*")):
            if path.is_file() and path.suffix in PACK_SUFFIXES and not any(p.startswith(".") for p in path.parts):
                dest = target / path.relative_to(source)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, dest)


setup(cmdclass={"build_py": BuildWithPack})
