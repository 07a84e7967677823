"""Sidecar YAML corrections next to a document, read into flat {path: value} corrections."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from knowledge.corrections.paths import (
    CorrectionError,
    Step,
    as_text,
    check_path,
    format_path,
    item_model_of,
    jsonable,
    model_of,
)


class _Lines(dict[Any, Any]):
    """A YAML mapping that remembers the line of each key, for error messages."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Any, int] = {}


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings remember key lines and reject duplicate keys."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> _Lines:
    loader.flatten_mapping(node)
    mapping = _Lines()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    None, None, f"khoá '{key}' lặp lại", key_node.start_mark
                )
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "khoá không hợp lệ", key_node.start_mark
            ) from None
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = line
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def sidecar_path(doc_path: Path) -> Path:
    """The corrections file of a document: same folder and stem, `.yaml` (or `.yml`)."""
    yaml_path = doc_path.with_suffix(".yaml")
    yml_path = doc_path.with_suffix(".yml")
    return yml_path if not yaml_path.exists() and yml_path.exists() else yaml_path


def load_sidecar(doc_path: Path) -> dict[str, object]:
    """The corrections in a document's sidecar YAML as {path: value}; no file gives {}."""
    path = sidecar_path(doc_path)
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CorrectionError(f"{path}: tệp hiệu chỉnh phải lưu bằng mã UTF-8") from None
    except OSError as exc:
        raise CorrectionError(f"{path}: không đọc được tệp ({exc.strerror or exc})") from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{path}, dòng {mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or "cú pháp không hợp lệ"
        raise CorrectionError(f"{where}: YAML không hợp lệ ({problem})") from None
    if data is None:
        return {}
    return flatten_sidecar(data, str(path))


def _where(source: str, mapping: Any, key: Any) -> str:
    line = getattr(mapping, "lines", {}).get(key)
    return f"{source}, dòng {line}" if line else source


def flatten_sidecar(data: object, source: str) -> dict[str, object]:
    """A nested sidecar mapping (see docs/corrections.md) as flat {path: value}."""
    if not isinstance(data, Mapping):
        raise CorrectionError(
            f"{source}: tệp hiệu chỉnh phải là một bảng với document: và/hoặc campaign:"
        )
    out: dict[str, object] = {}
    _flatten_model(data, [], out, source)
    return out


def _flatten_model(
    mapping: Mapping[Any, Any], prefix: list[Step], out: dict[str, object], source: str
) -> None:
    for key, value in mapping.items():
        where = _where(source, mapping, key)
        steps = [*prefix, Step(str(key))]
        try:
            annotation = check_path(steps)
        except CorrectionError as exc:
            raise CorrectionError(f"{where}: {exc.reason}") from None
        if model_of(annotation) is not None and isinstance(value, Mapping):
            _flatten_model(value, steps, out, source)
        elif (item_model := item_model_of(annotation)) is not None and isinstance(value, list):
            for entry in value:
                _flatten_item(entry, item_model, steps, out, source, where)
        else:
            out[format_path(steps)] = jsonable(value)


def _flatten_item(
    entry: object,
    item_model: type[BaseModel],
    list_steps: list[Step],
    out: dict[str, object],
    source: str,
    list_where: str,
) -> None:
    list_path = format_path(list_steps)
    if not isinstance(entry, Mapping) or not entry:
        raise CorrectionError(
            f"{list_where}: mỗi mục trong {list_path} phải là một bảng có id, index, "
            "match hoặc kind + date_text (hay new: để thêm mục)"
        )
    where = _where(source, entry, next(iter(entry)))
    fields = dict(entry)
    name = list_steps[-1].name
    if "new" in fields:
        body = fields.pop("new")
        if fields or not isinstance(body, Mapping):
            raise CorrectionError(f"{where}: new: phải đứng một mình và chứa các trường của mục")
        for key in body:
            if str(key) not in item_model.model_fields:
                raise CorrectionError(
                    f"{_where(source, body, key)}: {list_path}[+]: không có trường '{key}' "
                    f"(các trường: {', '.join(item_model.model_fields)})"
                )
        additions = out.setdefault(f"{list_path}[+]", [])
        assert isinstance(additions, list)
        additions.append(jsonable(body))
        return
    if "id" in fields:
        step = Step(name, match=(("id", str(fields.pop("id"))),))
    elif "index" in fields:
        index = fields.pop("index")
        if not isinstance(index, int) or isinstance(index, bool):
            raise CorrectionError(f"{where}: index phải là số nguyên (0 là mục đầu tiên)")
        step = Step(name, index=index)
    elif "match" in fields:
        match = fields.pop("match")
        if not isinstance(match, Mapping) or not match:
            raise CorrectionError(f"{where}: match: phải là một bảng trường: giá trị")
        step = Step(name, match=tuple((str(k), as_text(jsonable(v))) for k, v in match.items()))
    elif "kind" in fields and "date_text" in fields:
        pairs = (
            ("kind", as_text(fields.pop("kind"))),
            ("date_text", as_text(fields.pop("date_text"))),
        )
        step = Step(name, match=pairs)
    else:
        raise CorrectionError(
            f"{where}: mục trong {list_path} cần id, index, match hoặc kind + date_text "
            "để chọn mục (hay new: để thêm mục)"
        )
    item_steps = [*list_steps[:-1], step]
    remove = fields.pop("remove", False)
    if remove is True:
        if fields:
            raise CorrectionError(f"{where}: mục có remove: true không sửa thêm trường nào")
        out[format_path(item_steps)] = None
        return
    if not fields:
        raise CorrectionError(f"{where}: mục trong {list_path} không có trường nào để sửa")
    for key, value in fields.items():
        field_steps = [*item_steps, Step(str(key))]
        try:
            check_path(field_steps)
        except CorrectionError as exc:
            raise CorrectionError(f"{_where(source, entry, key)}: {exc.reason}") from None
        out[format_path(field_steps)] = jsonable(value)
