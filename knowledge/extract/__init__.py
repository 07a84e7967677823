"""Extraction: campaign document text → ExtractedDocument."""

from knowledge.extract.pipeline import extract_document

__all__ = ["extract_document"]
