"""The identifiers of the five societies' actors: 统一社会信用代码 and the social-work certificate number."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wuse.registry.codes import (
    CREDIT_ALPHABET,
    certificate_number_error,
    credit_check_character,
    credit_code_error,
    make_credit_code,
    normalize_code,
    org_code_check_character,
    validate_certificate_number,
    validate_credit_code,
)

# Published codes (a company registered in Fuzhou and a national social organization).
REAL_CODES = ["91350100M000100Y43", "53100000500021676K"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def error(code: str) -> str:
    return str(credit_code_error(code) or "")


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_published_codes_are_valid(code):
    assert credit_code_error(code) is None
    validate_credit_code(code)


def test_normalize_code_makes_full_width_spaced_lower_case_input_canonical():
    assert normalize_code(" ９１３５０１００ｍ０００１００ｙ４３ ") == "91350100M000100Y43"
    assert normalize_code("5310 0000 5000 2167 6k") == "53100000500021676K"
    assert normalize_code(None) == ""
    assert credit_code_error(normalize_code("91350100m000100y43")) is None


@pytest.mark.parametrize("code", REAL_CODES)
def test_a_changed_last_character_is_refused(code):
    for other in CREDIT_ALPHABET:
        if other != code[-1]:
            assert "last character" in error(code[:-1] + other)


@pytest.mark.parametrize("code", ["91350100M000100Y4", "91350100M000100Y433", "", "9"])
def test_wrong_length_says_how_many_characters(code):
    message = error(code)
    assert "has 18 characters" in message and f"this one has {len(code)}" in message


@pytest.mark.parametrize("letter", list("IOSVZ"))
def test_letters_outside_the_alphabet_are_named(letter):
    code = "91350100M000100Y43"
    bad = code[:9] + letter + code[10:]
    message = error(bad)
    assert "other than I, O, S, V and Z" in message and message.endswith(f"contains {letter}.")


def test_lower_case_and_punctuation_are_named_too():
    assert "contains - ." in error("91350100-000100Y4.")


def test_a_bad_organization_code_part_is_refused_even_with_a_matching_last_character():
    first17 = "91350100N000100Y4"  # the organization code's body changed, its check character not
    code = first17 + credit_check_character(first17)
    assert "Characters 9–17" in error(code)


def test_the_division_part_must_be_digits():
    first17 = "91A50100M000100Y4"
    assert "Characters 3–8" in error(first17 + credit_check_character(first17))


def test_validators_raise_with_their_code():
    with pytest.raises(ValidationError) as caught:
        validate_credit_code("91350100M000100Y44")
    assert caught.value.code == "credit_code"
    with pytest.raises(ValidationError) as caught:
        validate_certificate_number("2019")
    assert caught.value.code == "certificate_number"


def test_messages_never_repeat_the_value():
    for bad in ("91350100M000100Y44", "91350100M000100Y4", "9135010IM000100Y43"):
        assert bad not in error(bad)


@pytest.mark.parametrize("serial", [1, 10601, 99999999, 123456789])
def test_make_credit_code_makes_valid_codes(serial):
    code = make_credit_code("5", "2", "330106", serial)
    assert len(code) == 18 and code.startswith("52330106")
    assert credit_code_error(code) is None


def test_organization_code_check_character_of_a_known_code():
    # The organization codes inside the real codes above: M000100Y-4 and 50002167-6.
    assert org_code_check_character("M000100Y") == "4"
    assert org_code_check_character("50002167") == "6"
    with pytest.raises(ValueError):
        org_code_check_character("abc")
    with pytest.raises(ValueError):
        credit_check_character("I" * 17)


# ---------------------------------------------------------------------------------- certificate numbers

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize("number", ["201933010600000001", "200800000000000000", "202600000000000001"])
def test_valid_certificate_numbers(number):
    assert certificate_number_error(number, today=TODAY) is None


@pytest.mark.parametrize("number, words", [
    ("2019330106000000X1", "digits only"),
    ("", "digits only"),
    ("２０１９", "digits only"),
    ("20193301060000001", "this one has 17"),
    ("2019330106000000011", "this one has 19"),
    ("200733010600000001", "2008–2026"),
    ("202733010600000001", "2008–2026"),
])
def test_bad_certificate_numbers(number, words):
    assert words in str(certificate_number_error(number, today=TODAY))


def test_a_certificate_from_this_year_is_valid_without_a_given_date():
    year = dt.date.today().year
    assert certificate_number_error(f"{year}00000000000001") is None
