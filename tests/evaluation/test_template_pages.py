"""The indicator-template pages over HTTP: who sees and who manages (404 outside one's reach, 403 seen but not
managed), create from the default template, edit (a version in use stays as it was and the edit becomes the next
version; the evaluation keeps its version), every bad input refused on the form with 400 and nothing written,
copy to next year (twice: refused), constant query counts on the list and the detail."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluation import services
from evaluation.defaults import default_template_data
from evaluation.models import Dimension, SubIndicator, TemplateFamily, TemplateVersion
from evaluation.services.templates import TemplateData
from tests.helpers import CITY, D1
from tests.projects.support import YEAR
from wuse.audit.models import AuditEntry
from wuse.regions.models import Region

pytestmark = pytest.mark.django_db

BLANK_ROWS = 2


def form_data(data: TemplateData, *, version: int | None = None, blank_rows: int = BLANK_ROWS, **extra) -> dict:
    """The POST the template form sends for ``data`` (its rows, then ``blank_rows`` spare rows per dimension)."""
    post = {f"weight_{d.code}": str(d.weight) for d in data.dimensions}
    post.update({"self_weight": str(data.rule["self"]), "street_weight": str(data.rule["street"]),
                 "third_party_weight": str(data.rule["third_party"]), "excellent_from": str(data.bands[0]),
                 "good_from": str(data.bands[1]), "pass_from": str(data.bands[2]), "note": ""})
    for dimension in data.dimensions:
        prefix = f"ind-{dimension.code}"
        rows = dimension.indicators
        post.update({f"{prefix}-TOTAL_FORMS": str(len(rows) + blank_rows), f"{prefix}-INITIAL_FORMS": str(len(rows)),
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "20"})
        for n, indicator in enumerate(rows):
            post.update({f"{prefix}-{n}-name": indicator.name, f"{prefix}-{n}-max_score": str(indicator.max_score),
                         f"{prefix}-{n}-guidance": indicator.guidance, f"{prefix}-{n}-figure": indicator.figure})
    if version is not None:
        post["version"] = str(version)
    post.update(extra)
    return post


def _snapshot(version: TemplateVersion) -> tuple:
    version.refresh_from_db()
    return TemplateData.of(version).as_comparable()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.fixture
def client(client):
    """Pages in English (refusals matched by their English wording; one test reads the Chinese)."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def district_template(people):
    return services.template_create(user=people["reviewer"], region=Region.objects.get(code=D1), year=YEAR,
                                    name="区指标", data=default_template_data())


# --- access ---------------------------------------------------------------------------------------------------


def test_the_city_manages_its_own_template(people, template, client):
    client.force_login(people["city"])
    family = template.family
    assert family.name in client.get("/evaluations/templates/").content.decode()
    page = client.get(f"/evaluations/templates/{family.pk}/").content.decode()
    assert 'data-testid="edit-link"' in page and "计划与实际进度一致" in page
    for url in (f"/evaluations/templates/{family.pk}/edit/", f"/evaluations/templates/{family.pk}/copy/",
                "/evaluations/templates/new/"):
        assert client.get(url).status_code == 200, url


def test_a_street_sees_the_templates_but_cannot_manage_them(people, template, district_template, client):
    client.force_login(people["officer"])
    page = client.get("/evaluations/templates/").content.decode()
    assert template.family.name in page and district_template.family.name in page
    assert 'data-testid="template-create-link"' not in page
    for family in (template.family, district_template.family):
        detail = client.get(f"/evaluations/templates/{family.pk}/")
        assert detail.status_code == 200 and 'data-testid="edit-link"' not in detail.content.decode()
        assert client.get(f"/evaluations/templates/{family.pk}/edit/").status_code == 403
        assert client.post(f"/evaluations/templates/{family.pk}/edit/",
                           form_data(TemplateData.of(family.latest()), version=1)).status_code == 403
        assert client.post(f"/evaluations/templates/{family.pk}/copy/").status_code == 403
    assert client.get("/evaluations/templates/new/").status_code == 403
    assert client.post("/evaluations/templates/new/", form_data(default_template_data(), region=CITY, year=YEAR + 1,
                                                                 name="x")).status_code == 403
    assert TemplateFamily.objects.count() == 2 and TemplateVersion.objects.count() == 2


