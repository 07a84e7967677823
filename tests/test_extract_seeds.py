"""Field-by-field checks of what the extractor reads from each of the five sample documents."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest

from knowledge.documents.ingest import SAMPLES_DIR
from knowledge.extract import extract_document
from knowledge.schema import DeadlineKind, ExtractedDocument, ReportPeriod

D = dt.date


@cache
def seed(prefix: str) -> ExtractedDocument:
    path = next(SAMPLES_DIR.glob(f"{prefix}_*.txt"))
    return extract_document(path.read_text(encoding="utf-8"), path.name)


def deadline(doc: ExtractedDocument, kind: DeadlineKind):  # type: ignore[no-untyped-def]
    found = [d for d in doc.campaign.deadlines if d.kind is kind]
    assert len(found) == 1, [(d.kind, d.due) for d in doc.campaign.deadlines]
    return found[0]


def test_000_an_giang_2021_header() -> None:
    info = seed("000").document
    assert info.doc_type == "Kế hoạch"
    assert info.number == "31/KH-UBND"
    assert info.issue_date == D(2021, 1, 13)
    assert info.issuer == "UBND tỉnh An Giang"
    assert info.place == "An Giang"
    assert info.province == "An Giang"
    assert info.signer == "Nguyễn Thanh Bình"
    assert info.signer_title == "Chủ tịch"
    assert info.title == "Tổ chức, phát động phong trào thi đua năm 2021"


def test_000_phases_period_and_salutes() -> None:
    c = seed("000").campaign
    assert c.kind.value == "yearly" and c.year == 2021
    assert (c.start, c.end) == (D(2021, 1, 1), D(2021, 12, 31))
    assert [(p.name, p.start, p.end) for p in c.phases] == [
        ("Đợt 1", D(2021, 1, 1), D(2021, 6, 30)),
        ("Đợt 2", D(2021, 7, 1), D(2021, 12, 31)),
    ]
    assert len(c.phases[0].salutes) == 7 and len(c.phases[1].salutes) == 4
    by_date = {cm.date: cm for cm in c.commemorations}
    assert by_date[D(2021, 2, 3)].origin == D(1930, 2, 3)
    assert by_date[D(2021, 2, 3)].phase == "Đợt 1"
    assert by_date[D(2021, 9, 2)].phase == "Đợt 2"
    assert "Quốc khánh" in by_date[D(2021, 9, 2)].what


def test_000_registration_deadline_keeps_typo_and_warns() -> None:
    doc = seed("000")
    reg = deadline(doc, DeadlineKind.REGISTRATION)
    assert reg.due == D(2020, 2, 15)  # as written: the plan is dated 2021
    assert "15/02/2020" in reg.date_text
    assert "giao ước" in reg.what
    assert reg.section and "Thời gian thực hiện" in reg.section
    codes = [w.code for w in doc.warnings]
    assert codes == ["deadline_before_issue"]
    assert "15/02/2020" in doc.warnings[0].message and "13/01/2021" in doc.warnings[0].message


def test_000_targets_and_rewards() -> None:
    c = seed("000").campaign
    targets = {t.indicator: t for t in c.targets}
    assert targets["Tỷ lệ đô thị hóa"].value == "40%"
    assert targets["Tỷ lệ đô thị hóa"].number == 40.0
    assert targets["Thu ngân sách"].value == "6.863 tỷ đồng"
    assert targets["Thu ngân sách"].number == 6863.0
    assert targets["Kim ngạch xuất khẩu"].unit == "triệu USD"
    assert not any(t.value.startswith("2013") for t in c.targets)  # a law's year is no target
    assert [(r.name, r.grantor) for r in c.rewards] == [("Bằng khen", "Ủy ban nhân dân tỉnh")]


def test_001_duyen_hai_anniversary_campaign() -> None:
    doc = seed("001")
    info, c = doc.document, doc.campaign
    assert info.number is None and info.issue_date is None  # not in the text: left unknown
    assert info.issuer == "UBND thị xã Duyên Hải"
    assert info.province == "Trà Vinh"
    assert info.signer == "Trần Trường Giang"
    assert info.signer_title == "TM. Ủy ban nhân dân - Chủ tịch"
    assert c.kind.value == "anniversary"
    assert [(p.name, p.start, p.end) for p in c.phases] == [
        ("Đợt 1", D(2021, 8, 1), D(2021, 12, 31)),
        ("Đợt 2", D(2022, 1, 1), D(2022, 6, 30)),
    ]
    assert (c.start, c.end) == (D(2021, 8, 1), D(2022, 6, 30))
    assert [(r.period, r.recipient, r.via) for r in c.recurring_reports] == [
        (ReportPeriod.QUARTERLY, "Ủy ban nhân dân thị xã", "Cơ quan Tổ chức - Nội vụ thị xã")
    ]
    assert deadline(doc, DeadlineKind.PRELIMINARY_REVIEW).due == D(2021, 12, 31)
    assert deadline(doc, DeadlineKind.FINAL_REPORT).due == D(2022, 6, 30)
    assert {(r.name, r.grantor) for r in c.rewards} == {
        ("Bằng khen", "Chủ tịch Ủy ban nhân dân tỉnh"),
        ("Giấy khen", "Chủ tịch Ủy ban nhân dân thị xã"),
    }
    assert [cm.what for cm in c.commemorations] == ["30 năm tái lập tỉnh Trà Vinh"]
    assert c.audience and c.audience[0].startswith("Tập thể, cá nhân")
    assert doc.warnings == []


def test_002_bac_lieu_markdown_document() -> None:
    doc = seed("002")
    info, c = doc.document, doc.campaign
    assert info.issuer == "UBND tỉnh Bạc Liêu"
    assert info.number is None and info.issue_date is None
    assert info.signer == "Phan Thanh Duy"
    assert info.signer_title == "KT. Chủ tịch - Phó Chủ tịch"
    assert info.title is not None and "**" not in info.title and info.title.endswith("năm 2021")
    assert (c.start, c.end) == (D(2021, 1, 1), D(2021, 12, 31))
    assert c.deadlines == []  # a referenced directive's date (12/3/2018) is no deadline
    assert [(r.period, r.recipient) for r in c.recurring_reports] == [
        (ReportPeriod.MONTHLY, "Ban Thi đua - Khen thưởng tỉnh")
    ]
    owners = {r.agency: r.task for r in c.responsibilities}
    assert "Doanh nghiệp Việt Nam hội nhập và phát triển" in owners["Sở Kế hoạch và Đầu tư"]
    assert "nông thôn mới" in owners["Sở Nông nghiệp và Phát triển nông thôn"]
    assert doc.warnings == []


def test_003_special_campaign_deadlines() -> None:
    doc = seed("003")
    info, c = doc.document, doc.campaign
    assert info.issuer == "Chủ tịch UBND tỉnh An Giang"
    assert info.signer == "Hồ Văn Mừng"
    assert c.kind.value == "special"
    assert c.start is None and c.end == D(2025, 6, 30)  # "từ ngày ban hành": date not given
    assert c.theme is not None and c.theme.startswith("Đảng bộ, chính quyền, Nhân dân")
    plan = deadline(doc, DeadlineKind.PLAN_SUBMISSION)
    final = deadline(doc, DeadlineKind.FINAL_REPORT)
    assert plan.due == D(2025, 2, 25) and final.due == D(2025, 7, 31)
    for d in (plan, final):
        assert d.recipient == "Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng tỉnh"
        assert d.via == "Ban Thi đua - Khen thưởng, Sở Nội vụ"
    assert final.what == "Báo cáo tổng kết đợt thi đua"
    assert len(c.deadlines) == 2
    assert {(r.name, r.grantor) for r in c.rewards} == {
        ("Bằng khen", "Chủ tịch Ủy ban nhân dân tỉnh"),
        ("Giấy khen", "Thủ trưởng đơn vị"),
    }
    assert [a.split(":")[0] for a in c.audience] == ["Tập thể", "Cá nhân"]
    dates = {cm.date for cm in c.commemorations}
    assert {D(2025, 4, 30), D(2025, 5, 19), D(2025, 9, 2), D(2025, 11, 22)} <= dates
    assert any("Di chúc" in cm.what for cm in c.commemorations)  # joined across a page break
    assert not any("Kế hoạch" in cm.what or "rà soát" in cm.what for cm in c.commemorations)
    assert doc.warnings == []


def test_004_dien_bien_directive() -> None:
    doc = seed("004")
    info, c = doc.document, doc.campaign
    assert (info.doc_type, info.number) == ("Chỉ thị", "02/CT-UBND")
    assert info.issue_date == D(2022, 2, 8)
    assert info.issuer == "UBND tỉnh Điện Biên"
    assert info.signer == "Lê Thành Đô"
    assert c.slogan is not None and c.slogan.startswith("Đoàn kết kỷ cương")
    assert (c.start, c.end) == (D(2022, 1, 1), D(2022, 12, 31))
    assert c.deadlines == []  # the directive sets no explicit deadline
    targets = {t.indicator: t.value for t in c.targets}
    assert targets["Tỷ lệ hộ nghèo"] == "31,10%"
    assert targets["Tốc độ tăng trưởng kinh tế (GRDP)"] == "10%"
    assert any("780 nghìn" in t.value for t in c.targets)
    assert targets["Thu nhập xã hội từ hoạt động du lịch"] == "1.350 tỷ đồng"
    assert not any(i.startswith(("Giảm 0", "Tăng 0")) for i in targets)  # changes, not targets
    pairs = [(t.indicator, t.value) for t in c.targets]
    assert len(pairs) == len(set(pairs))  # 3.3 restates 3.2's targets: kept once
    assert len(c.targets) >= 30
    assert doc.warnings == []


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_ids_are_stable_and_unique(prefix: str) -> None:
    again = extract_document(
        next(SAMPLES_DIR.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"),
        seed(prefix).source,
    )
    c = seed(prefix).campaign
    groups = [c.phases, c.deadlines, c.recurring_reports, c.targets, c.rewards]
    for items in groups:
        ids = [i.id for i in items]
        assert len(set(ids)) == len(ids) and all(ids)
    assert [d.id for d in again.campaign.deadlines] == [d.id for d in c.deadlines]
    assert again.campaign.id == c.id


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_section_is_cited_by_path(prefix: str) -> None:
    doc = seed(prefix)
    assert doc.sections[0].path == ["Mở đầu"] or doc.sections[0].path[0].startswith("I")
    for d in doc.campaign.deadlines:
        assert d.quote and d.section
        assert any(d.quote in s.text.replace("\n", " ") or d.quote in s.text for s in doc.sections)
