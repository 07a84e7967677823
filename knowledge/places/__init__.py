"""Province and local-unit names: the gazetteer (former and current provinces) and its lookups."""
