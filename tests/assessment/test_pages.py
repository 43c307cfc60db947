"""The assessment pages: a unit's figures from the snapshot with their definitions, last year's values and the change;
the children's table with drill-down and pages of 50; the roll-ups of the year; the city admin's button through its
confirmation to the job's progress page; hostile input; a constant number of queries whatever the children."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from assessment.models import RollupRun, RunStatus, Trigger
from assessment.services import rollup, year_lock
from needs.models import Need
from tests.helpers import C111, C112, C211, D1, D2, S11, make_user
from wuse.accounts.models import Membership
from wuse.accounts.roles import Role
from wuse.core.figures import FIGURES, Figure
from wuse.jobs.models import Job, JobStatus
from wuse.regions.models import Region

from .support import YEAR, needs

pytestmark = pytest.mark.django_db


def _last_year(staff, code: str, n: int) -> None:
    needs(staff, {code: n}, tag="last")
    Need.objects.filter(title__contains="last").update(
        created_at=timezone.make_aware(dt.datetime(YEAR - 1, 6, 1, 10)))


def test_a_unit_shows_every_figure_with_its_definition_last_year_and_the_change(people, client, extra_figures):
    extra_figures(Figure("tests.admins_only", "admins only", "seen by holders of the roll-up only",
                         grouped=lambda prefix, width, period: {}, action="assessment.rollup"))
    _last_year(people["staff"], C111, 1)
    needs(people["staff"], {C111: 3, C112: 1})
    rollup(YEAR - 1, trigger=Trigger.BEAT)
    rollup(YEAR, trigger=Trigger.BUTTON, user=people["city"])
    client.force_login(people["officer"])
    response = client.get(f"/assessment/{S11}/")
    page = response.content.decode()
    assert response.status_code == 200
    lines = {line.figure.code: line for line in response.context["lines"]}
    collected = lines["needs.collected"]
    assert (collected.current.display, collected.previous.display, collected.change) == ("4", "1", "+3")
    assert collected.better is True
    assert "tests.admins_only" not in lines and len(lines) > 10  # a figure shows where its action is held
    client.force_login(people["city"])
    assert "tests.admins_only" in {line.figure.code for line in client.get(f"/assessment/{S11}/").context["lines"]}
    client.force_login(people["officer"])
    definition = escape(str(FIGURES["needs.collected"].definition))  # as the page writes it (an apostrophe)
    assert f'title="{definition}"' in page and f'<span class="visually-hidden">{definition}</span>' in page
    for child in (C111, C112):
        assert f'href="/assessment/{child}/?year={YEAR}"' in page  # drill-down to the communities
    assert "Last rolled up at" in page and "data as of" in page
    assert [r.region.code for r in response.context["children"].rows] == [C111, C112]
    community = client.get(f"/assessment/{C111}/?year={YEAR - 1}")
    assert community.status_code == 200 and not community.context["children"].rows
    assert {line.figure.code: line.current.display for line in community.context["lines"]}["needs.collected"] == "1"


def test_a_year_not_rolled_up_shows_empty_values(people, client):
    client.force_login(people["reviewer"])
    response = client.get(f"/assessment/{D1}/?year={YEAR - 3}")
    assert "has not been rolled up yet" in response.content.decode()
    assert {line.current.display for line in response.context["lines"]} == {"—"}


def test_home_opens_the_widest_of_the_users_units_with_links_to_the_others(people, client):
    user = make_user("both", Role.STREET_OFFICER, S11)
    Membership.objects.create(user=user, role=Role.DISTRICT_REVIEWER, region_id=D2)
    client.force_login(user)
    response = client.get("/assessment/")
    assert response.context["region"].code == D2
    assert [r.code for r in response.context["others"]] == [S11]
    assert f'href="/assessment/{S11}/?year={YEAR}"' in response.content.decode()
    client.force_login(people["member"])
    assert client.get("/assessment/").status_code == 403


def _street(code: str, communities: int) -> str:
    Region.objects.create(code=code, name=f"街道{code}", level="street", parent_id=D1)
    Region.objects.bulk_create([Region(code=f"{code[:9]}{n:03d}", name=f"社区{code[:9]}{n:03d}", level="community",
                                       parent_id=code) for n in range(1, communities + 1)])
    return code


def test_the_queries_do_not_grow_with_the_children_and_children_come_in_pages_of_50(people, client):
    one, many = _street("410101003000", 1), _street("410101004000", 60)
    rollup(YEAR, trigger=Trigger.BEAT)
    client.force_login(people["reviewer"])
    counts = {}
    for street in (one, many):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/assessment/{street}/")
        assert response.status_code == 200
        counts[street] = len(queries)
    assert counts[one] == counts[many], counts
    assert len(response.context["children"].rows) == 50
    second = client.get(f"/assessment/{many}/?page=2")
    assert [r.region.code[-3:] for r in second.context["children"].rows] == [f"{n:03d}" for n in range(51, 61)]
    assert all(v.present for row in second.context["children"].rows for v in row.values)


@pytest.mark.parametrize("query", ["year=abc", "year=99999", "year=1999", f"year={YEAR + 2}", "year=２０２６",
                                   "year=-1"])
def test_a_bad_year_is_a_404(people, client, query):
    client.force_login(people["reviewer"])
    assert client.get(f"/assessment/{D1}/?{query}").status_code == 404
    assert client.get(f"/assessment/?{query}").status_code == 404


def test_hostile_input_on_the_unit_and_the_button(people, client):
    client.force_login(people["reviewer"])
    assert client.get(f"/assessment/{C211}/").status_code == 404  # another district: the same as missing
    assert client.get("/assessment/419999999999/").status_code == 404
    assert client.get("/assessment/4101/").status_code == 404
    client.force_login(people["city"])
    assert client.get("/assessment/rollup/").status_code == 405  # the button is POST only
    assert client.get("/assessment/rollup/confirm/?code=abc").status_code == 404
    assert client.get("/assessment/rollup/confirm/?code=419999999999").status_code == 404
    for data in ({"year": "abc"}, {"year": "99999"}, {"year": YEAR, "code": "x' OR 1=1"}, {}):
        response = client.post("/assessment/rollup/", data)
        assert response.status_code == 400, data
        assert 'data-testid="form-errors"' in response.content.decode()
    assert client.post("/assessment/rollup/", {"year": YEAR, "code": "419999999999"}).status_code == 404
    assert not Job.objects.exists() and not RollupRun.objects.exists()


def test_the_city_admin_rolls_up_from_the_page_and_watches_the_job(people, client,
                                                                   django_capture_on_commit_callbacks):
    needs(people["staff"], {C111: 2})
    client.force_login(people["reviewer"])
    assert 'data-testid="rollup-button"' not in client.get(f"/assessment/{D1}/").content.decode()
    client.force_login(people["city"])
    page = client.get(f"/assessment/{D1}/").content.decode()
    assert f'href="/assessment/rollup/confirm/?year={YEAR}&amp;code={D1}"' in page
    confirm = client.get(f"/assessment/rollup/confirm/?year={YEAR}&code={D1}")
    assert confirm.status_code == 200 and f"Compute the {len(FIGURES)} figures of {YEAR}" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/assessment/rollup/", {"year": YEAR, "code": D1})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    run = RollupRun.objects.get()
    assert (job.status, job.done, job.total) == (JobStatus.DONE, run.rows, Region.objects.count() * len(FIGURES))
    assert (run.status, run.trigger, run.started_by) == (RunStatus.DONE, Trigger.BUTTON, people["city"])
    progress = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f"{run.rows} / {run.rows}" in progress and f"Roll-up of {YEAR} finished: {run.rows:,} values" in progress
    assert f"Roll-up of {YEAR} finished" in progress and f'href="/assessment/{D1}/?year={YEAR}"' in progress
    runs = client.get(f"/assessment/{D1}/").content.decode()
    assert 'data-testid="runs"' in runs and "city" in runs


def test_a_refused_roll_up_ends_the_job_with_the_reason(people, client, django_capture_on_commit_callbacks):
    """Another roll-up of the year holds the lock (a thread with a connection of its own): the confirmation warns,
    and the job stops with the reason."""
    RollupRun.objects.create(year=YEAR, trigger=Trigger.BEAT)
    held, release = threading.Event(), threading.Event()

    def hold():
        try:
            with year_lock(YEAR) as got:
                assert got
                held.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(30)
        client.force_login(people["city"])
        confirm = client.get(f"/assessment/rollup/confirm/?year={YEAR}").content.decode()
        assert 'data-testid="already-running"' in confirm
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/assessment/rollup/", {"year": YEAR})
    finally:
        release.set()
        holder.join(30)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and f"A roll-up of {YEAR} is already running since" in job.message
    assert RollupRun.objects.get().status == RunStatus.RUNNING  # the one holding the lock, untouched
