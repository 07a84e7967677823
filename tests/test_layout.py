"""The layout's rules, checked on the code itself (docs/architecture.md explains them)."""

from __future__ import annotations

import ast
from pathlib import Path

from knowledge.presentation.labels import DEADLINE_KIND_NAMES, REPORT_PERIOD_NAMES

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "knowledge", "scheduler")
LABELS_MODULE = ROOT / "knowledge" / "presentation" / "labels.py"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
# Labels the code wrote before the one table existed; none may come back.
RETIRED_LABELS = ("Hạn khác", "Tổng kết", "Sơ kết", "Hạn nộp khác")


def _modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _strings(tree: ast.AST) -> list[str]:
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_kind_and_period_labels_are_written_in_one_place() -> None:
    """No module but knowledge/presentation/labels.py writes a deadline-kind or period label."""
    pairs = [*DEADLINE_KIND_NAMES.values(), *REPORT_PERIOD_NAMES.values()]
    # Vietnamese in any case; English as written and only when it cannot be an identifier
    # ("monthly" is also a period's key, "deadline" an intent's name).
    labels = {vi.casefold() for vi, _ in pairs} | {s.casefold() for s in RETIRED_LABELS}
    english = {en for _, en in pairs if " " in en or en[:1].isupper()}
    kinds = set(DEADLINE_KIND_NAMES)
    found: list[str] = []
    for path in _modules():
        if path == LABELS_MODULE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(ROOT)
        found += [
            f"{rel}: {t!r}" for t in _strings(tree) if t.casefold() in labels or t in english
        ]
        for node in ast.walk(tree):  # a {kind: "text"} table is a label table
            if isinstance(node, ast.Dict) and len(node.keys) >= 4:
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                texts = all(isinstance(v, ast.Constant | ast.Tuple) for v in node.values)
                if len(keys & kinds) >= 4 and texts:
                    found.append(f"{rel}:{node.lineno}: a table of kinds")
    assert found == []
