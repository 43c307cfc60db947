"""The garbled/untranslated text check itself, on a fake catalog (no browser needed)."""

import pytest

from tests.e2e.textcheck import checked_msgids, parse_po, text_problems

FAKE_PO = r'''# Fake catalog for the text check.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: zh_Hans\n"

#: templates/base.html:7
msgid "Five-Society Linkage"
msgstr "五社联动"

#, fuzzy
msgid "Sign out"
msgstr ""

msgid "Needs"
msgstr "需求"

msgid "OK"
msgstr "好"

msgid "需求"
msgstr "需求"

msgid ""
"Demo mode: the second factor is "
"switched off here."
msgstr ""
"演示模式：此处关闭了"
"第二因素。"

#, python-format
msgid "Welcome, %(name)s"
msgstr "欢迎，%(name)s"

#, python-format
msgid "%(name)s (%(code)s)"
msgstr "%(name)s（%(code)s）"

msgctxt "need"
msgid "Title"
msgstr "标题"

msgid "one need"
msgid_plural "%(count)s needs"
msgstr[0] "%(count)s 条需求"

msgid "TOTP"
msgstr "TOTP"

msgid "English"
msgstr "英语"

msgid "Say \"hi\""
msgstr "说“你好”"

#~ msgid "Obsolete string"
#~ msgstr "过时"
'''


@pytest.fixture
def catalog(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(FAKE_PO, encoding="utf-8")
    return path


def test_parse_joins_continuations_and_skips_header_and_obsolete():
    msgids = dict(parse_po(FAKE_PO))
    assert msgids["Demo mode: the second factor is switched off here."] == "演示模式：此处关闭了第二因素。"
    assert msgids["Title"] == "标题"
    assert msgids["%(count)s needs"] == ""
    assert msgids['Say "hi"'] == "说“你好”"
    assert "Obsolete string" not in msgids
    checked = checked_msgids(FAKE_PO)
    assert "" not in checked
    assert "OK" not in checked  # shorter than 4 characters
    assert "需求" not in checked  # no ASCII letter
    assert "%(name)s (%(code)s)" not in checked  # nothing but placeholders and punctuation
    assert "TOTP" not in checked  # translated to itself on purpose
    assert "English" not in checked  # the language switcher
    assert {"Five-Society Linkage", "Sign out", "Needs", "Welcome, %(name)s", "Title", "one need",
            "%(count)s needs"} <= set(checked)


def test_a_clean_chinese_page_passes(catalog):
    text = ("五社联动 · wuse\n首页 审计日志\n欢迎，张三\n需求 · 上保社区\nOK English TOTP\n"
            "演示模式：此处关闭了第二因素。")
    assert text_problems(text, catalog) == []


@pytest.mark.parametrize("text, expected", [
    ("首页 Sign out", "'Sign out'"),
    ("Welcome, 张三", "'Welcome, %(name)s'"),
    ("共 3 Needs", "'Needs'"),
    ("演示模式 Demo mode: the second factor is\nswitched off  here.", "Demo mode"),
    ("12 needs", "'%(count)s needs'"),
    ("标题 Title", "'Title'"),
])
def test_an_untranslated_msgid_is_reported(catalog, text, expected):
    problems = text_problems(text, catalog)
    assert len(problems) == 1 and "untranslated" in problems[0] and expected in problems[0], problems


def test_a_msgid_inside_a_longer_word_is_not_reported(catalog):
    assert text_problems("Titles NeedsX Subtitle", catalog) == []


@pytest.mark.parametrize("marker", ["\ufffd", "Ã©", "â€™", "ï¿½", "锟斤拷"])
def test_garbled_text_is_reported(catalog, marker):
    problems = text_problems(f"上保社区{marker}楼道灯", catalog)
    assert problems and problems[0].startswith("garbled text"), problems


def test_a_missing_catalog_fails_loudly(tmp_path):
    with pytest.raises(AssertionError, match="no zh_Hans catalog.*run make messages"):
        text_problems("首页", tmp_path / "missing" / "django.po")
