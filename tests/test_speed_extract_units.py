"""quantulum3's unit words are read without importing quantulum3 (issue 9: cold starts)."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

from consistency.extract import unit_fallback


def test_data_dir_is_the_package_data() -> None:
    for name in ("units.json", "_lang/en_US/common-words.json"):
        ours = unit_fallback._data_dir().joinpath(name).read_text("utf-8")
        assert ours == resources.files("quantulum3").joinpath(name).read_text("utf-8")


def test_trigger_words_leave_quantulum3_unimported() -> None:
    code = (
        "import sys; from consistency.extract import unit_fallback as u; "
        "assert u.might_be_unit('pascals'); print('quantulum3' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "False"
