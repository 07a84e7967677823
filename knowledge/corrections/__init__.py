"""Officers' corrections of extracted fields: paths, sidecar YAML files, and applying them."""
