"""The plans' pages over HTTP: who sees and writes what (404 outside the scope, 403 without the right), the
formset's hostile input, publication and copy behind a confirmation, manual scores with evidence, the scores page."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.plans import files
from assessment.plans.models import Indicator, ManualScore, Plan
from tests.assessment.plans.support import ALL, YEAR, district_rows, kpi, make_plan, snapshot
from tests.helpers import C111, C211, CITY, D1, D2, S11, make_user
from wuse.accounts.roles import Role

pytestmark = pytest.mark.django_db


def client_for(client, user):
    client.force_login(user)
    return client


def formset_data(rows: list[dict], initial: int = 0, total: int | None = None, **extra) -> dict:
    data = {"form-TOTAL_FORMS": str(len(rows) if total is None else total), "form-INITIAL_FORMS": str(initial),
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "60", **extra}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"form-{index}-{name}"] = "" if value is None else str(value)
    return data


def test_the_list_shows_the_plans_above_and_below_but_not_a_neighbours(client, people):
    city, d1 = make_plan(people["city"], CITY), make_plan(people["reviewer"], D1)
    reviewer2 = make_user("reviewer2", Role.DISTRICT_REVIEWER, D2)
    d2 = make_plan(reviewer2, D2)
    page = client_for(client, people["officer"]).get(reverse("plans:list")).content.decode()
    assert f'plan-{city.pk}"' in page and f'plan-{d1.pk}"' in page and f'plan-{d2.pk}"' not in page
    assert client.get(reverse("plans:detail", args=[d2.pk])).status_code == 404
    assert client.get(reverse("plans:detail", args=[city.pk])).status_code == 200
    assert client.get(reverse("plans:list") + "?year=abcd").status_code == 404


def test_a_member_and_an_anonymous_visitor_get_nothing(client, people):
    plan = make_plan(people["city"], CITY)
    assert client.get(reverse("plans:list")).status_code == 302
    client_for(client, people["member"])
    assert client.get(reverse("plans:list")).status_code == 403
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    assert client.get(reverse("plans:scores", args=[CITY])).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("city", 403), ("officer", 403), ("staff", 403), ("reviewer", 200)])
def test_only_the_district_reviewer_edits_the_district_plan(client, people, who, status):
    plan = make_plan(people["reviewer"], D1)
    client_for(client, people[who])
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == status
    assert client.post(reverse("plans:publish", args=[plan.pk])).status_code in (status, 400, 302)


def test_another_districts_reviewer_gets_a_404(client, people):
    plan = make_plan(people["reviewer"], D1)
    client_for(client, make_user("reviewer2", Role.DISTRICT_REVIEWER, D2))
    for name in ("edit", "publish", "copy"):
        assert client.get(reverse(f"plans:{name}", args=[plan.pk])).status_code == 404


def test_new_plan_saved_then_published_after_a_confirmation(client, people):
    client_for(client, people["reviewer"])
    assert client.get(reverse("plans:new")).status_code == 200
    data = formset_data(district_rows(), unit=D1, year=YEAR)
    response = client.post(reverse("plans:new"), data)
    plan = Plan.objects.get(region_id=D1, year=YEAR)
    assert response.status_code == 302 and plan.status == "draft" and plan.indicators.count() == 2
    assert b"publish-confirm" in client.get(reverse("plans:publish", args=[plan.pk])).content
    assert client.post(reverse("plans:publish", args=[plan.pk])).status_code == 302
    assert Plan.objects.get(pk=plan.pk).status == "published"
    assert client.get(reverse("plans:new")).status_code == 200
    assert client_for(client, people["officer"]).get(reverse("plans:new")).status_code == 403


def test_weights_not_summing_to_100_are_shown_with_the_level_and_nothing_saved(client, people):
    rows = district_rows()
    rows[1]["weight_community"] = 20
    response = client_for(client, people["reviewer"]).post(reverse("plans:new"),
                                                          formset_data(rows, unit=D1, year=YEAR))
    assert response.status_code == 400
    assert "The weights for communities add up to 70, not 100." in response.content.decode()
    assert not Plan.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("weight_street", "abc", "Enter a number."),
    ("weight_street", "-5", "at least 0"),
    ("weight_street", "1e9", "at most 100"),
    ("full_street", "9" * 40, "Ensure that there are no more than 20 digits in total."),
    ("code", "needs.nope", "Select a valid choice."),
    ("kind", "<script>", "Select a valid choice."),
    ("id", "x", "Enter a whole number."),
])
def test_junk_in_the_formset_gets_field_messages(client, people, field, value, message):
    rows = district_rows()
    rows[0][field] = value
    response = client_for(client, people["reviewer"]).post(reverse("plans:new"),
                                                          formset_data(rows, unit=D1, year=YEAR))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Plan.objects.exists()


def test_a_thousand_rows_are_refused(client, people):
    client_for(client, people["reviewer"])
    response = client.post(reverse("plans:new"), formset_data(district_rows() * 500, unit=D1, year=YEAR))
    assert response.status_code == 400  # Django's own bound on the number of fields (DATA_UPLOAD_MAX_NUMBER_FIELDS)
    response = client.post(reverse("plans:new"), formset_data(district_rows() * 35, unit=D1, year=YEAR))
    assert response.status_code == 400 and "Please submit at most 60 forms." in response.content.decode()
    response = client.post(reverse("plans:new"), formset_data(district_rows(), total=1000, unit=D1, year=YEAR))
    assert response.status_code == 400 and "Please submit at most 60 forms." in response.content.decode()
    assert not Plan.objects.exists()


def test_another_plans_indicator_id_in_the_edit_form_is_refused(client, people):
    city, plan = make_plan(people["city"], CITY), make_plan(people["reviewer"], D1)
    rows = district_rows()
    rows[0]["id"] = city.indicators.first().pk
    response = client_for(client, people["reviewer"]).post(reverse("plans:edit", args=[plan.pk]),
                                                          formset_data(rows))
    assert response.status_code == 400 and "Line 1 is not an indicator of this plan." in response.content.decode()
    assert Indicator.objects.filter(plan=city).count() == 2


def test_edit_reorders_and_removes(client, people):
    plan = make_plan(people["reviewer"], D1)
    kpi_line, manual_line = plan.indicators.order_by("position")
    rows = [dict(district_rows()[0], id=kpi_line.pk, position=2, weight_street=100, weight_community=100),
            dict(district_rows()[1], id=manual_line.pk, position=1, DELETE="on")]
    response = client_for(client, people["reviewer"]).post(reverse("plans:edit", args=[plan.pk]),
                                                          formset_data(rows, initial=2))
    assert response.status_code == 302
    assert list(plan.indicators.values_list("pk", "weight_street")) == [(kpi_line.pk, Decimal(100))]
    rows = [dict(district_rows()[1], position=2), dict(kpi("needs.resolved", weight=50, levels=ALL[1:]), position=1)]
    client.post(reverse("plans:edit", args=[plan.pk]), formset_data(rows))
    assert [i.code or i.name for i in plan.indicators.order_by("position")] == ["needs.resolved", "台账完整性"]


def test_copy_into_a_new_year(client, people):
    plan = make_plan(people["city"], CITY)
    client_for(client, people["city"])
    assert client.post(reverse("plans:copy", args=[plan.pk]), {"year": "abc"}).status_code == 400
    assert client.post(reverse("plans:copy", args=[plan.pk]), {"year": YEAR + 1}).status_code == 302
    response = client.post(reverse("plans:copy", args=[plan.pk]), {"year": YEAR + 1})
    assert response.status_code == 400 and "already has a plan" in response.content.decode()


def test_an_approved_plan_is_read_only_in_the_pages(client, people):
    from assessment.models import Approval

    plan = make_plan(people["reviewer"], D1)
    Approval.objects.create(year=YEAR, region_id=S11, level="street", approved_by=people["reviewer"])
    client_for(client, people["reviewer"])
    assert b'data-testid="approved"' in client.get(reverse("plans:detail", args=[plan.pk])).content
    response = client.post(reverse("plans:edit", args=[plan.pk]), formset_data(district_rows()))
    assert response.status_code == 400 and "can no longer be changed" in response.content.decode()


# --- manual scores -----------------------------------------------------------------------------------------------

def _score_url(plan, code):
    return reverse("plans:score", args=[plan.indicators.get(kind="manual").pk, code])


def test_the_street_officer_scores_a_community_with_text_evidence_which_its_staff_may_read(client, people):
    plan = make_plan(people["city"], CITY)
    client_for(client, people["officer"])
    evidence = SimpleUploadedFile("台账.txt", "台账齐全\n".encode(), content_type="text/plain")
    response = client.post(_score_url(plan, C111), {"points": "40.5", "note": "齐全", "file": evidence})
    assert response.status_code == 302
    saved = ManualScore.objects.get()
    assert (saved.points, saved.content_type, saved.region_id) == (Decimal("40.5"), "text/plain", C111)
    client_for(client, people["staff"])
    download = client.get(reverse("plans:evidence", args=[saved.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).decode() == "台账齐全\n"
    client_for(client, make_user("staff2", Role.COMMUNITY_STAFF, "410101001002"))
    assert client.get(reverse("plans:evidence", args=[saved.pk])).status_code == 404


@pytest.mark.parametrize(("who", "code", "status"), [
    ("reviewer", C111, 403),  # not the community's parent: the street scores it
    ("staff", C111, 403), ("officer", C211, 404), ("city", S11, 403), ("reviewer", S11, 200), ("city", D1, 200),
])
def test_who_scores_whom(client, people, who, code, status):
    plan = make_plan(people["city"], CITY)
    assert client_for(client, people[who]).get(_score_url(plan, code)).status_code == status


@pytest.mark.parametrize(("upload", "points", "message"), [
    (SimpleUploadedFile("x.exe", b"MZ\x90\x00\x03\x00\x00\x00\xff\xfe", content_type="application/pdf"), "10",
     "Evidence may be a PDF, a photo in JPEG or PNG format, or a plain text file."),
    (SimpleUploadedFile("empty.txt", b"", content_type="text/plain"), "10", "The submitted file is empty."),
    (None, "10", "Attach the evidence (a PDF, a photo or a text file)."),
    (SimpleUploadedFile("a.txt", b"ok", content_type="text/plain"), "50.5", "Points are between 0 and 50"),
    (SimpleUploadedFile("a.txt", b"ok", content_type="text/plain"), "-1", "at least 0"),
    (SimpleUploadedFile("a.txt", b"ok", content_type="text/plain"), "junk", "Enter a number."),
])
def test_hostile_scores_are_refused_with_a_message(client, people, upload, points, message):
    plan = make_plan(people["city"], CITY)
    data = {"points": points, "note": "x"}
    if upload is not None:
        data["file"] = upload
    response = client_for(client, people["officer"]).post(_score_url(plan, C111), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not ManualScore.objects.exists()


def test_a_file_too_big_is_refused(client, people, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 1024)
    plan = make_plan(people["city"], CITY)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2048, content_type="application/pdf")
    response = client_for(client, people["officer"]).post(_score_url(plan, C111), {"points": "1", "file": upload})
    assert response.status_code == 400 and "A file may be at most" in response.content.decode()
    assert not ManualScore.objects.exists()


def test_another_plans_or_a_kpi_indicator_cannot_be_scored(client, people):
    plan = make_plan(people["city"], CITY)
    reviewer2 = make_user("reviewer2", Role.DISTRICT_REVIEWER, D2)
    d2 = make_plan(reviewer2, D2)
    client_for(client, people["officer"])
    assert client.get(_score_url(d2, C111)).status_code == 404  # a plan the officer may not see
    kpi_line = plan.indicators.get(kind="kpi")
    upload = SimpleUploadedFile("a.txt", b"ok", content_type="text/plain")
    response = client.post(reverse("plans:score", args=[kpi_line.pk, C111]), {"points": "1", "file": upload})
    assert response.status_code == 400 and "is not one" in response.content.decode()


# --- the scores page ---------------------------------------------------------------------------------------------

def test_the_scores_page_shows_ranks_last_year_and_definitions(client, people):
    make_plan(people["city"], CITY, year=YEAR - 1)
    make_plan(people["city"], CITY)
    snapshot(YEAR, {(D1, "needs.collected"): 10})
    snapshot(YEAR - 1, {(D2, "needs.collected"): 10})
    page = client_for(client, people["city"]).get(reverse("plans:scores", args=[CITY]) + f"?year={YEAR}")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-testid="definition"') == 1 and "title=\"" in html
    assert 'data-testid="missing"' in html
    d1 = html.split(f'data-testid="unit-{D1}"')[1].split("</tr>")[0]
    assert '<td data-testid="rank">1</td>' in d1 and "0 (2)" in d1
    assert client.get(reverse("plans:scores", args=[CITY]) + "?year=1800").status_code == 404
    client_for(client, people["officer"])
    assert client.get(reverse("plans:scores", args=[D2])).status_code == 404
    assert client.get(reverse("plans:scores", args=["999999999999"])).status_code == 404


def _page_queries(client, code):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("plans:scores", args=[code]))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("plans:scores", args=[code])).status_code == 200
    return len(queries)


def test_the_scores_page_costs_the_same_for_1_or_30_children(client, people):
    from wuse.regions.models import Region

    plan = make_plan(people["city"], CITY)
    make_plan(people["city"], CITY, year=YEAR - 1)
    Region.objects.create(code="410101003000", name="街道3", level="street", parent_id=D1)
    Region.objects.create(code="410101004000", name="街道4", level="street", parent_id=D1)
    Region.objects.create(code="410101003001", name="社区", level="community", parent_id="410101003000")
    for n in range(1, 31):
        Region.objects.create(code=f"410101004{n:03d}", name=f"社区{n}", level="community", parent_id="410101004000")
    codes = list(Region.objects.filter(parent_id__in=["410101003000", "410101004000"]).values_list("code", flat=True))
    snapshot(YEAR, {(code, "needs.collected"): 4 for code in codes})
    indicator = plan.indicators.get(kind="manual")
    for code in codes:
        ManualScore.objects.create(indicator=indicator, region_id=code, points=10, scored_by=people["city"],
                                   file="assessment/plans/x.txt", content_type="text/plain")
    client_for(client, people["reviewer"])
    assert _page_queries(client, "410101003000") == _page_queries(client, "410101004000")


def test_the_nav_shows_the_plans_to_government_roles_only(client, people):
    from wuse.core.shell import nav_for

    assert any(item.key == "plans:list" for item in nav_for(people["staff"]))
    assert not any(item.key == "plans:list" for item in nav_for(people["member"]))


def test_a_plan_for_another_unit_or_a_junk_year_is_refused(client, people):
    client_for(client, people["reviewer"])
    for unit, year in ((D2, YEAR), (CITY, YEAR), (D1, "20x6"), (D1, "99999")):
        response = client.post(reverse("plans:new"), formset_data(district_rows(), unit=unit, year=year))
        assert response.status_code == 400
    assert not Plan.objects.exists()


def test_the_plan_page_shows_each_figures_definition_and_band(client, people):
    from wuse.core.figures import FIGURES

    plan = make_plan(people["city"], CITY, rows=[kpi("needs.on_time_share", weight=100, full=90, zero=50)])
    html = client_for(client, people["staff"]).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert str(FIGURES["needs.on_time_share"].definition) in html and "full at 90, none at 50 %" in html
    assert 'data-testid="plan-edit"' not in html
