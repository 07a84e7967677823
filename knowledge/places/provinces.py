"""Vietnamese province names: the 63 in force before 07/2025 and the 34 after the merger.

Campaign documents from 2017–2025 name the 63 former provinces (Bạc Liêu, Trà Vinh, ...), which
the `vietnam_provinces` package (current divisions only) no longer lists; both sets are kept so
old and new documents resolve.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.text.normalise import at_word_start, fold

# "tỉnh <Name>"; the word boundary before "tỉnh" is checked by `at_word_start`.
_AFTER_TINH = re.compile(r"tỉnh\s+([A-ZĐÀ-Ỹ][\wà-ỹđ]*(?:\s+[A-ZĐÀ-Ỹ][\wà-ỹđ]*){0,3})")

# The 63 provinces and centrally-run cities before the 2025 reorganisation.
FORMER_PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai",
    "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên",
    "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang",
    "Hồ Chí Minh", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip

_ALIASES = {
    "tp hcm": "Hồ Chí Minh",
    "tphcm": "Hồ Chí Minh",
    "sai gon": "Hồ Chí Minh",
    "hue": "Thừa Thiên Huế",
    "vung tau": "Bà Rịa - Vũng Tàu",
    "ba ria vung tau": "Bà Rịa - Vũng Tàu",
    "dak lak": "Đắk Lắk",
    "daklak": "Đắk Lắk",
    "dak nong": "Đắk Nông",
    "thanh hoa": "Thanh Hóa",
    "hoa binh": "Hòa Bình",
    "khanh hoa": "Khánh Hòa",
}


def _current_provinces() -> list[str]:
    try:
        from vietnam_provinces import Province
    except ImportError:  # the package is a dependency; stay usable without it
        return []
    names = []
    for province in Province.iter_all():
        name = re.sub(r"^(Thành phố|Tỉnh)\s+", "", province.name)
        names.append(name)
    return names


@lru_cache(maxsize=1)
def province_names() -> tuple[str, ...]:
    """Every province name known, former and current, longest first."""
    names = set(FORMER_PROVINCES) | set(_current_provinces())
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


@lru_cache(maxsize=1)
def _folded_index() -> dict[str, str]:
    index = {fold(name).replace("-", " ").replace("  ", " "): name for name in province_names()}
    index.update(_ALIASES)
    return index


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    keys = sorted(_folded_index(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b")


def provinces_in(text: str) -> list[str]:
    """Province names mentioned in `text` (accents optional), in order, without repeats."""
    folded = re.sub(r"\s+", " ", fold(text).replace("-", " "))
    found: list[str] = []
    for m in _pattern().finditer(folded):
        name = _folded_index()[m.group(1)]
        if name not in found:
            found.append(name)
    return found


def find_province(primary: str, fallback_text: str = "") -> str | None:
    """The province named in `primary` (issuer, place), else the one after "tỉnh" in the text."""
    hits = provinces_in(primary)
    if hits:
        return hits[0]
    counts: dict[str, int] = {}
    for m in at_word_start(_AFTER_TINH, fallback_text):
        for name in provinces_in(m.group(1))[:1]:
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None
