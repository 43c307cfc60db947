import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wuse.privacy import check_character, mask_id_number, mask_name, mask_phone

quick = settings(database=None, deadline=None)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("１３８１２３４５６７８", "138****5678"),
        ("0571-87654321", "0571-****4321"),
        ("(0571) 8765-4321", "0571-****4321"),
        ("021-6123456", "021-***3456"),
        ("010-12345678", "010-****5678"),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("330106199001011234", "330***********1234"),
        ("11010519491231002X", "110***********002X"),
        ("11010519491231002x", "110***********002X"),
        ("１１０１０５ １９４９１２３１ ００２ｘ", "110***********002X"),
    ],
)
def test_mask_id_number(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("张三", "张*"), ("欧阳明月", "欧***"), ("李", "李"), (" 王小明 ", "王**"), ("Alice", "A****")],
)
def test_mask_name(value, masked):
    assert mask_name(value) == masked


@pytest.mark.parametrize("mask", [mask_phone, mask_id_number, mask_name])
@pytest.mark.parametrize("empty", ["", None, "   "])
def test_empty_input_gives_empty_output(mask, empty):
    assert mask(empty) == ""


@pytest.mark.parametrize(
    ("mask", "value", "masked"),
    [
        (mask_phone, "12345", "***45"),
        (mask_phone, "2381234567", "********67"),
        (mask_phone, "<script>", "******t>"),
        (mask_id_number, "1101051949123100", "**************00"),  # 16 digits: no recognised shape
        (mask_id_number, "110105194912310", "*************10"),
        (mask_id_number, "ab", "ab"),
        (mask_id_number, "a", "a"),
    ],
)
def test_unrecognised_shapes_keep_only_the_last_two_characters(mask, value, masked):
    assert mask(value) == masked


@pytest.mark.parametrize("mask", [mask_phone, mask_id_number, mask_name])
@pytest.mark.parametrize("value", ["x" * 10000, "😀🇨🇳", "<script>alert(1)</script>", "\x00\ud800", 13812345678, b"1"])
def test_odd_input_never_raises(mask, value):
    assert isinstance(mask(value), str)


@quick
@given(st.text())
def test_arbitrary_text_never_raises_and_shows_at_most_a_few_characters(value):
    # The most any mask shows is a landline's area code, its dash and the last 4 digits.
    for mask, most_shown in ((mask_phone, 9), (mask_id_number, 7), (mask_name, 1)):
        masked = mask(value)
        assert isinstance(masked, str)
        assert len(masked.replace("*", "")) <= most_shown


@st.composite
def valid_ids(draw) -> str:
    region = draw(st.integers(110000, 829999))
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2024, 12, 31)))
    first17 = f"{region}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return first17 + check_character(first17)


mobiles = st.builds(lambda second, rest: f"1{second}{rest:09d}", st.sampled_from("3456789"), st.integers(0, 10**9 - 1))
landlines = st.builds(
    lambda area, number: f"{area}-{number}",
    st.sampled_from(["010", "021", "0571", "0991"]),
    st.integers(2 * 10**6, 10**8 - 1),
)


@quick
@given(valid_ids())
def test_a_masked_id_number_keeps_its_length_and_hides_the_middle(id_number):
    masked = mask_id_number(id_number)
    assert len(masked) == len(id_number)
    assert id_number not in masked
    assert masked == id_number[:3] + "*" * 11 + id_number[-4:]


@quick
@given(st.one_of(mobiles, landlines))
def test_a_masked_phone_keeps_its_length_and_hides_the_middle(phone):
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert phone not in masked
    assert masked.endswith(phone[-4:])
    assert masked.count("*") >= 3


@pytest.mark.parametrize(("text", "masked"), [
    ("张三、李四", "张*、李*"), ("张三, 欧阳明月；王五 / 赵六|孙七", "张*、欧***、王*、赵*、孙*"), ("", ""), (None, ""),
])
def test_mask_names_masks_each_name_of_a_list(text, masked):
    from wuse.privacy import mask_names

    assert mask_names(text) == masked
