"""The names of deadline kinds and report periods, in Vietnamese and English: the one table.

Every layer names a deadline kind through `kind_name` (a reply's list, a reminder, the CLI, an
extraction warning) so "other" reads the same everywhere; tests/test_layout.py fails when one of
these labels is written anywhere else in the code.
"""

from __future__ import annotations

# kind -> (Vietnamese, English): the name of what is due, as a list item or a heading.
DEADLINE_KIND_NAMES: dict[str, tuple[str, str]] = {
    "registration": ("Đăng ký thi đua", "Emulation registration"),
    "plan_submission": ("Gửi kế hoạch", "Plan submission"),
    "periodic_report": ("Báo cáo định kỳ", "Periodic report"),
    "preliminary_review": ("Báo cáo sơ kết", "Preliminary review"),
    "final_report": ("Báo cáo tổng kết", "Final report"),
    "reward_proposal": ("Hồ sơ đề nghị khen thưởng", "Reward proposal"),
    "other": ("Hạn nộp", "Other deadline"),
}
# period -> (Vietnamese, English), as it follows a day: "trước ngày 20 hàng tháng".
REPORT_PERIOD_NAMES: dict[str, tuple[str, str]] = {
    "monthly": ("hàng tháng", "monthly"),
    "quarterly": ("hàng quý", "quarterly"),
    "six_monthly": ("6 tháng một lần", "every six months"),
    "yearly": ("hàng năm", "yearly"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def kind_name(kind: str, lang: str = "vi") -> str:
    """What is due for a deadline kind ("Báo cáo tổng kết"); an unknown kind reads as "other"."""
    return _pick(DEADLINE_KIND_NAMES.get(kind, DEADLINE_KIND_NAMES["other"]), lang)


def deadline_phrase(kind: str, lang: str = "vi") -> str:
    """A kind's deadline in a sentence: "Hạn báo cáo tổng kết", "Final report deadline"."""
    if kind not in DEADLINE_KIND_NAMES or kind == "other":
        return "Deadline" if lang == "en" else kind_name("other")  # already a deadline's name
    name = kind_name(kind, lang)
    return f"{name} deadline" if lang == "en" else f"Hạn {name[:1].lower()}{name[1:]}"


def period_name(period: str, lang: str = "vi") -> str:
    """How often a recurring report is due ("hàng quý"); the period's key when unknown."""
    pair = REPORT_PERIOD_NAMES.get(period)
    return _pick(pair, lang) if pair else period


def periodic_report_name(period: str, lang: str = "vi") -> str:
    """A recurring report's name: "Báo cáo định kỳ hàng quý", "Periodic report (quarterly)"."""
    base = kind_name("periodic_report", lang)
    if period not in REPORT_PERIOD_NAMES:
        return base
    if lang == "en":
        return f"{base} ({period_name(period, lang)})"
    return f"{base} {period_name(period)}"
