"""The results of a campaign as an xlsx workbook: the summary, then every response the user may see
(of one unit when the results are filtered), audited with the number of responses."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.spreadsheets import Sheet

from .. import selectors
from ..models import Answer, Campaign, QuestionKind, ResponseChannel


@dataclass(frozen=True)
class Export:
    filename: str
    sheets: list[Sheet]


def export_results(*, user, campaign: Campaign, unit: Region | None = None) -> Export:
    """The summary and the responses of ``campaign`` the user may see (those of ``unit`` when given).

    The responses sheet reads its rows in chunks as the workbook is written, however many there are.
    Audited: the number of responses and the unit.
    """
    if not access.can(user, "survey.export", campaign):
        raise PermissionDenied(_("You may not export this survey."))
    questions = list(campaign.questions.all())
    responses = selectors.responses_for_user(user, campaign, unit)
    summary = selectors.summarize(questions, responses)
    audit_record(action="survey.export", target=campaign, user=user,
                 detail={"responses": summary.total, "unit": unit.code if unit else ""})
    today = timezone.localdate().isoformat()
    filename = _("Survey results %(title)s %(date)s") % {"title": campaign.title, "date": today}
    return Export(filename=filename, sheets=[_summary_sheet(summary), _responses_sheet(questions, responses)])


def _summary_sheet(summary) -> Sheet:
    rows: list[list] = [["", _("All responses"), "", "", summary.total, None]]
    for number, item in enumerate(summary.questions, start=1):
        question = item.question
        kind = question.get_kind_display()
        if question.kind == QuestionKind.TEXT:
            rows.append([number, question.text, kind, _("written answers"), item.answered, None])
            continue
        for option in item.options:
            rows.append([number, question.text, kind, option.label, option.count, option.percent])
        if question.kind == QuestionKind.SCALE:
            rows.append([number, question.text, kind, _("average"), item.average, None])
    return Sheet(name=_("Summary"), headers=[_("No."), _("Question"), _("Kind of question"), _("Option / value"),
                                             _("Answers"), _("Share of those who answered (percent)")], rows=rows)


def _responses_sheet(questions, responses) -> Sheet:
    headers = [_("Response no."), _("Submitted at"), _("Channel"), _("community")]
    headers += [f"{n}. {q.text}" for n, q in enumerate(questions, start=1)]
    channels = dict(ResponseChannel.choices)
    names = {code: _("Not tied to a community") if level == Level.STREET else name
             for code, name, level in Region.objects.filter(code__in=responses.order_by().values("region_id"))
             .values_list("code", "name", "level")}

    def rows():
        answers = (Answer.objects.filter(response__in=responses.order_by().values("pk")).order_by("response_id")
                   .values_list("response_id", "question_id", "value").iterator(chunk_size=2000))
        pending = next(answers, None)
        for pk, submitted, channel, region in (responses.order_by("id").values_list(
                "pk", "submitted_at", "channel", "region_id").iterator(chunk_size=2000)):
            values: dict[int, object] = {}
            while pending is not None and pending[0] <= pk:
                if pending[0] == pk:
                    values[pending[1]] = pending[2]
                pending = next(answers, None)
            row = [pk, submitted, str(channels.get(channel, channel)), names.get(region, region)]
            for question in questions:
                value = values.get(question.pk)
                row.append("；".join(value) if isinstance(value, list) else value)
            yield row

    return Sheet(name=_("Responses"), headers=headers, rows=rows())
