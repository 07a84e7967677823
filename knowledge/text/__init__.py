"""Vietnamese text: accent folding and OCR repairs, word tokens, and paragraphs (passages)."""
