"""Reading one row of an upload into the arguments of ``need_create``, or into a problem per bad cell
(every bad cell of the row, not only the first)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from wuse.privacy import id_number_error, normalize_id_number, normalize_phone, phone_error
from wuse.regions.models import Region
from wuse.spreadsheets import CellError, clean_text, parse_date, parse_int
from wuse.spreadsheets.export import FORMULA_TRIGGERS
from wuse.spreadsheets.reader import Row

from .. import services
from ..models import Need, Urgency
from .columns import (
    ANONYMOUS,
    CATEGORY,
    CHANNEL,
    COMMUNITY,
    DEADLINE,
    DESCRIPTION,
    GROUP,
    HEADCOUNT,
    ID_NUMBER,
    LOCATION,
    MAX_HEADCOUNT,
    NAME,
    NO_WORDS,
    PHONE,
    TITLE,
    URGENCY,
    YES_WORDS,
)
from .report import ImportRow, Problem
from .vocabulary import Vocabulary, cell_key

_PREVIEW_CHARS = 40
_MASK = "*"


def _preview(text: str) -> str:
    return text if len(text) <= _PREVIEW_CHARS else text[: _PREVIEW_CHARS - 1] + "…"


def _unescape(text: str) -> str:
    """Undo the export's formula escaping: ``'=1+1`` → ``=1+1`` (so an export imports back unchanged)."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


class RowReader:
    """Reads one row's cells, collecting a problem per bad cell instead of stopping at the first."""

    def __init__(self, row: Row):
        self.row = row
        self.problems: list[Problem] = []

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.row.number, column, message))

    def raw(self, column: str) -> Any:
        return self.row.values.get(column)

    def text(self, column: str, *, max_length: int, required: bool = False, one_line: bool = True) -> str:
        text = _unescape(clean_text(self.raw(column)))
        if one_line:
            text = " ".join(text.split())
        if required and not text:
            self.problem(column, _("This column is required."))
        elif len(text) > max_length:
            self.problem(column, _("At most %(limit)s characters; this cell has %(count)s.")
                         % {"limit": max_length, "count": len(text)})
        return text

    def choice(self, column: str, keys: dict[str, Any], *, required: bool) -> Any:
        text = clean_text(self.raw(column))
        if not text:
            if required:
                self.problem(column, _("This column is required."))
            return None
        found = keys.get(cell_key(text))
        if found is None:
            self.problem(column, _("“%(value)s” is not one of the choices; pick one from the dropdown list.")
                         % {"value": _preview(text)})
        return found


def parse_row(row: Row, vocab: Vocabulary, today: dt.date) -> tuple[ImportRow | None, list[Problem]]:
    cells = RowReader(row)
    community = _community(cells, vocab)
    title = cells.text(TITLE, max_length=Need._meta.get_field("title").max_length, required=True)
    description = cells.text(DESCRIPTION, max_length=Need._meta.get_field("description").max_length,
                             one_line=False)
    category = cells.choice(CATEGORY, vocab.categories, required=True)
    if category is not None and not category.active:
        cells.problem(CATEGORY, _("The category “%(name)s” is no longer in use.") % {"name": category.name})
    channel = cells.choice(CHANNEL, vocab.channels, required=True)
    urgency = cells.choice(URGENCY, vocab.urgencies, required=False) or Urgency.NORMAL
    group = cells.text(GROUP, max_length=Need._meta.get_field("affected_group").max_length)
    location = cells.text(LOCATION, max_length=Need._meta.get_field("location").max_length)
    headcount = _headcount(cells)
    deadline = _deadline(cells, today)
    proposer = _proposer(cells)
    if cells.problems:
        return None, cells.problems
    fields = {"description": description, "category": category, "channel": channel, "urgency": urgency,
              "affected_group": group, "headcount": headcount, "location": location,
              "response_deadline": deadline}
    return ImportRow(row.number, community, title, fields, proposer), []


def _community(cells: RowReader, vocab: Vocabulary) -> Region | None:
    text = "".join(clean_text(cells.raw(COMMUNITY)).split())
    if not text:
        cells.problem(COMMUNITY, _("This column is required."))
        return None
    if text.isascii() and text.isdigit():
        region = vocab.communities.get(text)
        if region is None:
            cells.problem(COMMUNITY, _("“%(code)s” is not the code of a community where you may register needs.")
                          % {"code": _preview(text)})
        return region
    region = vocab.community_names.get(cell_key(text))
    if region is None:
        example = next(iter(vocab.communities), "330106002001")
        cells.problem(COMMUNITY, _("Write the community's 12-digit code, for example %(example)s.")
                      % {"example": example})
    return region


def _headcount(cells: RowReader) -> int | None:
    raw = cells.raw(HEADCOUNT)
    if not clean_text(raw):
        return None
    try:
        return parse_int(raw, minimum=1, maximum=MAX_HEADCOUNT)
    except CellError as exc:
        cells.problem(HEADCOUNT, str(exc))
        return None


def _deadline(cells: RowReader, today: dt.date) -> dt.date | None:
    raw = cells.raw(DEADLINE)
    if not clean_text(raw):
        return None
    try:
        day = parse_date(raw)
    except CellError as exc:
        cells.problem(DEADLINE, str(exc))
        return None
    if day < today:
        cells.problem(DEADLINE, _("The answer date cannot be before today (%(today)s).")
                      % {"today": today.isoformat()})
        return None
    return day


def _masked(cells: RowReader, column: str, text: str) -> bool:
    if _MASK in text:
        cells.problem(column, _("This looks like a masked value from an export; type the full value or leave "
                                "the cell empty."))
        return True
    return False


def _proposer(cells: RowReader) -> services.Proposer:
    name = cells.text(NAME, max_length=Need._meta.get_field("proposer_name").max_length)
    _masked(cells, NAME, name)
    phone = normalize_phone(clean_text(cells.raw(PHONE)))
    if phone and not _masked(cells, PHONE, phone) and (problem := phone_error(phone)):
        cells.problem(PHONE, problem)
    raw_id = cells.raw(ID_NUMBER)
    id_number = normalize_id_number(clean_text(raw_id))
    if isinstance(raw_id, int | float | Decimal) and not isinstance(raw_id, bool):
        # Excel keeps 15 significant digits: an 18-digit number cell has lost its last ones, even if it
        # happens to pass the checksum.
        cells.problem(ID_NUMBER, _("The ID number was saved as a number and Excel kept only 15 digits; format "
                                   "the column as text and type the number again."))
    elif id_number and not _masked(cells, ID_NUMBER, id_number) and (problem := id_number_error(id_number)):
        cells.problem(ID_NUMBER, problem)
    anonymous = _yes_no(cells, ANONYMOUS)
    if anonymous and (name or phone or id_number):
        cells.problem(ANONYMOUS, _("An anonymous proposer has no name, phone or ID number: clear them or write "
                                   "“否”."))
    return services.Proposer(anonymous=anonymous, name="" if anonymous else name,
                             phone="" if anonymous else phone, id_number="" if anonymous else id_number)


def _yes_no(cells: RowReader, column: str) -> bool:
    raw = cells.raw(column)
    if isinstance(raw, bool):
        return raw
    word = cell_key(raw)
    if word in YES_WORDS:
        return True
    if word not in NO_WORDS:
        cells.problem(column, _("Write 是 or 否."))
    return False
