"""pytest plugin (entry point `consistency`, so installing consistency enables it): every
case of every rule test case file (`tests/rules/*.yaml` by default) becomes one pytest item,
run by the same runner as `consistency rules test`. A newsroom's repository tests its own
pack with plain `pytest`, next to its other tests.

Settings (`[tool.pytest.ini_options]` in pyproject.toml, or pytest.ini):

- `consistency_rules`: rule pack folders, one a line, relative to the rootdir (default:
  `rules` when that folder exists);
- `consistency_default_rules`: also load the default pack (default true; set it false to
  test a pack on its own);
- `consistency_cases`: globs of case files relative to the rootdir (default
  `tests/rules/*.yaml` and `tests/rules/*.yml`).

Disable it with `-p no:consistency`.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from consistency.errors import RuleError
from consistency.rules.casefiles import Case, load_case_file
from consistency.rules.loader import _Errors
from consistency.rules.model import Rule
from consistency.testing.runner import Result, case_result

_RULES = pytest.StashKey[tuple[dict[str, Rule], list[Path], list[str]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("consistency_rules", "rule pack folders for the rule case files (relative to the rootdir)",
                  type="linelist", default=[])
    parser.addini("consistency_default_rules", "load consistency's default rule pack too", type="bool",
                  default=True)
    parser.addini("consistency_cases", "globs of rule case files (relative to the rootdir)", type="linelist",
                  default=["tests/rules/*.yaml", "tests/rules/*.yml"])


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    config = parent.config
    try:
        rel = file_path.relative_to(config.rootpath).as_posix()
    except ValueError:
        return None
    if any(fnmatch.fnmatchcase(rel, g) for g in config.getini("consistency_cases")):
        return CaseFile.from_parent(parent, path=file_path)
    return None


def _packs(config: pytest.Config) -> list[Path]:
    from consistency.rules.loader import DEFAULT_RULES

    named = config.getini("consistency_rules")
    folders = [config.rootpath / d for d in named] if named else [config.rootpath / "rules"]
    if not named:
        folders = [f for f in folders if f.is_dir()]
    # the default pack is loaded once, even when the rootdir is a checkout of consistency itself
    return [f for f in folders if f.resolve() != DEFAULT_RULES.resolve()]


def _rules(config: pytest.Config) -> tuple[dict[str, Rule], list[Path], list[str]]:
    """The rules (by id), the extra packs, and any errors loading them: once a session."""
    if _RULES in config.stash:
        return config.stash[_RULES]
    from consistency.claims import lexicon
    from consistency.rules.loader import DEFAULT_RULES, load_rules

    packs = _packs(config)
    dirs = ([DEFAULT_RULES] if config.getini("consistency_default_rules") else []) + packs
    lexicon.configure(packs)
    rules, errors = load_rules(dirs) if dirs else ([], [])
    errors = [*errors, *lexicon.validate()]
    value = ({r.id: r for r in rules}, packs, [str(e) for e in errors])
    config.stash[_RULES] = value
    return value


class CaseFileError(Exception):
    """A case file (or the rules it needs) that cannot be used: path:line:col messages."""


class CaseFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        rules, _, errors = _rules(self.config)
        if errors:
            raise CaseFileError("the rule packs did not load:\n" + "\n".join(errors))
        try:
            cases = load_case_file(self.path, rules)
        except RuleError as err:
            raise CaseFileError(str(err)) from None
        except _Errors as many:
            raise CaseFileError("\n".join(str(e) for e in many.errors)) from None
        for case in cases:
            yield CaseItem.from_parent(self, name=case.name, case=case)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFileError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style))


class CaseFailed(Exception):
    def __init__(self, result: Result) -> None:
        super().__init__(result.describe())
        self.result = result


class CaseItem(pytest.Item):
    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        from consistency.claims import lexicon

        rules, packs, _ = _rules(self.config)
        lexicon.configure(packs)  # another test may have configured other packs
        result = case_result(self.case, rules)
        if not result.passed:
            raise CaseFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailed):
            return excinfo.value.result.describe()
        return str(super().repr_failure(excinfo, style))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, f"rule {self.case.rule}: case {self.case.name!r}"
