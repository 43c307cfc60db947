"""Residents' needs in and out of Excel: the import template, a row-by-row report before anything
is saved, the all-or-nothing import through ``need_create``, and the export of the list's rows.

The file format is Chinese whatever the interface language (the headers, the dropdown values,
the sheet name), so a file exported by one user imports for any other. Category, channel and
urgency are also accepted by their English label or their code. Personal data is exported masked
unless the user may reveal it for every row; each export and each import is audited (counts, never
values). Sensitive information (PIPL art. 28) is never imported: it needs a legal basis recorded
per need, on the need's page.

Between the report and the confirmation the uploaded file waits in the default storage under
``imports/``; the confirmation reads it back (checked against its SHA-256), validates it again
and imports the rows that are still valid, or nothing.
"""

import contextlib
import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.privacy import (
    id_number_error,
    mask_id_number,
    mask_name,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    phone_error,
)
from wuse.regions.models import Region
from wuse.spreadsheets import CellError, Column, SpreadsheetError, clean_text, parse_date, parse_int, read_xlsx
from wuse.spreadsheets.export import FORMULA_TRIGGERS
from wuse.spreadsheets.reader import Row

from . import selectors, services
from .models import Channel, Need, NeedCategory, Urgency

MAX_ROWS = 20_000  # per upload and per export
MAX_BYTES = 10 * 1024 * 1024
PREVIEW_ROWS = 20
PENDING_DIR = "imports"
PENDING_MAX_AGE = dt.timedelta(hours=24)
SHEET_NAME = "需求清单"
TEMPLATE_FILENAME = "需求导入模板.xlsx"
NOTED_COMMUNITIES = 15  # communities listed in the template's note on the code column
MAX_HEADCOUNT = 1_000_000
_PREVIEW_CHARS = 40
_DUPLICATE_CHUNK = 500

# ---------------------------------------------------------------------------------------------- columns
# The headers are the file format: fixed Chinese text, the same in the template, the upload and the export.

COMMUNITY, TITLE, DESCRIPTION, CATEGORY, CHANNEL = "社区代码", "标题", "描述", "类别", "来源渠道"
URGENCY, GROUP, HEADCOUNT, LOCATION, DEADLINE = "紧急程度", "涉及群体", "涉及人数", "位置", "答复期限"
NAME, PHONE, ID_NUMBER, ANONYMOUS = "反映人姓名", "反映人电话", "反映人身份证号", "匿名"
HEADERS = (COMMUNITY, TITLE, DESCRIPTION, CATEGORY, CHANNEL, URGENCY, GROUP, HEADCOUNT, LOCATION, DEADLINE,
           NAME, PHONE, ID_NUMBER, ANONYMOUS)
REQUIRED = (COMMUNITY, TITLE, CATEGORY, CHANNEL)
# Written by the export after the template's columns; read back without a warning and ignored.
NEED_ID, STATUS, REGISTERED = "编号", "状态", "登记时间"
EXPORT_ONLY = (NEED_ID, STATUS, REGISTERED)

YES, NO = "是", "否"
_YES = {"是", "y", "yes", "true", "1", "匿名", "√"}
_NO = {"否", "n", "no", "false", "0", "实名", "×", ""}
_MASK = "*"

_NOTES = {
    TITLE: "必填，不超过 100 字。",
    CATEGORY: "必填，从下拉列表中选择。",
    CHANNEL: "必填，从下拉列表中选择。",
    URGENCY: "从下拉列表中选择；不填为“一般”。",
    HEADCOUNT: "整数，至少 1。",
    DEADLINE: "日期，如 2026-03-05；不能早于今天。不填则按类别的答复天数计算。",
    PHONE: "11 位手机号，或带区号的固定电话，如 0571-87654321。",
    ID_NUMBER: "18 位身份证号。本列为文本格式，请勿改为数字（数字只保留 15 位）。",
    ANONYMOUS: "是 / 否。匿名时不填姓名、电话和身份证号。",
}


def _key(value: object) -> str:
    """How a typed choice is matched: no spaces at all, case-folded, full-width folded."""
    return "".join(clean_text(value).split()).casefold()


def _preview(text: str) -> str:
    return text if len(text) <= _PREVIEW_CHARS else text[: _PREVIEW_CHARS - 1] + "…"


