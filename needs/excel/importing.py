"""The two steps of an import: ``check_upload`` reads and validates every row into a report (nothing is
saved), ``import_rows`` registers the valid rows through ``need_create`` in one transaction, all or none."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.audit.services import audit_record
from wuse.core.errors import DomainError
from wuse.spreadsheets import SpreadsheetError, read_xlsx

from .. import services
from .columns import EXPORT_ONLY, HEADERS, MAX_BYTES, MAX_ROWS, NEED_ID, REQUIRED
from .duplicates import flag_duplicates
from .report import ImportReport, Problem
from .rows import parse_row
from .vocabulary import Vocabulary


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
        parsed, problems = parse_row(row, vocab, today)
        if parsed is not None:
            report.valid.append(parsed)
        report.errors += problems
    flag_duplicates(user, report)
    return report


class ImportFailed(DomainError):
    """A row failed while saving: the whole import was rolled back. ``problem`` says which row."""

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
