"""Officers' corrections of extracted fields, from a sidecar YAML file or `--set FIELD=VALUE`.

Both sources become one flat mapping from a field path to a JSON-friendly value, e.g.
``{"campaign.deadlines[kind=registration,date_text=15/02/2020].due": "15/02/2021"}``, which
is what storage keeps (one row per path) and what `apply_corrections` applies to a freshly
extracted document, so corrections survive re-ingestion. Paths: `knowledge.corrections.paths`;
sidecar files: `knowledge.corrections.sidecar`; the format: docs/corrections.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import yaml
from pydantic import BaseModel

from knowledge.corrections.paths import (
    CorrectionError,
    Step,
    as_text,
    check_path,
    field_annotation,
    format_path,
    format_step,
    has_date,
    jsonable,
    parse_path,
    to_date,
    validate_value,
)
from knowledge.corrections.sidecar import flatten_sidecar, load_sidecar, sidecar_path
from knowledge.schema import ExtractedDocument

__all__ = [
    "SCHEDULER_FIELDS",
    "CorrectionError",
    "apply_corrections",
    "document_corrections",
    "flatten_sidecar",
    "format_path",
    "load_sidecar",
    "merge_corrections",
    "parse_path",
    "parse_set_options",
    "sidecar_path",
]


# --- applying -----------------------------------------------------------------------------


def _matches(item: BaseModel, key: str, want: str, where: str) -> bool:
    annotation = field_annotation(type(item), key, where)
    have = getattr(item, key)
    if has_date(annotation) and want:
        try:
            return bool(have == to_date(where, want))
        except CorrectionError:
            return False
    want = " ".join(want.split())
    if key == "date_text":
        # The date as written may carry its preposition ("đến 15/02/2020"): a part matches.
        return bool(want) and want in as_text(have)
    return as_text(have) == want


def _select(items: list[Any], step: Step, where: str) -> tuple[int, BaseModel]:
    if step.index is not None:
        i = step.index + len(items) if step.index < 0 else step.index
        if not 0 <= i < len(items):
            raise CorrectionError(
                f"{where}: không có mục [{step.index}] ({step.name} có {len(items)} mục)"
            )
        return i, items[i]
    hits = [
        (i, item)
        for i, item in enumerate(items)
        if all(_matches(item, key, want, where) for key, want in step.match)
    ]
    if not hits:
        raise CorrectionError(f"{where}: không tìm thấy mục nào khớp {format_step(step)}")
    if len(hits) > 1:
        raise CorrectionError(
            f"{where}: có {len(hits)} mục khớp {format_step(step)}, hãy chọn theo id"
        )
    return hits[0]


def _item_step(name: str, index: int, item: BaseModel) -> Step:
    """The stable way to name an item: by id when it has one, else by position."""
    item_id = getattr(item, "id", "")
    return Step(name, match=(("id", item_id),)) if item_id else Step(name, index=index)


def _walk(root: BaseModel, steps: list[Step], where: str) -> tuple[Any, list[int], list[Step]]:
    """Follow steps from the root; returns the object reached, ids on the way, canonical steps."""
    obj: Any = root
    chain = [id(root)]
    canon: list[Step] = []
    for step in steps:
        value = getattr(obj, step.name)
        if step.selects_item:
            index, obj = _select(value, step, where)
            canon.append(_item_step(step.name, index, obj))
        else:
            obj = value
            canon.append(Step(step.name))
        chain.append(id(obj))
    return obj, chain, canon


def _warning_target(
    doc: ExtractedDocument, field: str | None
) -> tuple[list[int], tuple[int, str]] | None:
    """What a warning's `field` points at: (ids on the way, (owner id, field name))."""
    if not field:
        return None
    try:
        steps = parse_path(field)
    except CorrectionError:
        return None
    # Warnings may name fields from the document root or, for brevity, from the campaign
    # ("deadlines[0].due") or the document info ("issue_date").
    for prefix in ([], [Step("campaign")], [Step("document")]):
        try:
            owner, chain, _ = _walk(doc, [*prefix, *steps[:-1]], field)
            last = steps[-1]
            if last.selects_item:
                _, item = _select(getattr(owner, last.name), last, field)
                return [*chain, id(item)], (id(item), "")
            if last.name in type(owner).model_fields:
                return chain, (id(owner), last.name)
        except (CorrectionError, AttributeError, TypeError):
            continue
    return None


def _new_id(where: str, item: BaseModel, taken: set[str]) -> str:
    body = json.dumps(item.model_dump(mode="json", exclude={"id"}), sort_keys=True)
    seed = f"{where}\n{body}"
    while True:
        candidate = hashlib.sha1(seed.encode()).hexdigest()[:12]
        if candidate not in taken:
            return candidate
        seed += "+"