def _unescape(text: str) -> str:
    """Undo the export's formula escaping: ``'=1+1`` → ``=1+1`` (so an export imports back unchanged)."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def _labels(choices, language: str) -> list[tuple[str, str]]:
    with translation.override(language):
        return [(value, str(label)) for value, label in choices]


def channel_label(code: str) -> str:
    with translation.override("zh-hans"):
        return str(Channel(code).label) if code in Channel.values else code


def urgency_label(code: str) -> str:
    with translation.override("zh-hans"):
        return str(Urgency(code).label) if code in Urgency.values else code


@dataclass
class Vocabulary:
    """What the cells may say, for one user: their communities, the categories, channels and urgencies."""

    communities: dict[str, Region]
    community_names: dict[str, Region | None]  # None: two of the user's communities share the name
    categories: dict[str, NeedCategory]
    channels: dict[str, str]
    urgencies: dict[str, str]

    @classmethod
    def for_user(cls, user) -> "Vocabulary":
        communities = {r.code: r for r in selectors.communities_for_create(user).order_by("code")}
        names: dict[str, Region | None] = {}
        for region in communities.values():
            names[_key(region.name)] = None if _key(region.name) in names else region
        categories: dict[str, NeedCategory] = {}
        for category in NeedCategory.objects.order_by("-active", "position", "code"):  # active ones win a clash
            for word in (category.name, category.name_en, category.code):
                if word:
                    categories.setdefault(_key(word), category)
        return cls(communities=communities, community_names=names, categories=categories,
                   channels=_choice_keys(Channel.choices), urgencies=_choice_keys(Urgency.choices))


def _choice_keys(choices) -> dict[str, str]:
    keys = {_key(value): value for value, _label in choices}
    for language in ("en", "zh-hans"):
        keys.update({_key(label): value for value, label in _labels(choices, language)})
    return keys


# ---------------------------------------------------------------------------------------------- template


def template_columns(user) -> list[Column]:
    """The template's columns; the code column lists the user's communities (dropdown and note)."""
    codes = list(selectors.communities_for_create(user).order_by("code"))
    listed = [f"{r.code} {r.name}" for r in codes[:NOTED_COMMUNITIES]] + (
        ["……"] if len(codes) > NOTED_COMMUNITIES else [])
    community_note = "\n".join(["必填，12 位社区代码。", *(["您可登记需求的社区："] if listed else []), *listed])
    categories = [c.name for c in NeedCategory.objects.filter(active=True)]
    return [
        Column(COMMUNITY, required=True, text=True, width=16, note=community_note,
               choices=[r.code for r in codes] or None),
        Column(TITLE, required=True, width=30, note=_NOTES[TITLE]),
        Column(DESCRIPTION, width=40),
        Column(CATEGORY, required=True, choices=categories, note=_NOTES[CATEGORY]),
        Column(CHANNEL, required=True, choices=[label for _v, label in _labels(Channel.choices, "zh-hans")],
               note=_NOTES[CHANNEL]),
        Column(URGENCY, choices=[label for _v, label in _labels(Urgency.choices, "zh-hans")], note=_NOTES[URGENCY]),
        Column(GROUP),
        Column(HEADCOUNT, note=_NOTES[HEADCOUNT]),
        Column(LOCATION, width=20),
        Column(DEADLINE, width=14, note=_NOTES[DEADLINE]),
        Column(NAME),
        Column(PHONE, text=True, width=16, note=_NOTES[PHONE]),
        Column(ID_NUMBER, text=True, width=22, note=_NOTES[ID_NUMBER]),
        Column(ANONYMOUS, choices=[YES, NO], note=_NOTES[ANONYMOUS]),
    ]


# ---------------------------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Problem:
    row: int | None  # the row number Excel shows; None for the whole file
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, %(column)s: %(message)s") % {"row": self.row, "column": self.column,
                                                               "message": self.message}


@dataclass(frozen=True)
class ImportRow:
    """One valid row: exactly the arguments ``need_create`` gets."""

    number: int
    community: Region
    title: str
    fields: dict[str, Any]
    proposer: services.Proposer

    def preview(self) -> dict[str, Any]:
        """What the report shows of the row: personal data masked."""
        p = self.proposer
        return {"number": self.number, "community": self.community, "title": self.title,
                "category": self.fields["category"].label, "channel": Channel(self.fields["channel"]).label,
                "urgency": Urgency(self.fields["urgency"]).label, "deadline": self.fields["response_deadline"],
                "anonymous": p.anonymous, "name": mask_name(p.name), "phone": mask_phone(p.phone),
                "id_number": mask_id_number(p.id_number)}


@dataclass
class ImportReport:
    total: int = 0
    valid: list[ImportRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.errors if p.row is not None})

    @property
    def fingerprint(self) -> str:
        """Which rows would be imported: compared between the report and the confirmation."""
        return hashlib.sha256(",".join(str(r.number) for r in self.valid).encode()).hexdigest()

    def errors_by_row(self) -> list[tuple[int, list[Problem]]]:
        rows: dict[int, list[Problem]] = {}
        for problem in self.errors:
            rows.setdefault(problem.row or 0, []).append(problem)
        return sorted(rows.items())

    def preview(self, limit: int = PREVIEW_ROWS) -> list[dict[str, Any]]:
        return [row.preview() for row in self.valid[:limit]]


class _RowReader:
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
        found = keys.get(_key(text))
        if found is None:
            self.problem(column, _("“%(value)s” is not one of the choices; pick one from the dropdown list.")
                         % {"value": _preview(text)})
        return found


def _parse_row(row: Row, vocab: Vocabulary, today: dt.date) -> tuple[ImportRow | None, list[Problem]]:
    cells = _RowReader(row)
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


def _community(cells: _RowReader, vocab: Vocabulary) -> Region | None:
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
    region = vocab.community_names.get(_key(text))
    if region is None:
        example = next(iter(vocab.communities), "330106002001")
        cells.problem(COMMUNITY, _("Write the community's 12-digit code, for example %(example)s.")
                      % {"example": example})
    return region


def _headcount(cells: _RowReader) -> int | None:
    raw = cells.raw(HEADCOUNT)
    if not clean_text(raw):
        return None
    try:
        return parse_int(raw, minimum=1, maximum=MAX_HEADCOUNT)
    except CellError as exc:
        cells.problem(HEADCOUNT, str(exc))
        return None


def _deadline(cells: _RowReader, today: dt.date) -> dt.date | None:
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


def _masked(cells: _RowReader, column: str, text: str) -> bool:
    if _MASK in text:
        cells.problem(column, _("This looks like a masked value from an export; type the full value or leave "
                                "the cell empty."))
        return True
    return False


def _proposer(cells: _RowReader) -> services.Proposer:
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


def _yes_no(cells: _RowReader, column: str) -> bool:
    raw = cells.raw(column)
    if isinstance(raw, bool):
        return raw
    word = _key(raw)
    if word in _YES:
        return True
    if word not in _NO:
        cells.problem(column, _("Write 是 or 否."))
    return False


def check_upload(user, data: bytes) -> ImportReport:
    """Read and validate every row of an upload; nothing is saved. SpreadsheetError for a refused file."""
    sheet = read_xlsx(data, max_rows=MAX_ROWS, max_bytes=MAX_BYTES, expected_headers=[*HEADERS, *EXPORT_ONLY],
                      required_headers=REQUIRED)
    if not sheet.rows:
        raise SpreadsheetError([_("The sheet has no data rows under its headers.")])
    vocab = Vocabulary.for_user(user)
    today = timezone.localdate()
    report = ImportReport(total=len(sheet.rows))
    report.warnings += [Problem(None, "", message) for message in sheet.warnings]
    if NEED_ID in sheet.headers:
        report.warnings.append(Problem(None, NEED_ID, _(
            "This file comes from an export: importing it registers new needs, it does not update the ones "
            "already registered.")))
    for row in sheet.rows:
        parsed, problems = _parse_row(row, vocab, today)
        if parsed is not None:
            report.valid.append(parsed)
        report.errors += problems
    _flag_duplicates(user, report)
    return report


def _flag_duplicates(user, report: ImportReport) -> None:
    """Warnings, not errors: the same community and title twice in the file, or already registered."""
    first: dict[tuple[str, str], int] = {}
    for row in report.valid:
        key = (row.community.code, row.title)
        if key in first:
            report.warnings.append(Problem(row.number, TITLE, _("Same community and title as row %(row)s.")
                                           % {"row": first[key]}))
        else:
            first[key] = row.number
    registered: dict[tuple[str, str], int] = {}
    keys = list(first)
    for start in range(0, len(keys), _DUPLICATE_CHUNK):
        chunk = keys[start:start + _DUPLICATE_CHUNK]
        found = (access.scoped(user, "need.view", Need.objects.all())
                 .filter(community_id__in={code for code, _t in chunk}, title__in={t for _c, t in chunk})
                 .order_by("-id").values_list("community_id", "title", "pk"))
        for code, title, pk in found:
            registered.setdefault((code, title), pk)
    for key, number in first.items():
        if key in registered:
            report.warnings.append(Problem(number, TITLE, _(
                "A need with this title is already registered in this community (no. %(id)s).")
                % {"id": registered[key]}))
    report.warnings.sort(key=lambda p: (p.row or 0, p.column))


# ---------------------------------------------------------------------------------------------- the import


class ImportFailed(Exception):
    """A row failed while saving: the whole import was rolled back."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _messages(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc) or _("You may not register this need.")


