"""What waits on the home page (overdue milestones, final reports due), each queue linked to a list showing
exactly what was counted at a constant number of queries; the delivery's figures for the linkage summary."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.delivery.models import Milestone, Report
from projects.models import Project
from tests.helpers import C111
from wuse.core.figures import Period, figure

from ..support import ready_project
from .support import delivering

pytestmark = pytest.mark.django_db
OVERDUE, DUE = "/projects/milestones/overdue/", "/projects/reports/due/"


def _overdue(project, user, n):
    Milestone.objects.bulk_create([Milestone(project=project, title=f"节点{i}", created_by=user,
                                             due_on=dt.date.today() - dt.timedelta(days=3)) for i in range(n)])


def _queues(client, user) -> dict:
    client.force_login(user)
    return {q.url: q.count for q in client.get("/").context["queues"]}


def test_the_queues_count_what_their_lists_show_in_the_users_units_only(people, client):
    staff, member = people["staff"], people["member"]
    project = delivering(people, C111, period_end=dt.date.today() + dt.timedelta(days=10))
    _overdue(project, staff, 3)
    Milestone.objects.create(project=project, title="已完成", due_on=dt.date.today() - dt.timedelta(days=9),
                             progress=100, done_on=dt.date.today(), created_by=staff)
    for user in (staff, people["officer"]):
        queues = _queues(client, user)
        assert queues[OVERDUE] == 3 and queues[DUE] == 1, user
        for url in (OVERDUE, DUE):
            assert len(client.get(url).context["page"].object_list) == queues[url]
    # The home page offers queues by the role table alone; an undertaker's member opens the same lists.
    assert not {OVERDUE, DUE} & set(_queues(client, member))  # (the rectifications due are theirs: step 4)
    client.force_login(member)
    assert len(client.get(OVERDUE).context["page"].object_list) == 3
    other = _queues(client, people["staff_other"])
    assert other[OVERDUE] == 0 and other[DUE] == 0
    assert OVERDUE not in _queues(client, people["reviewer"])  # the district does not record delivery
    Report.objects.create(project=project, kind="final", text="结项", submitted_by=member)
    assert _queues(client, staff)[DUE] == 0


def test_the_waiting_lists_run_a_constant_number_of_queries(people, client):
    staff = people["staff"]
    project = delivering(people, C111, period_end=dt.date.today() + dt.timedelta(days=10))
    _overdue(project, staff, 1)
    client.force_login(staff)
    client.get(OVERDUE)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    one = (queries(OVERDUE), queries(DUE))
    _overdue(project, staff, 49)
    for i in range(5):
        delivering(people, C111, title=f"到期{i}", period_end=dt.date.today() + dt.timedelta(days=5))
    assert (queries(OVERDUE), queries(DUE)) == one


def test_the_linkage_figures_count_projects_by_mode_at_each_level(people):
    project = delivering(people, C111)
    Project.objects.filter(pk=project.pk).update(linkage_mode="sw_orgs")
    delivering(people, C111, title="另一个")  # sw_volunteers
    ready_project(people["staff"], C111, title="草稿")  # not delivered: not counted
    period = Period.year(dt.date.today().year)
    assert figure("projects.linkage.sw_orgs").compute(C111[:9], 12, period) == {C111: 1}
    assert figure("projects.linkage.sw_volunteers").compute(C111[:4], 4, period) == {C111[:4]: 1}
    assert figure("projects.linkage.sw_residents").compute(C111[:4], 4, period) == {}
