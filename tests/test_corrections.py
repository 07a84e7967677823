"""Corrections: sidecar YAML and --set options applied to an extracted document."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from knowledge.corrections.fields import (
    CorrectionError,
    apply_corrections,
    format_path,
    load_sidecar,
    merge_corrections,
    parse_path,
    parse_set_options,
    sidecar_path,
)
from knowledge.schema import (
    Campaign,
    Deadline,
    DeadlineKind,
    DocumentInfo,
    ExtractedDocument,
    ExtractionWarning,
    Phase,
)

REG_ID = "ab12cd34"
FINAL_ID = "9f8e7d6c"


def make_doc() -> ExtractedDocument:
    """A document shaped like seed 000, built with the schema models (not the extractor)."""
    return ExtractedDocument(
        source="000_3b7d2929bbb28171.txt",
        document=DocumentInfo(
            doc_type="Kế hoạch",
            number=None,
            issuer="UBND tỉnh An Giang",
            issue_date=dt.date(2021, 1, 13),
        ),
        campaign=Campaign(
            name="Phong trào thi đua năm 2021",
            year=2021,
            start=dt.date(2021, 1, 1),
            end=None,
            audience=["cán bộ"],
            phases=[
                Phase(id="p1", name="Đợt 1", start=dt.date(2021, 1, 1), end=dt.date(2021, 6, 30)),
                Phase(id="p2", name="Đợt 2", start=dt.date(2021, 7, 1), end=dt.date(2021, 6, 1)),
            ],
            deadlines=[
                Deadline(
                    id=REG_ID,
                    kind=DeadlineKind.REGISTRATION,
                    due=dt.date(2020, 2, 15),
                    date_text="đến 15/02/2020",
                    what="đăng ký thi đua và ký kết giao ước thi đua",
                ),
                Deadline(
                    id=FINAL_ID,
                    kind=DeadlineKind.FINAL_REPORT,
                    due=dt.date(2021, 11, 30),
                    date_text="trước ngày 30/11/2021",
                ),
            ],
        ),
        warnings=[
            ExtractionWarning(
                code="deadline_before_issue",
                message="Hạn đăng ký 15/02/2020 trước ngày ban hành 13/01/2021",
                field="deadlines[0].due",
            ),
            ExtractionWarning(
                code="phase_inverted",
                message="Đợt 2 kết thúc trước khi bắt đầu",
                field="campaign.phases[1].end",
            ),
            ExtractionWarning(code="no_number", message="Không có số văn bản", field=None),
        ],
    )


def codes(doc: ExtractedDocument) -> list[str]:
    return [w.code for w in doc.warnings]


# --- paths --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "document.number",
        "campaign.deadlines[0].due",
        "campaign.deadlines[-1].due",
        "campaign.deadlines[id=ab12cd34].due",
        "campaign.deadlines[+]",
        "campaign.deadlines[kind=registration,date_text=15/02/2020].due",
        'campaign.phases[name="Đợt 1, mở đầu"].end',
    ],
)
def test_path_round_trip(path: str) -> None:
    assert format_path(parse_path(path)) == path


@pytest.mark.parametrize(
    "path", ["", "campaign..end", "campaign.deadlines[0", "campaign.end.", "1campaign", "a b"]
)
def test_bad_path_syntax(path: str) -> None:
    with pytest.raises(CorrectionError):
        parse_path(path)


# --- applying each path form --------------------------------------------------------------


def test_plain_fields() -> None:
    doc = make_doc()
    new = apply_corrections(
        doc,
        {
            "document.number": "31/KH-UBND",
            "document.issue_date": "13/01/2021",
            "campaign.name": "Thi đua năm 2021",
            "campaign.end": "2021-12-31",
            "campaign.theme": "Đoàn kết, sáng tạo",
        },
    )
    assert new is not doc
    assert new.document.number == "31/KH-UBND"
    assert new.document.issue_date == dt.date(2021, 1, 13)
    assert new.campaign.name == "Thi đua năm 2021"
    assert new.campaign.end == dt.date(2021, 12, 31)
    assert new.campaign.theme == "Đoàn kết, sáng tạo"
    assert new.corrected_fields == [
        "document.number",
        "document.issue_date",
        "campaign.name",
        "campaign.end",
        "campaign.theme",
    ]
    # the original is untouched
    assert doc.document.number is None and doc.campaign.end is None and not doc.corrected_fields


def test_deadline_by_index_clears_its_warning() -> None:
    new = apply_corrections(make_doc(), {"campaign.deadlines[0].due": "15/02/2021"})
    assert new.campaign.deadlines[0].due == dt.date(2021, 2, 15)
    assert new.campaign.deadlines[0].date_text == "đến 15/02/2020"  # the text as written stays
    assert codes(new) == ["phase_inverted", "no_number"]
    assert new.corrected_fields == [f"campaign.deadlines[id={REG_ID}].due"]


def test_deadline_by_id() -> None:
    new = apply_corrections(make_doc(), {f"campaign.deadlines[id={REG_ID}].due": "2021-02-15"})
    assert new.campaign.deadlines[0].due == dt.date(2021, 2, 15)
    assert "deadline_before_issue" not in codes(new)


def test_deadline_by_kind_and_date_text() -> None:
    path = "campaign.deadlines[kind=registration,date_text=15/02/2020].due"
    new = apply_corrections(make_doc(), {path: "15/02/2021"})
    assert new.campaign.deadlines[0].due == dt.date(2021, 2, 15)
    assert new.campaign.deadlines[1].due == dt.date(2021, 11, 30)


def test_phase_by_name_clears_warning_with_full_path() -> None:
    new = apply_corrections(make_doc(), {"campaign.phases[name=Đợt 2].end": "31/12/2021"})
    assert new.campaign.phases[1].end == dt.date(2021, 12, 31)
    assert codes(new) == ["deadline_before_issue", "no_number"]
    assert new.corrected_fields == ["campaign.phases[id=p2].end"]


def test_item_mapping_edits_several_fields() -> None:
    new = apply_corrections(
        make_doc(),
        {f"campaign.deadlines[id={FINAL_ID}]": {"recipient": "Sở Nội vụ", "kind": "other"}},
    )
    item = new.campaign.deadlines[1]
    assert item.recipient == "Sở Nội vụ"
    assert item.kind is DeadlineKind.OTHER
    assert new.corrected_fields == [
        f"campaign.deadlines[id={FINAL_ID}].recipient",
        f"campaign.deadlines[id={FINAL_ID}].kind",
    ]


def test_add_items() -> None:
    new = apply_corrections(
        make_doc(),
        {
            "campaign.deadlines[+]": [
                {"kind": "reward_proposal", "due": "30/11/2021", "what": "Hồ sơ khen thưởng"},
                {"kind": "other", "due": "2021-06-15"},
            ]
        },
    )
    added = new.campaign.deadlines[2:]
    assert [d.kind for d in added] == [DeadlineKind.REWARD_PROPOSAL, DeadlineKind.OTHER]
    assert added[0].due == dt.date(2021, 11, 30)
    assert all(len(d.id) == 12 for d in added) and added[0].id != added[1].id
    assert new.corrected_fields == [f"campaign.deadlines[id={d.id}]" for d in added]
    # ids are stable: the same correction gives the same ids on re-ingestion
    again = apply_corrections(make_doc(), {"campaign.deadlines[+]": [added[0].model_dump()]})
    assert again.campaign.deadlines[2].id == added[0].id


def test_remove_item_and_its_warnings() -> None:
    new = apply_corrections(make_doc(), {"campaign.deadlines[id=ab12cd34]": None})
    assert [d.id for d in new.campaign.deadlines] == [FINAL_ID]
    assert "deadline_before_issue" not in codes(new)
    assert new.corrected_fields == [f"campaign.deadlines[id={REG_ID}]"]


def test_edits_see_the_extracted_list_whatever_the_order() -> None:
    # Removing item 0 and editing item 1 by index: the edit still hits the final report.
    corrections = {"campaign.deadlines[0]": None, "campaign.deadlines[1].recipient": "Sở Nội vụ"}
    new = apply_corrections(make_doc(), corrections)
    assert [(d.id, d.recipient) for d in new.campaign.deadlines] == [(FINAL_ID, "Sở Nội vụ")]
    reverse = dict(reversed(list(corrections.items())))
    assert apply_corrections(make_doc(), reverse) == new


def test_clear_optional_field_and_set_list() -> None:
    new = apply_corrections(
        make_doc(), {"campaign.start": None, "campaign.audience": ["cán bộ", "công chức"]}
    )
    assert new.campaign.start is None
    assert new.campaign.audience == ["cán bộ", "công chức"]


def test_existing_corrected_fields_are_kept_once() -> None:
    doc = make_doc()
    doc.corrected_fields = ["campaign.end"]
    new = apply_corrections(doc, {"campaign.end": "31/12/2021", "campaign.year": 2021})
    assert new.corrected_fields == ["campaign.end", "campaign.year"]


def test_no_corrections_gives_an_equal_copy() -> None:
    doc = make_doc()
    new = apply_corrections(doc, {})
    assert new == doc and new is not doc


# --- bad values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("corrections", "message"),
    [
        ({"campaign.end": "31/13/2021"}, "campaign.end: '31/13/2021' không phải ngày hợp lệ"),
        ({"campaign.end": "cuối năm"}, "campaign.end: 'cuối năm' không phải ngày hợp lệ"),
        ({"document.issue_date": "2021-02-30"}, "document.issue_date: '2021-02-30' không phải"),
        ({"campaign.deadlines[0].kind": "soon"}, "(chọn một trong: registration, "),
        ({"campaign.year": "hai nghìn"}, "campaign.year: 'hai nghìn' không hợp lệ"),
        ({"campaign.name": None}, "campaign.name: trường bắt buộc, không xoá được"),
        ({"campaign.deadlines[5].due": "1/1/2021"}, "không có mục [5] (deadlines có 2 mục)"),
        ({"campaign.deadlines[id=00000000].due": "1/1/2021"}, "không tìm thấy mục nào khớp"),
        ({"campaign.deadlines[+]": {"due": "1/1/2021"}}, "thiếu trường bắt buộc kind"),
        ({"campaign.deadlines[+]": "x"}, "mục thêm mới phải là một bảng"),
        ({"campaign.deadlines[0]": "x"}, "cần một bảng các trường cần sửa"),
        ({"campaign.deadlines[0]": {"colour": "x"}}, "không có trường 'colour'"),
    ],
)
def test_bad_values(corrections: dict[str, object], message: str) -> None:
    with pytest.raises(CorrectionError) as exc:
        apply_corrections(make_doc(), corrections)
    assert message in exc.value.reason


def test_ambiguous_match() -> None:
    doc = make_doc()
    doc.campaign.deadlines[1].kind = DeadlineKind.REGISTRATION
    with pytest.raises(CorrectionError, match="có 2 mục khớp"):
        apply_corrections(doc, {"campaign.deadlines[kind=registration].due": "1/1/2021"})


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("campaign.colour", "campaign.colour: không có trường 'colour' (các trường: id, name,"),
        ("document.numbr", "không có trường 'numbr'"),
        ("warnings", "chỉ sửa được các trường trong document.* và campaign.*"),
        ("source", "chỉ sửa được"),
        ("campaign.deadlines[0].id", "không sửa được id"),
        ("campaign.name[0]", "'name' không phải danh sách các mục"),
        ("campaign.end.year", "'end' không có trường con"),
        ("campaign.deadlines[+].due", "[+] chỉ dùng ở cuối đường dẫn"),
    ],
)
def test_unknown_or_forbidden_field(path: str, message: str) -> None:
    with pytest.raises(CorrectionError) as exc:
        apply_corrections(make_doc(), {path: "x"})
    assert message in exc.value.reason
    with pytest.raises(CorrectionError):
        parse_set_options([f"{path}=x"])


# --- --set options ------------------------------------------------------------------------


def test_parse_set_options() -> None:
    options = parse_set_options(
        [
            "campaign.end=31/12/2021",
            "campaign.deadlines[id=ab12cd34].due = 2021-02-15",
            "campaign.deadlines[id=9f8e7d6c]=null",
            "campaign.deadlines[+]={kind: other, due: 2021-06-30, what: Nộp sản phẩm}",
            "campaign.deadlines[+]={kind: plan_submission, due: 01/03/2021}",
            "campaign.audience=[cán bộ, công chức]",
            "document.number='31/KH-UBND'",
            "campaign.theme=Đoàn kết = sức mạnh",
        ]
    )
    assert options == {
        "campaign.end": "31/12/2021",
        "campaign.deadlines[id=ab12cd34].due": "2021-02-15",
        "campaign.deadlines[id=9f8e7d6c]": None,
        "campaign.deadlines[+]": [
            {"kind": "other", "due": "2021-06-30", "what": "Nộp sản phẩm"},
            {"kind": "plan_submission", "due": "01/03/2021"},
        ],
        "campaign.audience": ["cán bộ", "công chức"],
        "document.number": "31/KH-UBND",
        "campaign.theme": "Đoàn kết = sức mạnh",
    }
    json.dumps(options)  # storable as JSON
    new = apply_corrections(make_doc(), options)
    assert [d.kind.value for d in new.campaign.deadlines] == [
        "registration",
        "other",
        "plan_submission",
    ]
    assert new.campaign.deadlines[0].due == dt.date(2021, 2, 15)
    assert new.campaign.deadlines[2].due == dt.date(2021, 3, 1)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("campaign.end", "cần dạng TRƯỜNG=GIÁ_TRỊ"),
        ("campaign.deadlines[+]=x", "mục thêm mới phải là một bảng"),
        ("campaign.audience=[a, b", "không đọc được giá trị"),
    ],
)
def test_bad_set_options(item: str, message: str) -> None:
    with pytest.raises(CorrectionError) as exc:
        parse_set_options([item])
    assert message in exc.value.reason


def test_merge_cli_over_sidecar() -> None:
    sidecar = {"campaign.end": "30/12/2021", "campaign.deadlines[+]": [{"kind": "other"}]}
    cli = {"campaign.end": "31/12/2021", "campaign.deadlines[+]": [{"kind": "final_report"}]}
    assert merge_corrections(sidecar, cli) == {
        "campaign.end": "31/12/2021",
        "campaign.deadlines[+]": [{"kind": "other"}, {"kind": "final_report"}],
    }


# --- sidecar YAML -------------------------------------------------------------------------

SIDECAR = """\
# Corrections for 000_3b7d2929bbb28171.txt
document:
  number: 31/KH-UBND
