"""Display masks (GB/T 35273-2020): enough to recognise a record, never the whole value.

Every function takes anything, returns ``""`` for empty input and never raises.
A value of no recognised shape keeps only its last two characters.
"""

import re

from .idcard import normalize_id_number
from .phone import LANDLINE, MOBILE, normalize_phone

STAR = "*"
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _stars(n: int) -> str:
    return STAR * max(n, 0)


def mask_rest(value: str, *, keep_start: int = 0, keep_end: int = 2) -> str:
    """Star everything but the first ``keep_start`` and last ``keep_end`` characters."""
    keep_end = min(keep_end, len(value))
    keep_start = min(keep_start, len(value) - keep_end)
    return value[:keep_start] + _stars(len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_phone(value) -> str:
    """``13812345678`` → ``138****5678``; ``0571-87654321`` → ``0571-****4321``."""
    phone = normalize_phone(_text(value))
    if MOBILE.fullmatch(phone):
        return mask_rest(phone, keep_start=3, keep_end=4)
    landline = LANDLINE.fullmatch(phone)
    if landline:
        return f"{landline[1]}-{mask_rest(landline[2], keep_end=4)}"
    return mask_rest(phone)


def mask_id_number(value) -> str:
    """``330106199001011234`` → ``330***********1234`` (the length is kept)."""
    id_number = normalize_id_number(_text(value))
    if _ID_SHAPE.fullmatch(id_number):
        return mask_rest(id_number, keep_start=3, keep_end=4)
    return mask_rest(id_number)


def mask_name(value) -> str:
    """``张三`` → ``张*``, ``欧阳明月`` → ``欧***``; a single character is shown as it is."""
    name = _text(value)
    return name[:1] + _stars(len(name) - 1)


_NAME_SEPARATORS = re.compile(r"[\s,，、;；/|]+")


def mask_names(text) -> str:
    """A free-text list of residents' names, each masked: ``张三、李四`` → ``张*、李*`` (any of the usual separators
    in, ``、`` out)."""
    return "、".join(mask_name(name) for name in _NAME_SEPARATORS.split(_text(text)) if name)
