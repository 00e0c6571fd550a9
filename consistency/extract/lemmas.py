"""English lemmas from simplemma, without decoding its dictionary on every start.

simplemma ships its English dictionary front-coded and lzma-compressed, and decodes it in
pure Python on first use: about half of a cold `consistency check` of one short draft. The
decoded table is the same every time for one simplemma release, so it is written once to a
plain cache file (`key TAB value` lines, `$CONSISTENCY_CACHE_DIR`, else
`$XDG_CACHE_HOME/consistency`, else `~/.cache/consistency`) and read back with two C-speed
splits. simplemma's own strategies do the lemmatising, on that table, so every answer is the
one simplemma gives. Anything unexpected (another simplemma layout, an unwritable or damaged
cache) falls back to simplemma's public functions.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

_FORMAT = b"consistency-lemmas 1"


def cache_dir() -> Path:
    """Where derived data that is expensive to rebuild lives."""
    explicit = os.environ.get("CONSISTENCY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "consistency"


def _header(source: Path, version: str) -> bytes:
    stat = source.stat()
    return b" ".join([_FORMAT, version.encode(), str(stat.st_size).encode(), str(stat.st_mtime_ns).encode()])


def _read_cache(path: Path, header: bytes) -> dict[bytes, bytes] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    first, _, body = data.partition(b"\n")
    head, _, count = first.rpartition(b" ")
    if head != header or not count.isdigit():
        return None
    parts = body.replace(b"\n", b"\t").split(b"\t")
    if len(parts) != 2 * int(count):
        return None  # truncated or edited: decode afresh
    return dict(zip(parts[0::2], parts[1::2], strict=True))


def _write_cache(path: Path, header: bytes, table: dict[bytes, bytes]) -> None:
    if any(b"\t" in k or b"\n" in k or b"\t" in v or b"\n" in v for k, v in table.items()):
        return  # the format cannot hold it: keep decoding
    body = b"\n".join(k + b"\t" + v for k, v in table.items())
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(header + b" " + str(len(table)).encode() + b"\n" + body)
            os.replace(tmp, path)  # atomic: concurrent runs never read half a file
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _english_table(load: Callable[[str], dict[bytes, bytes]], source: Path, version: str) -> dict[bytes, bytes]:
    header = _header(source, version)
    path = cache_dir() / f"simplemma-{version}-en.tsv"
    table = _read_cache(path, header)
    if table is None:
        table = load("en")
        _write_cache(path, header, table)
    return table


@functools.cache
def _backend() -> tuple[Callable[[str], str], Callable[[str], bool]]:
    """(lemmatize, is_known) for English, on the cached table when simplemma allows it."""
    import simplemma

    try:
        from simplemma.lemmatizer import Lemmatizer
        from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
        from simplemma.strategies.dictionaries import dictionary_factory as factories
        from simplemma.utils import normalize_token

        version = simplemma.__version__
        source = factories.DATA_FOLDER / "en.plzma"
        load = factories._load_dictionary_from_disk
        wrap = factories.MappingStrToByteString

        class _Factory(factories.CachingDictionaryFactory):
            """simplemma's default factory, with English read from the cache file."""

            def _get_dictionary_uncached(self, lang: str) -> object:
                if lang == "en":
                    return wrap(_english_table(load, source, version))
                return wrap(load(lang))

        factory = _Factory()
        lemmatizer = Lemmatizer(lemmatization_strategy=DefaultStrategy(greedy=False, dictionary_factory=factory))
        lookup = DictionaryLookupStrategy(factory)
    except (ImportError, AttributeError, TypeError, OSError):  # another simplemma: its own functions
        return (
            lambda word: simplemma.lemmatize(word, lang="en"),
            lambda word: simplemma.is_known(word, lang="en"),
        )

    def known(word: str) -> bool:
        # simplemma.is_known's checks, in its order
        if not isinstance(word, str) or word == "":
            raise ValueError("is_known needs a non-empty string")
        return lookup.get_lemma(normalize_token(word), "en") is not None

    return (lambda word: lemmatizer.lemmatize(word, "en")), known


def lemmatize(word: str) -> str:
    """simplemma.lemmatize(word, lang="en")."""
    return _backend()[0](word)


def is_known(word: str) -> bool:
    """simplemma.is_known(word, lang="en")."""
    return _backend()[1](word)