campaign:
  end: 31/12/2021
  theme: "Đoàn kết, sáng tạo"
  audience: [cán bộ, công chức]
  deadlines:
    - kind: registration         # chosen by kind + the date as written
      date_text: 15/02/2020
      due: 15/02/2021
    - id: 9f8e7d6c
      recipient: Ban Thi đua - Khen thưởng
      due: 2021-11-25
    - new:
        kind: reward_proposal
        due: 2021-12-05
        what: Hồ sơ đề nghị khen thưởng
  phases:
    - match: {name: Đợt 2}
      end: 31/12/2021
    - index: 0
      salutes: [Ngày thành lập Đảng 03/02]
"""


def test_sidecar_round_trip(tmp_path: Path) -> None:
    doc_path = tmp_path / "000_3b7d2929bbb28171.txt"
    doc_path.write_text("...")
    sidecar_path(doc_path).write_text(SIDECAR, encoding="utf-8")
    corrections = load_sidecar(doc_path)
    assert corrections == {
        "document.number": "31/KH-UBND",
        "campaign.end": "31/12/2021",
        "campaign.theme": "Đoàn kết, sáng tạo",
        "campaign.audience": ["cán bộ", "công chức"],
        "campaign.deadlines[kind=registration,date_text=15/02/2020].due": "15/02/2021",
        "campaign.deadlines[id=9f8e7d6c].recipient": "Ban Thi đua - Khen thưởng",
        "campaign.deadlines[id=9f8e7d6c].due": "2021-11-25",
        "campaign.deadlines[+]": [
            {"kind": "reward_proposal", "due": "2021-12-05", "what": "Hồ sơ đề nghị khen thưởng"}
        ],
        "campaign.phases[name=Đợt 2].end": "31/12/2021",
        "campaign.phases[0].salutes": ["Ngày thành lập Đảng 03/02"],
    }
    # what storage keeps (JSON) applies the same as what was read
    stored = json.loads(json.dumps(corrections))
    new = apply_corrections(make_doc(), stored)
    assert new.document.number == "31/KH-UBND"
    assert new.campaign.end == dt.date(2021, 12, 31)
    assert [(d.kind.value, d.due) for d in new.campaign.deadlines] == [
        ("registration", dt.date(2021, 2, 15)),
        ("final_report", dt.date(2021, 11, 25)),
        ("reward_proposal", dt.date(2021, 12, 5)),
    ]
    assert new.campaign.deadlines[1].recipient == "Ban Thi đua - Khen thưởng"
    assert new.campaign.phases[1].end == dt.date(2021, 12, 31)
    assert new.campaign.phases[0].salutes == ["Ngày thành lập Đảng 03/02"]
    assert codes(new) == ["no_number"]
    assert f"campaign.deadlines[id={REG_ID}].due" in new.corrected_fields
    # applying the result again is stable (re-ingestion)
    assert apply_corrections(make_doc(), stored) == new


def test_sidecar_remove_and_index(tmp_path: Path) -> None:
    doc_path = tmp_path / "kh.docx"
    (tmp_path / "kh.yaml").write_text(
        "campaign:\n  deadlines:\n    - index: 1\n      remove: true\n"
    )
    corrections = load_sidecar(doc_path)
    assert corrections == {"campaign.deadlines[1]": None}
    assert [d.id for d in apply_corrections(make_doc(), corrections).campaign.deadlines] == [
        REG_ID
    ]


def test_sidecar_yml_suffix_and_missing(tmp_path: Path) -> None:
    doc_path = tmp_path / "kh.pdf"
    assert load_sidecar(doc_path) == {}
    (tmp_path / "kh.yml").write_text("campaign:\n  year: 2021\n")
    assert load_sidecar(doc_path) == {"campaign.year": 2021}
    (tmp_path / "kh.yaml").write_text("# nothing yet\n")
    assert load_sidecar(doc_path) == {}  # .yaml wins over .yml


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("campaign:\n  end: [31/12/2021\n", "dòng 3: YAML không hợp lệ"),
        ("campaign:\n\tend: 1\n", "dòng 2: YAML không hợp lệ"),
        (
            "campaign:\n  end: 1/1/2021\n  end: 2/1/2021\n",
            "dòng 3: YAML không hợp lệ (khoá 'end' lặp lại)",
        ),
        (
            "campaign:\n  name: x\n  colour: red\n",
            "dòng 3: campaign.colour: không có trường 'colour'",
        ),
        ("- a\n- b\n", "tệp hiệu chỉnh phải là một bảng"),
        ("warnings: []\n", "dòng 1: warnings: chỉ sửa được"),
        (
            "campaign:\n  deadlines:\n    - due: 1/1/2021\n",
            "dòng 3: mục trong campaign.deadlines cần id, index, match hoặc kind + date_text",
        ),
        ("campaign:\n  deadlines:\n    - 3\n", "dòng 2: mỗi mục trong campaign.deadlines phải"),
        (
            "campaign:\n  deadlines:\n    - id: x\n      remove: true\n      due: 1/1/2021\n",
            "mục có remove: true không sửa thêm trường nào",
        ),
        (
            "campaign:\n  deadlines:\n    - id: x\n      colour: red\n",
            "dòng 4: campaign.deadlines[id=x].colour: không có trường 'colour'",
        ),
        (
            "campaign:\n  deadlines:\n    - new:\n        kind: other\n        colour: red\n",
            "dòng 5: campaign.deadlines[+]: không có trường 'colour'",
        ),
        ("campaign:\n  deadlines:\n    - index: first\n      due: 1\n", "index phải là số nguyên"),
    ],
)
def test_bad_sidecar(tmp_path: Path, text: str, message: str) -> None:
    doc_path = tmp_path / "kh.txt"
    (tmp_path / "kh.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CorrectionError) as exc:
        load_sidecar(doc_path)
    assert exc.value.reason.startswith(str(tmp_path / "kh.yaml"))
    assert message in exc.value.reason


def test_sidecar_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "kh.yaml").write_bytes("campaign:\n  name: Thi đua\n".encode("utf-16"))
    with pytest.raises(CorrectionError, match="UTF-8"):
        load_sidecar(tmp_path / "kh.txt")


def test_docs_example_for_seed_000(tmp_path: Path) -> None:
    """The sidecar shown in docs/corrections.md reads and fixes the registration year."""
    docs = Path(__file__).resolve().parent.parent / "docs" / "corrections.md"
    text = docs.read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    doc_path = tmp_path / "000_3b7d2929bbb28171.txt"
    (tmp_path / "000_3b7d2929bbb28171.yaml").write_text(example, encoding="utf-8")
    new = apply_corrections(make_doc(), load_sidecar(doc_path))
    assert new.campaign.deadlines[0].due == dt.date(2021, 2, 15)
    assert "deadline_before_issue" not in codes(new)
