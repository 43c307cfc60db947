"""Demo snapshots and approvals, after every step's demo records, so the assessment pages of ``make run`` show
numbers and a year in each state:

- last year and this year rolled up;
- last year approved bottom-up at every level (every community, street and district): by the demo account of the
  approving unit through the approval service where one exists (北山/五常 streets, 西湖/余杭 districts, the
  city); the units whose approving unit has no demo account (most of Hangzhou) are approved by the demo account of
  that level (a street officer for communities, a district reviewer for streets) directly, level by level, since
  the service's rule — only the unit right above approves — has no account to act for them;
- this year open, but with 北山街道's communities approved by its officer: a year in progress.

Idempotent: a roll-up leaves approved units alone and approved units are skipped."""

from contextlib import suppress

from django.db import transaction
from django.utils import timezone

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.regions.models import Region

from . import approvals
from .models import Approval, ApprovalEvent, ApprovalKind, Trigger
from .services import rollup

# The approving level of each level's units, and the demo account standing in where that unit has none.
BY_LEVEL = ((Level.STREET, "beishan_officer"), (Level.DISTRICT, "xihu_reviewer"), (Level.CITY, "city_admin"))
IN_PROGRESS_OFFICER = "beishan_officer"


def load_assessment_demo(users) -> None:
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        rollup(year, trigger=Trigger.DEMO, user=users.get("city_admin"))
    approve_all(users, this_year - 1)
    officer = users.get(IN_PROGRESS_OFFICER)
    street = Region.objects.filter(code__in=[g.prefix.ljust(12, "0") for g in _grants(officer)]).first()
    if street is not None:
        _approve_children(officer, this_year, street)


def _grants(user):
    return access.memberships(user) if user is not None else ()


def _approve_children(user, year: int, parent: Region) -> None:
    with suppress(approvals.ApprovalError):  # nothing ready: approved already
        approvals.approve_children(user, year, parent)


def approve_all(users, year: int) -> None:
    """Approve ``year`` at every level, bottom-up (see the module's docstring)."""
    for parent_level, stand_in in BY_LEVEL:
        for user in users.values():
            for parent in Region.objects.filter(level=parent_level, code__in=[g.prefix.ljust(12, "0")
                                                                                for g in _grants(user)]):
                if approvals.may_approve(user, parent):
                    _approve_children(user, year, parent)
        if users.get(stand_in) is not None:
            _approve_rest(users[stand_in], year, parent_level)


@transaction.atomic
def _approve_rest(user, year: int, parent_level: str) -> None:
    """Approve every ready child of every unit of ``parent_level`` in a few statements, as ``user``."""
    candidates = list(Region.objects.filter(parent__level=parent_level).exclude(
        code__in=Approval.objects.filter(year=year).values("region_id")).order_by("code"))
    codes = [unit.code for unit in candidates]
    counts, rows = approvals.open_counts(year, codes), approvals.rolled_up(year, codes)
    ready = [unit for unit in candidates if not counts.get(unit.code) and unit.code in rows]
    if not ready:
        return
    now = timezone.now()
    Approval.objects.bulk_create([Approval(year=year, region=unit, level=unit.level, approved_by=user,
                                           approved_at=now) for unit in ready])
    ApprovalEvent.objects.bulk_create([ApprovalEvent(year=year, region=unit, kind=ApprovalKind.APPROVED, user=user,
                                                     at=now) for unit in ready])
    audit_record(action="assessment.approve", target=None, user=user,
                 detail={"year": year, "level": ready[0].level, "units": len(ready), "demo": True})
