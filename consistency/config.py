"""Configuration files: `[tool.consistency]` in `pyproject.toml`, or `.consistency.yaml`.

The file is looked for from the first checked PATH (its folder, or itself when it is a
folder; the working directory for stdin and for commands without paths) upwards; the
nearest folder holding one wins, and in one folder `.consistency.yaml` wins over
`pyproject.toml` (a `pyproject.toml` without a `[tool.consistency]` table does not count).
`--config FILE` names one, `--no-config` uses none. Paths in the file (`rules`, `baseline`)
are relative to the file. Command-line options override the file; a list given on the
command line (`--select`, `--rules`) replaces the file's list.

Every problem (bad TOML or YAML, an unknown key, a value of the wrong type) is a
ConfigError at `path:line:col`; all of them are reported at once, exit 2, in every output
format. TOML gives no positions for values, so a key's line comes from a bounded scan of
the file's text (`_toml_positions`); YAML's come from its nodes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consistency.errors import ConsistencyError, InputError

YAML_NAMES = (".consistency.yaml", ".consistency.yml")
MAX_CONFIG_BYTES = 1_000_000
MAX_SCAN_LINES = 20_000
"""Lines of a pyproject.toml scanned for key positions (a real one has a few hundred)."""

SEVERITIES = ("info", "warning", "error")
FORMATS = ("text", "json", "sarif", "github", "junit")
FAIL_LEVELS = ("error", "warning", "info", "none")


class ConfigError(InputError):
    """One problem in a configuration file, at its place."""


class ConfigErrors(ConsistencyError):
    """Every problem of one configuration file; `partial` holds the values that were fine
    (the failure report still honours a valid `format`)."""

    def __init__(self, errors: list[ConfigError], partial: dict[str, Any] | None = None) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
        self.partial = partial or {}


@dataclass(frozen=True)
class Key:
    name: str
    attr: str  # the argparse attribute it sets
    commands: frozenset[str]
    parse: Callable[[Any, Path], Any]  # (raw value, config folder) -> value; ValueError with a message
    default: Any
    help: str


def _strings(value: Any, _: Path) -> list[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"must be a list of strings, not {_kind(value)}")
    return [v.strip() for v in value if v.strip()]


def _paths(value: Any, base: Path) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"must be a list of folder paths, not {_kind(value)}")
    return [_resolve(v, base) for v in value]


def _path(value: Any, base: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a file path, not {_kind(value)}")
    return _resolve(value, base)


def _resolve(value: str, base: Path) -> str:
    path = Path(os.path.expanduser(value.strip()))
    return os.path.normpath(path if path.is_absolute() else base / path)


def _bool(value: Any, _: Path) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {_kind(value)}")
    return value


def _choice(choices: tuple[str, ...]) -> Callable[[Any, Path], str]:
    def parse(value: Any, _: Path) -> str:
        if not isinstance(value, str) or value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}, not {_show(value)}")
        return value

    return parse


def _severities(value: Any, _: Path) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError(f"must be a table of rule id = severity, not {_kind(value)}")
    out = {}
    for rule, level in value.items():
        if not isinstance(level, str) or level not in SEVERITIES:
            raise _SubError(str(rule), f"severity of {rule!r} must be one of {', '.join(SEVERITIES)}, not "
                                       f"{_show(level)}")
        out[str(rule)] = level
    return out


def _date(value: Any, _: Path) -> str:
    """`metadata` (each document's own date, the default), `today` (a document's own date,
    else today's), or a fixed YYYY-MM-DD that overrides every document's (like --date)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if value in ("metadata", "today"):
            return value
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValueError(f"must be 'metadata', 'today' or a date (YYYY-MM-DD), not {_show(value)}")


class _SubError(ValueError):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


_RULES_CMDS = frozenset({"check", "explain", "rules", "config"})
_CHECK_CMDS = frozenset({"check", "explain", "config"})
_REPORT_CMDS = frozenset({"check", "config"})
_DATE_CMDS = frozenset({"check", "explain", "extract", "index", "config"})

KEYS: tuple[Key, ...] = (
    Key("rules", "rules", _RULES_CMDS, _paths, [], "rule packs (folders or files), relative to the config file"),
    Key("no-default-rules", "no_default_rules", _RULES_CMDS, _bool, False, "leave out the default pack"),
    Key("select", "select", _CHECK_CMDS, _strings, [], "run only these rules (ids)"),
    Key("ignore", "ignore", _CHECK_CMDS, _strings, [], "skip these rules (ids)"),
    Key("severity", "severity", _REPORT_CMDS, _severities, {}, "per-rule severity: rule-id = error|warning|info"),
    Key("fail-level", "fail_level", _REPORT_CMDS, _choice(FAIL_LEVELS), "warning",
        "lowest severity that makes the exit code 1"),
    Key("format", "format", _REPORT_CMDS, _choice(FORMATS), "text", "report format"),
    Key("date", "date_policy", _DATE_CMDS, _date, "metadata",
        "reference date: metadata, today, or a fixed YYYY-MM-DD"),
    Key("baseline", "baseline", _REPORT_CMDS, _path, None, "baseline file of accepted findings"),
    Key("report-unused-suppressions", "report_unused_suppressions", _REPORT_CMDS, _bool, False,
        "list suppressions that matched no finding"),
)
BY_NAME = {k.name: k for k in KEYS}


@dataclass
class Setting:
    value: Any
    origin: str  # path:line:col, "command line" or "default"


@dataclass
class Config:
    path: Path | None = None
    values: dict[str, Setting] = field(default_factory=dict)


def _kind(value: object) -> str:
    return {dict: "a table", list: "a list", bool: "true/false", str: "a string", int: "a number",
            float: "a number", type(None): "nothing"}.get(type(value), type(value).__name__)


def _show(value: object) -> str:
    return repr(value) if isinstance(value, str) else _kind(value)


def find(start: Path) -> Path | None:
    """The nearest configuration file from `start` upwards, or None."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in YAML_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


_TOOL_HEADER = re.compile(r"^\s*\[\s*tool\s*\.\s*consistency\s*[\].]|^\s*consistency\s*[.=]", re.M)


def _has_tool_table(path: Path) -> bool:
    """Cheap: a `[tool.consistency…]` header (or a dotted `consistency.` key) in the text;
    a pyproject.toml that cannot be read counts (loading it reports the problem)."""
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            return True
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(_TOOL_HEADER.search(text))


def _read(path: Path) -> str:
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_CONFIG_BYTES:
            raise ConfigErrors([ConfigError(shown, f"config file is {size:,} bytes, over the "
                                                   f"{MAX_CONFIG_BYTES:,}-byte limit")])
        return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except FileNotFoundError:
        raise ConfigErrors([ConfigError(shown, "no such config file")]) from None
    except UnicodeDecodeError as err:
        raise ConfigErrors([ConfigError(shown, f"not valid UTF-8 (byte offset {err.start})")]) from None
    except OSError as err:
        raise ConfigErrors([ConfigError(shown, f"cannot read config: {err.strerror or err}")]) from None


def load(path: Path) -> Config:
    """The settings of one configuration file; ConfigErrors listing every problem."""
    text = _read(path)
    shown = str(path)
    if path.suffix == ".toml":
        raw, positions = _load_toml(shown, text)
    else:
        raw, positions = _load_yaml(shown, text)
    base = path.resolve().parent
    errors: list[ConfigError] = []
    values: dict[str, Setting] = {}
    for name, value in raw.items():
        line, column = positions.get(str(name), positions.get("", (1, 1)))
        key = BY_NAME.get(str(name))
        if key is None:
            import difflib

            guess = difflib.get_close_matches(str(name).replace("_", "-"), list(BY_NAME), n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else f" (known keys: {', '.join(BY_NAME)})"
            errors.append(ConfigError(shown, f"unknown key {name!r}{hint}", line, column))
            continue
        try:
            parsed = key.parse(value, base)
        except _SubError as err:
            sub = positions.get(f"{name}.{err.key}", (line, column))
            errors.append(ConfigError(shown, f"{name!r}: {err}", *sub))
            continue
        except ValueError as err:
            errors.append(ConfigError(shown, f"{name!r} {err}", line, column))
            continue
        values[key.name] = Setting(parsed, f"{shown}:{line}:{column}")
    if errors:
        raise ConfigErrors(sorted(errors, key=lambda e: (e.line or 0, e.column or 0)),
                           {k: s.value for k, s in values.items()})
    return Config(path, values)


def _load_yaml(shown: str, text: str) -> tuple[dict, dict[str, tuple[int, int]]]:
    import yaml

    from consistency import safeyaml

    try:
        node, loader = safeyaml.compose(text)
        if node is None:
            loader.dispose()
            return {}, {}
        positions: dict[str, tuple[int, int]] = {"": (1, 1)}
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                name = str(key_node.value)
                mark = value_node.start_mark if key_node.value in BY_NAME else key_node.start_mark
                positions.setdefault(name, (mark.line + 1, mark.column + 1))
                if isinstance(value_node, yaml.MappingNode):
                    for sub_key, sub_value in value_node.value:
                        m = sub_value.start_mark
                        positions.setdefault(f"{name}.{sub_key.value}", (m.line + 1, m.column + 1))
        data = safeyaml.construct(loader, node)
    except yaml.YAMLError as err:
        problem = safeyaml.as_problem(err, text)
        raise ConfigErrors([ConfigError(shown, f"invalid YAML: {problem.message}", problem.line,
                                        problem.column)]) from None
    except safeyaml.YamlProblem as problem:
        raise ConfigErrors([ConfigError(shown, f"invalid YAML: {problem.message}", problem.line,
                                        problem.column)]) from None
    except RecursionError:
        raise ConfigErrors([ConfigError(shown, "invalid YAML: nested too deeply", 1, 1)]) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ConfigErrors([ConfigError(shown, f"the file must be a mapping of keys, not {_kind(data)}", 1, 1)])
    return data, positions


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def _load_toml(shown: str, text: str) -> tuple[dict, dict[str, tuple[int, int]]]:
    """The [tool.consistency] table and its keys' positions. A pyproject.toml read before (the
    same text, the same reader) comes from the disk cache, without importing tomllib; one
    with an error is read afresh every time (errors are never remembered)."""
    from consistency import diskcache

    hexkey = diskcache.key(["pyproject 1", _toml_reader(), text])
    known = diskcache.recall("config", hexkey)
    if isinstance(known, dict) and isinstance(known.get("table"), dict) and isinstance(known.get("at"), dict):
        return known["table"], {k: (int(v[0]), int(v[1])) for k, v in known["at"].items()}
    table, positions = _parse_toml(shown, text)
    diskcache.remember("config", hexkey, {"table": table, "at": {k: list(v) for k, v in positions.items()}})
    return table, positions


def _toml_reader() -> str:
    """What a read pyproject.toml depends on besides its text: Python's tomllib, this module."""
    import sys

    return f"{sys.version} {Path(__file__).stat().st_mtime_ns}"