def test_another_district_neither_sees_nor_edits_a_districts_template(people, template, district_template, client):
    family = district_template.family
    client.force_login(people["reviewer_other"])
    page = client.get("/evaluations/templates/").content.decode()
    assert family.name not in page and template.family.name in page  # the city's applies to it
    for url in (f"/evaluations/templates/{family.pk}/", f"/evaluations/templates/{family.pk}/versions/1/",
                f"/evaluations/templates/{family.pk}/edit/", f"/evaluations/templates/{family.pk}/copy/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/evaluations/templates/{family.pk}/edit/",
                       form_data(TemplateData.of(district_template), version=1)).status_code == 404
    assert client.post(f"/evaluations/templates/{family.pk}/copy/").status_code == 404
    # It sees the city's template, and may not change it.
    assert client.get(f"/evaluations/templates/{template.family.pk}/edit/").status_code == 403
    assert TemplateFamily.objects.count() == 2
    assert AuditEntry.objects.filter(action="evaluation_template.out_of_scope").exists()


@pytest.mark.parametrize("name", ["evaluator", "member"])
def test_people_outside_government_do_not_reach_the_templates(people, template, client, name):
    client.force_login(people[name])
    assert client.get("/evaluations/templates/").status_code == 403
    assert client.get(f"/evaluations/templates/{template.family.pk}/").status_code == 404
    assert 'data-testid="templates-link"' not in client.get("/evaluations/").content.decode()


def test_the_evaluations_list_links_to_the_templates_and_the_export(people, client):
    client.force_login(people["reviewer"])
    page = client.get("/evaluations/?stage=final").content.decode()
    assert 'href="/evaluations/templates/"' in page
    assert 'href="/evaluations/export/?stage=final"' in page


def test_a_missing_version_is_404(people, template, client):
    client.force_login(people["city"])
    for url in (f"/evaluations/templates/{template.family.pk}/versions/2/", "/evaluations/templates/999999/",
                "/evaluations/templates/99999999999999999999/edit/", "/evaluations/99999999999999999999/scorecard.pdf",
                f"/evaluations/templates/{template.family.pk}/versions/99999999999999999999/"):
        assert client.get(url).status_code == 404, url


# --- create ---------------------------------------------------------------------------------------------------


def test_a_district_creates_its_template_from_the_default(people, client):
    client.force_login(people["reviewer"])
    page = client.get("/evaluations/templates/new/").content.decode()
    assert "计划与实际进度一致" in page and 'value="20' in page  # the default's rows and weights, to edit
    assert f'value="{D1}"' in page and f'value="{CITY}"' not in page  # its own unit only
    data = default_template_data()
    response = client.post("/evaluations/templates/new/", form_data(data, region=D1, year=YEAR, name="区指标 2026"))
    assert response.status_code == 302
    family = TemplateFamily.objects.get(region_id=D1, year=YEAR)
    assert response["Location"] == f"/evaluations/templates/{family.pk}/"
    assert family.name == "区指标 2026" and family.latest().number == 1
    assert TemplateData.of(family.latest()).as_comparable() == data.as_comparable()
    assert AuditEntry.objects.filter(action="evaluation_template.create").exists()
    # The same unit and year again: refused on the form, nothing written.
    again = client.post("/evaluations/templates/new/", form_data(data, region=D1, year=YEAR, name="再来"))
    assert again.status_code == 400
    assert "already has an indicator template for 2026" in again.content.decode()
    assert TemplateFamily.objects.count() == 1


@pytest.mark.parametrize("change", [
    {"region": CITY}, {"region": "x"}, {"year": "1999"}, {"year": "abc"}, {"name": ""}, {"name": "长" * 101},
])
def test_the_create_form_refuses_bad_headers(people, client, change):
    client.force_login(people["reviewer"])
    post = form_data(default_template_data(), region=D1, year=YEAR, name="区指标")
    post.update(change)
    response = client.post("/evaluations/templates/new/", post)
    assert response.status_code == 400
    assert 'data-testid="form-errors"' in response.content.decode()
    assert not TemplateFamily.objects.exists()


# --- edit -----------------------------------------------------------------------------------------------------


def test_editing_a_version_in_use_writes_the_next_version(people, project, template, client):
    evaluation = services.evaluation_create(user=people["reviewer"], project=project, stage="final")
    family = template.family
    before = _snapshot(template)
    client.force_login(people["city"])
    page = client.get(f"/evaluations/templates/{family.pk}/edit/").content.decode()
    assert 'data-testid="in-use"' in page and "version 2" in page
    data = TemplateData.of(template)
    data.dimensions[0].indicators[0].name = "进度管理"
    response = client.post(f"/evaluations/templates/{family.pk}/edit/", form_data(data, version=1), follow=True)
    assert response.redirect_chain[-1][0] == f"/evaluations/templates/{family.pk}/versions/2/"
    assert "Version 2 saved; version 1, which is in use, stays as it was." in response.content.decode()
    assert _snapshot(template) == before  # version 1 as it was scored with
    latest = family.latest()
    assert latest.number == 2 and "进度管理" in {i.name for i in SubIndicator.objects.filter(
        dimension__version=latest)}
    evaluation.refresh_from_db()
    assert evaluation.template_id == template.pk
    assert f"{family} v1" in client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    # Both versions stay readable; the old one says it is not the latest.
    old = client.get(f"/evaluations/templates/{family.pk}/versions/1/").content.decode()
    assert 'data-testid="older-version"' in old and "计划与实际进度一致" in old
    assert 'data-testid="version-2"' in old
    # The page opened on version 1, sent again: refused (version 2 is the one to edit), no version 3.
    stale = client.post(f"/evaluations/templates/{family.pk}/edit/", form_data(data, version=1))
    assert stale.status_code == 409 and "edit the latest version" in stale.content.decode()
    assert family.versions.count() == 2


