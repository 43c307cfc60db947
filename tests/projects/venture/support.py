"""Builders for the venture tests: a round at a street with two reviewers, organizations with members."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from projects.venture import services
from projects.venture.models import Round
from tests.helpers import S11
from tests.projects.support import organization
from wuse.regions.models import Region

YEAR = 2026
CRITERIA = [("创新性", 25), ("可行性", 25), ("影响力", 30), ("团队能力", 20)]


def today():
    return timezone.localdate()


def make_round(officer, reviewers, *, fund="100000", cap="50000", status="open", region=S11, title="2026年公益创投",
               **extra) -> Round:
    data = services.RoundData(
        title=title, year=YEAR, total_fund=Decimal(fund), project_cap=Decimal(cap),
        call_closes=today() + dt.timedelta(days=10), review_closes=today() + dt.timedelta(days=20),
        publicity_ends=today() - dt.timedelta(days=1), signing_by=today(), midterm_on=today(),
        final_on=today() + dt.timedelta(days=200), criteria=list(CRITERIA), reviewers=list(reviewers), **extra)
    venture_round = services.round_create(user=officer, region=Region.objects.get(code=region), data=data)
    for name in {"draft": [], "open": ["open"], "review": ["open", "start_review"]}[status]:
        venture_round = services.round_transition(user=officer, venture_round=venture_round, name=name)
    return venture_round


def apply(member, venture_round, org, title="长者助餐", requested="30000"):
    return services.application_submit(user=member, venture_round=venture_round, organization=org, title=title,
                                       summary="为独居老人提供助餐服务", requested=requested)


def score_all(reviewer, application, value):
    criteria = application.round.criteria.all()
    return services.score_submit(user=reviewer, application=application,
                                 scores={c.pk: value for c in criteria})


def org(name, member=None, suffix=1):
    return organization(name, S11, member=member, credit_suffix=suffix)
