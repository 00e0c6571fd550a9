"""`when` conditions in CEL, the expression language Kubernetes and Google APIs use in
YAML: no loops, no side effects, always terminates, and its `matches()` uses a linear-time
regex engine. We use `common-expression-language` (Rust bindings): 1 ms to compile and
12 us per evaluation, against 105 ms and 400 us for the pure-Python cel-python
(docs/rules.md). Never Python eval.

Rule packs are untrusted input. "Always terminates" is not "terminates soon": five nested
`.all()` over 60-element lists is 777 million steps, and the Rust call cannot be
interrupted. So before a condition is compiled its cost is bounded statically (the way
Kubernetes budgets CEL): its size, its bracket depth, how deeply comprehensions
(`all`, `exists`, `exists_one`, `map`, `filter`) nest, and an estimate of the steps one
evaluation takes (the product of the ranges of nested comprehensions). A condition over
budget is a rule error at its `path:line:col`. At evaluation, an arithmetic error
(`1 / 0`, `int()` of a huge value) is a rule error at the condition's place, reported once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from consistency.errors import RuleError

# The variables a condition may use, with a sample of every field so a typo in a field name
# fails when the rule loads, not half-way through a corpus.
SAMPLE_CLAIM: dict[str, Any] = {
    "text": "87",
    "value": 87.0,
    "low": 87.0,
    "high": 87.0,
    "unit": "dimensionless",
    "entity": "dimensionless",
    "kind": "count",
    "noun": "inhabited localities",
    "lemma": "locality",
    "predicate": "take",
    "measure": "locality",
    "as_of": "2025-11-01",
    "as_of_text": "by November 1",
    "quoted": False,
    "attribution": "said",
    "qualifier": "approx",
    "role": "part",
    "sentence_text": "Russian forces took 87 inhabited localities by November 1.",
    "path": "story.md",
    "index": 0,
    "start": 20,
    "end": 22,
    "sentence": 0,
    "link": 1,
    "frame": "captured",
    "head": "locality",
    "modifiers": ["inhabited"],
    "cumulative": False,
    "cumulative_days": 3,
    "exhaustive": False,
    "fixed": False,
    "subject": "Russian",
    "definite": False,
    "increment": False,
    "clause": 0,
    "clause_start": 0,
    "clause_end": 58,
    "title": False,
    "status": False,
    "event_day": "2025-11-01",
    "places": ["Kupiansk"],
    "event_places": ["Kupiansk"],
    "as_of_part": 0,
}
SAMPLE_DOC: dict[str, Any] = {"path": "story.md", "date": "2025-12-01", "story": "story", "title": "title"}

MAX_SOURCE = 2000
"""Longest condition, in characters (the default pack's longest is under 100)."""
MAX_DEPTH = 24
"""Deepest nesting of brackets (parentheses, lists, maps)."""
MAX_COMPREHENSION_DEPTH = 2
"""Comprehensions nested inside one another (`xs.all(x, ys.exists(y, ...))` is 2)."""
MAX_STEPS = 50_000
"""Estimated steps of one evaluation: each comprehension costs its range times its body.
At about half a microsecond a step this keeps one evaluation near 25 ms in the worst case."""
UNKNOWN_RANGE = 32
"""Range assumed for a comprehension over something that is not a list literal (a claim
map has about 20 keys)."""

_MACROS = frozenset({"all", "exists", "exists_one", "map", "filter"})
_TOKEN = re.compile(
    r"""(?P<string>[rRbB]{0,2}(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))"""
    r"|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<number>\d[\w.]*)"
    r"|(?P<open>[(\[{])|(?P<close>[)\]}])"
    r"|(?P<comma>,)|(?P<dot>\.)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.S,
)
_POSITION = re.compile(r"<input>:(\d+):(\d+):\s*(.*)", re.S)
_RUST_DEBUG = re.compile(r"\b[A-Z][A-Za-z]*\s*\{[^{}]*\}|\b(?:Some|None|Ok|Err)\([^()]*\)")


@dataclass
class _Frame:
    bracket: str
    start: int
    comprehension: bool = False
    range: int = 1
    elements: int = 0
    any_element: bool = False
    body_cost: int = 0


def check_budget(source: str) -> tuple[str, int] | None:
    """The first way `source` is over budget, as (message, character offset), or None."""
    if len(source) > MAX_SOURCE:
        return f"condition is {len(source):,} characters, over the limit of {MAX_SOURCE:,}", 0
    stack: list[_Frame] = [_Frame("", 0)]
    pending: str | None = None  # "macro" after `.all`, before its `(`
    last_list_size: int | None = None  # elements of a list literal (or macro result) just closed
    receiver_size: int | None = None  # the size of what a macro is called on, when known
    tokens = [(m.lastgroup or "other", m.group(0), m.start()) for m in _TOKEN.finditer(source)]
    tokens = [t for t in tokens if t[0] != "space"]
    for i, (kind, text, at) in enumerate(tokens):
        top = stack[-1]
        if kind not in ("close", "comma") and top.bracket == "[":
            top.any_element = True
        if kind == "open":
            comprehension = text == "(" and pending == "macro"
            frame = _Frame(text, at, comprehension=comprehension)
            if comprehension:
                frame.range = receiver_size if receiver_size is not None else UNKNOWN_RANGE
                depth = sum(1 for f in stack if f.comprehension) + 1
                if depth > MAX_COMPREHENSION_DEPTH:
                    return (
                        f"comprehensions nested {depth} deep, over the limit of {MAX_COMPREHENSION_DEPTH}",
                        at,
                    )
            stack.append(frame)
            if len(stack) - 1 > MAX_DEPTH:
                return f"brackets nested more than {MAX_DEPTH} deep", at
            pending, last_list_size = None, None
            continue
        if kind == "close":
            if len(stack) == 1:
                return None  # unbalanced: the compiler reports it with its own position
            frame = stack.pop()
            size = None
            if frame.bracket == "[":
                size = frame.elements + (1 if frame.any_element else 0)
            cost = frame.body_cost + 1
            if frame.comprehension:
                cost = frame.range * (frame.body_cost + 1)
                size = frame.range
            stack[-1].body_cost += cost
            if stack[-1].body_cost > MAX_STEPS or cost > MAX_STEPS:
                return (
                    f"condition may take more than {MAX_STEPS:,} steps to evaluate "
                    "(comprehensions over large lists); simplify it",
                    frame.start,
                )
            pending, last_list_size = None, size
            continue
        if kind == "comma":
            if top.bracket == "[":
                top.elements += 1
                top.any_element = False
            pending, last_list_size = None, None
            continue
        if kind == "dot":
            receiver_size = last_list_size
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            after = tokens[i + 2] if i + 2 < len(tokens) else None
            is_macro = nxt and nxt[0] == "ident" and nxt[1] in _MACROS and after and after[1] == "("
            pending = "dot-macro" if is_macro else None
            continue
        if kind == "ident" and pending == "dot-macro":
            pending = "macro"
            continue
        pending, last_list_size = None, None
        stack[-1].body_cost += 1
    return None


class Condition:
    """A compiled `when` expression; true means the finding stands."""

    def __init__(self, source: str, program: Any, path: str = "", line: int = 1, column: int = 1) -> None:
        self.source = source
        self._program = program
        self.path, self.line, self.column = path, line, column

    def __call__(self, a: dict[str, Any], b: dict[str, Any], doc: dict[str, Any]) -> bool:
        try:
            result = self._program.execute({"a": a, "b": b, "doc": doc})
        except (LookupError, RuntimeError, ValueError, TypeError):
            return False  # a field missing on this claim: the condition does not hold
        except Exception as err:  # ArithmeticError (1 / 0, overflow) and anything else
            raise RuleError(
                self.path, self.line, self.column, f"`when` expression failed: {plain_message(err)}"
            ) from None
        return result is True


def plain_message(err: BaseException) -> str:
    """The library's error text as one plain line: no Rust debug structs, no source echo."""
    text = str(err)
    text = text.split("\n| ", 1)[0]  # the echoed source and caret under a parse error
    text = re.sub(r"^Failed to parse expression .*?: ERROR: <input>:\d+:\d+:\s*", "", text, flags=re.S)
    text = re.sub(r"\s*expecting \{[^}]*\}", "", text)
    text = _RUST_DEBUG.sub("(details omitted)", text)
    text = " ".join(text.split())
    if not text:
        text = type(err).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def compile_condition(source: str, path: str, line: int, column: int) -> Condition:
    """Compile and dry-run a condition; errors point into the rule file. `line` and `column`
    are where the expression's first character sits in the file."""
    over = check_budget(source)
    if over is not None:
        message, offset = over
        row, col = _offset_position(source, offset)
        at_line = line + row - 1
        at_col = (column + col - 1) if row == 1 else col
        raise RuleError(path, at_line, at_col, f"bad `when` expression: {message}")
    import cel  # lazy: only rules with a `when` pay for the import

    try:
        program = cel.compile(source)
    except Exception as err:
        match = _POSITION.search(str(err))
        if match:
            row, col = int(match.group(1)), int(match.group(2))
            at_line = line + row - 1
            at_col = (column + col - 1) if row == 1 else col
            raise RuleError(path, at_line, at_col, f"bad `when` expression: {plain_message(err)}") from None
        raise RuleError(path, line, column, f"bad `when` expression: {plain_message(err)}") from None
    try:
        result = program.execute({"a": SAMPLE_CLAIM, "b": SAMPLE_CLAIM, "doc": SAMPLE_DOC})
    except KeyError as err:
        field = err.args[0] if err.args else "?"
        known = ", ".join(sorted(SAMPLE_CLAIM))
        raise RuleError(path, line, column, f"bad `when` expression: no field {field!r} (fields: {known})") from None
    except Exception as err:
        raise RuleError(path, line, column, f"bad `when` expression: {plain_message(err)}") from None
    if not isinstance(result, bool):
        raise RuleError(path, line, column, f"bad `when` expression: gives {type(result).__name__}, not a boolean")
    return Condition(source, program, path, line, column)


def _offset_position(source: str, offset: int) -> tuple[int, int]:
    """1-based (row, column) of a character offset within the expression."""
    row = source.count("\n", 0, offset) + 1
    col = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return row, col
