"""Shared fixtures and helpers of the survey tests (this module holds no tests itself).

The people: community staff of 410101001001 (C111) and 410101001002 (C112), both under the
street 410101001000 (S11); community staff of C121 under another street of the same district;
the street officer of S11, the district reviewer of D1, the city admin and a volunteer.
"""

import datetime as dt
import uuid

import pytest
from django.core.cache import cache
from django.utils import timezone

from needs.surveys import services
from needs.surveys.models import Campaign
from tests.helpers import C111, C112, C121, CITY, D1, S11, make_user
from wuse.accounts.roles import Role
from wuse.regions.models import Region

QUESTIONS = [
    {"kind": "single", "text": "您最需要哪项服务？", "choices": ["老年食堂", "托育服务", "文体活动"]},
    {"kind": "multiple", "text": "您希望在哪些时段参加活动？", "choices": ["工作日白天", "工作日晚上", "周末"],
     "required": False},
    {"kind": "scale", "text": "您对社区服务的满意度", "scale_min": 1, "scale_max": 5,
     "scale_min_label": "很不满意", "scale_max_label": "非常满意"},
    {"kind": "text", "text": "还有什么想对社区说的？", "required": False},
]


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """An empty cache of this test's own (rate-limit counters and form nonces live in the cache); a shared
    Redis, if configured, is left alone."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"surveys-test-{uuid.uuid4()}"}}
    yield
    cache.clear()


@pytest.fixture
def people(tree):
    return {
        "staff": make_user("staff", Role.COMMUNITY_STAFF, C111),
        "staff2": make_user("staff2", Role.COMMUNITY_STAFF, C112),
        "other": make_user("other", Role.COMMUNITY_STAFF, C121),
        "officer": make_user("officer", Role.STREET_OFFICER, S11),
        "district": make_user("district", Role.DISTRICT_REVIEWER, D1),
        "city": make_user("city", Role.CITY_ADMIN, CITY),
        "volunteer": make_user("volunteer", Role.VOLUNTEER, C111),
    }


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def make_campaign(user, code: str, *, title: str = "2026年居民需求调研", questions=QUESTIONS, open_it: bool = True,
                  starts_on: dt.date | None = None, days: int = 30) -> Campaign:
    starts_on = starts_on or timezone.localdate()
    campaign = services.campaign_create(user=user, region=region(code), title=title, starts_on=starts_on,
                                        ends_on=starts_on + dt.timedelta(days=days), description="请如实填写。")
    for question in questions:
        services.question_add(user=user, campaign=campaign, **question)
    if open_it:
        campaign = services.campaign_transition(user=user, campaign=campaign, name="open")
    return campaign


def ids(campaign) -> list[int]:
    return list(campaign.questions.order_by("position").values_list("pk", flat=True))


def answer(campaign, *, single="老年食堂", multiple=("周末",), scale=4, text="", user=None, unit=None,
           channel=None):
    """Submit one questionnaire (staff entry when ``user`` is given, else the public channel)."""
    q1, q2, q3, q4 = ids(campaign)
    return services.response_submit(
        campaign=campaign, answers={q1: single, q2: list(multiple), q3: scale, q4: text},
        channel=channel or ("staff" if user else "public"), user=user,
        region=region(unit) if unit else None)
