"""The project pipeline (the unit's projects of the plan year by state and vehicle, one grouped query, cached for a
district and above) and the milestones overdue on the board (live for a street, cached for a district)."""

import datetime as dt

import pytest
from django.core.cache import cache

from assessment.dashboards import board
from assessment.models import Trigger
from assessment.services import rollup
from projects.delivery.models import Milestone
from projects.models import Project
from tests.helpers import C111, C112, D1, S11
from tests.projects.delivery.support import delivering

from ..support import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _overdue(project, user, n: int) -> None:
    Milestone.objects.bulk_create([Milestone(project=project, title=f"节点{i}", created_by=user,
                                             due_on=dt.date.today() - dt.timedelta(days=3)) for i in range(n)])


def _pipeline(client, code: str):
    return next(c for c in client.get(f"/dashboard/{code}/?year={YEAR}").context["charts"] if c.key == "pipeline")


def test_the_pipeline_counts_the_units_projects_by_state_and_vehicle(people, client):
    project = delivering(people, C111)
    assert project.year == YEAR
    client.force_login(people["officer"])
    chart = _pipeline(client, S11)
    row = dict(zip(chart.categories, zip(*[s.values for s in chart.series], strict=True), strict=True))
    counted = {(c, s.name): v for s in chart.series for c, v in zip(chart.categories, s.values, strict=True) if v}
    assert sum(counted.values()) == Project.objects.filter(year=YEAR).count() == 1
    state = project.get_status_display()
    assert sum(row[state]) == 1 and counted == {(state, project.get_vehicle_display()): 1}
    assert chart.links[chart.categories.index(state)] == f"/projects/?region={S11}&year={YEAR}&status={project.status}"
    assert chart.as_of is None  # a street: counted live
    assert _pipeline(client, C112).empty


def test_a_districts_pipeline_and_milestones_are_cached_and_say_when(people, client, settings):
    settings.WUSE_WIDE_COUNTS_SECONDS = 60
    project = delivering(people, C111)
    _overdue(project, people["staff"], 2)
    rollup(YEAR, trigger=Trigger.BEAT)
    client.force_login(people["reviewer"])
    first = client.get(f"/dashboard/{D1}/")
    chart = next(c for c in first.context["charts"] if c.key == "pipeline")
    assert chart.as_of is not None and sum(sum(s.values) for s in chart.series) == 1
    assert first.context["board"].milestones_as_of is not None
    delivering(people, C111, title="第二个")  # counted at the cache's next fill
    again = next(c for c in client.get(f"/dashboard/{D1}/").context["charts"] if c.key == "pipeline")
    assert sum(sum(s.values) for s in again.series) == 1
    assert sum(sum(s.values) for s in _pipeline(client, S11).series) == 2  # a street: live


def test_the_board_counts_the_milestones_overdue_of_each_child(people, client):
    project = delivering(people, C111)
    _overdue(project, people["staff"], board.THRESHOLDS[board.MILESTONES][1])
    Milestone.objects.create(project=project, title="已完成", due_on=dt.date.today() - dt.timedelta(days=9),
                             progress=100, done_on=dt.date.today(), created_by=people["staff"])
    Milestone.objects.create(project=project, title="未到期", due_on=dt.date.today() + dt.timedelta(days=9),
                             created_by=people["staff"])
    rollup(YEAR, trigger=Trigger.BEAT)
    client.force_login(people["officer"])
    rows = {row.region.code: row for row in client.get(f"/dashboard/{S11}/").context["board"].rows}
    milestones = {code: next(s for s in row.signals if s.key == board.MILESTONES) for code, row in rows.items()}
    assert (milestones[C111].n, milestones[C111].rating) == (board.THRESHOLDS[board.MILESTONES][1], board.RED)
    assert (milestones[C112].n, milestones[C112].rating) == (0, board.GREEN)
    assert milestones[C111].link == "/projects/milestones/overdue/"  # the officer delivers: the list is theirs
    client.force_login(people["reviewer"])
    rows = client.get(f"/dashboard/{S11}/").context["board"].rows
    assert all(s.link is None for row in rows for s in row.signals if s.key == board.MILESTONES)
