import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from wuse.privacy import normalize_phone, phone_error, validate_phone

quick = settings(database=None, deadline=None)

def fullwidth(s: str) -> str:
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) for c in s)


mobiles = st.builds(lambda second, rest: f"1{second}{rest:09d}", st.sampled_from("3456789"), st.integers(0, 10**9 - 1))


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("＋８６　１３８－１２３４－５６７８", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("(0571) 8765-4321", "0571-87654321"),
        ("0571-87654321", "0571-87654321"),
        ("057187654321", "0571-87654321"),
        ("（０５７１）８７６５４３２１", "0571-87654321"),
        ("010 1234 5678", "010-12345678"),
        ("(021)6123456", "021-6123456"),
    ],
)
def test_it_normalizes(raw, canonical):
    assert normalize_phone(raw) == canonical
    assert phone_error(canonical) is None
    validate_phone(canonical)


@pytest.mark.parametrize(
    "value",
    ["12345", "2381234567", "12812345678", "1381234567", "138123456789", "01312345678", "0571-123456",
     "0571-123456789", "011-12345678", "+8657187654321", "", "<script>", "📞13812345678", None, "x" * 10000],
)
def test_it_rejects(value):
    assert isinstance(phone_error(normalize_phone(value)), str)
    with pytest.raises(ValidationError) as caught:
        validate_phone(normalize_phone(value))
    assert caught.value.code == "phone"


def test_validation_is_strict_so_callers_normalize_first():
    assert phone_error("+86 138 1234 5678") is not None
    assert phone_error("057187654321") is not None


def test_the_country_code_stays_when_the_rest_is_not_a_mobile():
    assert normalize_phone("8612345678") == "8612345678"
    assert normalize_phone("+86 12345") == "+8612345"


def test_the_message_holds_no_mobile_number():
    import re

    assert not re.search(r"1[3-9]\d{9}", phone_error("12345"))


@quick
@given(mobiles, st.sampled_from(["", "+86", "0086", "86", "+86 ", "0086-", "＋８６"]), st.booleans())
def test_every_mobile_survives_prefixes_spaces_and_full_width(mobile, prefix, full_width):
    spaced = f"{mobile[:3]} {mobile[3:7]}-{mobile[7:]}"
    variant = fullwidth(spaced) if full_width else spaced
    assert normalize_phone(prefix + variant) == mobile
    assert phone_error(mobile) is None


@quick
@given(st.sampled_from(["010", "021", "029", "0571", "0991"]), st.integers(2 * 10**6, 10**8 - 1))
def test_every_landline_with_an_area_code_normalizes_to_one_dash(area, number):
    canonical = f"{area}-{number}"
    assert normalize_phone(f"({area}) {number}") == canonical
    assert normalize_phone(fullwidth(f"{area}{number}")) == canonical
    assert phone_error(canonical) is None


@quick
@given(st.text())
def test_arbitrary_text_never_raises(value):
    normalized = normalize_phone(value)
    assert phone_error(normalized) is None or isinstance(phone_error(normalized), str)
    assert normalize_phone(normalized) == normalized
