"""Per-document memory for what the claims layer derives from an Extraction.

The engine runs rule by rule over every document, so a reading several check kinds share
(the arithmetic links, the people of an article, its dated facts and ordinals) would be
rebuilt once per rule. It is kept on the Extraction itself, so it lives exactly as long as
the document and needs no eviction policy.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def per_document(build: Callable[[Any], T]) -> Callable[[Any], T]:
    """Cache `build(ex)` on `ex` (an Extraction) under the function's qualified name."""
    key = f"_claims_cache:{build.__module__}.{build.__qualname__}"

    @functools.wraps(build)
    def get(ex: Any) -> T:
        store = ex.__dict__
        if key not in store:
            store[key] = build(ex)
        return store[key]

    return get
