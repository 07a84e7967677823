"""Documents in: files loaded to text, ingested (extracted, corrected, stored), sample documents,
and plain views of a stored document."""
