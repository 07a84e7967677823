"""Province and local-unit names in questions: folded lookups over `knowledge.places.provinces`
(former and current provinces) and the communes/wards of vietnam-provinces (for "huyện X",
"thị xã X")."""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.places.provinces import province_names as all_provinces
from knowledge.text.normalise import fold

# Common ways of writing a province that its official name does not cover.
ALIASES = {
    "tp hcm": "Hồ Chí Minh",
    "tphcm": "Hồ Chí Minh",
    "hcm": "Hồ Chí Minh",
    "sai gon": "Hồ Chí Minh",
    "ho chi minh city": "Hồ Chí Minh",
    "hanoi": "Hà Nội",
    "vung tau": "Bà Rịa - Vũng Tàu",
    "brvt": "Bà Rịa - Vũng Tàu",
    "hue": "Thừa Thiên Huế",
    "daklak": "Đắk Lắk",
}
# "Hồ Chí Minh" names the president far more often than the city in these documents.
_NEEDS_MARKER = {"ho chi minh", "hue", "hcm"}

_UNIT_MARKERS = r"(?:tinh|thanh pho|tp|huyen|thi xa|quan|thi tran)"
_PREFIX = re.compile(r"^(?:thanh pho|tinh|xa|phuong|dac khu)\s+")


def _key(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(name)))


@lru_cache(maxsize=1)
def province_names() -> dict[str, str]:
    """Folded name -> canonical name, for every current and former province."""
    names: dict[str, str] = {}
    for canonical in all_provinces():
        names[_key(canonical)] = canonical
    for alias, canonical in ALIASES.items():
        names[_key(alias)] = canonical
    return names


@lru_cache(maxsize=1)
def unit_names() -> frozenset[str]:
    """Folded names of communes and wards (without their prefix), for "huyện X", "thị xã X"."""
    from vietnam_provinces import Ward

    out = set()
    for ward in Ward.iter_all():
        out.add(_PREFIX.sub("", _key(ward.name)))
    return frozenset(out)


PHRASE_WORDS = 4  # longest place name recorded per document ("ba ria vung tau")


@lru_cache(maxsize=1)
def place_phrases() -> frozenset[str]:
    """Every folded place name of up to PHRASE_WORDS words (provinces, aliases, communes and
    wards): the phrases the knowledge base records, per document, where its passages write
    them."""
    names = set(province_names()) | unit_names()
    return frozenset(n for n in names if n and n.count(" ") < PHRASE_WORDS)


@lru_cache(maxsize=1)
def place_phrases_version() -> str:
    """A fingerprint of `place_phrases` (a stored index made with other names is rebuilt)."""
    import hashlib

    return hashlib.sha1("\n".join(sorted(place_phrases())).encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def _province_regex() -> re.Pattern[str]:
    keys = sorted(province_names(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b")


def provinces_in(folded: str) -> list[str]:
    """Canonical province names mentioned in a folded text, in order, without repeats."""
    found: list[str] = []
    for m in _province_regex().finditer(folded):
        key = m.group(1)
        if key in _NEEDS_MARKER:
            before = folded[max(0, m.start() - 12) : m.start()]
            if not re.search(r"(?:tinh|thanh pho|tp)\s*$", before):
                continue
        name = province_names()[key]
        if name not in found:
            found.append(name)
    return found


_UNIT_RE = re.compile(rf"\b{_UNIT_MARKERS}\s+([a-z]+(?:\s+[a-z]+){{0,2}})")


def units_in(folded: str) -> list[str]:
    """Folded local-unit names written after a marker ("huyện Châu Thành" -> "chau thanh")."""
    names = unit_names()
    found: list[str] = []
    for m in _UNIT_RE.finditer(folded):
        words = m.group(1).split()
        for n in (3, 2):
            cand = " ".join(words[:n])
            if len(words) >= n and cand in names and cand not in found:
                found.append(cand)
                break
    return found


def place_key(name: str) -> str:
    """The folded form used to compare place names."""
    return _key(name)


# A local unit closing an issuer's name: "Ủy ban MTTQ Việt Nam TP Vinh", "UBND thị xã Phước
# Long". Former districts and cities are in no gazetteer since the 2025 reform, so the words
# after the last marker (one to three, up to the end or a parenthesis) are taken as the name.
_LOCAL_MARKER = r"\b(?:thanh pho|tp|thi xa|tx|huyen|quan)\s+"
_ISSUER_UNIT_RE = re.compile(_LOCAL_MARKER + r"([a-z]+(?:\s+[a-z]+){0,2})\s*(?:\(|$)")
_ONE_WORD_UNIT_RE = re.compile(_LOCAL_MARKER + r"([a-z]+)\b")


def issuer_unit(folded_issuer: str) -> str | None:
    """The local unit an issuer's name ends with, folded ("vinh", "phuoc long"), if any."""
    m = _ISSUER_UNIT_RE.search(folded_issuer.strip())
    if m is None:
        return None
    name = m.group(1)
    return None if name in province_names() else name  # a province is found as one anyway


def single_word_units_in(folded: str, known: set[str]) -> list[str]:
    """Known one-word unit names written after a marker in a question ("tp vinh")."""
    found: list[str] = []
    for m in _ONE_WORD_UNIT_RE.finditer(folded):
        name = m.group(1)
        if name in known and name not in found:
            found.append(name)
    return found
