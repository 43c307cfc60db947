"""The plan (项目书) as data: a frozen snapshot (a plan version, a change request's proposal), applying one back
onto the project, and two of them side by side.

No model is imported here (``workflow`` uses this module and ``models`` imports ``workflow``): the rows are
reached through the project's related managers.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .choices import BudgetKind, FocusArea, FundingSource, IndicatorKind, LinkageMode, Vehicle

# The project's own fields that make the plan, in the order the pages show them.
PLAN_FIELDS = ("title", "vehicle", "focus_area", "background", "target_group", "planned_headcount", "objectives",
               "linkage_mode", "risk_plan", "period_start", "period_end", "total_budget")
LINE_FIELDS = ("kind", "funding_source", "amount", "note")
ACTIVITY_FIELDS = ("title", "starts_on", "ends_on", "place", "description")
INDICATOR_FIELDS = ("kind", "name", "target_value", "unit")
DATE_FIELDS = {"period_start", "period_end", "starts_on", "ends_on"}
DECIMAL_FIELDS = {"total_budget", "amount", "target_value"}


def plain_value(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def typed_value(name: str, value):
    if value in (None, ""):
        return None if name in DATE_FIELDS or name == "planned_headcount" else value
    if name in DATE_FIELDS:
        return dt.date.fromisoformat(value)
    if name in DECIMAL_FIELDS:
        return Decimal(value)
    return value


def _rows(manager, fields) -> list[dict]:
    return [{name: plain_value(value) for name, value in zip(fields, row, strict=True)}
            for row in manager.values_list(*fields)]


def snapshot(project) -> dict:
    """The plan as JSON: the project's fields, its budget lines, planned activities and indicators, and (to
    read, not to apply) the needs and participants it had."""
    return {
        "fields": {name: plain_value(getattr(project, name)) for name in PLAN_FIELDS},
        "budget_lines": _rows(project.budget_lines.order_by("position", "id"), LINE_FIELDS),
        "activities": _rows(project.planned_activities.order_by("starts_on", "position", "id"), ACTIVITY_FIELDS),
        "indicators": _rows(project.indicators.order_by("kind", "position", "id"), INDICATOR_FIELDS),
        "needs": [{"id": pk, "title": title} for pk, title in
                  project.need_links.filter(released=False).order_by("id").values_list("need_id", "need__title")],
        "participants": [{"kind": p.kind, "label": str(p.party)} for p in project.participants.select_related(
            "organization", "social_worker__person", "volunteer_team", "donor").order_by("kind", "id")],
    }


def apply_snapshot(project, data: dict, *, user) -> list[str]:
    """Make the project's plan what ``data`` says (fields, budget lines, activities, indicators); returns the
    project fields that changed. The caller holds the project's lock and audits."""
    changed = []
    for name in PLAN_FIELDS:
        value = typed_value(name, data["fields"].get(name))
        if getattr(project, name) != value:
            setattr(project, name, value)
            changed.append(name)
    project.save(update_fields=[*changed, *project.touch()])
    replace_rows(project, data)
    return changed


def replace_rows(project, data: dict) -> None:
    """Make the project's budget lines, planned activities and indicators the rows of ``data``. Budget lines are
    kept where they can be (``_replace_lines``): what was spent against a line stays with it."""
    _replace_lines(project, data.get("budget_lines", ()))
    for manager, key, fields in ((project.planned_activities, "activities", ACTIVITY_FIELDS),
                                 (project.indicators, "indicators", INDICATOR_FIELDS)):
        manager.all().delete()
        manager.bulk_create([
            manager.model(project=project, position=i, **{n: typed_value(n, row.get(n)) for n in fields})
            for i, row in enumerate(data.get(key, ()))])


def _replace_lines(project, rows) -> None:
    """Each new row takes over an existing line of the same item and funding source (its amount, note and
    place change; the records against it — expenses, adjustments — stay), others are added, and lines no row
    took over are removed; one that records point to is refused with a message, never lost."""
    from django.db import transaction
    from django.db.models import ProtectedError

    from .errors import ProjectError

    manager = project.budget_lines
    free = list(manager.order_by("position", "id"))
    added = []
    for position, row in enumerate(rows):
        values = {name: typed_value(name, row.get(name)) for name in LINE_FIELDS}
        line = next((line for line in free if (line.kind, line.funding_source)
                     == (values["kind"], values["funding_source"])), None)
        if line is None:
            added.append(manager.model(project=project, position=position, **values))
            continue
        free.remove(line)
        for name, value in values.items():
            setattr(line, name, value)
        line.position = position
        line.save(update_fields=[*LINE_FIELDS, "position"])
    for line in free:
        try:
            with transaction.atomic():
                line.delete()
        except ProtectedError:
            raise ProjectError(_("The budget line “%(line)s” has expenses or adjustments recorded against it: the "
                                 "plan must keep a line of that item and funding source.")
                               % {"line": _line_text({name: getattr(line, name) for name in LINE_FIELDS})}) from None
    manager.bulk_create(added)


# --- reading versions side by side ----------------------------------------------------------------------

_CHOICES = {"vehicle": Vehicle, "focus_area": FocusArea, "linkage_mode": LinkageMode, "kind": None,
            "funding_source": FundingSource}
_LABELS = {
    "title": _("title"), "vehicle": _("how it is published"), "focus_area": _("focus area"),
    "background": _("background"), "target_group": _("target group"), "planned_headcount": _("people to serve"),
    "objectives": _("objectives (SMART)"), "linkage_mode": _("linkage mode"),
    "risk_plan": _("risks and how they are handled"), "period_start": _("starts"), "period_end": _("ends"),
    "total_budget": _("total budget (yuan)"),
}


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _line_text(row: dict) -> str:
    return (f"{_label(BudgetKind, row.get('kind'))} · {_label(FundingSource, row.get('funding_source'))} · "
            f"{row.get('amount')}" + (f" · {row['note']}" if row.get("note") else ""))


def _activity_text(row: dict) -> str:
    when = row.get("starts_on") or ""
    if row.get("ends_on"):
        when += f"–{row['ends_on']}"
    return " · ".join(p for p in (when, row.get("title", ""), row.get("place", "")) if p)


def _indicator_text(row: dict) -> str:
    kind = _label(IndicatorKind, row.get("kind"))
    return f"{kind} · {row.get('name')} · {row.get('target_value')} {row.get('unit') or ''}".strip()


@dataclass(frozen=True)
class CompareRow:
    label: str
    left: str
    right: str

    @property
    def differs(self) -> bool:
        return self.left != self.right


def field_text(name: str, value) -> str:
    if name in ("vehicle", "focus_area", "linkage_mode"):
        return _label(_CHOICES[name], value)
    return "" if value is None else str(value)


def compare(left: dict, right: dict) -> list[CompareRow]:
    """Two snapshots field by field and part by part, in the order a plan reads (the page marks what differs)."""
    rows = [CompareRow(str(_LABELS[name]), field_text(name, left["fields"].get(name)),
                       field_text(name, right["fields"].get(name))) for name in PLAN_FIELDS]
    for key, label, text in (("budget_lines", _("budget lines"), _line_text),
                             ("activities", _("planned activities"), _activity_text),
                             ("indicators", _("indicators"), _indicator_text)):
        rows.append(CompareRow(str(label), "\n".join(text(r) for r in left.get(key, ())),
                               "\n".join(text(r) for r in right.get(key, ()))))
    return rows
