"""Cleaning and parsing the cell values that offices type: every accepted form, every refusal a CellError."""

import math
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from wuse.spreadsheets import CellError, clean_text, parse_date, parse_int

FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
EXCEL_DAY_ZERO = date(1899, 12, 30)

# 10,000-character strings built from a short hypothesis string (hypothesis itself draws short ones).
long_text = st.text(min_size=1, max_size=12).map(lambda s: (s * 10_000)[:10_000])
any_text = st.one_of(st.text(), long_text, st.sampled_from(["😀" * 10_000, "\x00" * 10_000, "９" * 10_000]))
any_cell = st.one_of(
    any_text, st.none(), st.booleans(), st.integers(), st.floats(), st.decimals(),
    st.dates(), st.datetimes(), st.times(),
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# ---------------------------------------------------------------------------------------------- clean_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (12, "12"),
        (12.0, "12"),
        (-3.0, "-3"),
        (0.1, "0.1"),
        (1.5e-07, "0.00000015"),
        (Decimal("12.50"), "12.5"),
        (True, "TRUE"),
        (datetime(2026, 3, 5), "2026-03-05"),
        (datetime(2026, 3, 5, 8, 30), "2026-03-05 08:30:00"),
        (date(2026, 3, 5), "2026-03-05"),
        ("ＡＢＣ１２３！", "ABC123!"),
        ("\u3000张三\u3000", "张三"),
        ("上城区\u3000\u3000北山街道", "上城区 北山街道"),
        ("a\u200bb\u200c\u200d\ufeffc", "abc"),
        ("a\x00b\x07c\x7f", "abc"),
        ("a \t  b\xa0\xa0c", "a b c"),
        ("line1\r\nline2\rline3", "line1\nline2\nline3"),
        ("  line1  \n\n\n  line2  ", "line1\nline2"),
        ("😀 emoji", "😀 emoji"),
        ("￥100", "￥100"),
    ],
)
def test_clean_text_tidies_office_input(value, expected):
    assert clean_text(value) == expected


def _is_clean(text: str) -> bool:
    return (
        text == text.strip(" \n")
        and "  " not in text
        and "\n\n" not in text
        and " \n" not in text
        and "\n " not in text
        and not re.search("[\uff01-\uff5e\u3000\u200b-\u200f\ufeff]", text)
        and all(ch in " \n" or not ch.isspace() for ch in text)
        and all(ch == "\n" or unicodedata.category(ch) != "Cc" for ch in text)
    )


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_clean_text_output_is_clean_and_stable(text):
    cleaned = clean_text(text)
    assert _is_clean(cleaned)
    assert clean_text(cleaned) == cleaned


@settings(max_examples=200, deadline=None)
@given(any_cell)
def test_clean_text_accepts_any_cell_value(value):
    assert isinstance(clean_text(value), str)


# ---------------------------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    "value",
    [
        "2026-3-5",
        "2026-03-05",
        "2026/03/05",
        "2026/3/5",
        "2026.3.5",
        "20260305",
        "2026年3月5日",
        "2026年03月05号",
        "２０２６年３月５日",
        "２０２６－０３－０５",
        "２０２６／３／５",
        " 2026-03-05 ",
        "2026-03-05 00:00:00",
        "2026/3/5 8:30",
        20260305,
        46_086,
        46_086.75,
        Decimal("46086"),
        datetime(2026, 3, 5, 23, 59),
        date(2026, 3, 5),
    ],
)
def test_parse_date_accepts_each_office_form(value):
    assert parse_date(value) == date(2026, 3, 5)


def test_excel_serial_45000_is_2023_03_15():
    assert parse_date(45000) == date(2023, 3, 15)
    assert parse_date(45000.0) == date(2023, 3, 15)


def test_excel_serial_around_the_1900_leap_year_bug():
    early = {"earliest": date(1900, 1, 1)}
    assert parse_date(1, **early) == date(1900, 1, 1)
    assert parse_date(59, **early) == date(1900, 2, 28)
    assert parse_date(61, **early) == date(1900, 3, 1)
    with pytest.raises(CellError, match="1900-02-29"):
        parse_date(60, **early)
    with pytest.raises(CellError):
        parse_date(60)  # and outside the default 1950–2100 range anyway


