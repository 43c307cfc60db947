"""Bids (揭榜): an organization's members bid for it with a plan; the poster's unit records the bid of a volunteer
team of the registry (the teams have no accounts); the poster shortlists or declines each."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.registry.organizations.access import member_organization_ids
from wuse.workflow.services import transition_apply

from ..errors import CallError
from ..models import Bid, Call
from ..workflow import BID_PROCESS, POSTED
from .calls import _text, money


def _plan(call, *, approach, team, price, timeline):
    return {"approach": _text(approach, what=_("the approach"), limit=4000),
            "team": _text(team, what=_("the team"), limit=2000, required=False),
            "timeline": _text(timeline, what=_("the timeline"), limit=500, required=False),
            "price": None if call.is_partners and price in (None, "") else money(price, what=_("The price"))}


def _open_call(call: Call, price) -> Call:
    """The call, locked, if it takes this bid now."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.status != POSTED:
        raise CallError(_("This call does not take bids: it is “%(state)s”.") % {"state": locked.status_label})
    if timezone.localdate() > locked.deadline:
        raise CallError(_("Bids closed on %(date)s.") % {"date": locked.deadline.isoformat()})
    if price is not None and price > locked.budget:
        raise CallError(_("The price (%(price)s) is over the call's budget (%(budget)s).")
                        % {"price": price, "budget": locked.budget})
    return locked


def _save(bid: Bid, user, bidder) -> Bid:
    twice = _("“%(name)s” has already bid for this call.") % {"name": bidder}
    if Bid.objects.filter(call=bid.call, organization=bid.organization, volunteer_team=bid.volunteer_team).exists():
        raise CallError(twice)
    try:
        with transaction.atomic():
            bid.save()
    except IntegrityError:
        raise CallError(twice) from None
    audit_record(action="open_call_bid.submit", target=bid, user=user,
                 changed_fields=["organization" if bid.organization_id else "volunteer_team", "approach", "team",
                                 "price", "timeline"])
    return bid


def bid_submit(*, user, call: Call, organization, approach, team="", price=None, timeline="") -> Bid:
    """揭榜: a bid of ``organization`` (the user is one of its members). Refused after the deadline, over the
    budget, or when the organization already bid for this call. A bid for a call for partners may leave the price
    out (and cannot come from the posting organization)."""
    if organization is None or organization.pk not in member_organization_ids(user):
        raise PermissionDenied(_("You bid only for an organization you are a member of."))
    plan = _plan(call, approach=approach, team=team, price=price, timeline=timeline)
    with transaction.atomic():
        locked = _open_call(call, plan["price"])
        if not access.can(user, "call.bid", locked):
            raise PermissionDenied(_("This call is outside your area."))
        if organization.pk == locked.poster_organization_id:
            raise CallError(_("An organization does not answer its own call."))
        if not organization.is_active:
            raise CallError(_("“%(name)s” is not active and cannot bid.") % {"name": organization})
        return _save(Bid(call=locked, region_id=locked.region_id, organization=organization, submitted_by=user,
                         **plan), user, organization)


def bid_record_team(*, user, call: Call, volunteer_team, approach, team="", price=None, timeline="") -> Bid:
    """The poster's unit records the bid of a volunteer team of the registry that it sees (the teams have no
    accounts of their own). Same refusals as an organization's bid."""
    if volunteer_team is None or not access.can(user, "volunteer_team.view", volunteer_team):
        raise PermissionDenied(_("Choose a volunteer team of your area."))
    plan = _plan(call, approach=approach, team=team, price=price, timeline=timeline)
    with transaction.atomic():
        locked = _open_call(call, plan["price"])
        if locked.is_partners or not access.can(user, "call.manage", locked):
            raise PermissionDenied(_("Only the call's unit records a volunteer team's bid."))
        if not volunteer_team.active:
            raise CallError(_("“%(name)s” is not active and cannot bid.") % {"name": volunteer_team})
        return _save(Bid(call=locked, region_id=locked.region_id, volunteer_team=volunteer_team, submitted_by=user,
                         **plan), user, volunteer_team)


def bid_decide(*, user, bid: Bid, name: str, reason: str = "") -> Bid:
    """The poster shortlists a bid, or declines it with the reason."""
    if name not in ("shortlist", "decline"):
        raise CallError(_("Unknown action “%(name)s”.") % {"name": name})
    return transition_apply(process=BID_PROCESS, obj=bid, name=name, user=user, reason=reason, manual_only=True)