def _parse_toml(shown: str, text: str) -> tuple[dict, dict[str, tuple[int, int]]]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        line, column = 1, 1
        m = _TOML_AT.search(message)
        if m:
            line, column = int(m.group(1)), int(m.group(2))
            message = message[: m.start()]
        elif _TOML_END.search(message):
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
            column = len(text.rsplit("\n", 2)[-2 if text.endswith("\n") else -1]) + 1 if text else 1
            message = _TOML_END.sub("", message)
        raise ConfigErrors([ConfigError(shown, f"invalid TOML: {message}", line, column)]) from None
    table = data.get("tool", {}).get("consistency", {}) if isinstance(data.get("tool"), dict) else {}
    positions = _toml_positions(text)
    if not isinstance(table, dict):
        line, column = positions.get("", (1, 1))
        raise ConfigErrors([ConfigError(shown, "[tool.consistency] must be a table", line, column)])
    return table, positions


_HEADER = re.compile(r"^\s*\[(?!\[)\s*([^\]]*?)\s*\]\s*(?:#.*)?$")
_BARE = r"""(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)"""
_ASSIGN = re.compile(rf"^\s*({_BARE}(?:\s*\.\s*{_BARE})*)\s*=\s*")


def _dotted(name: str) -> list[str]:
    return [p.strip().strip("\"'") for p in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', name)]


def _toml_positions(text: str) -> dict[str, tuple[int, int]]:
    """Where each key of [tool.consistency] (and each `severity.RULE`) is, by a bounded scan
    of the text: table headers and `key =` lines, the column of the value. Keys inside
    multi-line strings or arrays can fool it; then a message points at a nearby line."""
    out: dict[str, tuple[int, int]] = {}
    section: list[str] = []
    for number, line in enumerate(text.split("\n", MAX_SCAN_LINES)[:MAX_SCAN_LINES], start=1):
        header = _HEADER.match(line)
        if header:
            section = _dotted(header.group(1))
            if section[:2] == ["tool", "consistency"]:
                out.setdefault("", (number, 1))
                if len(section) >= 3:
                    out.setdefault(section[2], (number, 1))
            continue
        m = _ASSIGN.match(line)
        if not m:
            continue
        path = section + _dotted(m.group(1))
        if path[:2] != ["tool", "consistency"] or len(path) < 3:
            continue
        column = m.end() + 1
        out.setdefault(path[2], (number, column))
        if len(path) >= 4:
            out.setdefault(f"{path[2]}.{path[3]}", (number, column))
        elif line[m.end():].lstrip().startswith("{"):  # an inline table: severity = {a = "error"}
            for sub in re.finditer(r"""("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=\s*""", line[m.end() + 1:]):
                out.setdefault(f"{path[2]}.{sub.group(1).strip(chr(34) + chr(39))}",
                               (number, m.end() + 1 + sub.end() + 1))
    return out


def start_folder(args: argparse.Namespace) -> Path:
    paths = [p for p in getattr(args, "paths", None) or [] if p != "-"]
    return Path(paths[0]) if paths else Path.cwd()


def _display(path: Path) -> Path:
    """A found file as messages show it: relative to the working directory when under it."""
    rel = os.path.relpath(path) if path.is_absolute() else str(path)
    return Path(rel) if not rel.startswith("..") else path


def _given(value: Any) -> bool:
    """An option the command line set: argparse leaves these options None, [] or False."""
    return value is not None and value != [] and value is not False and value != {}


def apply(args: argparse.Namespace) -> None:
    """Fill the command's options the command line left unset from the configuration file,
    then from the defaults; record where each came from in `args.config_origins`."""
    command = args.command
    keys = [k for k in KEYS if command in k.commands and hasattr(args, "date" if k.name == "date" else k.attr)]
    if any(k.name == "date" for k in keys) and not hasattr(args, "date_policy"):
        args.date_policy = None
    args.config_path = None
    args.config_origins = {}
    if not keys:
        return
    config = Config()
    explicit = getattr(args, "config_file", None)
    if not getattr(args, "no_config", False):
        path = Path(explicit) if explicit else find(start_folder(args))
        path = _display(path) if path is not None else None
        if path is not None:
            try:
                config = load(path)
            except ConfigErrors as many:
                for k in keys:  # keep what can be kept, so the failure report has its format
                    if not _given(getattr(args, k.attr)):
                        setattr(args, k.attr, many.partial.get(k.name, k.default))
                raise
    args.config_path = config.path
    for k in keys:
        if _given(getattr(args, k.attr)):
            args.config_origins[k.name] = "command line"
        elif k.name in config.values:
            setattr(args, k.attr, config.values[k.name].value)
            args.config_origins[k.name] = config.values[k.name].origin
        else:
            setattr(args, k.attr, k.default)
            args.config_origins[k.name] = "default"
    if hasattr(args, "date") and hasattr(args, "date_policy"):
        _apply_date(args)


def _apply_date(args: argparse.Namespace) -> None:
    """`--date D` and a fixed config date override every document's date; `today` is the
    fallback for documents without one (args.date_fallback)."""
    args.date_fallback = None
    if args.date is not None:
        args.date_policy = args.date.isoformat()
        args.config_origins["date"] = "command line"
        return
    policy = args.date_policy
    if policy == "today" and args.command in ("check", "config"):
        args.date_fallback = dt.date.today()
    elif policy == "today":  # commands without the fallback read it as --date today
        args.date = dt.date.today()
    elif policy != "metadata":
        args.date = dt.date.fromisoformat(policy)
