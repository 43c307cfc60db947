"""Reads of 民生微实事, always scoped by the access layer; the public reads carry no personal data (a proposal
has none: no name, no phone; a vote is a blind index and is only ever counted)."""

from django.db.models import Count, Q
from django.utils import timezone

from needs.meetings.models import Meeting, MeetingKind
from wuse.access import api as access
from wuse.regions.levels import Level
from wuse.regions.models import Region

from .models import DistrictCaps, NegativeRule, Proposal, Round, district_code
from .workflow import CLOSED, COLLECTING, CONFIRMED, DELIBERATING, PROPOSED, ROUND_PROCESS, SHORTLISTED, VOTING

MAX_CHOICES = 300
PUBLIC_PROPOSAL_FIELDS = ("id", "round_id", "kind", "title", "description", "estimated_cost", "location", "status",
                          "reason", "votes", "project_id")


def rounds_table():
    return (Round.objects.select_related("region")
            .annotate(n_proposals=Count("proposals", distinct=True),
                      n_shortlisted=Count("proposals", filter=Q(proposals__status=SHORTLISTED), distinct=True)))


def rounds_for_user(user, region: Region | None = None, *, q: str = "", status: str = "", year=None,
                    waiting: bool = False):
    rounds = access.scoped(user, "micro_round.view", rounds_table())
    if region is not None:
        rounds = rounds.filter(region__code__startswith=region.prefix)
    if q:
        rounds = rounds.filter(title__icontains=q)
    if status:
        rounds = rounds.filter(status=status)
    if year:
        rounds = rounds.filter(year=year)
    if waiting:
        rounds = rounds.filter(pk__in=waiting_rounds(user).values("pk"))
    return rounds.order_by("-year", "-id")


def status_counts(user, region: Region | None = None) -> list[tuple[str, str, int]]:
    rounds = access.scoped(user, "micro_round.view", Round.objects.order_by())
    if region is not None:
        rounds = rounds.filter(region__code__startswith=region.prefix)
    found = dict(rounds.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return [(code, label, found.get(code, 0)) for code, label in ROUND_PROCESS.choices]


def waiting_rounds(user):
    """Rounds where the community has something to do: proposals undecided while deliberating, a vote past its
    planned end, winners to confirm."""
    rounds = access.scoped(user, "micro.run", Round.objects.all())
    undecided = Proposal.objects.filter(status=PROPOSED)
    to_confirm = Proposal.objects.filter(status=SHORTLISTED)
    return rounds.filter(
        Q(status=DELIBERATING, pk__in=undecided.values("round_id"))
        | Q(status=VOTING, vote_closes__lte=timezone.now())
        | Q(status=CLOSED, pk__in=to_confirm.values("round_id"))).order_by("-id")


def round_for(user, pk: int, action: str | None = None) -> Round:
    return access.get_for_user(user, Round.objects.select_related("region", "meeting"), pk=pk, action=action)


def proposals_of(round_: Round):
    return Proposal.objects.filter(round=round_).select_related("project").order_by("-votes", "id")


def caps_of(round_: Round) -> DistrictCaps | None:
    return DistrictCaps.objects.filter(district_id=district_code(round_.region_id), year=round_.year).first()


def council_meetings(round_: Round):
    return (Meeting.objects.filter(community_id=round_.region_id, kind=MeetingKind.COUNCIL)
            .order_by("-held_on", "-id").only("id", "held_on", "place")[:MAX_CHOICES])


def communities_for(user):
    """The communities where the user may run rounds (for the new round's form)."""
    is_global, prefixes = access.prefixes(user, "micro.run")
    regions = Region.objects.filter(level=Level.COMMUNITY).order_by("code")
    if is_global:
        return regions[:MAX_CHOICES]
    if not prefixes:
        return regions.none()
    condition = Q()
    for prefix in prefixes:
        condition |= Q(code__startswith=prefix)
    return regions.filter(condition)[:MAX_CHOICES]


def districts_for(user, action: str = "micro_caps.view"):
    is_global, prefixes = access.prefixes(user, action)
    regions = Region.objects.filter(level=Level.DISTRICT).order_by("code")
    if is_global:
        return regions[:MAX_CHOICES]
    condition = Q()
    for prefix in prefixes:
        condition |= Q(code__startswith=prefix)
    return regions.filter(condition)[:MAX_CHOICES] if prefixes else regions.none()


def caps_for(district: Region):
    return DistrictCaps.objects.filter(district=district).order_by("-year")


def rules_for(district: Region):
    return NegativeRule.objects.filter(district=district).order_by("category", "id")


# Public reads: published rounds only, no personal data.
PUBLIC_STATES = (COLLECTING, DELIBERATING, VOTING, CLOSED)


def public_round(pk: int) -> Round | None:
    return Round.objects.select_related("region", "meeting").filter(pk=pk, status__in=PUBLIC_STATES).first()


def public_proposals(round_: Round):
    return (Proposal.objects.filter(round=round_).only(*PUBLIC_PROPOSAL_FIELDS).order_by("-votes", "id"))


def public_rounds(region: Region | None = None):
    rounds = Round.objects.select_related("region").filter(status__in=PUBLIC_STATES)
    if region is not None:
        rounds = rounds.filter(region__code__startswith=region.prefix)
    return rounds.order_by("-year", "-id")


def confirmed_count(round_: Round) -> int:
    return Proposal.objects.filter(round=round_, status=CONFIRMED).count()
