"""Test support for rule packs: the runner behind `consistency rules test` and a pytest
plugin (`consistency.testing.pytest_plugin`) that turns case files into pytest items."""
