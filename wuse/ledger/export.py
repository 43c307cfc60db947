"""A holder's yearly statement as .xlsx: the opening balance, every entry of the year, the closing balance.

The holder's name, phone and ID number are masked (the file leaves the system). The sheet is in
Chinese whatever the user's language, like the other exports. Audited: the account and the year.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wuse.audit.services import audit_record
from wuse.spreadsheets import Sheet

from .models import ZERO, Account, HolderKind
from .selectors import YearStatement, year_bounds, year_statement


@dataclass(frozen=True)
class StatementExport:
    sheets: Sequence[Sheet]
    filename: str
    statement: YearStatement


def statement_export(*, user, account: Account, year: int) -> StatementExport:
    """The statement of ``account`` for ``year`` (the caller has checked the user may export it)."""
    statement = year_statement(account, year)
    with translation.override("zh-hans"):
        sheets = [_entries_sheet(account, statement), _summary_sheet(account, statement)]
        filename = _("Statement %(scheme)s %(number)s %(year)d") % {
            "scheme": account.scheme.name, "number": account.pk, "year": year}
    audit_record(action="ledger_account.export", target=account, user=user,
                 detail={"year": year, "rows": len(statement.entries)})
    return StatementExport(sheets=sheets, filename=f"{filename}.xlsx", statement=statement)


def _by(user) -> str:
    return str(user) if user is not None else ""


def _entries_sheet(account: Account, statement: YearStatement) -> Sheet:
    start, end = year_bounds(statement.year)
    headers = [_("no."), _("time"), _("kind"), _("amount"), _("balance after"), _("note"), _("cause"), _("by"),
               _("approved by")]
    rows = [["", start.date(), _("Opening balance"), "", statement.opening, "", "", "", ""]]
    for entry in statement.entries:
        rows.append([entry.seq, timezone.localtime(entry.created_at), entry.get_kind_display(), entry.amount,
                     entry.balance_after, entry.memo, entry.cause, _by(entry.created_by), _by(entry.approved_by)])
    rows.append(["", (end - dt.timedelta(days=1)).date(), _("Closing balance"), "", statement.closing,
                 "", "", "", ""])
    return Sheet(name=_("Statement"), headers=headers, rows=rows, widths=[6, 17, 14, 10, 12, 30, 22, 14, 14])


def _summary_sheet(account: Account, statement: YearStatement) -> Sheet:
    holder = account.person.masked if account.holder_kind == HolderKind.PERSON else {
        "name": account.holder_name, "phone": "", "id_number": ""}
    credits = sum((e.amount for e in statement.entries if e.amount > 0), ZERO)
    debits = sum((e.amount for e in statement.entries if e.amount < 0), ZERO)
    rows = [
        [_("holder"), holder["name"]],
        [_("phone"), holder["phone"]],
        [_("ID number"), holder["id_number"]],
        [_("scheme"), account.scheme.name],
        [_("unit of account"), str(account.scheme.unit_label)],
        [_("holder's unit"), account.region.name],
        [_("Year"), statement.year],
        [_("Opening balance"), statement.opening],
        [_("Credited in the year"), credits],
        [_("Debited in the year"), debits],
        [_("Closing balance"), statement.closing],
        [_("Balance today"), account.balance],
        [_("Exported"), timezone.localtime()],
    ]
    return Sheet(name=_("Account"), headers=[_("item"), _("value")], rows=rows, widths=[18, 36])
