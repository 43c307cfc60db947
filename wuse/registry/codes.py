"""Identifiers of the five societies' actors, validated before anything is written.

统一社会信用代码 (unified social credit code, GB 32100-2015), 18 characters:

- 1: registration authority (5 = civil affairs, 9 = market regulation, 1 = institutional staffing, …);
- 2: organization type under that authority (for civil affairs: 1 社会团体, 2 民办非企业单位/社会服务机构,
  3 基金会, 9 other);
- 3–8: the registering authority's 6-digit administrative division code;
- 9–17: the organization code (GB 11714, its own check character in position 17);
- 18: the check character, MOD 31 over the first 17 with weights 3^i mod 31.

The alphabet is the digits and the capitals without I, O, S, V, Z (31 characters).

社会工作者职业水平证书 管理号 (the social-work certificate's management number): 18 digits, the first
four the year the level was obtained; the national examinations began in 2008. This shape is the one
the national certificate query shows [DOMAIN: inference, to be checked against the issuing rules].

Messages never repeat the value, so they are safe to log.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.privacy.text import remove_spaces, to_halfwidth

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUE = {char: index for index, char in enumerate(CREDIT_ALPHABET)}
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714 organization code: 8 body characters (digits or capitals) and a check character.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_BODY = re.compile(r"[0-9A-Z]{8}")
_DIGITS = re.compile(r"[0-9]+")
CREDIT_LENGTH = 18
CERTIFICATE_LENGTH = 18
FIRST_CERTIFICATE_YEAR = 2008
# Registration authority "5" is civil affairs (民政), the authority of social organizations.
CIVIL_AFFAIRS = "5"


def normalize_code(raw: str | None) -> str:
    """Half-width, no whitespace, upper case."""
    if not raw:
        return ""
    return remove_spaces(to_halfwidth(str(raw))).upper()


def credit_check_character(first17: str) -> str:
    if len(first17) != CREDIT_LENGTH - 1 or any(char not in _CREDIT_VALUE for char in first17):
        raise ValueError("credit_check_character() needs 17 characters of the credit-code alphabet")
    total = sum(_CREDIT_VALUE[char] * weight for char, weight in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def org_code_check_character(body: str) -> str:
    """GB 11714: the check character of an 8-character organization code body."""
    if not _ORG_BODY.fullmatch(body):
        raise ValueError("org_code_check_character() needs 8 digits or capitals")

    def value(char: str) -> int:
        return int(char) if char.isdigit() else ord(char) - ord("A") + 10

    check = 11 - sum(value(char) * weight for char, weight in zip(body, ORG_CODE_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code_error(code: str) -> str | None:
    """Why ``code`` (normalized) is not a valid unified social credit code, or None."""
    if len(code) != CREDIT_LENGTH:
        return _("A unified social credit code has 18 characters; this one has %(n)d.") % {"n": len(code)}
    bad = sorted({char for char in code if char not in _CREDIT_VALUE})
    if bad:
        return _("A unified social credit code uses digits and capital letters other than I, O, S, V and Z; "
                 "this one contains %(chars)s.") % {"chars": " ".join(bad)}
    if not _DIGITS.fullmatch(code[2:8]):
        return _("Characters 3–8 of a unified social credit code are the registering authority's "
                 "division code (6 digits).")
    body, org_check = code[8:16], code[16]
    if not _ORG_BODY.fullmatch(body) or org_code_check_character(body) != org_check:
        return _("Characters 9–17 of the unified social credit code are not a valid organization code "
                 "(the 17th character does not match); check the code on the registration certificate.")
    if credit_check_character(code[:17]) != code[17]:
        return _("The last character of the unified social credit code does not match the others; "
                 "check the code on the registration certificate.")
    return None


def validate_credit_code(value: str) -> None:
    message = credit_code_error(value)
    if message:
        raise ValidationError(message, code="credit_code")


def make_credit_code(authority: str, kind: str, division: str, serial: int) -> str:
    """A valid code for demo and test data: ``serial`` becomes the organization code body."""
    body = f"{serial:08d}"[-8:]
    first17 = f"{authority}{kind}{division[:6]}{body}{org_code_check_character(body)}"
    return first17 + credit_check_character(first17)


def certificate_number_error(number: str, today: dt.date | None = None) -> str | None:
    """Why ``number`` (normalized) is not a social-work certificate management number, or None."""
    if not _DIGITS.fullmatch(number or ""):
        return _("A social-work certificate number contains digits only.")
    if len(number) != CERTIFICATE_LENGTH:
        return _("A social-work certificate number has 18 digits; this one has %(n)d.") % {"n": len(number)}
    year = int(number[:4])
    this_year = (today or timezone.localdate()).year
    if not FIRST_CERTIFICATE_YEAR <= year <= this_year:
        return _("A social-work certificate number starts with the year it was obtained (%(first)d–%(last)d).") % {
            "first": FIRST_CERTIFICATE_YEAR, "last": this_year}
    return None


def validate_certificate_number(value: str) -> None:
    message = certificate_number_error(value)
    if message:
        raise ValidationError(message, code="certificate_number")
