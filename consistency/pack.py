"""Where the default rule pack is.

The pack lives at the top of the repository (`rules/`), where rule authors edit it. A wheel
carries a copy inside the package (`consistency/pack/`, copied at build time by setup.py),
found beside this module; an editable install or a checkout has no copy and uses
the repository's `rules/` folder.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).parent
"""The package's folder, as importlib.resources.files("consistency") gives it for a package on
disk (the same path, unresolved); asking importlib.resources itself costs every run a few ms of
imports (zipfile, tempfile, ...), so it is asked only when the package is not on disk."""
_CHECKOUT_PACK = Path(__file__).resolve().parent.parent / "rules"


def package_file(name: str) -> Any:
    """A file shipped inside the package (`data/rule.schema.json`): a Path when the package is
    on disk, else whatever importlib.resources gives (a zip import)."""
    path = _PACKAGE / name
    if path.is_file():
        return path
    from importlib import resources

    return resources.files("consistency").joinpath(name)


@functools.cache
def default_pack() -> Path:
    """The default pack's folder (its `article/`, `corpus/` and `lexicon/` folders)."""
    shipped = _PACKAGE / "pack"
    if shipped.is_dir():  # a wheel's copy (never inside a zip import: that is no Path folder)
        return shipped
    return _CHECKOUT_PACK
