"""The database: tables, the document repository and the persisted knowledge-base index."""