@pytest.mark.parametrize(
    "value",
    [
        "abc", "", "   ", None, True, False, "2026-13-01", "2026-02-30", "2026年13月1日", "26-3-5",
        "2026-3/5", "2026--3-5", "3/5/2026", "45000", "2026-03-05x", "二〇二六年三月五日",
        float("nan"), float("inf"), -1, 0, 1e300, Decimal("NaN"), Decimal("sNaN"), 20261399, [], object(),
    ],
)
def test_parse_date_refuses_garbage_with_a_cell_error(value):
    with pytest.raises(CellError) as caught:
        parse_date(value)
    assert str(caught.value)


@pytest.mark.parametrize("value", ["1949-12-31", "2101-01-01", date(1900, 1, 1), 100])
def test_parse_date_refuses_dates_outside_the_range(value):
    with pytest.raises(CellError):
        parse_date(value)


def test_a_date_error_quotes_the_value_shortly():
    with pytest.raises(CellError) as caught:
        parse_date("x" * 10_000)
    assert "xxxx" in str(caught.value)
    assert len(str(caught.value)) < 120


def _text_forms(day: date) -> list[str]:
    y, m, d = day.year, day.month, day.day
    forms = [f"{y}-{m}-{d}", f"{y}-{m:02}-{d:02}", f"{y}/{m:02}/{d:02}", f"{y}/{m}/{d}", f"{y}.{m}.{d}",
             f"{y}{m:02}{d:02}", f"{y}年{m}月{d}日"]
    return forms + [form.translate(FULL_WIDTH) for form in forms]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_in_range_written_in_every_form_parses_back_to_itself(day):
    for form in _text_forms(day):
        assert parse_date(form) == day, form
    assert parse_date((day - EXCEL_DAY_ZERO).days) == day


@settings(max_examples=300, deadline=None)
@given(any_cell)
def test_parse_date_raises_nothing_but_cell_error(value):
    try:
        result = parse_date(value)
    except CellError:
        return
    assert date(1950, 1, 1) <= result <= date(2100, 12, 31)


# ---------------------------------------------------------------------------------------------- parse_int


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12), ("１２", 12), ("12.0", 12), ("12.00", 12), (12.0, 12), (12, 12), (" 12 ", 12), ("+4", 4),
        ("-3", -3), ("1,200", 1200), ("１，２００", 1200), (Decimal("12.00"), 12), ("0", 0),
    ],
)
def test_parse_int_accepts_whole_numbers_in_office_forms(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize(
    "value",
    ["12.5", 12.5, "abc", "", None, True, "1e3", "1,20", "12,0000", "12 3", float("nan"), float("inf"),
     Decimal("12.5"), Decimal("sNaN"), "9" * 31, "9" * 10_000, "１２.５"],
)
def test_parse_int_refuses_what_is_not_a_whole_number(value):
    with pytest.raises(CellError):
        parse_int(value)


def test_parse_int_checks_the_bounds():
    assert parse_int("5", minimum=0, maximum=5) == 5
    with pytest.raises(CellError, match="less than 0"):
        parse_int("-1", minimum=0)
    with pytest.raises(CellError, match="more than 120"):
        parse_int(121.0, maximum=120)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**20), max_value=10**20))
def test_parse_int_reads_back_any_integer_as_text_full_width_or_float(n):
    assert parse_int(str(n)) == n
    assert parse_int(str(n).translate(FULL_WIDTH)) == n
    assert parse_int(f"{n}.0") == n
    if abs(n) < 2**53:
        assert parse_int(float(n)) == n


@settings(max_examples=300, deadline=None)
@given(any_cell)
def test_parse_int_raises_nothing_but_cell_error(value):
    try:
        result = parse_int(value)
    except CellError:
        return
    assert isinstance(result, int) and not isinstance(result, bool)
    assert not isinstance(value, float) or (math.isfinite(value) and value == result)


def test_cell_error_is_a_value_error():
    assert issubclass(CellError, ValueError)
