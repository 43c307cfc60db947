"""The reminders' actions, generated from the policy table: every role at a unit of its level × each action,
through ``has_action`` and over HTTP (the page answers 200 exactly where the table grants the action)."""

import pytest

from tests.helpers import C111, CITY, D1, S11, make_user
from wuse.access.api import has_action
from wuse.access.policy import POLICY
from wuse.accounts.roles import Role

PAGES = {"notify.rules": "/notifications/rules/", "notify.log": "/notifications/log/"}
UNIT = {Role.DISTRICT_REVIEWER: D1, Role.STREET_OFFICER: S11, Role.COMMUNITY_STAFF: C111, Role.VOLUNTEER: C111}
CASES = [(role, action) for role in Role for action in PAGES]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "action"), CASES, ids=[f"{r.value}-{a}" for r, a in CASES])
def test_each_role_reaches_the_reminders_pages_exactly_as_the_table_says(client, tree, role, action):
    user = make_user(f"u-{role.value}", role, UNIT.get(role, CITY))
    expected = role in POLICY[action]
    assert has_action(user, action) is expected
    client.force_login(user)
    response = client.get(PAGES[action])
    assert response.status_code == (200 if expected else 403), response.status_code
    assert client.get("/notifications/").status_code == 200  # everyone signed in has their own centre
