"""Writing the plan (项目书): create, edit (with the version check), copy as next year's draft.

The plan travels as ``PlanData`` — the project's fields and its budget lines, planned activities and indicators —
the same shape a plan version freezes and a change request proposes (``projects.plan``). Every check of a plan
is here, once (``check_plan``), for the forms, the change requests and any other caller.
"""

import copy
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.regions.models import Region

from ..errors import ProjectConflict, ProjectError
from ..models import Project
from ..models.plan import MAX_LINES
from ..plan import (
    ACTIVITY_FIELDS,
    INDICATOR_FIELDS,
    LINE_FIELDS,
    PLAN_FIELDS,
    apply_snapshot,
    plain_value,
    replace_rows,
    snapshot,
    typed_value,
)

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")


@dataclass(frozen=True)
class PlanData:
    """A whole plan as typed values: ``fields`` (``PLAN_FIELDS``; ``total_budget`` is the total the user
    declares, checked against the lines), ``lines``, ``activities`` and ``indicators`` (dicts of their fields)."""

    fields: dict
    lines: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)

    def as_snapshot(self) -> dict:
        def rows(items, names):
            return [{n: plain_value(item.get(n)) for n in names} for item in items]

        return {"fields": {n: plain_value(self.fields.get(n)) for n in PLAN_FIELDS},
                "budget_lines": rows(self.lines, LINE_FIELDS), "activities": rows(self.activities, ACTIVITY_FIELDS),
                "indicators": rows(self.indicators, INDICATOR_FIELDS)}

    @classmethod
    def of(cls, project: Project) -> "PlanData":
        """The project's plan as it stands (typed values)."""
        data = snapshot(project)

        def typed(rows):
            return [{n: typed_value(n, v) for n, v in row.items()} for row in rows]

        return cls(fields={n: typed_value(n, v) for n, v in data["fields"].items()},
                   lines=typed(data["budget_lines"]),
                   activities=typed(data["activities"]), indicators=typed(data["indicators"]))


def _money_error(amount) -> str | None:
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return _("Enter an amount in yuan, such as 1200.50.")
    if amount < 0:
        return _("An amount cannot be negative.")
    if amount != amount.quantize(CENT):
        return _("An amount has at most two decimals (fen).")
    if amount > MAX_AMOUNT:
        return _("The amount is too large.")
    return None


def check_plan(plan: PlanData) -> None:
    """Refuse a plan whose parts do not hold together, naming the form field (a ``ValidationError`` dict)."""
    errors: dict[str, list[str]] = {}
    f = plan.fields
    start, end = f.get("period_start"), f.get("period_end")
    if start and end and end < start:
        errors.setdefault("period_end", []).append(_("The project ends before it starts."))
    for key in ("lines", "activities", "indicators"):
        if len(getattr(plan, key)) > MAX_LINES:
            errors.setdefault("__all__", []).append(_("At most %(n)s rows of each kind.") % {"n": MAX_LINES})
    total = Decimal("0")
    for number, line in enumerate(plan.lines, 1):
        problem = _money_error(line.get("amount"))
        if problem:
            errors.setdefault("__all__", []).append(_("Budget line %(n)s: %(problem)s") % {"n": number,
                                                                                        "problem": problem})
        else:
            total += line["amount"]
    declared = f.get("total_budget")
    problem = _money_error(declared) if declared is not None else None
    if problem:
        errors.setdefault("total_budget", []).append(problem)
    elif declared is not None and declared != total and "__all__" not in errors:
        errors.setdefault("total_budget", []).append(
            _("The budget lines add up to %(lines)s yuan, not the total of %(total)s yuan you entered.")
            % {"lines": f"{total:,.2f}", "total": f"{declared:,.2f}"})
    for activity in plan.activities:
        a_start, a_end = activity.get("starts_on"), activity.get("ends_on")
        title = activity.get("title", "")
        if a_start and a_end and a_end < a_start:
            errors.setdefault("__all__", []).append(_("Activity “%(title)s” ends before it starts.") % {"title": title})
        elif start and end and a_start and not (start <= a_start <= end and (a_end is None or a_end <= end)):
            errors.setdefault("__all__", []).append(
                _("Activity “%(title)s” falls outside the project's period (%(start)s to %(end)s).")
                % {"title": title, "start": start.isoformat(), "end": end.isoformat()})
    for indicator in plan.indicators:
        problem = _money_error(indicator.get("target_value"))
        if problem:
            errors.setdefault("__all__", []).append(_("Indicator “%(name)s”: %(problem)s")
                                                    % {"name": indicator.get("name", ""), "problem": problem})
    if errors:
        raise ValidationError(errors)


