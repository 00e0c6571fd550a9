"""Installed like a real package: the wheel carries the default rule pack (and its lexicons),
and `consistency check` works from any directory, with the same findings as the checkout."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_carries_the_pack_and_checks_from_anywhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("consistency-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    pack = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*.yaml"))
    assert pack and all(f"consistency/pack/{p}" in names for p in pack)
    assert "consistency/data/rule.schema.json" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip())
    # The dependencies come from this environment (no network); the package itself only from the wheel.
    (site / "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)]
        if _pip_has_python_option()
        else [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)],
        capture_output=True, text=True, timeout=600,
    )
    assert install.returncode == 0, install.stderr

    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "seeds", elsewhere / "seeds")
    where = subprocess.run(
        [str(python), "-c", "import consistency, consistency.pack as p; print(consistency.__file__, p.default_pack())"],
        capture_output=True, text=True, cwd=elsewhere, check=True,
    ).stdout
    assert str(site) in where and str(ROOT) not in where

    installed = _check(python, elsewhere)
    here = _check(Path(sys.executable), ROOT)
    assert installed.returncode == here.returncode == 1, installed.stderr
    assert _findings(installed.stdout) == _findings(here.stdout)
    listed = subprocess.run([str(python), "-m", "consistency", "rules", "list"], capture_output=True, text=True,
                            cwd=elsewhere)
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == len(pack) - len(
        list((ROOT / "rules").glob("lexicon/*.yaml"))
    )


def _pip_has_python_option() -> bool:
    out = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True).stdout
    major, minor = (int(x) for x in out.split()[1].split(".")[:2])
    return (major, minor) >= (22, 3)


def _check(python: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-m", "consistency", "check", "--format", "json", "seeds"],
        capture_output=True, text=True, cwd=cwd, timeout=300,
    )


def _findings(stdout: str) -> list[tuple]:
    payload = json.loads(stdout)
    return [(f["rule"], f["path"], f["line"], f["column"], f["message"]) for f in payload["findings"]]
