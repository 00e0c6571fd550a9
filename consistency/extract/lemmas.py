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

from consistency.diskcache import cache_dir, enabled

_FORMAT = b"consistency-lemmas 1"


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


class _Answers:
    """simplemma's answers for the words this machine has asked about, kept across runs.

    A draft's words are mostly words earlier runs have seen, and importing simplemma (its
    rules for 50 languages) and reading the English table cost about 0.25 s of a cold
    `check`, for a few hundred lookups. The answers are a pure function of (simplemma
    release, word), so they are remembered in a small file beside the table
    (`simplemma-en-answers-SIZE-MTIME.tsv`, named after simplemma's dictionary file), and
    simplemma is only imported on a word no run has asked about. New answers are merged into
    the file at exit (atomically; a lost race only loses cache entries). The file is bounded;
    a damaged one is ignored and rewritten.
    """

    LIMIT = 200_000
    PRUNE_ENTRIES = 4_000
    """Past this many answers, a save keeps only the ones this run asked: every cold start
    reads the whole file, and a corpus run once would otherwise slow every later draft."""

    def __init__(self) -> None:
        self.lemma: dict[str, str] = {}
        self.known: dict[str, bool] = {}
        self.new = 0
        self.loaded = False
        self.used_lemmas: set[str] = set()
        self.used_known: set[str] = set()

    def path(self) -> Path | None:
        import importlib.util

        try:  # where simplemma is, without importing it; its dictionary's stats stand for its release
            spec = importlib.util.find_spec("simplemma")
            folder = Path(spec.origin).parent if spec and spec.origin else None
            stat = (folder / "strategies" / "dictionaries" / "data" / "en.plzma").stat() if folder else None
        except (ImportError, ValueError, OSError):
            return None
        if stat is None:
            return None
        return cache_dir() / f"simplemma-en-answers-{stat.st_size}-{stat.st_mtime_ns}.tsv"

    def load(self) -> None:
        self.loaded = True
        path = self.path() if enabled() else None
        if path is None:
            return
        self._merge_file(path)
        import atexit

        atexit.register(self.save)

    def _merge_file(self, path: Path) -> None:
        try:
            lines = path.read_text("utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            return
        if not lines or lines[0] != _ANSWERS_FORMAT:
            return
        for line in lines[1:]:
            kind, _, rest = line.partition("\t")
            word, _, answer = rest.partition("\t")
            if kind == "L" and word and answer:
                self.lemma.setdefault(word, answer)
            elif kind == "K" and word and answer in ("0", "1"):
                self.known.setdefault(word, answer == "1")

    def save(self) -> None:
        path = self.path()
        big = len(self.lemma) + len(self.known) > self.PRUNE_ENTRIES
        if path is None or not (self.new or big):
            return
        self._merge_file(path)  # keep what other runs added meanwhile
        if len(self.lemma) + len(self.known) > self.LIMIT:
            return
        lemma, known = self.lemma, self.known
        if len(lemma) + len(known) > self.PRUNE_ENTRIES:  # keep this run's answers only
            lemma = {w: a for w, a in lemma.items() if w in self.used_lemmas}
            known = {w: a for w, a in known.items() if w in self.used_known}
        body = [_ANSWERS_FORMAT]
        body += [f"L\t{w}\t{a}" for w, a in sorted(lemma.items())]
        body += [f"K\t{w}\t{int(a)}" for w, a in sorted(known.items())]
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write("\n".join(body))
                os.replace(tmp, path)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        self.new = 0


_ANSWERS_FORMAT = "consistency-lemma-answers 1"
_answers = _Answers()


def forget() -> None:
    """Drop what this process knows (the backend and the remembered answers; files stay)."""
    global _answers
    _backend.cache_clear()
    _answers = _Answers()


def _storable(word: str, answer: str = "") -> bool:
    return not any(ch in "\t\n\r" for ch in word + answer)


def lemmatize(word: str) -> str:
    """simplemma.lemmatize(word, lang="en")."""
    if not _answers.loaded:
        _answers.load()
    _answers.used_lemmas.add(word)
    found = _answers.lemma.get(word)
    if found is None:
        found = _backend()[0](word)
        if _storable(word, found) and found:
            _answers.lemma[word] = found
            _answers.new += 1
    return found


def is_known(word: str) -> bool:
    """simplemma.is_known(word, lang="en")."""
    if not _answers.loaded:
        _answers.load()
    _answers.used_known.add(word)
    found = _answers.known.get(word)
    if found is None:
        found = _backend()[1](word)
        if _storable(word):
            _answers.known[word] = found
            _answers.new += 1
    return found
