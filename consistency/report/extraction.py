"""`consistency extract` output: the JSON contract of DESIGN.md and a table for editors."""

from __future__ import annotations

import io
import json
import textwrap
from collections.abc import Sequence
from typing import TextIO

from consistency.errors import ConsistencyError
from consistency.extract import Extraction
from consistency.extract.numbers import format_number
from consistency.findings import Notice
from consistency.report.findings import error_json, safe


def _located(ex: Extraction, item: dict) -> dict:
    line, col = ex.document.position(item["start"])
    end_line, end_col = ex.document.position(item["end"])
    item.update(line=line, column=col, end_line=end_line, end_column=end_col)
    return item


def document_json(ex: Extraction) -> dict:
    return {
        "path": ex.document.path,
        "date": ex.reference_date.isoformat() if ex.reference_date else None,
        "title": ex.document.title,
        "quantities": [_located(ex, q.as_dict()) for q in ex.quantities],
        "dates": [_located(ex, d.as_dict()) for d in ex.dates],
        "claims": [_located(ex, c.as_dict()) for c in ex.claims],
        "notes": ex.notes,
    }


def extraction_json(extractions: list[Extraction], errors: list[ConsistencyError]) -> dict:
    return {"documents": [document_json(ex) for ex in extractions], "errors": [error_json(e) for e in errors]}


class DocumentStream:
    """`extract` output written a document at a time. In JSON the result is one object,
    {"documents": [...], "errors": [...], "notices": [...]}, complete once `close` is called;
    a document is serialised whole before any of it is written."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        self.out = out
        self.fmt = fmt
        self.count = 0

    def add(self, ex: Extraction) -> None:
        if self.fmt != "json":
            buffer = io.StringIO()
            write_table(buffer, [ex], [])
            self.out.write(buffer.getvalue())
            return
        text = json.dumps(document_json(ex), ensure_ascii=False, indent=2, allow_nan=False)
        self.out.write(('{"documents": [\n' if self.count == 0 else ",\n") + textwrap.indent(text, "  "))
        self.count += 1

    def close(self, errors: Sequence[ConsistencyError], notices: Sequence[Notice]) -> None:
        if self.fmt != "json":
            for e in errors:
                self.out.write(f"{safe(e.where())}: error: {safe(e.message)}\n")
            for n in notices:
                self.out.write(f"{safe(n.path)}: note[{n.reason}] {safe(n.message)}\n")
            self.out.flush()
            return
        tail = {
            "errors": [error_json(e) for e in errors],
            "notices": [{"path": n.path, "reason": n.reason, "message": n.message} for n in notices],
        }
        rest = json.dumps(tail, ensure_ascii=False, indent=2, allow_nan=False)[1:]  # without its "{"
        head = '{"documents": [' if self.count == 0 else "\n"
        self.out.write(head + "],\n " + rest.lstrip("\n") + "\n")
        self.out.flush()


def write_json(out: TextIO, extractions: list[Extraction], errors: list[ConsistencyError]) -> None:
    out.write(json.dumps(extraction_json(extractions, errors), ensure_ascii=False, indent=2, allow_nan=False) + "\n")


def write_table(out: TextIO, extractions: list[Extraction], errors: list[ConsistencyError]) -> None:
    for ex in extractions:
        date = ex.reference_date.isoformat() if ex.reference_date else "no reference date"
        out.write(f"{safe(ex.document.path)}  ({date})\n")
        for note in ex.notes:
            out.write(f"  note: {note}\n")
        if ex.dates:
            out.write("  dates\n")
            for d in ex.dates:
                line, col = ex.document.position(d.start)
                extra = f"  weekday written: {d.as_dict()['weekday']}" if d.weekday is not None else ""
                value = d.value or "(unresolved)"
                out.write(f"    {line}:{col:<5} {d.kind:<9} {value:<23} {safe(repr(d.text))}{extra}\n")
        if ex.claims:
            out.write("  claims\n")
            for c in ex.claims:
                line, col = ex.document.position(c.start)
                interval = (
                    format_number(c.value)
                    if c.low == c.high == c.value
                    else f"[{format_number(c.low)}, {format_number(c.high)}]"
                )
                as_of = (
                    c.as_of_low.isoformat()
                    if c.as_of_low and c.as_of_low == c.as_of_high
                    else (f"{c.as_of_low}/{c.as_of_high}" if c.as_of_low else "-")
                )
                what = c.noun or ""
                flags = " ".join(
                    f
                    for f in (
                        "quoted" if c.quoted else "",
                        c.qualifier or "",
                        c.role or "",
                        f"verb={c.predicate}" if c.predicate else "",
                    )
                    if f
                )
                out.write(
                    f"    {line}:{col:<5} {safe(repr(c.text)):<28} {interval:<24} {c.unit:<18} "
                    f"{safe(what):<26} as of {as_of:<11} {flags}\n"
                )
        out.write("\n")
    for e in errors:
        out.write(f"{safe(e.where())}: error: {safe(e.message)}\n")
