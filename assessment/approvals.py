"""Bottom-up approvals (审核确认) that lock a unit's year of the annual assessment, like DHIS2's data approval.

**Who approves.** The level directly above: a street confirms each of its communities, a district each of its
streets, the city each of its districts; the top unit has no approval. The approver holds ``assessment.approve``
through a membership *at the parent unit itself* (street officer, district reviewer, city admin — see
``access.py``): each level vouches for the units it supervises directly and no level signs in another's place, so
a district reviewer does not approve communities over their street's head.

**Bottom-up.** A unit with units below it can be approved only when all of them are; and only when the year's
snapshot has its rows (roll up the year first). ``approve_children`` approves every child of a parent that is
ready, in one transaction.

**Locked.** The roll-up (``services._snapshot``) leaves an approved unit's rows of the year exactly as they are.

**Unlock.** A reason is required (bounded, ``REASON_LENGTH``). The approving level or any level above may unlock
(``assessment.approve`` held at the parent or above). An unlock re-opens the levels above: unlocking a community
removes its street's, district's and city-level approvals of that year, since what they confirmed has changed.
Each approval, unlock and re-opening is an ``ApprovalEvent`` (the unit page's history) and an audit row.

**Concurrency.** On PostgreSQL every approval write of a year takes a transaction-scoped advisory lock on
(``APPROVAL_LOCK``, year), so approvals and unlocks of a year run one after the other and each sees the others'
result; and it tries the roll-up's lock of the year (``services.LOCK_CLASS``) in shared mode for the same
transaction (approvals share it; the roll-up takes it exclusively), so an
approval is refused while a roll-up of the year runs (the roll-up would not see it) and a roll-up started during
the few milliseconds of an approval is refused like a second roll-up. The unique constraint on (year, unit)
backs it all: two approvals of one unit at once leave one row.

The read API (imported by the plans, dashboards and reports) — one indexed query each:

- ``approved_codes(year)``: the codes of every approved unit of the year;
- ``approved_within(year, region)``: True when ``region`` or any unit under it is approved for the year (a plan
  of that year and unit may then no longer change);
- ``is_approved(year, region)``.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wuse.access import api as access
from wuse.access.policy import grants
from wuse.audit.services import audit_record
from wuse.regions.models import Region

from .models import REASON_LENGTH, Approval, ApprovalEvent, ApprovalKind, KpiSnapshot
from .services import LOCK_CLASS, AssessmentError, check_year

APPROVE = "assessment.approve"
APPROVAL_LOCK = 0x61_70_70_72  # "appr": the approvals' advisory lock; the year is the second key


class ApprovalError(AssessmentError):
    """A refused approval or unlock; ``field`` names the form field it is about (the unlock's reason), if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- the read API -------------------------------------------------------------------------------------------

def approved_codes(year: int) -> set[str]:
    """The codes of every unit approved for ``year``."""
    return set(Approval.objects.filter(year=year).order_by().values_list("region_id", flat=True))


def approved_within(year: int, region) -> bool:
    """Whether ``region`` or any unit below it is approved for ``year`` (its subtree's codes are one closed range
    of the unique index on (year, unit))."""
    prefix = region.prefix
    return Approval.objects.filter(year=year, region__code__range=(prefix.ljust(12, "0"), prefix.ljust(12, "9"))
                                   ).exists()


def is_approved(year: int, region) -> bool:
    """Whether ``region`` itself is approved for ``year``."""
    return Approval.objects.filter(year=year, region_id=region.code).exists()


# --- who may ------------------------------------------------------------------------------------------------

def may_approve(user, parent: Region | None) -> bool:
    """Whether ``user`` approves ``parent``'s children: ``assessment.approve`` through a membership at ``parent``
    itself (no query: the memberships are read once per request)."""
    if parent is None:
        return False
    table = grants(APPROVE)
    return any(grant.role in table and grant.prefix == parent.prefix for grant in access.memberships(user))


def may_unlock(user, parent: Region | None) -> bool:
    """Whether ``user`` may unlock ``parent``'s children: ``assessment.approve`` at ``parent`` or above."""
    return parent is not None and access.can(user, APPROVE, parent)


# --- readiness ----------------------------------------------------------------------------------------------

def open_counts(year: int, parents: list[str]) -> dict[str, int]:
    """``{parent code: its children not approved for year}`` for the given units (two queries, whatever their
    number); a unit without children is absent."""
    if not parents:
        return {}
    totals = dict(Region.objects.filter(parent_id__in=parents).order_by().values("parent_id")
                  .annotate(n=Count("code")).values_list("parent_id", "n"))
    approved = dict(Approval.objects.filter(year=year, region__parent_id__in=parents).order_by()
                    .values("region__parent_id").annotate(n=Count("id")).values_list("region__parent_id", "n"))
    return {code: total - approved.get(code, 0) for code, total in totals.items()}


def rolled_up(year: int, codes: list[str]) -> set[str]:
    """Which of ``codes`` have rows in the year's snapshot (one query on the unique index)."""
    if not codes:
        return set()
    return set(KpiSnapshot.objects.filter(year=year, region_id__in=codes).values_list("region_id", flat=True)
               .distinct())


def _refusal(year: int, region: Region, open_count: int | None, has_rows: bool) -> ApprovalError | None:
    """Why ``region`` cannot be approved for ``year`` now, or None when it is ready."""
    if region.parent_id is None:
        return ApprovalError(_("%(unit)s is the top unit: nobody approves it.") % {"unit": region.name})
    if open_count:
        return ApprovalError(ngettext(
            "%(unit)s cannot be approved yet: %(n)d unit below it is still open. Approve it first.",
            "%(unit)s cannot be approved yet: %(n)d units below it are still open. Approve them first.",
            open_count) % {"unit": region.name, "n": open_count})
    if not has_rows:
        return ApprovalError(_("%(unit)s has no figures for %(year)d: roll up the year first.")
                         % {"unit": region.name, "year": year})
    return None


def ready_children(year: int, parent: Region) -> list[Region]:
    """``parent``'s children that can be approved for ``year`` now: not approved, every unit below them approved,
    rolled up (four queries)."""
    children = list(Region.objects.filter(parent=parent).order_by("code"))
    codes = [child.code for child in children]
    approved = set(Approval.objects.filter(year=year, region_id__in=codes).values_list("region_id", flat=True))
    waiting = [child for child in children if child.code not in approved]
    counts = open_counts(year, [child.code for child in waiting])
    rows = rolled_up(year, [child.code for child in waiting])
    return [child for child in waiting if _refusal(year, child, counts.get(child.code), child.code in rows) is None]


# --- writes -------------------------------------------------------------------------------------------------

def _lock(year: int) -> None:
    """Inside the write's transaction: wait for other approval writes of the year, refuse while a roll-up of
    the year runs (see the module's docstring)."""
    if connection.vendor != "postgresql":
        return  # SQLite serializes its writers; the unique constraint backs the rest
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [APPROVAL_LOCK, year])
        # Shared: approvals do not exclude one another here (the lock above orders them; an exclusive try would
        # fail for the next approval in the instant between the two releases of the one before), only a roll-up.
        cursor.execute("SELECT pg_try_advisory_xact_lock_shared(%s, %s)", [LOCK_CLASS, year])
        if not cursor.fetchone()[0]:
            raise ApprovalError(_("A roll-up of %(year)d is running; approve or unlock when it has finished.")
                                % {"year": year})


