"""How things are written to people: labels, dates, document names, citation lines."""
