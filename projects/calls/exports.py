"""The xlsx export of one call's bids (the poster's unit only; audited)."""

from django.utils.translation import gettext as _

from wuse.audit.services import audit_record
from wuse.spreadsheets import Sheet, money

from .workflow import BID_PROCESS


def export_bids(*, user, call, bids) -> tuple[str, list[Sheet]]:
    rows = [[b.bidder_name, b.approach, b.team, money(b.price), b.timeline, str(BID_PROCESS.label(b.status)),
             b.reason, b.created_at.date()] for b in bids]
    headers = [_("bidder"), _("approach"), _("team members"), _("price (yuan)"), _("timeline"), _("status"),
               _("reason"), _("submitted on")]
    audit_record(action="open_call.export_bids", target=call, user=user, changed_fields=[],
                 detail={"rows": len(rows)})
    return f"{_('Bids')}-{call.title[:40]}.xlsx", [Sheet(name=_("Bids"), headers=headers, rows=rows)]
