"""The district's caps and negative list; a community's round, its council meeting and its stages."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from needs.meetings.models import Meeting, MeetingKind
from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.workflow.services import transition_apply

from ..errors import MicroError
from ..models import DistrictCaps, NegativeRule, Round
from ..workflow import COLLECTING, DELIBERATING, ROUND_PROCESS

MAX_CAP = Decimal("10000000")
MIN_YEAR, MAX_YEAR = 2000, 2100


def _year(year) -> int:
    if not isinstance(year, int) or isinstance(year, bool) or not MIN_YEAR <= year <= MAX_YEAR:
        raise MicroError(_("Enter a year between 2000 and 2100."))
    return year


def caps_set(*, user, district: Region, year: int, service: Decimal, goods: Decimal, works: Decimal) -> DistrictCaps:
    """The district's cap per project type for a year (replaces the year's caps)."""
    if district.level != Level.DISTRICT:
        raise MicroError(_("Caps are set by a district."))
    if not access.can(user, "micro_caps.edit", DistrictCaps(district=district, year=0)):
        raise PermissionDenied(_("You may not set this district's caps."))
    _year(year)
    for value in (service, goods, works):
        if not isinstance(value, Decimal) or not value.is_finite() or value <= 0 or value > MAX_CAP:
            raise MicroError(_("A cap is an amount in yuan above 0 and at most 10,000,000."))
    with transaction.atomic():
        caps, _created = DistrictCaps.objects.update_or_create(
            district=district, year=year, defaults={"service_cap": service, "goods_cap": goods, "works_cap": works})
        audit_record(action="micro.caps_set", target=caps, user=user,
                     detail={"service": str(service), "goods": str(goods), "works": str(works)})
    return caps


def rule_add(*, user, district: Region, category: str, keywords: str, explanation: str) -> NegativeRule:
    """A rule of the district's negative list: proposals naming one of its keywords are refused with its
    explanation."""
    rule = NegativeRule(district=district, category=category, keywords=(keywords or "").strip(),
                        explanation=(explanation or "").strip())
    if district.level != Level.DISTRICT:
        raise MicroError(_("The negative list is kept by a district."))
    if not access.can(user, "micro_caps.edit", rule):
        raise PermissionDenied(_("You may not change this district's negative list."))
    if category not in NegativeRule.Category.values:
        raise MicroError(_("Choose the rule's category."))
    if not rule.words() or len(rule.keywords) > 300 or not rule.explanation or len(rule.explanation) > 300:
        raise MicroError(_("Give at least one keyword and an explanation (each at most 300 characters)."))
    with transaction.atomic():
        rule.save()
        audit_record(action="micro.rule_add", target=rule, user=user)
    return rule


def rule_remove(*, user, rule: NegativeRule) -> None:
    if not access.can(user, "micro_caps.edit", rule):
        raise PermissionDenied(_("You may not change this district's negative list."))
    with transaction.atomic():
        audit_record(action="micro.rule_remove", target=rule, user=user, detail={"keywords": rule.keywords})
        rule.delete()


def round_create(*, user, region: Region, year: int, title: str, budget: Decimal | None = None,
                 vote_closes: dt.datetime | None = None) -> Round:
    """A community's round, collecting proposals at once."""
    title = (title or "").strip()
    round_ = Round(region=region, year=year, title=title, budget=budget, vote_closes=vote_closes, created_by=user,
                   status=COLLECTING)
    if region.level != Level.COMMUNITY:
        raise MicroError(_("A micro-project round belongs to a community."))
    if not access.can(user, "micro.run", round_):
        raise PermissionDenied(_("You may not run micro-project rounds for this community."))
    _year(year)
    if not title or len(title) > 120:
        raise MicroError(_("Give the round a title of at most 120 characters."))
    if budget is not None and (not budget.is_finite() or budget <= 0 or budget > MAX_CAP):
        raise MicroError(_("The budget is an amount in yuan above 0 and at most 10,000,000."))
    if vote_closes is not None and vote_closes <= timezone.now():
        raise MicroError(_("The planned end of the vote must be in the future."))
    with transaction.atomic():
        round_.save()
        audit_record(action="micro.round_create", target=round_, user=user)
    return round_


def round_link_meeting(*, user, round_: Round, meeting: Meeting) -> Round:
    """Link the 民生议事会 (a livelihood-council meeting of the round's community) that deliberates."""
    if not access.can(user, "micro.run", round_):
        raise PermissionDenied(_("You may not run this round."))
    if meeting.community_id != round_.region_id or meeting.kind != MeetingKind.COUNCIL:
        raise MicroError(_("Choose a livelihood council meeting of this community."))
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.status not in (COLLECTING, DELIBERATING):
            raise MicroError(_("The council's meeting is linked before the vote opens."))
        locked.meeting = meeting
        locked.save(update_fields=["meeting", "updated_at"])
        audit_record(action="micro.round_meeting", target=locked, user=user, changed_fields=["meeting"])
    return locked


def round_transition(*, user, round_: Round, name: str, reason: str = "") -> Round:
    return transition_apply(process=ROUND_PROCESS, obj=round_, name=name, user=user, reason=reason,
                            manual_only=True)
