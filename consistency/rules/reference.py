"""The rule reference (`docs/rules.md`), generated from the rule files so it cannot drift:
`consistency rules docs > docs/rules.md` (or `python -m consistency.rules.reference`).
`tests/test_rule_authoring.py` fails when the committed file differs from what this writes.

The output depends only on the rule files and the check kinds: no dates, absolute paths or
timings, so it is the same on every machine.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from consistency.rules.checks import KINDS
from consistency.rules.loader import read_yaml
from consistency.rules.model import Rule
from consistency.rules.placeholders import PROVIDED

REGENERATE = "consistency rules docs > docs/rules.md"


def _shown_path(rule: Rule, packs: Sequence[tuple[Path, str]]) -> str:
    """The rule file's path under its pack's label (`rules/article/x.yaml`), never absolute."""
    path = Path(rule.path).resolve()
    for folder, label in packs:
        try:
            return f"{label}/{path.relative_to(folder.resolve()).as_posix()}"
        except ValueError:
            continue
    return path.name


def _value(v: Any) -> str:
    return "`" + json.dumps(v, ensure_ascii=False).replace("`", "'") + "`"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    return _one_line(text).replace("|", "\\|")


def _declared(rule: Rule) -> dict[str, Any]:
    """The rule file's own keys (parameters as written, before the kind's defaults)."""
    try:
        data, _ = read_yaml(Path(rule.path))
    except Exception:  # the rule loaded a moment ago; a file changed under us shows no params
        return {}
    return data if isinstance(data, dict) else {}


def _selection(rule: Rule) -> list[str]:
    sel = rule.select
    out = []
    for label, values in (("kinds", sel.kinds), ("entities", sel.entities), ("units", sel.units),
                          ("lemmas", sel.lemmas), ("predicates", sel.predicates),
                          ("not lemmas", sel.exclude_lemmas)):
        if values:
            out.append(f"{label} {', '.join(f'`{v}`' for v in sorted(values))}")
    if sel.include_quoted:
        out.append("quoted speech included")
    if sel.include_corrections:
        out.append("correction notices included")
    return out


def _example(n: int, ex: Any) -> list[str]:
    verdict = "fires" if ex.expect == "fire" else "stays silent"
    if ex.findings:
        verdict += f" ({ex.findings} finding{'s' if ex.findings != 1 else ''})"
    name = f" — {_one_line(ex.name)}" if ex.name else ""
    lines = [f"{n}. **{verdict}**{name}"]
    for d in ex.documents:
        meta = ", ".join(x for x in (d.date.isoformat() if d.date else "", f"story `{d.story}`" if d.story else "",
                                     f"title “{_one_line(d.title)}”" if d.title else "") if x)
        lines.append(f"   > {_one_line(d.text)}" + (f" *({meta})*" if meta else ""))
    return lines


def rule_section(rule: Rule, packs: Sequence[tuple[Path, str]]) -> list[str]:
    kind = KINDS.get(rule.check)
    declared = _declared(rule).get("params") or {}
    out = [f"### `{rule.id}`", "", _one_line(rule.summary), ""]
    out.append("| severity | scope | check | file |")
    out.append("|---|---|---|---|")
    note = " (experimental: runs only with `--select`)" if rule.experimental else ""
    out.append(f"| {rule.severity}{note} | {rule.scope} | [`{rule.check}`](#check-{rule.check}) | "
               f"`{_shown_path(rule, packs)}` |")
    out.append("")
    if rule.description:
        out += [_one_line(rule.description), ""]
    facts = []
    sel = _selection(rule)
    if sel:
        facts.append(f"- **Claims taken:** {'; '.join(sel)}.")
    if rule.match_on:
        facts.append(f"- **Compared only when they agree on:** {', '.join(f'`{m}`' for m in rule.match_on)}.")
    if rule.when is not None:
        facts.append(f"- **Condition (`when`):** `{_one_line(rule.when.source)}`")
    facts.append(f"- **Message:** `{_one_line(rule.message)}`")
    out += [*facts, ""]
    if rule.params:
        defaults = kind.defaults() if kind else {}
        out += ["| parameter | value | kind default |", "|---|---|---|"]
        for name in sorted(rule.params):
            value = rule.params[name]
            set_here = name in declared
            out.append(f"| `{name}` | {_value(value)}{'' if set_here else ' (default)'} | "
                       f"{_value(defaults.get(name))} |")
        out.append("")
    out += ["Examples (run by `consistency rules test`):", ""]
    for n, ex in enumerate(rule.examples, 1):
        out += _example(n, ex)
    out.append("")
    return out


def kind_section(name: str) -> list[str]:
    kind = KINDS[name]
    provides = PROVIDED.get(name)
    out = [f"### <a id=\"check-{name}\"></a>`{name}`", "", f"{_one_line(kind.summary)}.", ""]
    out.append(f"- **Scopes:** {', '.join(kind.scopes)}")
    if provides is not None:
        fields = [f"`{{{f}}}`" for f in (*provides.fields, "where")]
        claims = [f"`{{{c}.FIELD}}`" for c in provides.claims]
        out.append(f"- **Message placeholders:** {', '.join(fields + claims)}")
    if kind.parameters:
        out.append("- **Parameters:** " + "; ".join(
            f"`{p}` ({_schema_type(schema)}, default {_value(default)})"
            for p, (schema, default) in sorted(kind.parameters.items())))
    out.append("")
    return out


def _schema_type(schema: dict[str, Any]) -> str:
    t = schema.get("type", "any")
    if t == "array":
        items = schema.get("items", {})
        inner = items.get("type", "any")
        if inner == "array":
            inner = f"list of {items.get('items', {}).get('type', 'any')}"
        return f"list of {inner}"
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    return str(t)


def generate(rules: Sequence[Rule], packs: Sequence[tuple[Path, str]]) -> str:
    """The whole reference as Markdown."""
    out = [
        "# Rule reference",
        "",
        f"<!-- Generated from the rule files by `{REGENERATE}`. Do not edit: edit the YAML and",
        "     regenerate; tests/test_rule_authoring.py fails when this file is stale. -->",
        "",
        "Every rule of the default pack (`rules/`), generated from its YAML: summary, description,",
        "severity, scope, check kind, parameters and the examples `consistency rules test` runs.",
        "How the engine judges figures, how well each rule does on real text and how fast it runs",
        "are in [rule-quality.md](rule-quality.md); how to write your own rules is in",
        "[writing-rules.md](writing-rules.md).",
        "",
        "## Rules",
        "",
        "| rule | severity | scope | check | summary |",
        "|---|---|---|---|---|",
    ]
    for r in rules:
        out.append(f"| [`{r.id}`](#{r.id}) | {r.severity} | {r.scope} | `{r.check}` | {_cell(r.summary)} |")
    out.append("")
    for scope, title in (("article", "Article rules"), ("corpus", "Corpus rules")):
        chosen = [r for r in rules if r.scope == scope]
        if not chosen:
            continue
        out += [f"## {title}", ""]
        for r in chosen:
            out += rule_section(r, packs)
    out += ["## Check kinds", "",
            "A rule names one built-in check kind (`check:`); its `params` are validated against the",
            "kind's parameter schema, and its `message` may use the placeholders the kind provides",
            "(`{a.FIELD}` and `{b.FIELD}` are the two claims: any field a `when` condition sees).", ""]
    for name in sorted(KINDS):
        out += kind_section(name)
    return "\n".join(out).rstrip("\n") + "\n"


def main() -> int:
    """`python -m consistency.rules.reference`: the default pack's reference on stdout."""
    from consistency.rules.loader import DEFAULT_RULES, load_rules

    rules, errors = load_rules([DEFAULT_RULES])
    for err in errors:
        print(f"consistency: {err}", file=sys.stderr)
    if errors:
        return 2
    sys.stdout.write(generate(rules, [(DEFAULT_RULES, "rules")]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
