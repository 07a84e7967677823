"""The in-memory knowledge base: per-document entries, inverted indexes, BM25 postings, updates."""
