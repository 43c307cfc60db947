"""The xlsx of one co-building list: its pledges with their fulfilment (no contact persons, no phones), audited.
Written with ``wuse.spreadsheets`` (text always a string cell, never a formula)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from wuse.audit.services import audit_record
from wuse.spreadsheets import Sheet
from wuse.spreadsheets.export import money

from .models import CobuildList, Pledge


@dataclass(frozen=True)
class ListExport:
    sheets: list[Sheet]
    filename: str
    count: int


def export_list(*, user, cobuild_list: CobuildList) -> ListExport:
    pledges = list(Pledge.objects.for_table().filter(cobuild_list=cobuild_list).order_by("id"))
    headers = [_("co-building unit"), _("resource"), _("what is pledged"), _("quantity"), _("measure"),
               _("value (yuan)"), _("pledged from"), _("pledged until"), _("delivered"), _("fulfilled (%)"),
               _("matched need"), _("matched project")]
    rows = [[p.unit_name, p.get_resource_display(), p.description, p.quantity, p.measure, money(p.value),
             p.starts_on, p.ends_on, p.delivered, p.percent, p.need.title if p.need_id else "",
             f"{p.project.code} {p.project.title}" if p.project_id else ""] for p in pledges]
    summary = Sheet(name=_("List"), headers=[_("Item"), _("Value")], rows=[
        [_("community"), cobuild_list.region.name], [_("title"), cobuild_list.title],
        [_("period"), cobuild_list.period], [_("status"), str(cobuild_list.status_label)],
        [_("pledges"), len(pledges)]])
    audit_record(action="cobuild.export", target=cobuild_list, user=user, detail={"rows": len(pledges)})
    filename = f"{cobuild_list.region.name}-{cobuild_list.title}.xlsx"
    return ListExport(sheets=[summary, Sheet(name=_("pledges"), headers=headers, rows=rows)], filename=filename,
                      count=len(pledges))
