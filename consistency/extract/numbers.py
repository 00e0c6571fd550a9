"""Read one written number ("1,250.5", "eighty-seven", "a dozen", "two-thirds") into a value
and the rounding it carries, and render numbers back (used by property tests and messages)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from consistency.extract.lexicon import (
    FRACTION_WORDS,
    SCALE_WORDS,
    TENS_WORDS,
    UNITS_WORDS,
)

_WORD_VALUES = {**UNITS_WORDS, **TENS_WORDS}
NUMBER_WORD_ALTERNATION = "|".join(
    sorted([*UNITS_WORDS, *TENS_WORDS, *SCALE_WORDS, "dozen", "a", "an", "and", *FRACTION_WORDS], key=len, reverse=True)
)


@dataclass(frozen=True)
class ParsedNumber:
    value: float
    half_unit: float
    """Half the place value of the last written digit: "1.25" -> 0.005, "1,200" -> 0.5."""
    is_fraction: bool = False
    significant_half_unit: float = 0.5
    """Half the place of the last non-zero digit: "1,200" -> 50. Used for "about 1,200"."""


_PLAIN_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_WORD_BREAKS = re.compile(r"[\s\-]+")


def parse_digits(text: str) -> ParsedNumber | None:
    """'1,250', '3.5', '12 000' (thin-space groups) -> value and precision."""
    cleaned = text.replace(",", "").replace("\u202f", "").replace("\u2009", "").replace(" ", "")
    if cleaned.startswith("."):
        cleaned = "0" + cleaned
    if not cleaned or not _PLAIN_DIGITS.fullmatch(cleaned):
        return None
    value = float(cleaned)
    if not math.isfinite(value) or len(cleaned) > 300:
        return None  # beyond the float range (309+ digits): not a figure that can be compared
    decimals = len(cleaned.split(".")[1]) if "." in cleaned else 0
    half = 0.5 * 10**-decimals
    return ParsedNumber(value, half, significant_half_unit=_significant_half(cleaned, half))


def _significant_half(cleaned: str, half: float) -> float:
    if "." in cleaned:
        return half
    stripped = cleaned.rstrip("0")
    zeros = len(cleaned) - len(stripped) if stripped else 0
    return 0.5 * 10**zeros


def parse_words(text: str) -> ParsedNumber | None:
    """English number words: 'eighty-seven', 'one hundred and twenty', 'a dozen',
    'two-thirds', 'half', 'three million' (scale words handled by the caller when they
    follow digits)."""
    words = [w for w in _WORD_BREAKS.split(text.lower().strip()) if w]
    if not words:
        return None
    # Fractions: "two-thirds", "a quarter", "half", "one and a half"
    if words[:2] == ["half", "a"] and words[2:] == ["dozen"]:
        return ParsedNumber(6.0, 0.5, significant_half_unit=0.5)
    if words[-1] in FRACTION_WORDS and words[-1] != "dozen":
        denominator = FRACTION_WORDS[words[-1]]
        head = words[:-1]
        if head == ["and", "a"] or (len(head) >= 2 and head[-2:] == ["and", "a"]):
            whole = parse_words(" ".join(head[:-2])) if head[:-2] else None
            if whole is None:
                return None
            return ParsedNumber(whole.value + 1 / denominator, 0.0)
        if not head or head in (["a"], ["an"], ["one"]):
            numerator = 1.0
        else:
            parsed = parse_words(" ".join(head))
            if parsed is None or parsed.is_fraction:
                return None
            numerator = parsed.value
        if words[-1] in ("half", "halves") and head not in ([], ["a"], ["one"]):
            return None
        return ParsedNumber(numerator / denominator, 0.0, is_fraction=True, significant_half_unit=0.0)
    total = 0.0
    current = 0.0
    seen = False
    for word in words:
        if word in ("and",):
            continue
        if word in ("a", "an"):
            current = max(current, 1.0)
            continue
        if word == "dozen":
            current = (current or 1.0) * 12
            seen = True
        elif word in _WORD_VALUES:
            current += _WORD_VALUES[word]
            seen = True
        elif word in SCALE_WORDS:
            scale = SCALE_WORDS[word]
            current = (current or 1.0) * scale
            if scale >= 1000:
                total += current
                current = 0.0
            seen = True
        else:
            return None
    if not seen:
        return None
    value = total + current
    if not math.isfinite(value) or value > 1e300:
        return None  # "trillion trillion ..." past the float range
    return ParsedNumber(value, 0.5, significant_half_unit=_significant_half(str(int(value)), 0.5))


def scale_half_unit(parsed: ParsedNumber, scale: float) -> float:
    """Rounding carried by a scaled figure: '1.2 million' -> 50,000. A whole mantissa
    ('$1 billion', '3 million') is read as a round figure within 5%, not +/- half a unit."""
    return min(parsed.half_unit * scale, abs(parsed.value * scale) * 0.05)


def approx_margin(value: float, significant_half: float) -> float:
    """How far 'about X' reaches: the rounding of its last significant digit, kept between
    5% and 10% of the value ('about 4,000' reaches 3,600-4,400; 'about 87' 82.65-91.35)."""
    return max(abs(value) * 0.05, min(significant_half, abs(value) * 0.10))


def format_number(value: float) -> str:
    """Render a value the way copy would: '1,200', '3.5', '0.25'."""
    if math.isinf(value):
        return "∞"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")
