"""Field paths of corrections ("campaign.deadlines[id=ab12cd34].due") and their values.

Path grammar (see docs/corrections.md):

    path     := step ("." step)*
    step     := field ["[" selector "]"]
    selector := INDEX | "+" | key=value ("," key=value)*     e.g. [0], [-1], [+], [id=ab12cd34]

Paths and values are checked against the schema (`knowledge.schema`) only, never the extractor.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from knowledge.schema import ExtractedDocument

NEW = "+"
EDITABLE_ROOTS = ("document", "campaign")
_NAME = re.compile(r"[A-Za-z_]\w*")
_PAIR = re.compile(r"\s*(\w+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^,]*?)\s*(?:,|$)")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


class CorrectionError(Exception):
    """A correction that cannot be read or applied; the message names the field or file."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- paths --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of a field path: a field name and, for list fields, which item."""

    name: str
    index: int | None = None
    new: bool = False
    match: tuple[tuple[str, str], ...] = ()

    @property
    def selects_item(self) -> bool:
        """True when the step picks (or adds) an item of a list."""
        return self.index is not None or self.new or bool(self.match)


def _parse_selector(name: str, text: str, path: str) -> Step:
    text = text.strip()
    if text == NEW:
        return Step(name, new=True)
    if re.fullmatch(r"-?\d+", text):
        return Step(name, index=int(text))
    pairs: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _PAIR.match(text, pos)
        if not m or m.end() == pos:
            raise CorrectionError(f"{path}: không hiểu phần chọn mục [{text}]")
        value = m.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        pairs.append((m.group(1), value))
        pos = m.end()
    if not pairs:
        raise CorrectionError(f"{path}: phần chọn mục [] trống")
    return Step(name, match=tuple(pairs))


def parse_path(path: str) -> list[Step]:
    """Split "campaign.deadlines[id=ab12].due" into steps; a syntax error is a CorrectionError."""
    steps: list[Step] = []
    pos = 0
    while True:
        m = _NAME.match(path, pos)
        if not m:
            raise CorrectionError(f"'{path}': không phải đường dẫn trường hợp lệ")
        name, pos = m.group(0), m.end()
        step = Step(name)
        if pos < len(path) and path[pos] == "[":
            end = _closing_bracket(path, pos)
            step = _parse_selector(name, path[pos + 1 : end], path)
            pos = end + 1
        steps.append(step)
        if pos == len(path):
            return steps
        if path[pos] != ".":
            raise CorrectionError(f"'{path}': không phải đường dẫn trường hợp lệ")
        pos += 1


