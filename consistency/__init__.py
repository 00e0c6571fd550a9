"""consistency: a linter for the numbers in news copy."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY_METHODS = frozenset({"__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__",
                           "__lt__", "__le__", "__gt__", "__ge__"})


def _lazy_dataclass_methods() -> None:
    """Make the package's dataclasses compile their comparison, hash, repr and frozen-
    assignment methods on first use. Python 3.11 writes each dataclass method as source text
    and compiles it when the class is made: for this package's ~60 classes that was a quarter
    of a cold check, and most of those methods (every __repr__, most __eq__ and the frozen
    __setattr__/__delattr__) are never called in a run. The method made on first call is the
    one dataclasses would have made (the same call of its own code, later); it then replaces the
    stand-in on the class. __init__ stays eager (always used; its signature is read at once).
    Only classes of consistency.* modules, only on the Pythons whose dataclasses this fits."""
    import dataclasses
    import sys

    original = getattr(dataclasses, "_create_fn", None)
    if not (3, 11) <= sys.version_info[:2] <= (3, 12) or original is None or hasattr(original, "lazy"):
        return

    def create_fn(name: str, args: Any, body: Any, *, globals: Any = None, locals: Any = None,
                  return_type: Any = dataclasses.MISSING) -> Any:
        module = (globals or {}).get("__name__", "")
        if name in _LAZY_METHODS and (module == "consistency" or module.startswith("consistency.")):
            return _stand_in(original, name, args, body, globals, locals, return_type)
        return original(name, args, body, globals=globals, locals=locals, return_type=return_type)

    create_fn.lazy = original  # type: ignore[attr-defined]
    dataclasses._create_fn = create_fn


def _stand_in(original: Any, name: str, args: Any, body: Any, globals: Any, locals: Any, return_type: Any) -> Any:
    """A function that builds the real method on its first call, puts it on the class in its
    own place, and answers with it."""
    made: list[Any] = []
    args, body = tuple(args), list(body)
    locals = dict(locals) if locals is not None else None

    def stand_in(self: Any, *rest: Any) -> Any:
        if not made:
            fn = original(name, args, body, globals=globals, locals=locals, return_type=return_type)
            fn.__qualname__ = stand_in.__qualname__
            made.append(fn)
        fn = made[0]
        for klass in type(self).__mro__:
            if klass.__dict__.get(name) is stand_in:
                type.__setattr__(klass, name, fn)
                break
        return fn(self, *rest)

    stand_in.__name__ = name
    stand_in.__qualname__ = f"__create_fn__.<locals>.{name}"  # what dataclasses' own gets (then its class's)
    return stand_in


_lazy_dataclass_methods()

from consistency import diskcache as _diskcache  # noqa: E402  (after the dataclass hook: diskcache has none)

_diskcache.install_pattern_cache()  # before any module of ours compiles its patterns
