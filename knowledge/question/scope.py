"""Questions about other domains that share words with campaigns (weather, gold prices, taxes,
exams, football, e-mail): refused the same way with or without diacritics and with typos.

A question is foreign when it holds a foreign-domain phrase (matched on the folded,
typo-corrected words, and fuzzily on the raw words) and no campaign anchor ("thi đua", "khen
thưởng", "kế hoạch", a document number...). "Giải bóng đá của trường trong đợt thi đua 20/11"
has an anchor and is answered; "kết quả bóng đá hôm qua" has none and is refused.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from knowledge.question.reading import Question
from knowledge.text.tokens import fast_fold, words_of_folded

FOREIGN_PHRASES = (
    "thoi tiet",
    "du bao thoi tiet",
    "mua bao",
    "nhiet do",
    "gia vang",
    "vang sjc",
    "ty gia",
    "gia do la",
    "gia xang",
    "chung khoan",
    "co phieu",
    "xo so",
    "thue",
    "quyet toan thue",
    "to khai",
    "tncn",
    "email",
    "e mail",
    "gmail",
    "bong da",
    "ty so",
    "lich thi",
    "thi tot nghiep",
    "diem thi",
    "tuyen sinh",
    "nau",
    "mon an",
    "cong thuc nau",
    "cup dien",
    "mat dien",
    "tien dien",
    "dang ky xe",
    "bang lai",
    "visa",
    "ho chieu",
    # other administrative procedures that share "hồ sơ", "đăng ký", "hạn nộp" with campaigns
    "xet tuyen",
    "nhap hoc",
    "hoc phi",
    "ket hon",
    "khai sinh",
    "can cuoc",
    "ho khau",
    "tam tru",
    "bao hiem xa hoi",
)
# Phrases that make a question about campaigns, whatever else it mentions.
CAMPAIGN_ANCHORS = re.compile(
    r"\b(thi dua|khen thuong|phong trao|ke hoach|chi thi|giao uoc|danh hieu|bang khen|"
    r"giay khen|so ket|tong ket|dot thi dua|cao diem|chao mung|ky niem|mttq|mat tran|"
    r"cum thi dua|khoi thi dua|dai hoi|cuoc thi)\b"
)
FUZZY_CUTOFF = 88  # rapidfuzz ratio for a typo in a foreign phrase ("thoi tiec", "gia vnag")
_FOREIGN_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in FOREIGN_PHRASES) + r")\b")
_MULTI = [p for p in FOREIGN_PHRASES if " " in p and len(p) >= 7]


def foreign_topic(q: Question) -> bool:
    """Whether the question is about another domain (and not about a campaign)."""
    # the words as typed too: typo correction may turn "email" into a campaign word ("mai")
    texts = [q.folded, " ".join(words_of_folded(fast_fold(q.raw)))]
    if any(CAMPAIGN_ANCHORS.search(t) for t in texts) or q.intent.doc_number:
        return False
    if any(_FOREIGN_RE.search(t) for t in texts):
        return True
    words = q.folded.split()
    for n in (2, 3):
        for k in range(len(words) - n + 1):
            gram = " ".join(words[k : k + n])
            if any(fuzz.ratio(gram, p) >= FUZZY_CUTOFF for p in _MULTI):
                return True
    return False