def _already(approval: Approval) -> ApprovalError:
    who = approval.approved_by.get_full_name() or approval.approved_by.get_username()
    return ApprovalError(_("%(unit)s is already approved for %(year)d (by %(user)s, %(at)s).") % {
        "unit": approval.region.name, "year": approval.year, "user": who,
        "at": date_format(timezone.localtime(approval.approved_at), "Y-m-d H:i")})


def _approve_one(user, year: int, region: Region) -> Approval:
    """Write one approval (inside the caller's locked transaction), after checking it is ready."""
    existing = Approval.objects.filter(year=year, region=region).select_related("approved_by", "region").first()
    if existing is not None:
        raise _already(existing)
    refusal = _refusal(year, region, open_counts(year, [region.code]).get(region.code),
                       bool(rolled_up(year, [region.code])))
    if refusal is not None:
        raise refusal
    try:
        with transaction.atomic():
            approval = Approval.objects.create(year=year, region=region, level=region.level, approved_by=user)
    except IntegrityError:  # approved at this very moment by someone else (SQLite; PostgreSQL waits on the lock)
        raise _already(Approval.objects.select_related("approved_by", "region").get(year=year, region=region)) \
            from None
    ApprovalEvent.objects.create(year=year, region=region, kind=ApprovalKind.APPROVED, user=user,
                                 at=approval.approved_at)
    audit_record(action="assessment.approve", target=approval, user=user,
                 detail={"year": year, "unit": region.code, "level": region.level})
    return approval


