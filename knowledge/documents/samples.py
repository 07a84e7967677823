"""The bundled sample documents."""

from knowledge.documents.ingest import SAMPLES_DIR, sample_documents

__all__ = ["SAMPLES_DIR", "sample_documents"]
