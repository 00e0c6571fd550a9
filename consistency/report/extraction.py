"""`consistency extract` output: the JSON contract of DESIGN.md and a table for editors."""

from __future__ import annotations

import json
from typing import TextIO

from consistency.errors import InputError
from consistency.extract import Extraction
from consistency.extract.numbers import format_number


def _located(ex: Extraction, item: dict) -> dict:
    line, col = ex.document.position(item["start"])
    end_line, end_col = ex.document.position(item["end"])
    item.update(line=line, column=col, end_line=end_line, end_column=end_col)
    return item


def extraction_json(extractions: list[Extraction], errors: list[InputError]) -> dict:
    documents = []
    for ex in extractions:
        documents.append(
            {
                "path": ex.document.path,
                "date": ex.reference_date.isoformat() if ex.reference_date else None,
                "title": ex.document.title,
                "quantities": [_located(ex, q.as_dict()) for q in ex.quantities],
                "dates": [_located(ex, d.as_dict()) for d in ex.dates],
                "claims": [_located(ex, c.as_dict()) for c in ex.claims],
                "notes": ex.notes,
            }
        )
    return {"documents": documents, "errors": [{"path": e.path, "message": e.message} for e in errors]}


def write_json(out: TextIO, extractions: list[Extraction], errors: list[InputError]) -> None:
    json.dump(extraction_json(extractions, errors), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_table(out: TextIO, extractions: list[Extraction], errors: list[InputError]) -> None:
    for ex in extractions:
        date = ex.reference_date.isoformat() if ex.reference_date else "no reference date"
        out.write(f"{ex.document.path}  ({date})\n")
        for note in ex.notes:
            out.write(f"  note: {note}\n")
        if ex.dates:
            out.write("  dates\n")
            for d in ex.dates:
                line, col = ex.document.position(d.start)
                extra = f"  weekday written: {d.as_dict()['weekday']}" if d.weekday is not None else ""
                out.write(f"    {line}:{col:<5} {d.kind:<9} {d.value or '(unresolved)':<23} {d.text!r}{extra}\n")
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
                    f"    {line}:{col:<5} {c.text!r:<28} {interval:<24} {c.unit:<18} "
                    f"{what:<26} as of {as_of:<11} {flags}\n"
                )
        out.write("\n")
    for e in errors:
        out.write(f"{e.path}: error: {e.message}\n")
