"""The knowledge layer: documents in, facts extracted, questions answered (no chat platform here).

Subpackages, bottom up: `text`, `places`, `dates`, `presentation`, `extract`, `corrections`,
`question`, `index`, `store`, `documents`, `answer`; `schema` is the contract they share.
"""
