"""The zh-hans wording of wuse's interface, applied to the catalog by `make messages`.

Keys are the English msgids in the code and templates. Run
``python scripts/zh_hans.py`` after ``makemessages`` to fill the catalog; it
lists any msgid still without a translation and exits non-zero if there is one.
"""

import sys

from zh._base import ZH as _BASE  # scripts/ is on sys.path when this runs as a script

ZH = dict(_BASE)


def _merge_parts() -> None:
    """Add the wording of the parts kept in ``scripts/zh/`` (one module per part, each a ``ZH`` dict).

    A msgid translated differently in two places is a mistake: the first wording wins and it is reported.
    """
    import importlib
    import pkgutil
    from pathlib import Path

    folder = Path(__file__).resolve().parent / "zh"
    sys.path.insert(0, str(folder.parent))
    for info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue  # the base wording, already in ZH
        part = importlib.import_module(f"zh.{info.name}")
        for msgid, text in part.ZH.items():
            if msgid in ZH and ZH[msgid] != text:
                CONFLICTS.append((info.name, msgid, ZH[msgid], text))
                continue
            ZH[msgid] = text


CONFLICTS: list[tuple[str, str, str, str]] = []
_merge_parts()


def main(po_path: str = "locale/zh_Hans/LC_MESSAGES/django.po") -> int:
    import polib

    for part, msgid, kept, dropped in CONFLICTS:
        print(f"zh/{part}.py: {msgid!r} kept {kept!r}, not {dropped!r}", file=sys.stderr)

    po = polib.pofile(po_path)
    missing = []
    for entry in po:
        if "fuzzy" in entry.flags and entry.msgid not in ZH:
            # msgmerge's guess from a similar message: never ship it, ask for a real translation.
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            entry.previous_msgid = entry.previous_msgid_plural = None
        if entry.msgid in ZH and entry.msgid_plural:
            entry.msgstr_plural = {0: ZH[entry.msgid]}  # Chinese has one plural form
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
        elif entry.msgid in ZH:
            entry.msgstr = ZH[entry.msgid]
            entry.previous_msgid = entry.previous_msgid_plural = None
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not (entry.msgstr or any(entry.msgstr_plural.values())):
            missing.append(entry.msgid)
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.save(po_path)
    for msgid in missing:
        print(f"no zh-hans translation: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
