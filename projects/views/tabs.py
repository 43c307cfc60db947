"""The planning step's tabs of the project page (``projects.tabs``): each computes only its own context."""

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from wuse.access import api as access
from wuse.workflow.models import TransitionLog

from .. import selectors
from ..choices import BudgetKind, FundingSource
from ..forms import CoDesignForm, LinkNeedForm, ParticipantForm
from ..tabs import register_tab


def _editable(request, project) -> bool:
    return project.is_editable and access.can(request.user, "project.change", project)


def _sums(lines, attr: str, choices) -> list[tuple[str, Decimal]]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        sums[getattr(line, attr)] += line.amount
    return [(label, sums[code]) for code, label in choices if code in sums]


def plan_context(request, project) -> dict:
    lines = list(project.budget_lines.all())
    return {
        "lines": lines,
        "by_kind": _sums(lines, "kind", BudgetKind.choices),
        "by_source": _sums(lines, "funding_source", FundingSource.choices),
        "activities": project.planned_activities.all(),
        "indicators": project.indicators.all(),
    }


def needs_context(request, project) -> dict:
    editable = _editable(request, project)
    return {"links": selectors.linked_needs(project),
            "linkable": selectors.linkable_needs(request.user, project) if editable else [],
            "link_form": LinkNeedForm(), "editable": editable}


def codesign_context(request, project) -> dict:
    editable = _editable(request, project)
    return {"records": selectors.codesign_records(project), "editable": editable,
            "codesign_form": CoDesignForm(meetings=selectors.linkable_meetings(request.user, project))
            if editable else None}


def participants_context(request, project) -> dict:
    editable = _editable(request, project)
    return {"participants": selectors.participants(project), "editable": editable,
            "participant_form": ParticipantForm(choices=selectors.party_choices(request.user, project))
            if editable else None}


def versions_context(request, project) -> dict:
    return {"versions": project.versions.select_related("created_by").only(
                "id", "number", "note", "created_at", "project_id", "created_by__username", "created_by__full_name"),
            "changes": project.change_requests.select_related("requested_by", "decided_by")}


def timeline_context(request, project) -> dict:
    return {"timeline": TransitionLog.objects.timeline(project)}


def register() -> None:
    register_tab(key="plan", label=_("Plan"), order=10, template="projects/tabs/plan.html", context=plan_context)
    register_tab(key="needs", label=_("Needs"), order=20, template="projects/tabs/needs.html", context=needs_context)
    register_tab(key="codesign", label=_("Co-design"), order=30, template="projects/tabs/codesign.html",
                 context=codesign_context)
    register_tab(key="participants", label=_("Participants"), order=40, template="projects/tabs/participants.html",
                 context=participants_context)
    # Filled by the delivery increment (projects/delivery registers tabs with these keys).
    for key, label, order in (("activities", _("Activities"), 50), ("money", _("Money"), 60),
                              ("documents", _("Documents"), 70)):
        register_tab(key=key, label=label, order=order, template="projects/tabs/placeholder.html", placeholder=True)
    register_tab(key="versions", label=_("Plan versions"), order=80, template="projects/tabs/versions.html",
                 context=versions_context)
    register_tab(key="timeline", label=_("Timeline"), order=90, template="projects/tabs/timeline.html",
                 context=timeline_context)
