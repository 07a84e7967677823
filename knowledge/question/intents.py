"""What a question asks: intent scores from cue phrases, and its slots (phase, deadline kind).

Cues are regular expressions over the folded, typo-corrected question, so "hạn nộp",
"han nop" and "hạn nôp" all read the same. Each intent sums the weights of its cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

INTENTS = (
    "deadline",
    "report_frequency",
    "phase",
    "period",
    "status",
    "commemoration",
    "target",
    "reward",
    "responsibility",
    "theme",
    "slogan",
    "audience",
    "doc_facts",
    "overview",
    "listing",
)

# (intent, pattern, weight)
_CUES: list[tuple[str, str, float]] = [
    # deadlines
    ("deadline", r"\bhan\b", 2.0),
    ("deadline", r"\bhan (chot|cuoi|nop|gui)\b|\bthoi han\b|\bhet han\b", 1.5),
    ("deadline", r"\btruoc ngay\b|\bcham nhat\b|\bdeadline|\bdue\b|\bcut ?off\b", 2.5),
    ("deadline", r"\b(nop|gui)\b", 1.0),
    ("deadline", r"\bkhi nao\b|\bbao gio\b|\bluc nao\b|\bngay nao\b|\bwhen\b", 0.8),
    (
        "deadline",
        r"\b(gui|nop|bao cao)( ve| lai| cho| toi| den)? (dau|ai|noi nao|co quan nao)\b",
        3,
    ),
    ("deadline", r"\b(gui|nop)( ve| cho| toi| den)\b|\bnoi nhan\b|\bsend\b|\bsubmit", 1.5),
    ("deadline", r"\bdang ky\b|\bgiao uoc\b|\bky ket\b|\bregist", 1.0),
    ("deadline", r"\btong ket\b|\bso ket\b", 1.2),
    ("deadline", r"\bbao cao\b", 1.0),
    # recurring reports
    ("report_frequency", r"\bdinh ky\b", 2.5),
    ("report_frequency", r"\bhang (thang|quy|nam)\b|\bmoi (thang|quy)\b", 2.0),
    (
        "report_frequency",
        r"\bmay lan\b|\btan suat\b|\bhow often\b|\bfrequen|\bbao lau mot lan\b",
        3.0,
    ),
    ("report_frequency", r"\bbao cao\b.*\bbao lau\b|\bbao lau\b.*\bbao cao\b", 2.0),
    ("report_frequency", r"\bbao cao\b|\breport", 0.5),
    # phases and the period
    ("phase", r"\bdot (\d|mot|hai|ba|i{1,3})\b|\bgiai doan (\d|mot|hai|i{1,2})\b", 1.0),
    ("phase", r"\b(may|bao nhieu|cac|nhung|gom) (dot|giai doan)\b|\bphases?\b", 3.0),
    ("phase", r"\bdot\b.*\b(bat dau|ket thuc|tu ngay|den ngay|keo dai|dien ra)\b", 2.0),
    ("phase", r"\b(bat dau|ket thuc)\b.*\bdot\b", 2.0),
    ("period", r"\bthoi gian (thi dua|thuc hien|dien ra|to chuc|phat dong|trien khai)\b", 3.0),
    ("period", r"\bkeo dai( den)? bao lau\b|\bdien ra bao lau\b", 3.0),
    ("period", r"\bkeo dai\b|\btu (ngay|khi|luc) nao\b|\bden (khi nao|bao gio|ngay nao)\b", 2.0),
    ("period", r"\b(bat dau|ket thuc)\b|\bstart|\bend\b|\bperiod\b|\bhow long\b", 1.2),
    # running, upcoming, over
    ("status", r"\bdang (dien ra|trien khai|thuc hien|chay|con|co hieu luc|duoc to chuc)\b", 3.0),
    (
        "status",
        r"\bcon hieu luc\b|\bda ket thuc\b|\bsap (bat dau|dien ra)\b|\bchua ket thuc\b",
        3.0,
    ),
    ("status", r"\bhien (nay|tai|gio) (co|dang)\b|\bnao dang\b|\bdang\b.*\bnao\b", 1.5),
    ("status", r"\bhien dang\b|\bdang o (dot|giai doan)\b|\bdang la dot\b", 3.0),
    ("status", r"\bsap ket thuc\b|\bsap het han\b|\bending soon\b", 3.0),
    ("status", r"\brunning\b|\bongoing\b|\bactive\b|\bunder way\b|\bcurrently\b", 3.0),
    # what the campaign salutes
    ("commemoration", r"\bchao mung\b|\bky niem\b", 2.0),
    ("commemoration", r"\bngay le\b|\ble lon\b|\bsu kien\b|\bnam ngay\b", 2.0),
    ("commemoration", r"\bsalut|\banniversar|\bcommemorat|\bcelebrat", 3.0),
    # numeric targets
    ("target", r"\bchi tieu\b", 2.5),
    ("target", r"\bphan dau\b|\bmuc tieu\b", 1.5),
    ("target", r"\bty le\b|\bbao nhieu\b|\bmuc\b|\bdat\b|\bgiam\b|\btang\b|\bcon\b", 0.6),
    ("target", r"\btarget|\bgoal|\bhow (much|many)\b|\brate\b", 2.0),
    # rewards
    ("reward", r"\bkhen thuong\b|\bkhen\b", 1.5),
    ("reward", r"\bbang khen\b|\bgiay khen\b|\bdanh hieu\b|\bco thi dua\b|\bhuan chuong\b", 2.5),
    ("reward", r"\bhinh thuc khen\b|\bai (tang|khen|cap|trao)\b|\bcap nao (tang|khen)\b", 3.0),
    ("reward", r"\breward|\baward|\bprize\b", 3.0),
    # responsibilities
    ("responsibility", r"\bphu trach\b|\bchu tri\b|\bthuong truc\b|\bdau moi\b", 3.0),
    ("responsibility", r"\bchiu trach nhiem\b|\btrach nhiem\b|\bnhiem vu\b|\bgiao (cho )?\b", 1.5),
    (
        "responsibility",
        r"\b(so|co quan|don vi|ban|nganh) nao\b|\bai (theo doi|tham muu|huong dan|lam)\b",
        1.5,
    ),
    ("responsibility", r"\b(lam|co nhiem vu|duoc giao|phai lam) (gi|nhung gi|viec gi)\b", 2.0),
    ("responsibility", r"\bresponsib|\bin charge\b|\bwhich (department|agency)\b", 3.0),
    # theme, slogan, audience
    ("theme", r"\bchu de\b|\btheme\b", 3.5),
    ("slogan", r"\bphuong cham\b|\bkhau hieu\b|\bslogan\b|\bmotto\b", 3.5),
    (
        "audience",
        r"\bdoi tuong\b|\bpham vi\b|\bdanh cho ai\b|\bnhung ai\b|\bai (duoc )?tham gia\b",
        3.0,
    ),
    ("audience", r"\bgom (nhung )?ai\b|\bwho can\b|\bparticipant|\beligib|\baudience\b", 2.5),
    # document facts
    (
        "doc_facts",
        r"\bso hieu\b|\bky hieu\b|\bso (van ban|chi thi)\b|\bso may\b"
        r"|\b(ke hoach|chi thi) so (may|bao nhieu|gi)\b",
        3.5,
    ),
    ("doc_facts", r"\bso (bao nhieu|may)\s*$|\bso (bao nhieu|may) (vay|a|the)\b", 3.5),
    (
        "doc_facts",
        r"\bngay ban hanh\b|\bban hanh (ngay|khi nao|luc nao|nam nao)\b|\bngay ky\b",
        3.5,
    ),
    ("doc_facts", r"\bai ky\b|\bnguoi ky\b|\bky boi\b|\bai (ban hanh|phat dong)\b", 3.5),
    (
        "doc_facts",
        r"\b(co quan|don vi|cap) nao (ban hanh|phat dong)\b|\bwho (signed|issued)\b",
        3.5,
    ),
    ("doc_facts", r"\btrich yeu\b|\btieu de\b|\bten (ke hoach|van ban|chi thi)\b|\bsigned\b", 2.0),
    ("doc_facts", r"\bban hanh\b|\bissued?\b|\bnumber\b", 1.0),
    # a summary of one campaign
    ("overview", r"\bcho (toi |em )?biet (ve|thong tin)\b|\bgioi thieu\b|\btom tat\b", 3.0),
    ("overview", r"\bthong tin (ve|chung)\b|\bnoi dung chinh\b|\btong quan\b|\boverview\b", 3.0),
    ("overview", r"\btell me about\b|\bsummar", 3.0),
    # listings
    ("listing", r"\b(nhung|cac|bao nhieu|may) (ke hoach|chi thi|van ban)\b", 2.5),
    ("listing", r"\bco (nhung|cac) (phong trao|dot thi dua)\b", 2.5),
    (
        "listing",
        r"\bdanh sach\b|\bliet ke\b|\btat ca\b|\blist\b|\bwhich (documents|campaigns)\b",
        3.0,
    ),
    ("listing", r"\bco (ke hoach|van ban|phong trao|chi thi) nao\b|\bwhat campaigns\b", 2.5),
]
_COMPILED = [(intent, re.compile(pattern), weight) for intent, pattern, weight in _CUES]

_KIND_CUES: list[tuple[str, str]] = [
    ("reward_proposal", r"\bde nghi khen\b|\bho so khen\b|\btrinh khen\b"),
    ("registration", r"\bdang ky\b|\bgiao uoc\b|\bky ket\b|\bregist"),
    ("final_report", r"\btong ket\b|\bfinal report\b"),
    ("preliminary_review", r"\bso ket\b"),
    ("periodic_report", r"\bdinh ky\b|\bhang (thang|quy)\b"),
    (
        "plan_submission",
        r"\b(gui|nop|xay dung|ban hanh) (ban )?ke hoach\b|\bke hoach\b.*\b(gui|nop)\b",
    ),
    ("plan_submission", r"\bhan\b.*\bke hoach\b|\bplan\b"),
]
_KIND_COMPILED = [(kind, re.compile(p)) for kind, p in _KIND_CUES]

_PHASE_NUM = re.compile(r"\b(?:dot|giai doan|phase)\s*(\d|mot|hai|ba|bon|iv|iii|ii|i)\b")
_PHASE_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}

_RECIPIENT = re.compile(
    r"\b(gui|nop|bao cao)( ve| lai| cho| toi| den)? (dau|ai|noi nao|co quan nao)\b|\bnoi nhan\b"
    r"|\bgui ve\b|\bnop ve\b|\bwhere\b|\bto whom\b|\bqua (dau|ai)\b"
)
_FOLLOW_UP = re.compile(r"^(con|the con|vay con|con ve|and|what about|how about)\b|\bthi sao\b")
_SPECIAL = re.compile(r"\bdac biet\b|\bspecial\b")
_ANNIV = re.compile(r"\btai lap\b|\b\d+ nam (tai lap|thanh lap|ngay)\b")
_DOC_NUMBER = re.compile(
    r"\b(\d{1,4})\s*/\s*(?:\d{4}\s*/\s*)?(kh|ct|qd|hd|cv|tb)\b"
    r"|\b(?:ke hoach|chi thi|kh|ct|quyet dinh|van ban)\s+(?:so\s+)?(\d{1,4})\b"
)

# Words that only steer the intent; they do not say what the question is about.
CUE_WORDS = frozenset(
    [
        # "bao nhiêu phần trăm": documents write "80%", so these words are in no document
        # and must not be "corrected" into others ("tram" -> "tam")
        "phan",
        "tram",
        # ways of sending, in no campaign text: never "corrected" ("email" -> "mai")
        "email",
        "gmail",
        "online",
        "han",
        "chot",
        "cuoi",
        "nop",
        "gui",
        "truoc",
        "cham",
        "nhat",
        "khi",
        "nao",
        "bao",
        "gio",
        "luc",
        "ngay",
        "dau",
        "ai",
        "dinh",
        "ky",
        "hang",
        "lau",
        "lan",
        "tan",
        "suat",
        "bat",
        "dau",
        "ket",
        "thuc",
        "keo",
        "dai",
        "dang",
        "dien",
        "ra",
        "hieu",
        "luc",
        "sap",
        "hien",
        "nay",
        "tai",
        "phan",
        "dau",
        "muc",
        "tieu",
        "nhieu",
        "dat",
        "phu",
        "trach",
        "chu",
        "tri",
        "trach",
        "nhiem",
        "nhiem",
        "vu",
        "gom",
        "ban",
        "hanh",
        "danh",
        "sach",
        "liet",
        "ke",
        "tat",
        "ca",
        "nhung",
        "cac",
        "thi",
        "dua",
        "phong",
        "trao",
        "ke",
        "hoach",
        "chi",
        "thi",
        "van",
        "ban",
        "nam",
        "tinh",
    ]
)


@dataclass
class Intent:
    """Intent scores and slots read from a question."""

    scores: dict[str, float] = field(default_factory=dict)
    phase: int | None = None
    deadline_kind: str | None = None
    wants_recipient: bool = False
    follow_up: bool = False
    special: bool = False
    anniversary: bool = False
    doc_number: str | None = None  # "31" of "31/KH-UBND" or "kế hoạch 31"
    doc_type: str | None = None  # folded "chi thi" / "ke hoach" when the question names one

    def ranked(self) -> list[tuple[str, float]]:
        """Intents with a positive score, best first (ties: the order of INTENTS)."""
        order = {name: i for i, name in enumerate(INTENTS)}
        items = [(k, v) for k, v in self.scores.items() if v > 0]
        return sorted(items, key=lambda kv: (-kv[1], order[kv[0]]))

    @property
    def top(self) -> tuple[str | None, float]:
        """The best intent and its score."""
        ranked = self.ranked()
        return ranked[0] if ranked else (None, 0.0)


def strip_cues(q: str, intent: str | None) -> str:
    """The question with the phrases matched by the intent's cues blanked out."""
    for name, pattern, weight in _COMPILED:
        if name == intent and weight >= 1.0:  # weak cues ("tăng", "đạt") are topic words too
            q = pattern.sub(" ", q)
    return q


