"""The needs step's figures (declared once; see ``wuse.core.figures``).

**Answered on time.** A need waits for the community's answer while it is submitted or verified
(``workflow.OPEN_STATES``); it is *answered* by the first state change on its timeline (``TransitionLog``) that
leaves those states — added to the needs list, referred, resolved directly or rejected; there is one, as nothing
leads back into them (a merge makes it a duplicate, which is not a need of its own). It is answered on time when
that change is dated, in local time, on or before its answer-by date (``response_deadline``). The whole is the
needs whose answer-by date has passed (today) or that have been answered: a need still open before its date is
not judged yet.

**Records behind a number** (``Figure.records``): the needs list of the unit (``?region=``) with the period's
dates of registration (``date_from``/``date_to``). The list cannot leave out merged duplicates nor filter the
answer-by date, so "collected" shows exactly its needs only where no duplicate was merged, and the on-time
figures link to the needs registered in the period (a superset).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.core.figures import Figure, Period, list_url, period_dates, register_figure
from wuse.workflow.models import TransitionLog

from .models import Need
from .workflow import CLOSED, FOLLOWED_UP, MERGED, NEED_PROCESS, OPEN_STATES, RESOLVED


def registered(period: Period):
    """Needs registered in the period; a duplicate merged into another need is not a need of its own."""
    return Need.objects.filter(created_at__gte=period.start_at, created_at__lt=period.end_at).exclude(status=MERGED)


def answer_due(period: Period):
    """Needs registered in the period with an answer-by date that has passed (today) or that were answered."""
    return registered(period).filter(response_deadline__isnull=False).filter(
        Q(response_deadline__lt=timezone.localdate()) | ~Q(status__in=OPEN_STATES))


def answered_on_time(period: Period):
    """Of ``answer_due``: the first move out of the open states is dated on or before the answer-by date."""
    answers = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Need), object_id=Cast(OuterRef("pk"), CharField()),
        process=NEED_PROCESS.key, from_state__in=OPEN_STATES).exclude(to_state__in=OPEN_STATES)
    return answer_due(period).filter(Exists(answers.annotate(day=TruncDate("at")).filter(
        day__lte=OuterRef("response_deadline"))))


def records(code: str, period: Period) -> str:
    """The needs list of the unit, registered in the period."""
    return list_url("needs:list", region=code, **period_dates(period))


FIGURES = (
    Figure("needs.collected", _("Needs collected"),
           _("Residents' needs registered in the unit in the period, online and offline; merged duplicates are "
             "not counted."), _("need(s)"), rows=registered, column="community_id", action="need.view", home=10,
           records=records),
    Figure("needs.resolved", _("Needs resolved"),
           _("Needs registered in the period that are now resolved directly, closed or followed up."), _("need(s)"),
           rows=lambda period: registered(period).filter(status__in=(RESOLVED, CLOSED, FOLLOWED_UP)),
           column="community_id", action="need.view", home=11,
           records=records),
    Figure("needs.answer_due", _("Needs due for an answer"),
           _("Needs registered in the period with an answer-by date that has passed or that have been answered; "
             "an answer is their first move out of “submitted” or “verified” (added to the needs list, referred, "
             "resolved directly or rejected)."), _("need(s)"), rows=answer_due, column="community_id",
           action="need.view", records=records),
    Figure("needs.answered_on_time", _("Needs answered on time"),
           _("Needs registered in the period whose first move out of “submitted” or “verified” (added to the needs "
             "list, referred, resolved directly or rejected) is dated on or before their answer-by date."),
           _("need(s)"), rows=answered_on_time, column="community_id", action="need.view", records=records),
    Figure("needs.on_time_share", _("Needs answered on time (%)"),
           _("Needs registered in the period and answered by their answer-by date, as a share of those registered "
             "in the period whose answer-by date has passed or that have been answered; an answer is the first "
             "move out of “submitted” or “verified” (added to the needs list, referred, resolved directly or "
             "rejected); a need still open before its date is not counted yet."), "%",
           ratio=("needs.answered_on_time", "needs.answer_due"), action="need.view"),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
