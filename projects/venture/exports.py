"""The xlsx of one round for its runners: the ranking and awards, and (once the panel is closed) every
reviewer's score per criterion. Written with ``wuse.spreadsheets`` (text always a string cell, never a formula);
audited. No contact data of the organizations' people."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from wuse.audit.services import audit_record
from wuse.spreadsheets import Sheet, money, points

from .models import Application, Round, Score
from .workflow import APPLICATION_PROCESS, ROUND_PROCESS


@dataclass(frozen=True)
class RoundExport:
    sheets: list[Sheet]
    filename: str
    count: int


def _reviewer(user) -> str:
    return str(user)  # the full name, or the username


def export_round(*, user, venture_round: Round, scores_visible: bool) -> RoundExport:
    apps = list(Application.objects.filter(round=venture_round).select_related("organization")
                .order_by("rank", "id"))
    summary = Sheet(name=_("Round"), headers=[_("Item"), _("Value")], rows=[
        [_("title"), venture_round.title], [_("unit"), venture_round.region.name], [_("year"), venture_round.year],
        [_("status"), str(ROUND_PROCESS.label(venture_round.status))],
        [_("total fund (yuan)"), money(venture_round.total_fund)],
        [_("cap per project (yuan)"), money(venture_round.project_cap)],
        [_("pass mark"), points(venture_round.pass_mark)],
        [_("amount awarded (yuan)"), money(sum((a.awarded for a in apps), start=0))], [_("Applications"), len(apps)],
    ])
    awards = Sheet(name=_("Ranking and awards"), headers=[
        _("rank"), _("project title"), _("organization"), _("amount requested (yuan)"), _("weighted mean score"),
        _("lowest reviewer score"), _("amount awarded (yuan)"), _("status"), _("formal check")],
        rows=[[a.rank, a.title, a.organization.name, money(a.requested), a.mean_score, a.min_score,
               money(a.awarded), str(APPLICATION_PROCESS.label(a.status)), a.check_reason] for a in apps])
    sheets = [summary, awards]
    if scores_visible:
        rows = (Score.objects.filter(application__round=venture_round)
                .select_related("application", "reviewer", "criterion")
                .order_by("application__rank", "application_id", "reviewer__username", "criterion__position"))
        sheets.append(Sheet(name=_("Review scores"), headers=[
            _("project title"), _("reviewer"), _("review criterion"), _("weight (%)"), _("score")],
            rows=[[s.application.title, _reviewer(s.reviewer), s.criterion.name, s.criterion.weight, s.value]
                  for s in rows]))
    audit_record(action="venture_round.export", target=venture_round, user=user,
                 detail={"rows": len(apps), "scores": scores_visible})
    return RoundExport(sheets=sheets, filename=f"{venture_round.title}.xlsx", count=len(apps))
