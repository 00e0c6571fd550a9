"""consistency: a linter for the numbers in news copy."""

__version__ = "0.1.0"

from consistency import diskcache as _diskcache

_diskcache.install_pattern_cache()  # before any module of ours compiles its patterns