def test_editing_an_unused_version_changes_it_in_place(people, template, client):
    client.force_login(people["city"])
    family = template.family
    page = client.get(f"/evaluations/templates/{family.pk}/edit/").content.decode()
    assert 'data-testid="not-in-use"' in page
    data = TemplateData.of(template)
    data.rule = {"self": Decimal("0"), "street": Decimal("50"), "third_party": Decimal("50")}
    response = client.post(f"/evaluations/templates/{family.pk}/edit/", form_data(data, version=1), follow=True)
    assert "Version 1 saved." in response.content.decode()
    template.refresh_from_db()
    assert template.street_weight == 50 and family.versions.count() == 1
    response = client.post(f"/evaluations/templates/{family.pk}/edit/", form_data(data, version=1), follow=True)
    assert "Nothing changed" in response.content.decode()


def test_rows_are_added_in_spare_rows_and_dropped_with_delete(people, template, client):
    client.force_login(people["city"])
    family = template.family
    data = TemplateData.of(template)
    post = form_data(data, version=1)
    n = len(data.dimensions[3].indicators)  # 社会效益
    post.update({f"ind-impact-{n}-name": "志愿者培育", f"ind-impact-{n}-max_score": "2",
                 f"ind-impact-{n}-guidance": "新培育志愿者人数", "ind-management-2-DELETE": "on"})
    assert client.post(f"/evaluations/templates/{family.pk}/edit/", post).status_code == 302
    impact = Dimension.objects.get(version=template, code="impact")
    assert [i.name for i in impact.indicators.order_by("position")][-1] == "志愿者培育"
    names = set(SubIndicator.objects.filter(dimension__version=template).values_list("name", flat=True))
    assert "风险识别与应对" not in names and "档案资料完整规范" in names


def _set(path: str, value: str):
    return lambda post: post.update({path: value})


def _drop_rows(code: str):
    def change(post):
        for key in [k for k in post if k.startswith(f"ind-{code}-") and k.endswith("-name")]:
            post[key.replace("-name", "-DELETE")] = "on"
    return change


BAD_INPUT = [
    ("weights not 100", _set("weight_management", "21"), "not 100", "21"),
    ("weight with two decimals", _set("weight_quality", "25.05"), "at most one decimal", "25.05"),
    ("max score with two decimals", _set("ind-finance-0-max_score", "2.25"), "at most one decimal", "2.25"),
    ("max score above 100", _set("ind-finance-0-max_score", "120"), "at most 100", "120"),
    ("max score zero", _set("ind-finance-0-max_score", "0"), "above 0", ""),
    ("bands out of order", lambda p: p.update(excellent_from="80", good_from="90"), "go down", "80"),
    ("band above 100", _set("excellent_from", "101"), "at most 100", "101"),
    ("rule not 100", _set("street_weight", "30"), "add up to 90, not 100", "30"),
    ("negative rule", lambda p: p.update(self_weight="-10", street_weight="50"), "between 0 and 100", "-10"),
    ("junk weight", _set("weight_impact", "abc"), "Enter a number", "abc"),
    ("junk max score", _set("ind-quality-1-max_score", "七"), "Enter a number", "七"),
    ("infinite", _set("weight_impact", "Infinity"), "Enter a number", ""),
    ("huge number", _set("weight_impact", "1e400000"), "at most one decimal", ""),
    ("unknown figure", _set("ind-quality-0-figure", "nonsense"), "Select a valid choice", ""),
    ("name missing", _set("ind-finance-0-name", " "), "Give the sub-indicator a name", ""),
    ("max missing", _set("ind-finance-0-max_score", ""), "Give the sub-indicator its maximum score", ""),
    ("a dimension without rows", _drop_rows("satisfaction"), "add at least one sub-indicator", ""),
    ("too many rows", _set("ind-impact-TOTAL_FORMS", "25"), "20", ""),
    ("management form missing", lambda p: p.pop("ind-impact-TOTAL_FORMS"), "ManagementForm", ""),
    ("junk version", _set("version", "abc"), "Enter a whole number", ""),
    ("unknown version", _set("version", "7"), "does not exist", ""),
    ("note too long", _set("note", "改" * 201), "at most 200 characters", ""),
]


