"""The xlsx of a round's vote result: the proposals ranked by votes with the council's decision and the project
each confirmed one became (no voter data: a vote is only ever counted), audited. Written with
``wuse.spreadsheets`` (text always a string cell, never a formula)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from wuse.audit.services import audit_record
from wuse.spreadsheets import Sheet
from wuse.spreadsheets.export import money

from . import selectors
from .models import Round
from .workflow import PROPOSAL_PROCESS, ROUND_PROCESS


@dataclass(frozen=True)
class RoundExport:
    sheets: list[Sheet]
    filename: str
    count: int


def export_result(*, user, round_: Round) -> RoundExport:
    proposals = list(selectors.proposals_of(round_))
    headers = [_("rank"), _("title"), _("type"), _("estimated cost (yuan)"), _("location"), _("status"),
               _("votes"), _("reason"), _("project")]
    rows = [[n, p.title, p.get_kind_display(), money(p.estimated_cost), p.location,
             str(PROPOSAL_PROCESS.label(p.status)), p.votes, p.reason,
             f"{p.project.code} {p.project.title}" if p.project_id else ""] for n, p in enumerate(proposals, 1)]
    total = sum(p.votes for p in proposals)
    summary = Sheet(name=_("Round"), headers=[_("Item"), _("Value")], rows=[
        [_("community"), round_.region.name], [_("title"), round_.title], [_("year"), round_.year],
        [_("status"), str(ROUND_PROCESS.label(round_.status))], [_("proposals"), len(proposals)],
        [_("votes cast"), total],
        [_("voting opened"), round_.vote_opens.strftime("%Y-%m-%d %H:%M") if round_.vote_opens else ""],
        [_("voting closed"), round_.vote_closes.strftime("%Y-%m-%d %H:%M") if round_.vote_closes else ""]])
    audit_record(action="micro.export", target=round_, user=user, detail={"rows": len(proposals)})
    return RoundExport(sheets=[summary, Sheet(name=_("vote result"), headers=headers, rows=rows)],
                       filename=f"{round_.region.name}-{round_.title}-{_('vote result')}.xlsx", count=len(proposals))
