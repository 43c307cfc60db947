"""The approval pages: each child's state in its parent's table (approved by whom and when, ready, N units below
still open, not rolled up) with the Approve button, "approve all ready" through its confirmation, the Unlock page
with its reason; the unit's own state and history; hostile POSTs; a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment.approvals import approve, unlock
from assessment.models import Approval, ApprovalEvent, Trigger
from assessment.selectors import HISTORY_SHOWN
from assessment.services import rollup
from tests.helpers import C111, C112, C211, CITY, D1, S11, S12, make_user
from wuse.accounts.roles import Role
from wuse.regions.models import Region

from .support import YEAR, needs

pytestmark = pytest.mark.django_db


def unit(code: str) -> Region:
    return Region.objects.get(code=code)


@pytest.fixture
def rolled(people):
    needs(people["staff"], {C111: 2, C112: 1})
    rollup(YEAR, trigger=Trigger.BEAT)
    return people


def states(response) -> dict[str, tuple]:
    return {row.region.code: (row.approval is not None, row.open_below, row.rolled_up, row.ready)
            for row in response.context["children"].rows}


def test_the_street_page_shows_ready_communities_with_an_approve_button(rolled, client):
    client.force_login(rolled["officer"])
    response = client.get(f"/assessment/{S11}/?year={YEAR}")
    page = response.content.decode()
    assert states(response) == {C111: (False, 0, True, True), C112: (False, 0, True, True)}
    assert page.count('data-testid="approve"') == 2 and 'data-testid="approve-all"' in page
    assert "Approve all 2 ready units" in page
    assert f'action="/assessment/{C111}/approve/"' in page
    response = client.post(f"/assessment/{C111}/approve/", {"year": YEAR})
    assert response.status_code == 302 and response["Location"] == f"/assessment/{S11}/?year={YEAR}"
    page = client.get(response["Location"]).content.decode()
    assert "is approved for" in page  # the message
    assert page.count('data-testid="approve"') == 1 and page.count('data-testid="unlock"') == 1
    assert "Approved" in page and "Approve the 1 ready unit" in page


def test_the_district_page_counts_the_open_units_below_and_offers_no_button_to_the_street(rolled, client):
    approve(rolled["officer"], YEAR, unit(C111))
    client.force_login(rolled["reviewer"])
    response = client.get(f"/assessment/{D1}/?year={YEAR}")
    assert states(response)[S11] == (False, 1, True, False) and states(response)[S12][1] == 2
    page = response.content.decode()
    assert "1 unit below still open" in page and "2 units below still open" in page
    assert 'data-testid="approve"' not in page and 'data-testid="approve-all"' not in page
    client.force_login(rolled["officer"])  # the officer sees the district's page? no: 404 outside its scope
    assert client.get(f"/assessment/{D1}/?year={YEAR}").status_code == 404


def test_a_year_not_rolled_up_says_so_and_offers_nothing(rolled, client):
    client.force_login(rolled["officer"])
    response = client.get(f"/assessment/{S11}/?year={YEAR - 1}")
    assert states(response)[C111] == (False, 0, False, False)
    page = response.content.decode()
    assert "Not rolled up" in page and 'data-testid="approve"' not in page
    response = client.post(f"/assessment/{C111}/approve/", {"year": YEAR - 1}, follow=True)
    assert "roll up the year first" in response.content.decode()
    assert not Approval.objects.exists()


def test_a_refused_approval_names_the_open_units(rolled, client):
    client.force_login(rolled["reviewer"])
    response = client.post(f"/assessment/{S11}/approve/", {"year": YEAR}, follow=True)
    assert "2 units below it are still open" in response.content.decode()
    assert not Approval.objects.exists()


def test_approve_all_ready_lists_them_then_approves_them(rolled, client):
    approve(rolled["officer"], YEAR, unit(C111))
    client.force_login(rolled["officer"])
    response = client.get(f"/assessment/{S11}/approve-children/?year={YEAR}")
    assert [u.code for u in response.context["ready"]] == [C112]
    assert 'data-testid="approve-children-submit"' in response.content.decode()
    response = client.post(f"/assessment/{S11}/approve-children/", {"year": YEAR})
    assert response.status_code == 302
    assert set(Approval.objects.values_list("region_id", flat=True)) == {C111, C112}
    response = client.get(f"/assessment/{S11}/approve-children/?year={YEAR}")
    assert 'data-testid="none-ready"' in response.content.decode()
    response = client.post(f"/assessment/{S11}/approve-children/", {"year": YEAR})
    assert response.status_code == 200 and "No unit below" in response.content.decode()


def test_the_unlock_page_asks_for_a_reason_and_shows_what_it_re_opens(rolled, client):
    approve(rolled["officer"], YEAR, unit(C111))
    approve(rolled["officer"], YEAR, unit(C112))
    approve(rolled["reviewer"], YEAR, unit(S11))
    client.force_login(rolled["officer"])
    response = client.get(f"/assessment/{C111}/unlock/?year={YEAR}")
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="reopens"' in page and unit(S11).name in page
    for reason, message in (("", "this field is required"), ("   ", "this field is required"),
                            ("长" * 5000, "at most 1000")):
        response = client.post(f"/assessment/{C111}/unlock/", {"year": YEAR, "reason": reason})
        assert response.status_code == 400, reason
        error = response.content.decode().split('data-testid="reason-error">')[1].split("</div>")[0]
        assert message in error, error
    assert Approval.objects.count() == 3
    response = client.post(f"/assessment/{C111}/unlock/", {"year": YEAR, "reason": "补录两条需求"})
    assert response.status_code == 302 and response["Location"] == f"/assessment/{S11}/?year={YEAR}"
    assert set(Approval.objects.values_list("region_id", flat=True)) == {C112}
    page = client.get(f"/assessment/{C111}/?year={YEAR}").content.decode()
    history = page.split('data-testid="approval-history"')[1]
    assert "补录两条需求" in history and 'data-testid="event-unlocked"' in history
    assert 'data-testid="event-approved"' in history
    page = client.get(f"/assessment/{S11}/?year={YEAR}").content.decode()
    assert 'data-testid="event-reopened"' in page and unit(C111).name in page.split('data-testid="approval-history"')[1]


def test_the_unit_shows_its_own_state(rolled, client):
    client.force_login(rolled["staff"])
    page = client.get(f"/assessment/{C111}/?year={YEAR}").content.decode()
    assert "are not approved by" in page and 'data-testid="unlock-self"' not in page
    approve(rolled["officer"], YEAR, unit(C111))
    page = client.get(f"/assessment/{C111}/?year={YEAR}").content.decode()
    assert "were approved by" in page and "are locked" in page
    assert 'data-testid="unlock-self"' not in page  # the community cannot unlock itself
    client.force_login(rolled["officer"])
    assert 'data-testid="unlock-self"' in client.get(f"/assessment/{C111}/?year={YEAR}").content.decode()
    client.force_login(rolled["city"])
    page = client.get(f"/assessment/{CITY}/?year={YEAR}").content.decode()
    assert 'data-testid="approval"' not in page  # the top unit has no approval


def test_the_whole_history_is_paginated(rolled, client):
    officer, c111 = rolled["officer"], unit(C111)
    for n in range(HISTORY_SHOWN + 15):
        approve(officer, YEAR, c111)
        unlock(officer, YEAR, c111, f"第{n}次")
    client.force_login(officer)
    page = client.get(f"/assessment/{C111}/?year={YEAR}").content.decode()
    assert page.count('data-testid="event-') == HISTORY_SHOWN
    assert f'href="/assessment/{C111}/approvals/?year={YEAR}"' in page
    response = client.get(f"/assessment/{C111}/approvals/?year={YEAR}&page=2")
    assert response.status_code == 200 and len(response.context["events"].object_list) == 20
    assert ApprovalEvent.objects.count() == 2 * (HISTORY_SHOWN + 15)


@pytest.mark.parametrize("year", ["abc", "", "1999", str(YEAR + 2), "２０２６", "20261", "-1", "x" * 5000])
def test_a_junk_year_is_refused_with_a_message(rolled, client, year):
    client.force_login(rolled["officer"])
    for url, data in ((f"/assessment/{C111}/approve/", {"year": year}),
                      (f"/assessment/{S11}/approve-children/", {"year": year}),
                      (f"/assessment/{C111}/unlock/", {"year": year, "reason": "理由"})):
        response = client.post(url, data)
        assert response.status_code == 400, (url, year)
        assert 'data-testid="form-errors"' in response.content.decode()
    assert not Approval.objects.exists()


def test_other_units_and_missing_rights(rolled, client):
    officer, reviewer, staff = rolled["officer"], rolled["reviewer"], rolled["staff"]
    data = {"year": YEAR}
    client.force_login(officer)
    assert client.post(f"/assessment/{C211}/approve/", data).status_code == 404  # another district's community
    assert client.post("/assessment/419999999999/approve/", data).status_code == 404  # a missing one: the same
    assert client.post(f"/assessment/{S11}/approve/", data).status_code == 403  # the officer's own street
    assert client.get(f"/assessment/{C111}/approve/?year={YEAR}").status_code == 405  # POST only
    assert client.post(f"/assessment/{S12}/approve-children/", data).status_code == 404
    assert client.get(f"/assessment/{C211}/approvals/?year={YEAR}").status_code == 404
    assert client.get(f"/assessment/{C211}/unlock/?year={YEAR}").status_code == 404
    assert client.get(f"/assessment/{C111}/approvals/?year=abc").status_code == 404
    client.force_login(reviewer)
    assert client.post(f"/assessment/{C111}/approve/", data).status_code == 403  # over the street's head
    assert client.get(f"/assessment/{S11}/approve-children/?year={YEAR}").status_code == 403
    client.force_login(staff)
    assert client.post(f"/assessment/{C111}/approve/", data).status_code == 403
    assert client.get(f"/assessment/{C111}/unlock/?year={YEAR}").status_code == 403
    assert client.post(f"/assessment/{C112}/approve/", data).status_code == 404
    assert not Approval.objects.exists()
    approve(officer, YEAR, unit(C111))
    client.force_login(make_user("officer21", Role.STREET_OFFICER, "410102001000"))
    assert client.post(f"/assessment/{C111}/unlock/", {"year": YEAR, "reason": "x"}).status_code == 404
    client.force_login(reviewer)  # a level above the approving one may unlock
    assert client.post(f"/assessment/{C111}/unlock/", {"year": YEAR, "reason": "区复核"}).status_code == 302


def test_writes_need_the_csrf_token(rolled):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(rolled["officer"])
    assert client.post(f"/assessment/{C111}/approve/", {"year": YEAR}).status_code == 403
    assert not Approval.objects.exists()


def test_the_page_costs_the_same_with_one_or_many_children_approved(rolled, client):
    officer12 = make_user("officer12", Role.STREET_OFFICER, S12)
    client.force_login(rolled["reviewer"])
    counts = []
    for step in range(3):
        if step == 1:
            approve(rolled["officer"], YEAR, unit(C111))
        if step == 2:
            for street, user in ((S11, rolled["officer"]), (S12, officer12)):
                for child in unit(street).children.exclude(code=C111):
                    approve(user, YEAR, child)
            approve(rolled["reviewer"], YEAR, unit(S11))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/assessment/{D1}/?year={YEAR}")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts
    assert states(response)[S11][0] and states(response)[S12][3]
