"""The layout's rules, checked on the code itself (docs/architecture.md explains them)."""

from __future__ import annotations

import ast
from pathlib import Path

from knowledge.presentation.labels import DEADLINE_KIND_NAMES, REPORT_PERIOD_NAMES

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "scheduler", "knowledge")  # the layers, top down
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


def test_no_module_is_over_the_size_limit() -> None:
    """A module over 400 lines holds more than one job: split it by job, not by size."""
    long = [
        f"{p.relative_to(ROOT)}: {n}"
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert long == []


def test_no_function_is_over_the_size_limit() -> None:
    """A function over 80 lines is several steps: name each step."""
    long: list[str] = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {lines}")
    assert long == []


def test_no_private_name_is_imported_from_another_module() -> None:
    """A leading underscore means "this module only"; what another module needs is public."""
    found: list[str] = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                found += [
                    f"{path.relative_to(ROOT)}: {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and not alias.name.startswith("__")
                ]
    assert found == []


def test_layers_point_one_way() -> None:
    """bot -> handlers -> scheduler -> knowledge: no module imports a layer above its own."""
    rank = {package: i for i, package in enumerate(PACKAGES)}  # higher: lower layer
    upward: list[str] = []
    for path in _modules():
        own = path.relative_to(ROOT).parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                top = name.split(".")[0]
                if top in rank and rank[top] < rank[own]:
                    upward.append(f"{path.relative_to(ROOT)}: imports {name}")
    assert upward == []


def test_only_bot_talks_to_chat_platforms() -> None:
    """python-telegram-bot and aiohttp are imported in bot/ only (handlers return replies)."""
    libraries = {"telegram", "aiohttp"}
    found: list[str] = []
    for path in _modules():
        if path.relative_to(ROOT).parts[0] == "bot":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            found += [
                f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in libraries
            ]
    assert found == []


# knowledge/'s subpackages, top down: each imports only those after it.
KNOWLEDGE_LAYERS = (
    "documents",
    "answer",
    "store",
    "question",
    "index",
    "extract",
    "corrections",
    "dates",
    "places",
    "text",
    "presentation",
    "schema",
)


def test_knowledge_subpackages_point_one_way() -> None:
    """No knowledge/ subpackage imports one above it (the order of knowledge/__init__.py)."""
    rank = {name: i for i, name in enumerate(KNOWLEDGE_LAYERS)}
    upward: list[str] = []
    for path in sorted((ROOT / "knowledge").rglob("*.py")):
        parts = path.relative_to(ROOT / "knowledge").parts
        own = parts[0].removesuffix(".py")
        if own not in rank:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("knowledge."):
                target = (node.module or "").split(".")[1]
                if target in rank and rank[target] < rank[own]:
                    upward.append(f"knowledge/{'/'.join(parts)}: imports {node.module}")
    assert upward == []
    subpackages = {p.name for p in (ROOT / "knowledge").iterdir() if (p / "__init__.py").exists()}
    assert subpackages | {"schema"} == set(rank)  # a new subpackage takes its place in the order