def apply_corrections(
    doc: ExtractedDocument, corrections: Mapping[str, object]
) -> ExtractedDocument:
    """A new, validated document with the corrections applied and recorded.

    Edits apply first (item selectors see the extracted list), then removals, then additions,
    so the order of the mapping does not change the result. A corrected field clears the
    warnings pointing at it; a removed item clears the warnings inside it.
    """
    new = doc.model_copy(deep=True)
    if not corrections:
        return new
    targets = [(w, _warning_target(new, w.field)) for w in new.warnings]
    corrected: set[tuple[int, str]] = set()
    removed: set[int] = set()
    recorded: list[str] = []
    removals: list[tuple[Any, str, BaseModel, list[Step]]] = []
    additions: list[tuple[str, list[Step], Any, object]] = []

    for raw, value in corrections.items():
        steps = parse_path(raw)
        annotation = check_path(steps, raw)
        last = steps[-1]
        if last.new:
            additions.append((raw, steps, annotation, value))
            continue
        owner, _, canon = _walk(new, steps[:-1], raw)
        if not last.selects_item:
            setattr(owner, last.name, validate_value(raw, annotation, value))
            corrected.add((id(owner), last.name))
            recorded.append(format_path([*canon, Step(last.name)]))
            continue
        index, item = _select(getattr(owner, last.name), last, raw)
        item_canon = [*canon, _item_step(last.name, index, item)]
        if value is None:
            removals.append((owner, last.name, item, item_canon))
            continue
        if not isinstance(value, Mapping) or not value:
            raise CorrectionError(f"{raw}: cần một bảng các trường cần sửa, hoặc null để xoá mục")
        for key, field_value in value.items():
            where = f"{raw}.{key}"
            field_steps = [*steps, Step(str(key))]
            setattr(
                item, str(key), validate_value(where, check_path(field_steps, where), field_value)
            )
            corrected.add((id(item), str(key)))
            recorded.append(format_path([*item_canon, Step(str(key))]))

    for owner, name, item, item_canon in removals:
        items = getattr(owner, name)
        if any(x is item for x in items):
            setattr(owner, name, [x for x in items if x is not item])
            removed.add(id(item))
            recorded.append(format_path(item_canon))

    for raw, steps, item_model, value in additions:
        owner, _, canon = _walk(new, steps[:-1], raw)
        name = steps[-1].name
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            if not isinstance(entry, Mapping):
                raise CorrectionError(f"{raw}: mục thêm mới phải là một bảng các trường")
            item = validate_value(raw, item_model, entry)
            items = getattr(owner, name)
            if not item.id:
                # The campaign id keeps added items unique across documents (ids are global).
                where = f"{new.campaign.id}\n{format_path([*canon, Step(name)])}"
                item.id = _new_id(where, item, {x.id for x in items})
            items.append(item)
            recorded.append(format_path([*canon, Step(name, match=(("id", item.id),))]))

    new.warnings = [
        warning
        for warning, target in targets
        if target is None or (target[1] not in corrected and not removed.intersection(target[0]))
    ]
    new.corrected_fields = list(dict.fromkeys([*doc.corrected_fields, *recorded]))
    return ExtractedDocument.model_validate(new.model_dump())


def merge_corrections(*sources: Mapping[str, object]) -> dict[str, object]:
    """Later sources win (CLI over sidecar); additions ("[+]") from all sources are kept."""
    merged: dict[str, object] = {}
    for source in sources:
        for path, value in source.items():
            if path.endswith("[+]"):
                before = merged.get(path, [])
                added = value if isinstance(value, list) else [value]
                merged[path] = [*(before if isinstance(before, list) else [before]), *added]
            else:
                merged[path] = value
    return merged


# --- CLI options --------------------------------------------------------------------------


def _split_option(item: str) -> tuple[str, str]:
    depth = 0
    for i, ch in enumerate(item):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "=" and depth == 0:
            return item[:i].strip(), item[i + 1 :]
    raise CorrectionError(
        f"--set '{item}': cần dạng TRƯỜNG=GIÁ_TRỊ, ví dụ campaign.end=31/12/2021"
    )


def _option_value(path: str, text: str) -> object:
    text = text.strip()
    if text.lower() in ("null", "~"):
        return None
    if text[:1] in "{[" and text:
        try:
            return jsonable(yaml.safe_load(text))
        except yaml.YAMLError:
            raise CorrectionError(f"{path}: không đọc được giá trị '{text}'") from None
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


# Per-campaign scheduler settings an officer stores like corrections (see
# knowledge/dates/recurring.py); they are kept with the document's corrections but are not
# fields of the extracted document.
SCHEDULER_FIELDS = frozenset({"scheduler.recurring_due"})


def _scheduler_value(path: str, text: str) -> object:
    value = _option_value(path, text)
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    ok_int = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 60
    ok_map = isinstance(value, dict) and set(value) <= {"day", "working_days_before_end"}
    if not (ok_int or ok_map):
        raise CorrectionError(
            f"{path}: cần số ngày làm việc trước cuối kỳ (0–60), ví dụ {path}=3, "
            f"hoặc {{day: 25}}"
        )
    return value


def document_corrections(corrections: Mapping[str, object]) -> dict[str, object]:
    """The corrections that apply to the extracted document (scheduler settings left out)."""
    return {k: v for k, v in corrections.items() if k not in SCHEDULER_FIELDS}


def parse_set_options(items: list[str]) -> dict[str, object]:
    """`--set FIELD=VALUE` options as corrections; "null" removes, {..} gives a mapping."""
    out: dict[str, object] = {}
    for item in items:
        path, text = _split_option(item)
        if path in SCHEDULER_FIELDS:  # stored with the document, read by the scheduler
            out[path] = _scheduler_value(path, text)
            continue
        steps = parse_path(path)
        check_path(steps, path)
        value = _option_value(path, text)
        key = format_path(steps)
        if steps[-1].new:
            entries = value if isinstance(value, list) else [value]
            if not all(isinstance(entry, Mapping) for entry in entries):
                raise CorrectionError(
                    f"{path}: mục thêm mới phải là một bảng, "
                    "ví dụ {kind: other, due: 2021-12-31}"
                )
            existing = out.setdefault(key, [])
            assert isinstance(existing, list)
            existing.extend(entries)
        else:
            out[key] = value
    return out
