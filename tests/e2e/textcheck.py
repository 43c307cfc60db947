"""The "untranslated or garbled text" check run on every page the browser tests visit.

A page fails when its visible text holds U+FFFD, a mojibake marker (UTF-8 read as
Latin-1 or GBK), or one of the project's English msgids from the zh_Hans catalog,
which would mean a string was left untranslated (missing or empty msgstr, fuzzy
entry, stale .mo, or a string rendered outside gettext's reach).
"""

import re
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

MOJIBAKE = ("\ufffd", "Ã", "â€", "ï¿½", "锟斤拷")

# English words a Chinese page shows on purpose, even if they are in the catalog:
# the language switcher names the other language in that language.
ALLOWED = frozenset({"English"})

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}|<[^>]+>")
_TOKEN = re.compile(rf"{_PLACEHOLDER.pattern}|\s+|[^%{{<\s]+|.")
_PO_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"\s*$')
_PO_CONT = re.compile(r'^"(.*)"\s*$')


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(s: str) -> str:
    return re.sub(r'\\(.)', lambda m: _ESCAPES.get(m.group(1), m.group(1)), s)


def parse_po(text: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every live entry; a msgid_plural counts as an entry of its own.

    Continuation lines (``msgid ""`` followed by ``"…"`` lines) are joined; comments,
    flags and obsolete ``#~`` entries are skipped.
    """
    entries: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = None

    def flush():
        nonlocal current
        if "msgid" in current:
            entries.append(current)
        current = {}

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            key = None
            if not line:
                flush()
            continue
        match = _PO_LINE.match(line)
        if match:
            key = match.group(1)
            if key in ("msgctxt", "msgid") and "msgid" in current:
                flush()
            current[key] = _unescape(match.group(2))
            continue
        cont = _PO_CONT.match(line)
        if cont and key is not None:
            current[key] += _unescape(cont.group(1))
    flush()
    result = []
    for entry in entries:
        result.append((entry["msgid"], entry.get("msgstr", entry.get("msgstr[0]", ""))))
        if "msgid_plural" in entry:
            result.append((entry["msgid_plural"], entry.get("msgstr[1]", "")))
    return result


def _norm(s: str) -> str:
    return " ".join(s.split())


def checked_msgids(po_text: str) -> list[str]:
    """The msgids worth looking for: not the header, >= 4 characters, with an ASCII letter,
    not deliberately translated to themselves, not in ALLOWED."""
    found = []
    for msgid, msgstr in parse_po(po_text):
        msgid = _norm(msgid)
        literal = _norm(_PLACEHOLDER.sub(" ", msgid))
        if len(literal) < 4 or not re.search(r"[A-Za-z]", literal):
            continue
        if msgid in ALLOWED or _norm(msgstr) == msgid:
            continue
        found.append(msgid)
    return sorted(set(found))


def msgid_pattern(msgid: str) -> re.Pattern:
    """A regex for how the msgid shows on a page: placeholders and tags match any text,
    any whitespace run matches any other, and it must not sit inside a longer English word."""
    pieces = []
    for token in _TOKEN.findall(msgid):
        if _PLACEHOLDER.fullmatch(token):
            pieces.append(r"[^\n]*?")
        elif token.isspace():
            pieces.append(r"\s+")
        else:
            pieces.append(re.escape(token))
    return re.compile(rf"(?<![A-Za-z]){''.join(pieces)}(?![A-Za-z])")


@lru_cache(maxsize=4)
def _patterns(catalog: Path, mtime: float) -> list[tuple[str, re.Pattern]]:
    text = catalog.read_text(encoding="utf-8")
    return [(m, msgid_pattern(m)) for m in checked_msgids(text)]


def text_problems(text: str, catalog: Path = CATALOG) -> list[str]:
    """Every problem found in ``text``; raises AssertionError when the catalog is missing."""
    if not catalog.is_file():
        raise AssertionError(f"no zh_Hans catalog at {catalog}: run make messages")
    problems = [f"garbled text: {marker!r} appears" for marker in MOJIBAKE if marker in text]
    for msgid, pattern in _patterns(catalog, catalog.stat().st_mtime):
        hit = pattern.search(text)
        if hit:
            problems.append(f"untranslated: msgid {msgid!r} shows as {hit.group(0)!r}")
    return problems


def assert_clean_text(page, catalog: Path = CATALOG) -> None:
    """Fail if the page's visible text (and title) is garbled or holds an untranslated UI string."""
    text = page.title() + "\n" + page.inner_text("body")
    problems = text_problems(text, catalog)
    assert not problems, f"{page.url}:\n  " + "\n  ".join(problems)
