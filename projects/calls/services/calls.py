"""A call's life: created as a draft with its criteria, posted, shortlisted, awarded (the winner undertakes a new
project of vehicle "open_call", created through the projects step), its result published."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.services import PlanData, project_create
from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.registry.organizations.access import member_organization_ids
from wuse.workflow.services import transition_apply

from ..errors import CallError
from ..models import Bid, Call, CallKind, Criterion
from ..workflow import BID_PROCESS, BID_SHORTLISTED, CALL_PROCESS, SHORTLISTED

MAX_AMOUNT = Decimal("9999999999.99")
MAX_CRITERIA = 20


def money(value, *, what, zero_ok=False) -> Decimal:
    """A positive amount of yuan with at most two decimals (``zero_ok``: or zero), or a CallError saying what is
    wrong."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise CallError(_("%(what)s must be an amount in yuan.") % {"what": what}) from None
    if not amount.is_finite() or amount < 0 or (amount == 0 and not zero_ok):
        raise CallError((_("%(what)s cannot be negative.") if zero_ok else _("%(what)s must be more than zero."))
                        % {"what": what})
    if amount > MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        raise CallError(_("%(what)s must be at most 9,999,999,999.99 with two decimals.") % {"what": what})
    return amount.quantize(Decimal("0.01"))


def _text(value, *, what, limit, required=True) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if required and not text:
        raise CallError(_("Fill in %(what)s.") % {"what": what})
    if len(text) > limit:
        raise CallError(_("%(what)s is too long (at most %(limit)s characters).") % {"what": what, "limit": limit})
    return text


def check_criteria(criteria) -> list[tuple[str, str]]:
    rows = [(_text(n, what=_("the criterion"), limit=200), _text(t, what=_("the target"), limit=200))
            for n, t in criteria if (n or "").strip() or (t or "").strip()]
    if not rows:
        raise CallError(_("Give at least one acceptance criterion with its target."))
    if len(rows) > MAX_CRITERIA:
        raise CallError(_("At most %(count)s acceptance criteria.") % {"count": MAX_CRITERIA})
    return rows


@transaction.atomic
def call_create(*, user, title, problem, budget, deadline, criteria, region=None, organization=None,
                reward="") -> Call:
    """A draft call (榜单) of a community or a street, with its acceptance criteria; or, with ``organization``
    (the user is one of its members), that organization's call for partners at its unit, whose budget may be 0."""
    partners = organization is not None
    if partners:
        if organization.pk not in member_organization_ids(user):
            raise PermissionDenied(_("You post calls for partners only for an organization you are a member of."))
        if not organization.is_active:
            raise CallError(_("“%(name)s” is not active and cannot post a call.") % {"name": organization})
        region = organization.region
    elif region is None or region.level not in (Level.COMMUNITY, Level.STREET):
        raise CallError(_("A call is posted by a community or a street."))
    call = Call(region=region, kind=CallKind.PARTNERS if partners else CallKind.OPEN_CALL,
                poster_organization=organization, title=_text(title, what=_("the title"), limit=200),
                problem=_text(problem, what=_("the problem"), limit=4000),
                reward=_text(reward, what=_("the reward"), limit=200, required=False),
                budget=money(budget, what=_("The budget"), zero_ok=partners), deadline=deadline, created_by=user)
    if not isinstance(deadline, dt.date):
        raise CallError(_("Give the deadline for bids as a date."))
    if deadline < timezone.localdate():
        raise CallError(_("The deadline for bids cannot be in the past."))
    if not partners and not access.can(user, "call.manage", call):
        raise PermissionDenied(_("You may not post calls for this unit."))
    rows = check_criteria(criteria)
    call.save()
    Criterion.objects.bulk_create(Criterion(call=call, seq=i + 1, name=n, target=t) for i, (n, t) in enumerate(rows))
    audit_record(action="open_call.create", target=call, user=user,
                 changed_fields=["kind", "region", "title", "problem", "budget", "reward", "deadline", "criteria"])
    return call


def call_transition(*, user, call: Call, name: str, reason: str = "") -> Call:
    """Fire a transition a page offers (post, close the shortlist, publish the result, withdraw, fail)."""
    return transition_apply(process=CALL_PROCESS, obj=call, name=name, user=user, reason=reason, manual_only=True)


def _plan(call: Call, bid: Bid) -> PlanData:
    start = timezone.localdate()
    criteria = "；".join(f"{c.name}：{c.target}" for c in call.criteria.all())
    return PlanData(
        fields={"title": call.title[:200], "vehicle": "open_call", "focus_area": "other",
                "background": call.problem[:2000], "target_group": "", "planned_headcount": None,
                "objectives": criteria[:2000], "linkage_mode": "sw_orgs", "risk_plan": "",
                "period_start": start, "period_end": start + dt.timedelta(days=365), "total_budget": bid.price},
        lines=[{"kind": "activities", "funding_source": "public", "amount": bid.price,
                "note": _("Open call award")}])


def _undertake(user, call: Call, bid: Bid):
    """The project the winner undertakes, through the projects step (its refusals become the call's)."""
    try:
        project = project_create(user=user, region=call.region, year=timezone.localdate().year,
                                 plan=_plan(call, bid))
    except ValidationError as exc:
        raise CallError(_("The project could not be created: %(why)s") % {"why": " ".join(exc.messages)}) from None
    # A volunteer team undertakes through the organization that runs it; a team without one is recorded as the
    # undertaker later, in the project's own workflow.
    undertaker = bid.organization or bid.volunteer_team.organization
    if undertaker is not None:
        project.undertaker = undertaker
        project.save(update_fields=["undertaker"])
        audit_record(action="open_call.undertaker", target=project, user=user, changed_fields=["undertaker"],
                     detail={"call": call.pk, "organization": undertaker.pk})
    return project


def call_select(*, user, call: Call, bid_id) -> Call:
    """挂帅: select one shortlisted bid of the call. Its organization undertakes a new project (vehicle "open_call",
    planned at the call's unit, created through the projects step); the other bids are not selected. A call for
    partners selects its partner the same way, without a project."""
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if not access.can(user, "call.manage", locked):
            raise PermissionDenied(_("You may not select a bid of this call."))
        if locked.is_partners and locked.poster_organization_id not in member_organization_ids(user):
            raise CallError(_("Only the organization that posted this call for partners decides on it."))
        if locked.status != SHORTLISTED:
            raise CallError(_("A bid is selected once the shortlist is closed; the call is “%(state)s”.")
                            % {"state": locked.status_label})
        try:
            bid = Bid.objects.select_for_update().get(pk=int(bid_id), call=locked)
        except (Bid.DoesNotExist, ValueError, TypeError):
            raise CallError(_("Choose a bid of this call.")) from None
        if bid.status != BID_SHORTLISTED:
            raise CallError(_("Only a shortlisted bid can be selected; this one is “%(state)s”.")
                            % {"state": bid.status_label})
        project = None if locked.is_partners else _undertake(user, locked, bid)
        transition_apply(process=BID_PROCESS, obj=bid, name="win", user=user)
        for other in locked.bids.exclude(pk=bid.pk).filter(status=BID_SHORTLISTED):
            transition_apply(process=BID_PROCESS, obj=other, name="lose", user=user)
        locked.winner = bid
        locked.project = project
        locked.save(update_fields=["winner", "project", "updated_at"])
        locked = transition_apply(process=CALL_PROCESS, obj=locked, name="select", user=user)
    return locked