def _full_clean(project: Project) -> None:
    project.full_clean(exclude=["created_by", "seq", "code"], validate_unique=False, validate_constraints=False)


def _next_code(region: Region, year: int) -> tuple[int, str]:
    Region.objects.select_for_update().filter(code=region.code).first()  # one numbering per unit and year at a time
    last = Project.objects.filter(region=region, year=year).aggregate(m=Max("seq"))["m"] or 0
    return last + 1, f"P-{region.code}-{year}-{last + 1:03d}"


@transaction.atomic
def project_create(*, user, region: Region, year: int, plan: PlanData, needs=()) -> Project:
    """Start a project (策划中) for a community or a street, with its plan and, optionally, listed needs;
    an empty background is filled in from the needs."""
    from .links import background_from, project_link_need

    if region.level not in (Level.COMMUNITY, Level.STREET):
        raise ValidationError({"region": _("A project belongs to a community, or to a street for a project "
                                           "across its communities.")})
    project = Project(region=region, year=year, created_by=user,
                      **{n: plan.fields.get(n) for n in PLAN_FIELDS if n != "total_budget"})
    if not access.can(user, "project.create", project):
        raise PermissionDenied(_("You may not plan projects for this unit."))
    check_plan(plan)
    project.total_budget = plan.fields.get("total_budget") or Decimal("0")
    if not project.background and needs:
        project.background = background_from(needs)
    project.seq, project.code = _next_code(region, year)
    _full_clean(project)
    project.save()
    replace_rows(project, plan.as_snapshot())
    audit_record(action="project.create", target=project, user=user,
                 changed_fields=["region", "year", *(n for n in PLAN_FIELDS if plan.fields.get(n))])
    for need in needs:
        project_link_need(user=user, project=project, need=need)
    project.refresh_from_db()
    return project


def _changed_since(project: Project, version: int) -> list[str]:
    """Field names changed by others since ``version`` (from the audit log: names only)."""
    from wuse.audit.models import AuditEntry

    rows = (AuditEntry.objects.filter(object_type="projects.project", object_id=str(project.pk), outcome="success")
            .order_by("-id").values_list("changed_fields", flat=True))
    names: list[str] = []
    for fields in rows[: max(project.version - version, 0)]:
        names.extend(f for f in fields if f not in names)
    return names


@transaction.atomic
def project_update(*, user, project: Project, version: int, plan: PlanData) -> Project:
    """Save the plan edited on ``version``; refuse if someone saved the project since (no silent overwrite)."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not access.can(user, "project.change", locked):
        raise PermissionDenied(_("You may not edit this project."))
    if locked.version != version:
        raise ProjectConflict(_("This project was changed by someone else while you were editing it (已被他人修改)."),
                              changed=_changed_since(locked, version))
    if not locked.is_editable:
        raise ProjectError(_("The project is “%(state)s”: its plan is frozen. Propose a change request instead.")
                           % {"state": locked.status_label})
    check_plan(plan)
    candidate = copy.copy(locked)
    for name in PLAN_FIELDS:
        setattr(candidate, name, plan.fields.get(name))
    _full_clean(candidate)
    before = snapshot(locked)
    changed = apply_snapshot(locked, plan.as_snapshot(), user=user)
    after = snapshot(locked)
    changed += [key for key in ("budget_lines", "activities", "indicators") if before[key] != after[key]]
    audit_record(action="project.change", target=locked, user=user, changed_fields=changed)
    return locked


def _next_year(day: dt.date | None) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def project_copy_next_year(*, user, project: Project) -> Project:
    """Next year's draft of a project: the plan with its dates a year later and its participants; no needs
    (they are in this project) and no co-design (residents are asked again)."""
    if not access.can(user, "project.view", project):
        raise PermissionDenied
    plan = PlanData.of(project)
    fields = {**plan.fields, "period_start": _next_year(plan.fields.get("period_start")),
              "period_end": _next_year(plan.fields.get("period_end"))}
    activities = [{**a, "starts_on": _next_year(a.get("starts_on")), "ends_on": _next_year(a.get("ends_on"))}
                  for a in plan.activities]
    draft = project_create(user=user, region=project.region, year=project.year + 1,
                           plan=PlanData(fields, plan.lines, activities, plan.indicators))
    draft.copied_from = project
    draft.save(update_fields=["copied_from"])
    for participant in project.participants.all():
        participant.pk = None
        participant.project = draft
        participant.added_by = user
        participant.save()
    audit_record(action="project.copy", target=draft, user=user, changed_fields=["copied_from"],
                 detail={"from": project.pk})
    return draft
