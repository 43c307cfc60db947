import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from wuse.privacy import birth_date, check_character, id_number_error, normalize_id_number, validate_id_number
from wuse.privacy.text import squeeze_spaces, to_halfwidth

# No example database: nothing is written under the working tree.
quick = settings(database=None, deadline=None)

SAMPLE = "11010519491231002X"  # the worked example of GB 11643-1999
DIGITS = "0123456789"
HOSTILE = [
    "",
    "x" * 10000,
    "３３０１０６１９９００１０１１２３４",
    "330106 1990 0101 1234",
    "😀" * 18,
    "🇨🇳",
    "<script>",
    "<script>alert(1)</script>",
    "330106199001011234\x00",
    None,
]


@st.composite
def valid_ids(draw) -> str:
    region = draw(st.integers(110000, 829999))
    # Up to yesterday: "today" in Asia/Shanghai is never behind the machine's yesterday.
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date.today() - dt.timedelta(days=1)))
    sequence = draw(st.integers(0, 999))
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def with_check(first17: str) -> str:
    return first17 + check_character(first17)


def test_it_accepts_the_standards_worked_example():
    assert id_number_error(SAMPLE) is None
    validate_id_number(SAMPLE)
    assert check_character(SAMPLE[:17]) == "X"
    assert birth_date(SAMPLE) == dt.date(1949, 12, 31)


@quick
@given(valid_ids())
def test_every_well_formed_id_validates(id_number):
    assert id_number_error(id_number) is None
    assert normalize_id_number(id_number) == id_number
    assert birth_date(id_number) == dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


@quick
@given(valid_ids())
def test_every_single_character_substitution_is_rejected(id_number):
    for position, original in enumerate(id_number):
        alphabet = DIGITS + "X" if position == 17 else DIGITS
        for replacement in alphabet.replace(original, ""):
            typo = id_number[:position] + replacement + id_number[position + 1 :]
            assert id_number_error(typo) is not None, (position, replacement)
            # MOD 11-2 alone catches it, whatever the birth-date check says.
            assert check_character(typo[:17]) != typo[17], (position, replacement)


@quick
@given(valid_ids(), st.integers(0, 15))
def test_every_adjacent_transposition_in_the_first_17_changes_the_check_character(id_number, position):
    a, b = id_number[position], id_number[position + 1]
    swapped = id_number[:position] + b + a + id_number[position + 2 :]
    if a != b:
        assert check_character(swapped[:17]) != id_number[17]


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in s)


@quick
@given(
    valid_ids(),
    st.lists(st.tuples(st.integers(0, 18), st.sampled_from([" ", "\u3000", "\t", "\n", "  "])), max_size=6),
    st.booleans(),
)
def test_full_width_spaced_and_lower_case_variants_normalize_to_the_same_number(id_number, spaces, full_width):
    variant = _fullwidth(id_number) if full_width else id_number
    variant = variant.replace("X", "x").replace("Ｘ", "ｘ")
    for position, space in sorted(spaces, reverse=True):
        variant = variant[:position] + space + variant[position:]
    assert normalize_id_number(variant) == id_number
    assert id_number_error(normalize_id_number(variant)) is None


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_input_gets_a_message_not_an_exception(value):
    message = id_number_error(value)
    assert isinstance(message, str) and message
    with pytest.raises(ValidationError):
        validate_id_number(value)


@quick
@given(st.text())
def test_arbitrary_text_never_raises(value):
    for candidate in (value, normalize_id_number(value)):
        error = id_number_error(candidate)
        assert (error is None and len(candidate) == 18) or (isinstance(error, str) and error)


def test_validation_is_strict_so_callers_normalize_first():
    assert id_number_error(SAMPLE.lower()) is not None
    assert id_number_error(f" {SAMPLE}") is not None
    assert id_number_error(_fullwidth(SAMPLE)) is not None
    assert id_number_error(normalize_id_number(f" {_fullwidth(SAMPLE).lower()} ")) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (SAMPLE[:17], "id_number_length"),
        (SAMPLE + "1", "id_number_length"),
        ("1101051949123100AX", "id_number_digits"),
        ("１１０１０５１９４９１２３１００２Ｘ"[:17] + "X", "id_number_digits"),
        ("11010519491231002Y", "id_number_last_character"),
        (with_check("11010519491331002"), "id_number_birth_date"),  # month 13
        (with_check("11010519490230002"), "id_number_birth_date"),  # 30 February
        (with_check("11010518991231002"), "id_number_birth_date"),  # before 1900
        (with_check("11010500000000002"), "id_number_birth_date"),
        ("110105194912310021", "id_number_checksum"),
    ],
)
def test_each_problem_has_its_own_code(value, code):
    with pytest.raises(ValidationError) as caught:
        validate_id_number(value)
    assert caught.value.code == code
    assert id_number_error(value) == caught.value.messages[0]


def test_it_reports_the_length_it_saw():
    assert "17" in id_number_error(SAMPLE[:17])


def test_a_birth_date_in_the_future_is_refused():
    with time_machine.travel(dt.datetime(2030, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        assert id_number_error(with_check("11010520300615002")) is None
        assert id_number_error(with_check("11010520300616002")) is not None


def test_messages_never_repeat_the_number():
    for value in ["110105194912310021", "11010519491331002X", "1101051949123100AX"]:
        message = id_number_error(value)
        assert value not in message
        assert value[:6] not in message


def test_check_character_and_birth_date_refuse_bad_input():
    for bad in ["", "1101051949123100", "1101051949123100A", "１１０１０５１９４９１２３１００２"]:
        with pytest.raises(ValueError):
            check_character(bad)
    with pytest.raises(ValueError):
        birth_date("11010519491331002X")
    assert birth_date(" １１０１０５１９４９１２３１００２ｘ ") == dt.date(1949, 12, 31)


def test_text_helpers():
    assert to_halfwidth("ＡＢＣ　１２３！～") == "ABC 123!~"
    assert to_halfwidth("张三（男）") == "张三(男)"
    assert squeeze_spaces("  张\u3000\u3000三 \t 丰 ") == "张 三 丰"
