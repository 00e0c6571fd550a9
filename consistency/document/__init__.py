"""Stage 1 of the pipeline: load files into Documents with prose-only text."""

from consistency.document.loaders import load_paths
from consistency.document.model import Document

__all__ = ["Document", "load_paths"]
