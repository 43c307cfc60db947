"""Builders for the 民生微实事 tests: caps, a round in each stage, a phone that votes."""

from decimal import Decimal

from django.utils import timezone

from needs.meetings.models import Meeting, MeetingKind
from projects.micro import services
from projects.micro.models import NegativeRule, Proposal, Round
from tests.helpers import D1
from wuse.regions.models import Region

YEAR = timezone.localdate().year
SENT: dict[str, str] = {}


def send(phone, code, title):
    SENT[phone] = code


def caps(user, district: str = D1, service="50000", goods="30000", works="200000"):
    return services.caps_set(user=user, district=Region.objects.get(code=district), year=YEAR,
                             service=Decimal(service), goods=Decimal(goods), works=Decimal(works))


def rule(user, keywords="电梯维修,物业维修", category=NegativeRule.Category.PROPERTY, district: str = D1,
         explanation="共用设施维修由物业服务企业承担"):
    return services.rule_add(user=user, district=Region.objects.get(code=district), category=category,
                             keywords=keywords, explanation=explanation)


def new_round(user, community: str, title="2026年民生微实事", budget=None) -> Round:
    return services.round_create(user=user, region=Region.objects.get(code=community), year=YEAR, title=title,
                                 budget=Decimal(budget) if budget else None)


def propose(round_, title="楼道照明改造", kind="goods", cost="8000", **extra) -> Proposal:
    data = {"round_": round_, "kind": kind, "title": title, "description": "老旧楼道灯不亮，居民夜间出行不便",
            "estimated_cost": cost, "location": "3号楼", "declared": True}
    data.update(extra)
    return services.proposal_submit(**data)


def council(community: str, user=None) -> Meeting:
    from wuse.accounts.models import User

    return Meeting.objects.create(community_id=community, kind=MeetingKind.COUNCIL, held_on=timezone.localdate(),
                                  place="社区议事厅", created_by=user or User.objects.order_by("id").first())


def voting_round(user, community: str, titles=("楼道照明改造", "小区休闲座椅")) -> tuple[Round, list[Proposal]]:
    """A round in its vote: caps set by the caller, proposals shortlisted by a linked council meeting."""
    round_ = new_round(user, community)
    proposals = [propose(round_, title=t) for t in titles]
    round_ = services.round_transition(user=user, round_=round_, name="deliberate")
    services.round_link_meeting(user=user, round_=round_, meeting=council(community, user))
    for p in proposals:
        services.deliberate(user=user, proposal=p, shortlist=True)
    round_ = services.round_transition(user=user, round_=Round.objects.get(pk=round_.pk), name="open_vote")
    return round_, [Proposal.objects.get(pk=p.pk) for p in proposals]


def vote(round_, proposal, phone):
    services.request_code(round_=round_, phone=phone, send=send)
    from wuse.privacy.phone import normalize_phone

    return services.vote_cast(round_=round_, proposal_id=proposal.pk, phone=phone, code=SENT[normalize_phone(phone)])
