from pathlib import Path

import polib
from django.test import Client
from django.utils import translation

from wuse.accounts.roles import Role

CATALOG = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_every_message_has_a_zh_hans_translation():
    po = polib.pofile(str(CATALOG / "django.po"))
    assert len(po) > 100
    assert [e.msgid for e in po if not (e.msgstr or any(e.msgstr_plural.values()))] == []
    assert [e.msgid for e in po if "fuzzy" in e.flags] == []


def test_the_compiled_catalog_matches_the_source():
    def text(e):
        return e.msgstr or e.msgstr_plural.get(0, "") or e.msgstr_plural.get("0", "")

    po = {e.msgid: text(e) for e in polib.pofile(str(CATALOG / "django.po")) if e.msgid}
    mo = {e.msgid: text(e) for e in polib.mofile(str(CATALOG / "django.mo")) if e.msgid}
    assert mo == po, "run `make messages` to recompile locale/zh_Hans/LC_MESSAGES/django.mo"


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sdr]")
    for entry in polib.pofile(str(CATALOG / "django.po")):
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(translated)), entry.msgid


def test_chinese_is_the_default_and_english_is_available(db):
    client = Client()
    assert "登录" in client.get("/accounts/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Sign in" in client.get("/accounts/login/").content.decode()
    with translation.override("zh-hans"):
        assert str(Role.COMMUNITY_STAFF.label) == "社区工作者"
