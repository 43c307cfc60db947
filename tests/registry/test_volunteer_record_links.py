"""The staff view of a volunteer links only what the viewer may open (issue 9): a service given at a sibling
community, or a team of the street, is listed as plain text for a community's staff, never as a link that 404s."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wuse.accounts.roles import Role
from wuse.regions.models import Region
from wuse.registry.volunteers import services
from wuse.registry.volunteers.skills import ensure_default_skills

from ..helpers import C111, C112, S11, make_user
from .volunteer_support import record, register

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')


@pytest.fixture
def world(tree):
    ensure_default_skills()
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    officer = make_user("officer", Role.STREET_OFFICER, S11)
    volunteer = register(staff, "王秀英")
    [own] = record(staff, volunteer, days_ago=4)
    [sibling] = record(officer, volunteer, region=C112, days_ago=3, content="邻社区义诊")
    street_team = services.team_create(user=officer, region=Region.objects.get(code=S11), name="街道应急队")
    own_team = services.team_create(user=staff, region=Region.objects.get(code=C111), name="银龄互助队")
    for team in (street_team, own_team):
        services.team_member_add(user=officer, team=team, volunteer=volunteer)
    return {"staff": staff, "officer": officer, "volunteer": volunteer, "own": own, "sibling": sibling,
            "street_team": street_team, "own_team": own_team}


def _page(client, user, volunteer) -> str:
    client.force_login(user)
    response = client.get(f"/registry/volunteers/{volunteer.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _links(page: str) -> list[str]:
    return sorted({unescape(href) for href in HREF.findall(page) if href.startswith("/")})


@pytest.mark.django_db
def test_a_service_at_a_sibling_community_is_listed_unlinked_for_the_community_staff(client, world):
    page = _page(client, world["staff"], world["volunteer"])
    own, sibling = world["own"], world["sibling"]
    assert f'href="/registry/volunteers/entries/{own.pk}/"' in page
    assert f"/registry/volunteers/entries/{sibling.pk}/" not in page
    assert "邻社区义诊" in page  # still listed, as plain text
    assert client.get(f"/registry/volunteers/entries/{sibling.pk}/").status_code == 404  # why it is not linked
    assert f'href="/registry/volunteers/teams/{world["own_team"].pk}/"' in page
    assert f"/registry/volunteers/teams/{world['street_team'].pk}/" not in page and "街道应急队" in page


@pytest.mark.django_db
def test_the_street_officer_sees_both_services_and_teams_linked(client, world):
    page = _page(client, world["officer"], world["volunteer"])
    for entry in (world["own"], world["sibling"]):
        assert f'href="/registry/volunteers/entries/{entry.pk}/"' in page
    for team in (world["own_team"], world["street_team"]):
        assert f'href="/registry/volunteers/teams/{team.pk}/"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["staff", "officer"])
def test_every_link_on_the_volunteer_page_opens_for_its_viewer(client, world, viewer):
    page = _page(client, world[viewer], world["volunteer"])
    links = _links(page)
    assert any("/registry/volunteers/entries/" in link for link in links)
    broken = {link: status for link in links if (status := client.get(link).status_code) != 200}
    assert not broken, broken


@pytest.mark.django_db
def test_the_links_cost_the_same_queries_whatever_the_number_of_services(client, world):
    staff, officer, volunteer = world["staff"], world["officer"], world["volunteer"]
    client.force_login(staff)
    url = f"/registry/volunteers/{volunteer.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for days_ago in (5, 6, 7):
        record(officer, volunteer, region=C112, days_ago=days_ago)
        record(staff, volunteer, days_ago=days_ago + 10)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(re.findall(r'href="/registry/volunteers/entries/\d+/"', page)) == 4  # the own community's only
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
