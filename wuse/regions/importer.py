"""Import an administrative-division CSV (``code,name,level,parent_code``).

The whole file is validated first; if any row is bad nothing is written and
every bad row is reported with its line number. A good file is written in one
transaction, parents before children, as an upsert: importing the same file
twice gives the same tree, and renamed units take their new names.

A file is a city's (its city row has no parent) or a province's (a province row, then its
cities with the province as parent); each child's code starts with its parent's prefix.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .levels import DEPTH, ORDER, PREFIX_LENGTH, TOP_LEVELS, Level, code_shape_error, normalize_code
from .models import Region

REQUIRED_COLUMNS = ("code", "name", "level", "parent_code")
IN_CHUNK = 5000


@dataclass
class ParsedRow:
    line: int
    code: str
    name: str
    level: str
    parent_code: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class RegionImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _chunks(codes: Iterable[str], size: int = IN_CHUNK) -> Iterable[list[str]]:
    """``codes`` in lists of at most ``size``: a province's 25,000 codes would pass SQLite's limit of
    bound parameters in one ``IN``."""
    codes = sorted(codes)
    for start in range(0, len(codes), size):
        yield codes[start : start + size]


def read_rows(text: str) -> tuple[list[ParsedRow], list[str]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], [_("header: missing column(s) %(cols)s; expected %(expected)s") % {
            "cols": ", ".join(missing), "expected": ",".join(REQUIRED_COLUMNS)}]
    rows = []
    for record in reader:
        line = reader.line_num
        if None in record or any(record.get(c) is None for c in REQUIRED_COLUMNS):
            rows.append(ParsedRow(line, "", "", "", ""))
            continue
        rows.append(ParsedRow(line, *(record[c].strip() for c in REQUIRED_COLUMNS)))
    return rows, []


def validate(rows: list[ParsedRow]) -> list[str]:
    """Every problem in the file, one message per bad row, with its line number."""
    errors: list[str] = []
    levels = {value for value, _label in Level.choices}
    seen: dict[str, int] = {}
    file_levels: dict[str, str] = {}
    for row in rows:
        if row.level in levels and not code_shape_error(row.code, row.level):
            file_levels.setdefault(normalize_code(row.code), row.level)
    parent_codes = {normalize_code(r.parent_code) for r in rows if r.parent_code.isdigit()}
    db_levels = {code: level for chunk in _chunks(parent_codes - file_levels.keys())
                 for code, level in Region.objects.filter(code__in=chunk).values_list("code", "level")}

    for row in rows:
        problem = _row_problem(row, levels, seen, file_levels, db_levels)
        if problem:
            errors.append(_("line %(line)d: %(problem)s") % {"line": row.line, "problem": problem})
        if row.code:
            seen.setdefault(normalize_code(row.code) if row.code.isdigit() else row.code, row.line)
    return errors


def _row_problem(row, levels, seen, file_levels, db_levels) -> str | None:
    if not row.code and not row.name and not row.level:
        return _("the row has the wrong number of columns")
    if not row.code:
        return _("code is empty")
    if not row.name:
        return _("name is empty")
    if len(row.name) > 100:
        return _("name is longer than 100 characters")
    if row.level not in levels:
        return _("unknown level %(level)r; use one of %(levels)s") % {
            "level": row.level, "levels": ", ".join(v for v, _l in Level.choices)}
    shape = code_shape_error(row.code, row.level)
    if shape:
        return shape
    code = normalize_code(row.code)
    if code in seen:
        return _("duplicate code %(code)s (first on line %(first)d)") % {"code": row.code, "first": seen[code]}
    return _parent_problem(row, code, file_levels, db_levels)


def _parent_problem(row, code, file_levels, db_levels) -> str | None:
    depth = DEPTH[Level(row.level)]
    if depth == 0:
        return _("a province has no parent, but parent_code is %(p)s") % {"p": row.parent_code} \
            if row.parent_code else None
    if not row.parent_code:
        if row.level in TOP_LEVELS:
            return None  # a city-wide installation: the city is the top
        return _("parent_code is empty; a %(level)s needs a parent") % {"level": Level(row.level).label}
    parent = normalize_code(row.parent_code) if row.parent_code.isdigit() else row.parent_code
    parent_level = file_levels.get(parent) or db_levels.get(parent)
    if parent_level is None:
        return _("unknown parent %(p)s (not in this file nor in the database)") % {"p": row.parent_code}
    expected = ORDER[depth - 1]
    if parent_level != expected:
        return _("parent %(p)s is a %(got)s; a %(level)s's parent must be a %(want)s") % {
            "p": row.parent_code, "got": Level(parent_level).label, "level": Level(row.level).label,
            "want": Level(expected).label}
    if not code.startswith(parent[: PREFIX_LENGTH[expected]]):
        return _("code %(code)s does not start with its parent's prefix %(prefix)s") % {
            "code": row.code, "prefix": parent[: PREFIX_LENGTH[expected]]}
    return None


@transaction.atomic
def write(rows: Iterable[ParsedRow]) -> ImportResult:
    result = ImportResult()
    by_depth = sorted(rows, key=lambda r: DEPTH[Level(r.level)])
    wanted = {
        normalize_code(r.code): (r.name, r.level, normalize_code(r.parent_code) if r.parent_code else None)
        for r in by_depth
    }
    existing = {
        code: (name, level, parent)
        for chunk in _chunks(wanted)
        for code, name, level, parent in Region.objects.filter(code__in=chunk).values_list(
            "code", "name", "level", "parent_id")
    }
    changed = []
    for code, values in wanted.items():
        if code not in existing:
            result.created += 1
        elif existing[code] != values:
            result.updated += 1
        else:
            result.unchanged += 1
            continue
        changed.append(Region(code=code, name=values[0], level=values[1], parent_id=values[2]))
    for level in ORDER:  # parents before children
        batch = [r for r in changed if r.level == level]
        Region.objects.bulk_create(
            batch, batch_size=1000, update_conflicts=True, unique_fields=["code"],
            update_fields=["name", "level", "parent"],
        )
    return result


def import_regions_text(text: str) -> ImportResult:
    rows, header_errors = read_rows(text)
    errors = header_errors or validate(rows)
    if not errors and not rows:
        errors = [_("the file has no data rows")]
    if errors:
        raise RegionImportError(errors)
    return write(rows)
