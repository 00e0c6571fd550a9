"""Word lists and the unit table the extractors match against: data, not logic.

Unit names are quantulum3's canonical names (a test checks this against quantulum3's own
table); currencies quantulum3 lacks get names in the same style. `factor` converts to the
entity's base unit (metre, kilogram, square metre, litre, metre per second, second, watt,
joule), so conversion checks need no second unit library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

RE_I_EXTRA = "\u0130\u0131\u017f\u212a"
"""The non-ASCII characters re.IGNORECASE matches to an ASCII letter (İ ı to i, ſ to s, the
Kelvin sign to k); `str.lower` maps İ to two characters and leaves ı and ſ alone."""

_AS_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """`pattern.finditer(text)` when every match starts at one of `starts` (sorted, a superset;
    the pattern matches no empty string): the same matches, each tried only there. Patterns
    that open with spaces or a lookbehind are tried at every character by `finditer`."""
    out = []
    pos = 0
    for at in starts:
        if at >= pos:
            m = pattern.match(text, at)
            if m is not None:
                out.append(m)
                pos = m.end()
    return out


def folded(word: str) -> str:
    """A word a case-insensitive pattern matched, as the lower-case key of the word lists
    here: 'Thouſands' and 'fİrst' matched `thousands` and `first` under re.I, so they look
    those up (a plain `lower()` would not find them)."""
    return word.translate(_AS_ASCII).lower()


UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALE_WORDS = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
SCALE_ABBREVIATIONS = {
    "k": 1_000,
    "K": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "M": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "B": 1_000_000_000,
    "bln": 1_000_000_000,
    "tn": 1_000_000_000_000,
    "trn": 1_000_000_000_000,
    "T": 1_000_000_000_000,
}
FRACTION_WORDS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
}
VAGUE_PLURALS = {  # "dozens of" -> [24, 99]
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "millions": (2_000_000, 9_999_999),
    "billions": (2_000_000_000, 9_999_999_999),
}

# Qualifiers before a figure, longest first when compiled.
APPROX_BEFORE = (
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "circa",
    "c.",
    "an estimated",
    "estimated",
    "reportedly",
    "approx.",
    "close to",
    "nearly",
    "almost",
    "~",
    "just under",
    "just over",
    "just shy of",
    "just below",
    "just above",
    "more or less",
)
LOWER_BOUND_BEFORE = (
    "more than",
    "over",
    "above",
    "at least",
    "no fewer than",
    "no less than",
    "upwards of",
    "in excess of",
    # headline verbs that say "more than": "budget tops $210 million", "toll passes 100"
    "tops",
    "topped",
    "exceeds",
    "exceeded",
    "surpasses",
    "surpassed",
    "passes",
    "a minimum of",
    "exceeding",
    "as few as",
    "greater than",
    "beyond",
    "north of",
    "not less than",
    "well over",
)
UPPER_BOUND_BEFORE = (
    "fewer than",
    "less than",
    "under",
    "below",
    "up to",
    "at most",
    "as many as",
    "as much as",
    "no more than",
    "a maximum of",
    "not more than",
    "as high as",
    "a maximum",
    "maximum of",
    "short of",
    "well under",
    "well below",
)
APPROX_AFTER = ("or so", "-odd", " odd", " or thereabouts")
LOWER_AFTER = ("or more", "plus", "+", "-plus", " and up", " and counting", " or over")
UPPER_AFTER = ("or fewer", "or less", "or under", "at most", " or below")

NOT_COUNTED = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "as",
        "than",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "must",
        "can",
        "did",
        "do",
        "does",
        "this",
        "these",
        "those",
        "there",
        "their",
        "its",
        "his",
        "her",
        "our",
        "your",
        "my",
        "per",
        "each",
        "every",
        "since",
        "until",
        "after",
        "before",
        "during",
        "while",
        "when",
        "where",
        "if",
        "because",
        "about",
        "around",
        "over",
        "under",
        "into",
        "onto",
        "upon",
        "out",
        "up",
        "down",
        "off",
        "through",
        "across",
        "between",
        "among",
        "against",
        "toward",
        "towards",
        "more",
        "less",
        "fewer",
        "most",
        "least",
        "than",
        "then",
        "also",
        "just",
        "only",
        "even",
        "still",
        "yet",
        "so",
        "not",
        "no",
        "nor",
        # time adverbs right after a figure ('at 69 late on Wednesday'): never the thing counted
        "late",
        "early",
        "earlier",
        "later",
        "overnight",
        "yesterday",
        "today",
        "tonight",
        "tomorrow",
        "ago",
        "apiece",
        "respectively",
    ]
)

ID_WORDS = frozenset(
    [
        "section",
        "article",
        "chapter",
        "page",
        "pages",
        "no",
        "number",
        "flight",
        "route",
        "highway",
        "room",
        "platform",
        "gate",
        "apollo",
        "windows",
        "level",
        "grade",
        "season",
        "episode",
        "act",
        "amendment",
        "resolution",
        "bill",
        "proposition",
        "prop",
        "interstate",
        "building",
        "block",
        "unit",
        "suite",
        "floor",
        "ward",
        "district",
        "precinct",
        "station",
        "terminal",
        "channel",
        "version",
        "phase",
        "item",
        "exhibit",
        "line",
        "bus",
        "track",
        "camp",
        "pier",
        "lot",
        "paragraph",
        "clause",
        "rule",
        "figure",
        "table",
        "volume",
        "vol",
        "part",
        "series",
        "model",
        "mark",
        "class",
        "type",
        "category",
        "tier",
        "code",
        "form",
        "schedule",
        "psalm",
        "verse",
        "hall",
        "court",
        "box",
        "pp",
        "p",
        "step",
        "stage",
        "round",
        "game",
        "week",
        "day",
        "sector",
        "zone",
    ]
)
"""A figure right after one of these is a label ("Section 5", "Flight 17"), not a quantity.
`day`/`week` cover "Day 3", "Week 5" when capitalised; see quantities._is_label."""

STREET_WORDS = frozenset(
    [
        "street",
        "st",
        "road",
        "rd",
        "avenue",
        "ave",
        "lane",
        "ln",
        "boulevard",
        "blvd",
        "drive",
        "dr",
        "way",
        "place",
        "pl",
        "square",
        "sq",
        "court",
        "ct",
        "terrace",
        "crescent",
        "close",
        "highway",
        "parkway",
    ]
)

SCORE_CONTEXT = frozenset(
    [
        "win",
        "wins",
        "won",
        "victory",
        "victories",
        "defeat",
        "defeats",
        "defeated",
        "loss",
        "losses",
        "lost",
        "lead",
        "leads",
        "led",
        "draw",
        "drew",
        "tie",
        "tied",
        "beat",
        "beating",
        "scoreline",
        "ruling",
        "decision",
        "vote",
        "verdict",
        "majority",
        "home",
        "away",
        "thrashing",
        "triumph",
        "advantage",
        "margin",
        "series",
        "final",
    ]
)


@dataclass(frozen=True)
class UnitDef:
    name: str
    entity: str
    factor: float = 1.0
    offset: float = 0.0


# (canonical name, entity, factor to base, surfaces (lower-case words), symbols (case-sensitive))
_UNIT_ROWS: list[tuple[str, str, float, tuple[str, ...], tuple[str, ...]]] = [
    ("percentage", "dimensionless", 1, ("percent", "per cent", "pct", "per-cent"), ("%", "pc")),
    (
        "percentage point",
        "dimensionless",
        1,
        ("percentage point", "percentage-point", "percent point", "per cent point"),
        ("pp", "ppt"),
    ),
    ("kilometre", "length", 1000, ("kilometre", "kilometer", "kilometres", "kilometers", "kms"), ("km",)),
    ("metre", "length", 1, ("metre", "meter", "metres", "meters"), ("m",)),
    ("centimetre", "length", 0.01, ("centimetre", "centimeter", "centimetres", "centimeters"), ("cm",)),
    ("millimetre", "length", 0.001, ("millimetre", "millimeter", "millimetres", "millimeters"), ("mm",)),
    ("mile", "length", 1609.344, ("mile", "miles"), ("mi",)),
    ("nautical mile", "length", 1852, ("nautical mile", "nautical miles"), ("nmi",)),
    ("foot", "length", 0.3048, ("foot", "feet"), ("ft",)),
    ("inch", "length", 0.0254, ("inch", "inches"), ("in.",)),
    ("yard", "length", 0.9144, ("yard", "yards"), ("yd", "yds")),
    ("kilogram", "mass", 1, ("kilogram", "kilograms", "kilogramme", "kilogrammes", "kilo", "kilos"), ("kg", "kgs")),
    ("gram", "mass", 0.001, ("gram", "grams", "gramme", "grammes"), ("g",)),
    ("tonne", "mass", 1000, ("tonne", "tonnes", "metric ton", "metric tons"), ()),
    ("ton", "mass", 907.18474, ("ton", "tons", "short ton", "short tons"), ()),
    ("pound-mass", "mass", 0.45359237, (), ("lb", "lbs")),
    ("stone", "mass", 6.35029318, ("stone",), ()),  # "15 stone (95kg)"; plural "stones" are rocks
    ("ounce", "mass", 0.028349523125, ("ounce", "ounces"), ("oz",)),
    (
        "square kilometre",
        "area",
        1e6,
        ("square kilometre", "square kilometer", "square kilometres", "square kilometers", "sq km", "sq. km"),
        ("km2", "km²"),
    ),
    (
        "square metre",
        "area",
        1,
        ("square metre", "square meter", "square metres", "square meters", "sq m"),
        ("m2", "m²"),
    ),
    ("square mile", "area", 2_589_988.110336, ("square mile", "square miles", "sq mi", "sq miles"), ()),
    ("square foot", "area", 0.09290304, ("square foot", "square feet", "sq ft"), ()),
    ("hectare", "area", 10_000, ("hectare", "hectares"), ("ha",)),
    ("acre", "area", 4046.8564224, ("acre", "acres"), ()),
    ("litre", "volume", 1, ("litre", "liter", "litres", "liters"), ("l",)),
    ("millilitre", "volume", 0.001, ("millilitre", "milliliter", "millilitres", "milliliters"), ("ml",)),
    ("gallon", "volume", 3.785411784, ("gallon", "gallons"), ("gal",)),
    ("barrel", "volume", 158.987294928, ("barrel", "barrels"), ("bbl",)),
    ("magnitude", "magnitude", 1, (), ()),  # a quake's size: 'magnitude 6.4', 'the 6.9-magnitude quake'
    ("cubic metre", "volume", 1000, ("cubic metre", "cubic meter", "cubic metres", "cubic meters"), ("m3", "m³")),
    (
        "kilometre per hour",
        "speed",
        1 / 3.6,
        ("kilometres per hour", "kilometers per hour", "kilometre per hour", "kilometer per hour"),
        ("km/h", "kph", "kmh"),
    ),
    ("mile per hour", "speed", 0.44704, ("miles per hour", "mile per hour", "miles an hour"), ("mph",)),
    ("knot", "speed", 0.514444, ("knot", "knots"), ("kt", "kts")),
    ("metre per second", "speed", 1, ("metres per second", "meters per second"), ("m/s",)),
    (
        "degree Celsius",
        "temperature",
        1,
        (
            "degrees celsius",
            "degree celsius",
            "celsius",
            "celcius",
            "degrees centigrade",
            "centigrade",
            "degrees c",
            "degree c",
            "deg c",
            "deg celsius",
        ),
        ("°C", "ºC", "C"),
    ),
    (
        "degree fahrenheit",
        "temperature",
        5 / 9,
        (
            "degrees fahrenheit",
            "degree fahrenheit",
            "fahrenheit",
            "farenheit",
            "degrees farenheit",
            "degrees f",
            "degree f",
            "deg f",
        ),
        ("°F", "ºF", "F"),
    ),
    ("second", "time", 1, ("second", "seconds"), ("sec", "secs", "s")),
    ("minute", "time", 60, ("minute", "minutes"), ("min", "mins")),
    ("hour", "time", 3600, ("hour", "hours"), ("hr", "hrs", "h")),
    ("day", "time", 86400, ("day", "days"), ()),
    ("week", "time", 604800, ("week", "weeks"), ()),
    ("month", "time", 2_629_746, ("month", "months"), ()),
    ("year", "time", 31_556_952, ("year", "years"), ("yr", "yrs")),
    ("decade", "time", 315_569_520, ("decade", "decades"), ()),
    ("century", "time", 3_155_695_200, ("century", "centuries"), ()),
    ("watt", "power", 1, ("watt", "watts"), ("W",)),
    ("kilowatt", "power", 1e3, ("kilowatt", "kilowatts"), ("kW",)),
    ("megawatt", "power", 1e6, ("megawatt", "megawatts"), ("MW",)),
    ("gigawatt", "power", 1e9, ("gigawatt", "gigawatts"), ("GW",)),
    (
        "kilowatt hour",
        "energy",
        3.6e6,
        ("kilowatt hour", "kilowatt hours", "kilowatt-hour", "kilowatt-hours"),
        ("kWh",),
    ),
    ("megawatt hour", "energy", 3.6e9, ("megawatt hour", "megawatt hours", "megawatt-hours"), ("MWh",)),
    ("gigabyte", "data storage", 1, ("gigabyte", "gigabytes"), ("GB",)),
    ("terabyte", "data storage", 1000, ("terabyte", "terabytes"), ("TB",)),
    ("megabyte", "data storage", 0.001, ("megabyte", "megabytes"), ("MB",)),
    ("megaton", "energy", 4.184e15, ("megaton", "megatons", "megatonne", "megatonnes"), ("Mt",)),
    ("calorie", "energy", 4.184, ("calorie", "calories"), ("kcal", "cal")),
    ("horsepower", "power", 745.7, ("horsepower",), ("hp", "bhp")),
]

# (name, symbols before the figure, words after it)
_CURRENCY_ROWS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("dollar", ("$", "US$", "USD", "US $"), ("dollar", "dollars", "us dollars", "usd", "bucks", "dlrs", "dlr")),
    ("australian dollar", ("A$", "AU$", "AUD"), ("australian dollars", "aud")),
    ("canadian dollar", ("C$", "CA$", "CAD"), ("canadian dollars", "cad")),
    ("new zealand dollar", ("NZ$", "NZD"), ("new zealand dollars", "nzd")),
    ("hong kong dollar", ("HK$", "HKD"), ("hong kong dollars", "hkd")),
    ("singapore dollar", ("S$", "SGD"), ("singapore dollars", "sgd")),
    ("pound sterling", ("£", "GBP"), ("pound", "pounds", "pounds sterling", "sterling", "gbp", "quid", "stg")),
    ("euro", ("€", "EUR"), ("euro", "euros", "eur")),
    ("japanese yen", ("JPY",), ("yen", "jpy")),
    ("chinese yuan", ("¥", "CNY", "RMB"), ("yuan", "renminbi", "cny", "rmb")),
    ("indian rupee", ("₹", "Rs", "Rs.", "INR"), ("rupee", "rupees", "inr")),
    ("russian ruble", ("₽", "RUB"), ("rouble", "roubles", "ruble", "rubles", "rub")),
    ("ukrainian hryvnia", ("₴", "UAH"), ("hryvnia", "hryvnias", "hryvnia", "uah")),
    ("swiss franc", ("CHF",), ("swiss francs", "francs", "chf")),
    ("mexican peso", ("MX$", "MXN"), ("pesos", "peso", "mxn")),
    ("brazilian real", ("R$", "BRL"), ("reais", "brl")),
    ("south african rand", ("ZAR",), ("rand", "zar")),
    ("south korean won", ("₩", "KRW"), ("won", "krw")),
    ("turkish lira", ("₺", "TRY"), ("lira", "liras", "try")),
    ("israeli new shekel", ("₪", "ILS"), ("shekel", "shekels", "ils")),
    ("nigerian naira", ("₦", "NGN"), ("naira", "ngn")),
    ("swedish krona", ("SEK",), ("kronor", "krona", "sek")),
    ("norwegian krone", ("NOK",), ("norwegian kroner", "kroner", "krone", "nok")),
    ("danish krone", ("DKK",), ("danish kroner", "danish krone", "dkk")),
    ("malaysian ringgit", ("RM", "MYR"), ("ringgit", "myr")),
    ("indonesian rupiah", ("Rp", "IDR"), ("rupiah", "idr")),
    ("thai baht", ("฿", "THB"), ("baht", "thb")),
    ("polish zloty", ("PLN",), ("zloty", "zlotys", "zlotych", "pln")),
    ("hungarian forint", ("HUF",), ("forint", "forints", "huf")),
    ("philippine peso", ("₱", "PHP"), ("philippine pesos", "php")),
    ("uae dirham", ("AED",), ("dirham", "dirhams", "aed")),
    ("saudi riyal", ("SAR",), ("riyal", "riyals", "sar")),
    ("egyptian pound", ("EGP",), ("egyptian pounds", "egp")),
    ("pakistani rupee", ("PKR",), ("pakistani rupees", "pkr")),
    ("vietnamese dong", ("₫", "VND"), ("dong", "vnd")),
    ("cent", (), ("cent", "cents", "cts")),
    ("penny", (), ("pence", "penny", "pennies", "p")),
    ("bitcoin", ("BTC", "₿"), ("bitcoin", "bitcoins", "btc")),
]

# Units whose word names two sizes: British copy means the imperial gallon (4.546 l) and the
# long ton (1,016 kg), American copy the US ones. A conversion holds if either size fits.
OTHER_SIZES: dict[str, tuple[float, ...]] = {"gallon": (4.54609,), "ton": (1016.0469088,)}

UNITS: dict[str, UnitDef] = {}
UNIT_SURFACES: dict[str, str] = {}  # lower-case word form -> unit name
UNIT_SYMBOLS: dict[str, str] = {}  # case-sensitive symbol -> unit name
CURRENCY_PREFIXES: dict[str, str] = {}  # symbol before a figure -> currency name
CURRENCY_WORDS: dict[str, str] = {}  # word after a figure -> currency name

for _name, _entity, _factor, _surfaces, _symbols in _UNIT_ROWS:
    UNITS[_name] = UnitDef(_name, _entity, _factor, -32 * 5 / 9 if _name == "degree fahrenheit" else 0.0)
    for _s in _surfaces:
        UNIT_SURFACES[_s] = _name
    for _s in _symbols:
        UNIT_SYMBOLS[_s] = _name
for _name, _prefixes, _words in _CURRENCY_ROWS:
    UNITS[_name] = UnitDef(_name, "currency", 0.01 if _name in {"cent", "penny"} else 1.0)
    for _s in _prefixes:
        CURRENCY_PREFIXES[_s] = _name
    for _s in _words:
        CURRENCY_WORDS[_s] = _name
UNITS["dimensionless"] = UnitDef("dimensionless", "dimensionless")
UNIT_SYMBOLS["p"] = "penny"  # glued only ("615p"), and read as pence only beside money words

LIFE_EVENT_VERBS = ("becoming", "became", "become", "becomes", "retired", "retiring", "retires")
"""Verbs an age follows with 'at' ('becoming at 41 the youngest', 'retired at 65'): read as an
age by the quantity reader and bound to the sentence's person by the people layer."""
DEATH_AT_VERBS = ("died", "dies", "dying")  # 'died at 81': an age too; the people layer binds it as a death age

GLUE_ONLY_SYMBOLS = frozenset({"m", "g", "l", "s", "h", "C", "F", "W", "in.", "p", "pc", "B", "T", "M"})
"""Symbols too ambiguous to read after a space ("5 m" in "5 m people"): only glued, "40C"."""

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}

EVERYDAY_NOT_UNITS = frozenset(
    """time times count counts turn turns piece pieces set sets drop drops point points degree degrees
    line lines stroke strokes shot shots round rounds cup cups cell cells unit units wave waves step
    steps lap laps mark marks grain grains cycle cycles beat beats bit bits pack packs dose doses
    stone stones bar bars block blocks floor floors story stories storey storeys""".split()
)
"""Everyday nouns that quantulum3 also knows as units: '12 times', '3 points', '40 stories'."""
