"""The needs step's reminder rules (``wuse.notify``): what is due, for whom, from which date."""

from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, Substr
from django.utils.translation import gettext_lazy as _

from wuse.notify.rules import Rule, register_rule
from wuse.workflow.models import TransitionLog

from .lists import DRAFT, IN_REVIEW
from .workflow import OPEN_STATES, SUBMITTED

GROUP = _("Needs")


def entered_state_at(model, fallback: str = "updated_at"):
    """When a row of ``model`` entered the state it is in now: its latest state change into it (a subquery on the
    timeline's index, the content type joined, not looked up), or ``fallback`` for a row that never changed state
    through the kernel (imported, seeded). Used as a rule's anchor: a second submission after a return counts
    from the second."""
    meta = model._meta
    latest = (TransitionLog.objects.filter(
        content_type__app_label=meta.app_label, content_type__model=meta.model_name,
        object_id=Cast(OuterRef("pk"), CharField()), to_state=OuterRef("status"))
        .order_by("-at", "-id").values("at")[:1])
    return Coalesce(Subquery(latest), fallback)


def street_of(field: str):
    """The full code of the street of the unit in ``field`` (a community's or the street's own code)."""
    return Concat(Substr(field, 1, 9), Value("000"), output_field=CharField())


def register() -> None:
    from .models import Need, NeedsList, PublishedNeedsList

    def list_title():
        return Concat("community__name", Value(" "), "period_label", output_field=CharField())

    register_rule(Rule(
        key="needs.untriaged", group=GROUP, order=10, label=_("Need not triaged"),
        help=_("A need registered and not yet verified, merged or rejected."),
        pending=lambda: Need.objects.filter(status=SUBMITTED),
        anchor="created_at", days=3, days_help=_("days after registration"),
        unit="community_id", action="need.verify", title="title", link=("needs:detail", "pk"),
    ))
    register_rule(Rule(
        key="needs.answer_overdue", group=GROUP, order=11, label=_("Need past its answer-by date"),
        help=_("An open need whose answer-by date has passed."),
        pending=lambda: Need.objects.filter(status__in=OPEN_STATES, response_deadline__isnull=False),
        anchor="response_deadline", days=1, days_help=_("days after the answer-by date"),
        unit="community_id", action="need.verify", title="title", link=("needs:detail", "pk"),
    ))
    # "Not published for the period": a list that has never had a published version and is still a draft some
    # days into its period (a list is published for residents at the start of the period it plans; a revised
    # list keeps its earlier published version and is not reminded). The community submits it.
    register_rule(Rule(
        key="needs.list_unpublished", group=GROUP, order=12, label=_("Needs list not published"),
        help=_("A needs list still a draft, never published, some days after its period began."),
        pending=lambda: NeedsList.objects.filter(status=DRAFT).exclude(
            Exists(PublishedNeedsList.objects.filter(needs_list=OuterRef("pk")))).annotate(list_title=list_title()),
        anchor="period_start", days=14, days_help=_("days after the period began"), escalate=(7, 14),
        unit="community_id", action="needs_list.submit", title="list_title", link=("needs:list_detail", "pk"),
    ))
    # Submitted and not yet approved or returned by the street: the street's officers, from the day it was
    # (last) submitted; the district after the escalation delay.
    register_rule(Rule(
        key="needs.list_review", group=GROUP, order=13, label=_("Needs list waiting for the street's review"),
        help=_("A needs list submitted to the street and not yet approved or returned."),
        pending=lambda: NeedsList.objects.filter(status=IN_REVIEW).annotate(
            entered_at=entered_state_at(NeedsList), street=street_of("community_id"), list_title=list_title()),
        anchor="entered_at", days=5, days_help=_("days after it was submitted"), escalate=(None, 5),
        unit="street", action="needs_list.approve", title="list_title", link=("needs:list_detail", "pk"),
    ))
