"""Where the default rule pack is.

The pack lives at the top of the repository (`rules/`), where rule authors edit it. A wheel
carries a copy inside the package (`consistency/pack/`, copied at build time by setup.py),
found through importlib.resources; an editable install or a checkout has no copy and uses
the repository's `rules/` folder.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

_CHECKOUT_PACK = Path(__file__).resolve().parent.parent / "rules"


@functools.cache
def default_pack() -> Path:
    """The default pack's folder (its `article/`, `corpus/` and `lexicon/` folders)."""
    shipped = resources.files("consistency") / "pack"
    if isinstance(shipped, Path) and shipped.is_dir():
        return shipped
    return _CHECKOUT_PACK