def _parent(region: Region) -> Region | None:
    return Region.objects.filter(code=region.parent_id).first() if region.parent_id else None


def approve(user, year, region: Region) -> Approval:
    """Approve ``region``'s figures of ``year`` as its parent's level (see the module's docstring)."""
    year = check_year(year)
    parent = _parent(region)
    if parent is None:
        raise _refusal(year, region, None, True)
    if not may_approve(user, parent):
        raise PermissionDenied
    with transaction.atomic():
        _lock(year)
        return _approve_one(user, year, region)


def approve_children(user, year, parent: Region) -> list[Approval]:
    """Approve every child of ``parent`` that is ready for ``year``, in one transaction; refused when none is."""
    year = check_year(year)
    if not may_approve(user, parent):
        raise PermissionDenied
    with transaction.atomic():
        _lock(year)
        ready = ready_children(year, parent)
        if not ready:
            raise ApprovalError(_("No unit below %(unit)s is ready to be approved for %(year)d.")
                                % {"unit": parent.name, "year": year})
        return [_approve_one(user, year, child) for child in ready]


def clean_reason(reason) -> str:
    """The unlock's reason, stripped; refused when blank or longer than ``REASON_LENGTH``."""
    reason = (reason if isinstance(reason, str) else "").strip()
    if not reason:
        raise ApprovalError(_("Give the reason for the unlock."), field="reason")
    if len(reason) > REASON_LENGTH:
        raise ApprovalError(_("The reason may be at most %(n)d characters long (it has %(length)d).")
                            % {"n": REASON_LENGTH, "length": len(reason)}, field="reason")
    return reason


def unlock(user, year, region: Region, reason) -> list[str]:
    """Remove ``region``'s approval of ``year`` and those of every unit above it; returns the codes re-opened
    (``region`` first, then upwards)."""
    year = check_year(year)
    reason = clean_reason(reason)
    parent = _parent(region)
    if not may_unlock(user, parent):
        raise PermissionDenied
    with transaction.atomic():
        _lock(year)
        if not Approval.objects.filter(year=year, region=region).exists():
            raise ApprovalError(_("%(unit)s is not approved for %(year)d: there is nothing to unlock.")
                                % {"unit": region.name, "year": year})
        above = list(Approval.objects.filter(year=year, region_id__in=region.ancestor_codes())
                     .order_by("-region_id").values_list("region_id", flat=True))
        Approval.objects.filter(year=year, region_id__in=[region.code, *above]).delete()
        now = timezone.now()
        ApprovalEvent.objects.bulk_create(
            [ApprovalEvent(year=year, region=region, kind=ApprovalKind.UNLOCKED, user=user, at=now, reason=reason)]
            + [ApprovalEvent(year=year, region_id=code, kind=ApprovalKind.REOPENED, user=user, at=now,
                             reason=reason, cause=region) for code in above])
        audit_record(action="assessment.unlock", target=region, user=user,
                     detail={"year": year, "unit": region.code, "reason": reason, "reopened": above})
    return [region.code, *above]
