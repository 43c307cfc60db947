"""Residents' proposals (no account): the negative list and the type's cap are checked at once, with the reason
shown; the council's shortlist; the community's confirmation, which creates the project."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.workflow.services import transition_apply

from ..errors import MicroError
from ..models import DistrictCaps, NegativeRule, ProjectType, Proposal, Round, district_code
from ..workflow import COLLECTING, CONFIRMED, PROPOSAL_PROCESS

MAX_COST = Decimal("10000000")
LINE_KIND = {ProjectType.SERVICE: "activities", ProjectType.GOODS: "materials", ProjectType.WORKS: "other"}
MAX_TITLE, MAX_LOCATION, MAX_DESCRIPTION = 80, 120, 2000


def negative_match(round_: Round, text: str) -> NegativeRule | None:
    """The first rule of the round's district negative list that ``text`` names, or None."""
    text = (text or "").lower()
    for rule in NegativeRule.objects.filter(district_id=district_code(round_.region_id)).order_by("id"):
        if any(word.lower() in text for word in rule.words()):
            return rule
    return None


def _cost(raw) -> Decimal:
    if isinstance(raw, bool):
        raise MicroError(_("Enter the estimated cost in yuan, such as 12000."))
    try:
        cost = Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise MicroError(_("Enter the estimated cost in yuan, such as 12000.")) from None
    if not cost.is_finite() or cost <= 0 or cost > MAX_COST or cost != cost.quantize(Decimal("0.01")):
        raise MicroError(_("Enter the estimated cost in yuan, such as 12000."))
    return cost


def check_proposal(round_: Round, *, kind: str, title: str, description: str, estimated_cost) -> Decimal:
    """The checks at proposal: the type, the negative list (with its reason), the district's cap for the type."""
    if kind not in ProjectType.values:
        raise MicroError(_("Choose a type: service, goods or works."))
    cost = _cost(estimated_cost)
    rule = negative_match(round_, f"{title} {description}")
    if rule:
        raise MicroError(_("This proposal is on the negative list (%(category)s): %(explanation)s")
                         % {"category": rule.get_category_display(), "explanation": rule.explanation})
    caps = DistrictCaps.objects.filter(district_id=district_code(round_.region_id), year=round_.year).first()
    if caps is None:
        raise MicroError(_("The district has not set this year's caps yet: proposals open once it has."))
    cap = caps.cap_for(kind)
    if cost > cap:
        raise MicroError(_("The estimated cost of %(cost)s yuan is over the district's cap of %(cap)s yuan for "
                           "this type (%(kind)s).") % {"cost": f"{cost:,.2f}", "cap": f"{cap:,.2f}",
                                                    "kind": ProjectType(kind).label})
    return cost


def proposal_submit(*, round_: Round, kind: str, title: str, description: str, estimated_cost, location: str,
                    declared: bool, token: str = "") -> Proposal:
    """A resident's proposal (no account, no name, no phone). ``token``: the form's nonce, so a double-tapped
    submit is saved once."""
    title, description, location = (str(title or "").strip(), str(description or "").strip(),
                                    str(location or "").strip())
    if round_.status != COLLECTING:
        raise MicroError(_("This round no longer takes proposals."))
    if not title or len(title) > MAX_TITLE or not location or len(location) > MAX_LOCATION \
            or len(description) > MAX_DESCRIPTION:
        raise MicroError(_("Give a title (at most 80 characters), a location (at most 120) and a description "
                           "(at most 2,000)."))
    if declared is not True:
        raise MicroError(_("Please confirm that the project is not the property manager's duty and does not "
                           "duplicate a government investment project."))
    cost = check_proposal(round_, kind=kind, title=title, description=description, estimated_cost=estimated_cost)
    token = str(token or "")[:64]
    if token:
        existing = Proposal.objects.filter(round=round_, token=token).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(round=round_, region_id=round_.region_id, kind=kind, title=title,
                                               description=description, estimated_cost=cost, location=location,
                                               token=token)
            audit_record(action="micro.propose", target=proposal)
    except IntegrityError:
        return Proposal.objects.get(round=round_, token=token)
    return proposal


def deliberate(*, user, proposal: Proposal, shortlist: bool, reason: str = "") -> Proposal:
    """The 民生议事会's decision on one proposal (a reason when it is not shortlisted)."""
    return transition_apply(process=PROPOSAL_PROCESS, obj=proposal, name="shortlist" if shortlist else "decline",
                            user=user, reason=reason)


def confirm(*, user, proposal: Proposal):
    """The community confirms a proposal after the vote: a project (vehicle "micro") is created from it and linked
    back; the round's budget, when it has one, is never exceeded."""
    from projects.services import PlanData, project_create

    if not access.can(user, "micro.confirm", proposal):
        raise PermissionDenied(_("You may not confirm proposals of this round."))
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=proposal.round_id)
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if round_.budget is not None:
            used = (Proposal.objects.filter(round=round_, status=CONFIRMED).aggregate(s=Sum("estimated_cost"))["s"]
                    or Decimal("0"))
            if used + proposal.estimated_cost > round_.budget:
                raise MicroError(_("Confirming this proposal would exceed the round's budget (%(used)s of "
                                   "%(budget)s yuan already confirmed).")
                                 % {"used": f"{used:,.2f}", "budget": f"{round_.budget:,.2f}"})
        if proposal.status != PROPOSAL_PROCESS.transition("confirm").sources[0] or proposal.project_id:
            raise MicroError(_("Only a shortlisted proposal not yet confirmed can be confirmed."))
        if round_.status != "closed":
            raise MicroError(_("The vote of this round is not closed yet."))
        plan = PlanData(fields={"title": proposal.title[:80], "vehicle": "micro", "background": proposal.description,
                                "focus_area": "renewal" if proposal.kind == ProjectType.WORKS else "other",
                                "linkage_mode": "sw_residents", "target_group": "", "risk_plan": "",
                                "objectives": _("A micro-project chosen by the residents' vote: %(location)s.")
                                % {"location": proposal.location},
                                "period_start": None, "period_end": None,
                                "total_budget": proposal.estimated_cost},
                        lines=[{"kind": LINE_KIND[proposal.kind], "funding_source": "public",
                                "amount": proposal.estimated_cost, "note": ""}])
        project = project_create(user=user, region=round_.region, year=round_.year, plan=plan)
        return transition_apply(process=PROPOSAL_PROCESS, obj=proposal, name="confirm", user=user,
                                data={"project": project})
