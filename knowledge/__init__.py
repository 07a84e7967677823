"""The knowledge layer: documents in, facts extracted, questions answered (no chat platform here).

Subpackages, top down (each imports only those below it; tests/test_layout.py checks):
`documents` (files in, ingested), `answer` (the answering core), `store` (tables, repository,
the persisted index), `question` (reading a question), `index` (the in-memory knowledge base),
`extract` (facts out of a document's text), `corrections`, `dates`, `places`, `text`,
`presentation` (labels, dates, document names, the message catalogue); `schema` is the contract
they share.
"""
