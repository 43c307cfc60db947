"""The published needs list (需求清单): its process as data.

Community staff assemble listed needs into a list for a period and submit it; the street
approves (which publishes a new version) or returns it with comments. A published list can
be revised: editing starts the next version, and every published version stays readable.
"""

import datetime as dt

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.audit.services import audit_record
from wuse.workflow.process import Process, State, Transition

DRAFT, IN_REVIEW, PUBLISHED = "draft", "in_review", "published"

# The 公示期: calendar days a published version stays open for objections, counting the day it is published.
# Hangzhou's communities publish for 5 to 7 working days; 7 calendar days is the default, 5 the least.
PUBLICITY_DAYS, PUBLICITY_DAYS_MIN, PUBLICITY_DAYS_MAX = 7, 5, 30


def publicity_end(start: dt.date, days: int) -> dt.date:
    """The last day of a publicity period of ``days`` days starting on ``start`` (both days included)."""
    return start + dt.timedelta(days=days - 1)


def _has_items(step) -> str | None:
    if not step.obj.items.exists():
        return _("Add at least one need before submitting the list.")
    return None


def snapshot(needs_list) -> list[dict]:
    """What the public sees of each need on the list: no personal data beyond a masked contact."""
    rows = []
    for item in needs_list.items.select_related("need__category").order_by("position", "id"):
        need = item.need
        masked = need.proposer_masked if not need.proposer_anonymous else {"name": "", "phone": ""}
        rows.append({
            "need": need.pk, "title": need.title, "category": need.category.name,
            "category_en": need.category.name_en, "status": need.status, "support": need.support_count,
            "location": need.location, "affected_group": need.affected_group,
            "proposer": masked["name"], "phone": masked["phone"],
        })
    return rows


def _publish(step) -> None:
    """Approval publishes the list as its next version: a frozen snapshot without personal data."""
    needs_list = step.obj
    number = (needs_list.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    needs_list.versions.create(
        number=number, approved_by=step.user, items=snapshot(needs_list),
        # the notice as published: revising the list later does not move this version's period or contact
        publicity_until=publicity_end(timezone.localdate(), needs_list.publicity_days),
        objection_place=needs_list.objection_place, objection_contact=needs_list.objection_contact,
        objection_phone=needs_list.objection_phone)
    audit_record(action="needs_list.publish", target=needs_list, changed_fields=["versions"], user=step.user,
                 detail={"version": number})

NEEDS_LIST_PROCESS = Process(
    key="needs_list",
    initial=DRAFT,
    states=(
        State(DRAFT, _("Draft"), tone="neutral"),
        State(IN_REVIEW, _("With the street for review"), tone="info"),
        State(PUBLISHED, _("Published"), tone="success"),
    ),
    transitions=(
        Transition("submit", _("Submit to the street"), (DRAFT,), IN_REVIEW, "needs_list.submit",
                   guards=(_has_items,)),
        Transition("approve", _("Approve and publish"), (IN_REVIEW,), PUBLISHED, "needs_list.approve",
                   effects=(_publish,), style="success",
                   confirm=_("Approve and publish this list? It becomes visible to the public.")),
        Transition("return", _("Return with comments"), (IN_REVIEW,), DRAFT, "needs_list.return",
                   reason_required=True, reason_label=_("Comments for the community"), style="warning"),
        Transition("revise", _("Revise (starts the next version)"), (PUBLISHED,), DRAFT, "needs_list.revise",
                   style="secondary"),
    ),
)