def import_rows(*, user, report: ImportReport, progress=None) -> int:
    """Register every valid row through ``need_create`` in one transaction: all of them or none.

    ``progress(done)`` is called every 100 rows; it must write outside the transaction (the cache),
    since nothing written inside is visible to the page polling it until the end.
    """
    if not report.valid:
        raise ImportFailed(Problem(None, "", _("There are no valid rows to import.")))
    with transaction.atomic():
        for done, row in enumerate(report.valid):
            if progress is not None and done % 100 == 0:
                progress(done)
            try:
                services.need_create(user=user, community=row.community, title=row.title, proposer=row.proposer,
                                     **row.fields)
            except (ValidationError, PermissionDenied) as exc:
                raise ImportFailed(Problem(row.number, "", _messages(exc))) from exc
        audit_record(action="need.import", target=None, user=user,
                     detail={"rows": len(report.valid), "skipped_rows": len(report.bad_rows)})
    return len(report.valid)


# ---------------------------------------------------------------------------------------------- pending uploads


class PendingGone(Exception):
    """The file waiting for confirmation is missing, expired or not the one checked."""


@dataclass(frozen=True)
class Pending:
    """An upload waiting between the report and the confirmation (kept in the session as a dict)."""

    token: str
    user: int
    sha256: str
    created: float  # POSIX time
    fingerprint: str
    count: int

    @property
    def path(self) -> str:
        return f"{PENDING_DIR}/{self.user}-{self.token}.xlsx"

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> "Pending | None":
        try:
            return cls(token=str(data["token"]), user=int(data["user"]), sha256=str(data["sha256"]),
                       created=float(data["created"]), fingerprint=str(data["fingerprint"]), count=int(data["count"]))
        except (KeyError, TypeError, ValueError):
            return None


