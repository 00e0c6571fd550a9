"""Stage 2 of the pipeline: pull every date and quantity out of a Document."""

from consistency.extract.pipeline import Extraction, extract_document

__all__ = ["Extraction", "extract_document"]