@pytest.mark.parametrize(("what", "change", "message", "kept"), BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
@pytest.mark.parametrize("in_use", [False, True], ids=["unused", "in-use"])
def test_bad_input_is_refused_on_the_form_and_nothing_is_written(people, project, template, client, what, change,
                                                                 message, kept, in_use):
    if in_use:
        services.evaluation_create(user=people["reviewer"], project=project, stage="final")
    before = _snapshot(template)
    client.force_login(people["city"])
    post = form_data(TemplateData.of(template), version=1)
    change(post)
    response = client.post(f"/evaluations/templates/{template.family.pk}/edit/", post)
    page = response.content.decode()
    assert response.status_code == 400, what
    assert 'data-testid="form-errors"' in page and message in page, what
    if kept:
        assert f'value="{kept}"' in page, what  # the user's input comes back as typed
    assert TemplateVersion.objects.count() == 1 and _snapshot(template) == before


def test_one_round_shows_every_problem(people, template, client):
    client.force_login(people["city"])
    post = form_data(TemplateData.of(template), version=1, weight_management="21", street_weight="30")
    post.update({"ind-finance-0-name": "", "ind-quality-0-max_score": "2.25"})
    page = client.post(f"/evaluations/templates/{template.family.pk}/edit/", post).content.decode()
    for message in ("Give the sub-indicator a name", "The weights add up to 101, not 100",
                    "add up to 90, not 100", "at most one decimal"):
        assert message in page, message
    assert 'data-testid="error-dimensions"' in page and 'data-testid="error-rule"' in page


def test_refusals_read_in_chinese(people, template, client):
    client.cookies["django_language"] = "zh-hans"
    client.force_login(people["city"])
    post = form_data(TemplateData.of(template), version=1, weight_management="21")
    response = client.post(f"/evaluations/templates/{template.family.pk}/edit/", post)
    page = response.content.decode()
    assert response.status_code == 400
    assert "权重合计为101，不等于100" in page and "未保存任何内容" in page


# --- copy to next year ----------------------------------------------------------------------------------------


def test_copy_to_next_year_once_then_a_clear_refusal(people, template, client):
    client.force_login(people["city"])
    family = template.family
    page = client.get(f"/evaluations/templates/{family.pk}/copy/").content.decode()
    assert 'data-testid="copy-confirm"' in page and str(YEAR + 1) in page
    assert not TemplateFamily.objects.filter(year=YEAR + 1).exists()  # a GET changes nothing
    response = client.post(f"/evaluations/templates/{family.pk}/copy/")
    copied = TemplateFamily.objects.get(region_id=CITY, year=YEAR + 1)
    assert response.status_code == 302 and response["Location"] == f"/evaluations/templates/{copied.pk}/"
    assert copied.copied_from == family and copied.latest().number == 1
    again = client.post(f"/evaluations/templates/{family.pk}/copy/")
    assert again.status_code == 409
    assert "already has an indicator template for 2027" in again.content.decode()
    assert TemplateFamily.objects.filter(region_id=CITY).count() == 2
    assert 'data-testid="already-copied"' in client.get(f"/evaluations/templates/{family.pk}/copy/").content.decode()


# --- query counts ---------------------------------------------------------------------------------------------


def _families(user, n: int, start: int) -> None:
    """``n`` city templates of years from ``start`` (rows only: the list reads nothing else)."""
    families = TemplateFamily.objects.bulk_create([TemplateFamily(region_id=CITY, year=start + i, name=f"指标{i}",
                                                                  created_by=user) for i in range(n)])
    TemplateVersion.objects.bulk_create([TemplateVersion(family=f, number=k, created_by=user)
                                         for f in families for k in (1, 2)])


@pytest.mark.parametrize("user", ["city", "officer"])
def test_the_template_list_runs_a_constant_number_of_queries(people, client, user):
    _families(people["city"], 1, 2000)
    client.force_login(people[user])
    one = _queries(client, "/evaluations/templates/")
    _families(people["city"], 19, 2001)
    assert _queries(client, "/evaluations/templates/") == one
    assert "指标18" in client.get("/evaluations/templates/").content.decode()


def test_the_template_detail_runs_a_constant_number_of_queries(people, project, template, client):
    client.force_login(people["city"])
    url = f"/evaluations/templates/{template.family.pk}/versions/1/"
    one = _queries(client, url)
    services.evaluation_create(user=people["reviewer"], project=project, stage="final")
    TemplateVersion.objects.bulk_create([TemplateVersion(family=template.family, number=n, note=f"第{n}版",
                                                         created_by=people["city"]) for n in range(2, 12)])
    assert _queries(client, url) == one
    page = client.get(url).content.decode()
    assert "第11版" in page and 'data-testid="older-version"' in page