def pending_save(*, user, data: bytes, report: ImportReport) -> Pending:
    """Keep the checked file server-side until it is confirmed (or for 24 hours)."""
    purge_stale_imports()
    pending = Pending(token=secrets.token_urlsafe(18), user=user.pk, sha256=hashlib.sha256(data).hexdigest(),
                      created=timezone.now().timestamp(), fingerprint=report.fingerprint, count=len(report.valid))
    saved = default_storage.save(pending.path, ContentFile(data))
    if saved != pending.path:  # pragma: no cover - 144 random bits do not collide
        default_storage.delete(saved)
        raise PendingGone
    return pending


def pending_read(*, user, pending: Pending, token: str) -> bytes:
    if (not hmac.compare_digest(pending.token, str(token)) or pending.user != user.pk
            or timezone.now().timestamp() - pending.created > PENDING_MAX_AGE.total_seconds()):
        raise PendingGone
    try:
        with default_storage.open(pending.path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except (FileNotFoundError, OSError):
        raise PendingGone from None
    if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), pending.sha256):
        raise PendingGone
    return data


def pending_delete(pending: Pending | None) -> None:
    if pending is not None:
        with contextlib.suppress(OSError):
            default_storage.delete(pending.path)


def purge_stale_imports(now: dt.datetime | None = None) -> int:
    """Delete uploads left waiting for more than 24 hours; return how many."""
    limit = (now or timezone.now()) - PENDING_MAX_AGE
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except (FileNotFoundError, NotImplementedError, OSError):
        return 0
    removed = 0
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                removed += 1
        except (FileNotFoundError, NotImplementedError, OSError):
            continue
    return removed
