"""Shared set-up of the reminder tests: the synthetic tree's people and needs made on a given day."""

from datetime import datetime

import time_machine
from django.utils import timezone

from needs.models import Need
from tests.helpers import C111, D1, S11, make_user
from wuse.accounts.roles import Role


def at(day, hour=9):
    """An aware moment on ``day`` (a date) in the installation's time zone."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def people():
    return {
        "staff": make_user("staff", Role.COMMUNITY_STAFF, C111),
        "street": make_user("street", Role.STREET_OFFICER, S11),
        "district": make_user("district", Role.DISTRICT_REVIEWER, D1),
    }


def need_on(day, author, community=C111, title="楼道灯坏了", **fields) -> Need:
    with time_machine.travel(at(day), tick=False):
        return Need.objects.create(community_id=community, title=title, created_by=author, **fields)