def _closing_bracket(path: str, start: int) -> int:
    quote = ""
    for i in range(start + 1, len(path)):
        ch = path[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "]":
            return i
    raise CorrectionError(f"'{path}': thiếu dấu ]")


def _quote(value: str) -> str:
    if any(ch in value for ch in ",]\"'") or value != value.strip():
        return f"'{value}'" if '"' in value else f'"{value}"'
    return value


def format_step(step: Step) -> str:
    """A step back as text: "deadlines[0]", "deadlines[+]", "deadlines[id=ab12cd34]"."""
    if step.new:
        return f"{step.name}[+]"
    if step.index is not None:
        return f"{step.name}[{step.index}]"
    if step.match:
        return f"{step.name}[{','.join(f'{k}={_quote(v)}' for k, v in step.match)}]"
    return step.name


def format_path(steps: list[Step]) -> str:
    """Steps back as a path string."""
    return ".".join(format_step(step) for step in steps)


# --- schema introspection -----------------------------------------------------------------


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model an annotation names, if it is one."""
    return (
        annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    )


def item_model_of(annotation: Any) -> type[BaseModel] | None:
    """The item model of a `list[Model]` annotation, else None."""
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        return model_of(item)
    return None


def _is_optional(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(
        annotation
    )


def has_date(annotation: Any) -> bool:
    """True for `date` and `date | None` fields."""
    return annotation is dt.date or dt.date in get_args(annotation)


def field_annotation(model: type[BaseModel], name: str, where: str) -> Any:
    """The annotation of a model field; an unknown name lists the fields that exist."""
    if name not in model.model_fields:
        known = ", ".join(model.model_fields)
        raise CorrectionError(f"{where}: không có trường '{name}' (các trường: {known})")
    return model.model_fields[name].annotation


def check_path(steps: list[Step], raw: str | None = None) -> Any:
    """Check a path against the schema; returns the annotation of the field it ends at."""
    where = raw or format_path(steps)
    if steps[0].name not in EDITABLE_ROOTS or steps[0].selects_item:
        raise CorrectionError(f"{where}: chỉ sửa được các trường trong document.* và campaign.*")
    model: type[BaseModel] = ExtractedDocument
    annotation: Any = None
    for i, step in enumerate(steps):
        annotation = field_annotation(model, step.name, where)
        last = i == len(steps) - 1
        if step.name == "id" and model is not ExtractedDocument:
            raise CorrectionError(f"{where}: không sửa được id của mục")
        if step.selects_item:
            item = item_model_of(annotation)
            if item is None:
                raise CorrectionError(f"{where}: '{step.name}' không phải danh sách các mục")
            if step.new and not last:
                raise CorrectionError(f"{where}: [+] chỉ dùng ở cuối đường dẫn")
            model, annotation = item, item
        elif not last:
            sub = model_of(annotation)
            if sub is None:
                raise CorrectionError(f"{where}: '{step.name}' không có trường con")
            model = sub
    return annotation


# --- values -------------------------------------------------------------------------------


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def to_date(where: str, value: Any) -> Any:
    """A date from "dd/mm/yyyy" or ISO text; other types pass through to pydantic."""
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        if m := _DMY.fullmatch(text):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if _ISO.fullmatch(text):
            y, mo, d = (int(part) for part in text.split("-"))
            return dt.date(y, mo, d)
    except ValueError:
        pass
    raise CorrectionError(f"{where}: '{value}' không phải ngày hợp lệ")


def validate_value(where: str, annotation: Any, value: Any) -> Any:
    """A value checked and converted to the field's type; dates as ISO or dd/mm/yyyy."""
    if value is None:
        if annotation is None or _is_optional(annotation):
            return None
        raise CorrectionError(f"{where}: trường bắt buộc, không xoá được")
    if (model := model_of(annotation)) is not None:
        if not isinstance(value, Mapping):
            raise CorrectionError(f"{where}: cần một bảng các trường (mapping)")
        fields = {
            key: validate_value(f"{where}.{key}", field_annotation(model, str(key), where), item)
            for key, item in value.items()
        }
        try:
            return model.model_validate(fields)
        except ValidationError as exc:
            missing = [
                ".".join(map(str, e["loc"])) for e in exc.errors() if e["type"] == "missing"
            ]
            if missing:
                raise CorrectionError(
                    f"{where}: thiếu trường bắt buộc {', '.join(missing)}"
                ) from None
            raise CorrectionError(f"{where}: giá trị không hợp lệ") from None
    if has_date(annotation):
        value = to_date(where, value)
    if get_origin(annotation) is list and isinstance(value, str):
        value = [value]  # "audience: cán bộ" means a one-item list
    try:
        return _adapter(annotation).validate_python(value)
    except ValidationError:
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                return _adapter(annotation).validate_python(str(value))
            except ValidationError:
                pass
        choices = _enum_choices(annotation)
        hint = f" (chọn một trong: {choices})" if choices else ""
        raise CorrectionError(f"{where}: '{value}' không hợp lệ{hint}") from None


def _enum_choices(annotation: Any) -> str:
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return ", ".join(str(member.value) for member in candidate)
    return ""


def jsonable(value: Any) -> Any:
    """A YAML value made JSON-friendly (dates as ISO text) for storage."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def as_text(value: Any) -> str:
    """A field value as comparable text (enum value, ISO date, spaces collapsed)."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else " ".join(str(value).split())