def doc_number_in(q: str) -> str | None:
    """The number of a document named in a folded question ("31/kh-ubnd", "chi thi so 02")."""
    n = _DOC_NUMBER.search(q)
    if not n:
        return None
    return (n.group(1) or n.group(3) or "").lstrip("0") or None


def detect(q: str) -> Intent:
    """Score every intent and read the slots of a folded, corrected question."""
    out = Intent()
    for intent, pattern, weight in _COMPILED:
        if pattern.search(q):
            out.scores[intent] = out.scores.get(intent, 0.0) + weight
    for kind, pattern in _KIND_COMPILED:
        if pattern.search(q):
            out.deadline_kind = kind
            break
    m = _PHASE_NUM.search(q)
    if m:
        token = m.group(1)
        out.phase = int(token) if token.isdigit() else _PHASE_WORDS.get(token)
    out.wants_recipient = bool(_RECIPIENT.search(q))
    out.follow_up = bool(_FOLLOW_UP.search(q))
    out.special = bool(_SPECIAL.search(q))
    out.anniversary = bool(_ANNIV.search(q))
    out.doc_number = doc_number_in(q)
    if re.search(r"\bchi thi\b|\bct\b", q):
        out.doc_type = "chi thi"
    elif re.search(r"\bke hoach\b|\bkh\b", q):
        out.doc_type = "ke hoach"
    # Asking when a phase ends is about the phase, not a deadline.
    if (
        out.phase is not None
        and "deadline" in out.scores
        and not out.deadline_kind
        and not re.search(r"\bhan\b", q)
    ):
        out.scores["deadline"] -= 1.0
        out.scores["phase"] = out.scores.get("phase", 0.0) + 1.5
    if out.wants_recipient:
        out.scores["deadline"] = out.scores.get("deadline", 0.0) + 1.0
    return out
