"""The levels of the 统计用区划代码 hierarchy and their code shapes.

An installation's top is a city (a city-wide set-up, no province row) or a province above its
cities (a province-wide one). Every level below keeps its significant prefix, so a province adds
one shorter prefix (2 digits) above the cities and changes nothing beneath them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    STREET = "street", _("Street")
    COMMUNITY = "community", _("Community")


ORDER = [Level.PROVINCE, Level.CITY, Level.DISTRICT, Level.STREET, Level.COMMUNITY]
DEPTH = {level: index for index, level in enumerate(ORDER)}

# Significant digits of each level: a unit's prefix is a prefix of every descendant's code.
PREFIX_LENGTH = {Level.PROVINCE: 2, Level.CITY: 4, Level.DISTRICT: 6, Level.STREET: 9, Level.COMMUNITY: 12}
# Levels that may stand at the top of the tree, without a parent: a province, or a city in a
# city-wide installation (no province row).
TOP_LEVELS = frozenset({Level.PROVINCE, Level.CITY})
# Lengths accepted in an import file: the compact form (as the national tables print
# provinces with 2 or 6 digits, cities and districts with 6, streets with 9) or the full 12-digit code.
FILE_CODE_LENGTHS = {
    Level.PROVINCE: {2, 6, 12},
    Level.CITY: {6, 12},
    Level.DISTRICT: {6, 12},
    Level.STREET: {9, 12},
    Level.COMMUNITY: {12},
}
FULL_LENGTH = 12


def normalize_code(code: str) -> str:
    """Pad a compact code to the full 12 digits (330102 → 330102000000)."""
    return code.ljust(FULL_LENGTH, "0")


def code_shape_error(code: str, level: str) -> str | None:
    """Why ``code`` cannot be a code of ``level``, or None when it can."""
    if not code.isascii() or not code.isdigit():
        return _("code %(code)s must contain digits only") % {"code": code}
    if len(code) not in FILE_CODE_LENGTHS[level]:
        lengths = "/".join(str(n) for n in sorted(FILE_CODE_LENGTHS[level]))
        return _("code %(code)s has %(n)d digits; a %(level)s code has %(lengths)s") % {
            "code": code, "n": len(code), "level": Level(level).label, "lengths": lengths,
        }
    full = normalize_code(code)
    tail = full[PREFIX_LENGTH[level]:]
    if tail.strip("0"):
        return _("code %(code)s has non-zero digits after the %(level)s part") % {
            "code": code, "level": Level(level).label,
        }
    start = PREFIX_LENGTH[ORDER[DEPTH[level] - 1]] if DEPTH[level] else 0
    if not full[start : PREFIX_LENGTH[level]].strip("0"):
        return _("code %(code)s is not a valid %(level)s code (its own part is zero)") % {
            "code": code, "level": Level(level).label,
        }
    return None
