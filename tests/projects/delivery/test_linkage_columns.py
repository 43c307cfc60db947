"""The linkage summary (``wuse.registry.linkage``) gains the projects' columns through ``Figure(linkage=…)``: projects
delivered per linkage mode and per society taking part, activities and residents — shown only to a viewer who
may see projects, counted at the level of each row, in the page and its export."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from projects.delivery.models import Activity
from projects.models import Participant, Project
from tests.helpers import C111, C112, D1, S11
from wuse.access import api as access
from wuse.regions.models import Region
from wuse.registry.linkage import COLUMNS, columns, linkage_summary

from .support import delivering

pytestmark = pytest.mark.django_db
PROJECT_CODES = {"projects.linkage.sw_orgs", "projects.linkage.sw_volunteers", "projects.linkage.sw_residents",
                 "projects.with.organization", "projects.with.social_worker", "projects.with.volunteer_team",
                 "projects.with.donor", "projects.activities", "projects.residents"}


def test_the_summary_counts_delivered_projects_per_mode_and_society_in_each_row(people):
    project = delivering(people, C111)
    Project.objects.filter(pk=project.pk).update(linkage_mode="sw_orgs")
    Participant.objects.create(project=project, kind="organization", organization=project.undertaker,
                               added_by=people["staff"])
    Activity.objects.create(project=project, community_id=C111, held_on=dt.date.today(), place="活动室",
                            content="助餐", headcount=12, residents=9, recorded_by=people["member"])
    street = Region.objects.get(code=S11)
    shown = [f.code for f in columns(people["officer"], street)]
    assert shown[:len(COLUMNS)] == list(COLUMNS) and set(shown[len(COLUMNS):]) == PROJECT_CODES
    rows, total = linkage_summary(street, dt.date.today().year, people["officer"])
    c111 = {row.region.code: row for row in rows}[C111]
    assert (c111["projects.linkage.sw_orgs"], c111["projects.with.organization"], c111["projects.with.donor"]) == (
        1, 1, 0)
    assert (c111["projects.activities"], c111["projects.residents"]) == (1, 9)
    assert {row.region.code: row for row in rows}[C112]["projects.linkage.sw_orgs"] == 0
    assert total["projects.linkage.sw_orgs"] == 1


def test_a_viewer_who_may_not_see_projects_gets_the_registrys_columns_only(people):
    member = people["member"]
    district = Region.objects.get(code=D1)
    shown = {f.code for f in columns(member, district)}
    holds = access.has_action(member, "project.view") and access.prefixes(member, "project.view")[1]
    assert bool(shown & PROJECT_CODES) == bool(holds)
    assert {f.code for f in columns(people["reviewer"], district)} >= PROJECT_CODES


def test_the_page_and_its_export_show_the_project_columns(people, client):
    delivering(people, C111)
    client.force_login(people["officer"])
    page = client.get(reverse("registry:linkage"), {"region": S11})
    assert page.status_code == 200
    assert {f.code for f in page.context["columns"]} >= PROJECT_CODES
    export = client.get(reverse("registry:linkage"), {"region": S11, "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    header = next(book.worksheets[0].iter_rows(values_only=True))
    assert len(header) == 1 + len(page.context["columns"])
    assert book.worksheets[1].max_row == 1 + len(page.context["columns"])
