"""Export of the needs list to xlsx: the columns of the import template (so a file imports back),
masked personal data unless the user may reveal every row, audited."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.core.errors import DomainError
from wuse.privacy import mask_id_number, mask_name, mask_phone
from wuse.regions.models import Region
from wuse.spreadsheets import Sheet

from ..models import Need
from ..workflow import NEED_PROCESS
from .columns import EXPORT_ONLY, HEADERS, MAX_ROWS, NO, REQUIRED, SHEET_NAME, YES
from .vocabulary import channel_label, urgency_label


class ExportTooLarge(DomainError):
    """More rows than one export may hold; ``str()`` asks the user to narrow the filters."""


_EXPORT_FIELDS = (
    "id", "title", "description", "category", "channel", "urgency", "affected_group", "headcount", "location",
    "response_deadline", "proposer_anonymous", "proposer_name", "proposer_phone", "proposer_id_number", "status",
    "created_at", "community__code", "community__name", "community__level", "category__code", "category__name",
    "category__name_en",
)


@dataclass(frozen=True)
class Export:
    sheet: Sheet
    filename: str
    count: int
    full: bool


def export_needs(*, user, needs, newest_first: bool = True, full: bool = False, scope_name: str = "") -> Export:
    """The rows of ``needs`` (the list's filtered queryset) as a sheet that imports back.

    One query for the rows, however many. Personal data is masked unless ``full`` and the user may
    reveal it for every row (else PermissionDenied). Audited: the count and whether it was full.
    """
    if full and not access.has_action(user, "need.reveal_pii"):
        raise PermissionDenied(_("You may not export personal data in full."))
    order = ("-created_at", "-id") if newest_first else ("created_at", "id")
    rows = list(needs.select_related(None).select_related("community", "category")
                .only(*_EXPORT_FIELDS).order_by(*order)[: MAX_ROWS + 1])
    if len(rows) > MAX_ROWS:
        raise ExportTooLarge(_("The filters select more than %(limit)s needs; narrow them (for example by date or "
                               "community) and export again.") % {"limit": MAX_ROWS})
    if full and not all(access.can(user, "need.reveal_pii", need) for need in rows):
        raise PermissionDenied(_("Some of these needs are outside the units whose personal data you may see."))
    with translation.override("zh-hans"):
        data = [_export_row(need, full) for need in rows]
    audit_record(action="need.export", target=None, user=user, detail={"rows": len(rows), "full": full},
                 changed_fields=["proposer_name", "proposer_phone", "proposer_id_number"] if full else [])
    headers = [("*" + h if h in REQUIRED else h) for h in (*HEADERS, *EXPORT_ONLY)]
    name = "_".join(part for part in (SHEET_NAME, scope_name, timezone.localdate().strftime("%Y%m%d")) if part)
    return Export(sheet=Sheet(name=SHEET_NAME, headers=headers, rows=data), filename=f"{name}.xlsx",
                  count=len(rows), full=full)


def _export_row(need: Need, full: bool) -> Sequence[Any]:
    if need.proposer_anonymous:
        name = phone = id_number = ""
    elif full:
        name, phone, id_number = need.proposer_name, need.proposer_phone, need.proposer_id_number
    else:
        name, phone, id_number = (mask_name(need.proposer_name), mask_phone(need.proposer_phone),
                                  mask_id_number(need.proposer_id_number))
    return [
        need.community.code, need.title, need.description, need.category.name, channel_label(need.channel),
        urgency_label(need.urgency), need.affected_group, need.headcount, need.location, need.response_deadline,
        name, phone, id_number, YES if need.proposer_anonymous else NO,
        need.pk, str(NEED_PROCESS.label(need.status)), timezone.localtime(need.created_at),
    ]


def scope_name(user, region: Region | None) -> str:
    """The unit named in the export's file name: the list's region, or the user's one unit (one query)."""
    if region is not None:
        return region.name
    is_global, prefixes = access.prefixes(user, "need.view")
    if is_global or len(prefixes) != 1:
        return ""
    return Region.objects.filter(code=prefixes[0].ljust(12, "0")).values_list("name", flat=True).first() or ""
