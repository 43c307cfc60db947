"""Excel export of the needs list: the list's filters, masked by default, full only in scope, audited,
formula-safe, constant queries."""

import io
from urllib.parse import quote

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from needs import excel, services
from needs.excel import (
    CATEGORY,
    COMMUNITY,
    ID_NUMBER,
    NAME,
    PHONE,
    TITLE,
)
from needs.models import Need, NeedCategory
from tests.helpers import C111, C112, C121, C211, S11, make_user
from tests.needs_excel_support import (
    EXPORT,
    ID_VALUE,
    PHONE_NUMBER,
    create,
    exported,
    sheet_rows,
    upload,
)
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls_needs_excel")]


@pytest.fixture
def staff(tree):
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


@pytest.fixture
def officer(tree):
    return make_user("officer", Role.STREET_OFFICER, S11)


# ---------------------------------------------------------------------------------------------- export


@pytest.fixture
def needs_with_contacts(staff):
    a = create(staff, "独居老人需要探访", category=NeedCategory.objects.get(code="elderly_children"),
               proposer=services.Proposer(name="张三丰", phone=PHONE_NUMBER, id_number=ID_VALUE))
    b = create(staff, "广场舞噪音", community=C111, channel="roundtable")
    Need.objects.create(community_id=C112, title="别的社区的需求", created_by=staff)
    Need.objects.create(community_id=C121, title="别的街道的需求", created_by=staff)
    return a, b


def test_the_export_is_masked_by_default_and_audited(client, staff, needs_with_contacts):
    client.force_login(staff)
    response = client.get(EXPORT)
    assert response["Cache-Control"] == "no-store"
    rows = exported(response)
    assert {r[TITLE] for r in rows} == {"独居老人需要探访", "广场舞噪音"}
    text = str(sheet_rows(response))
    assert PHONE_NUMBER not in text and ID_VALUE not in text and "张三丰" not in text
    row = next(r for r in rows if r[TITLE] == "独居老人需要探访")
    assert (row[PHONE], row[NAME], row[ID_NUMBER]) == ("138****5678", "张**", "330***********" + ID_VALUE[-4:])
    assert row[CATEGORY] == "一老一小" and row[COMMUNITY] == C111 and row["状态"]
    entry = AuditEntry.objects.get(action="need.export")
    assert entry.detail == {"rows": 2, "full": False} and entry.user_id == staff.pk


def test_the_full_export_is_for_staff_in_scope_and_audited_without_values(client, staff, needs_with_contacts):
    client.force_login(staff)
    rows = exported(client.get(EXPORT, {"full": "1"}))
    row = next(r for r in rows if r[TITLE] == "独居老人需要探访")
    assert (row[PHONE], row[NAME], row[ID_NUMBER]) == (PHONE_NUMBER, "张三丰", ID_VALUE)
    entry = AuditEntry.objects.get(action="need.export")
    assert entry.detail == {"rows": 2, "full": True}
    assert set(entry.changed_fields) == {"proposer_name", "proposer_phone", "proposer_id_number"}
    assert PHONE_NUMBER not in str(entry.detail) + str(entry.changed_fields)


def test_a_street_officer_gets_masked_exports_and_a_403_for_full_ones(client, officer, needs_with_contacts):
    client.force_login(officer)
    rows = exported(client.get(EXPORT))
    assert {r[TITLE] for r in rows} == {"独居老人需要探访", "广场舞噪音", "别的社区的需求"}
    assert PHONE_NUMBER not in str(rows)
    assert client.get(EXPORT, {"full": "1"}).status_code == 403
    assert AuditEntry.objects.filter(action="access.denied", user=officer).exists()
    assert list(AuditEntry.objects.filter(action="need.export").values_list("detail", flat=True)) == [
        {"rows": 3, "full": False}]


def test_the_export_holds_exactly_what_the_list_shows_with_the_same_filters(client, officer, needs_with_contacts):
    client.force_login(officer)
    for params in ({}, {"q": "噪音"}, {"channel": "roundtable"}, {"category": "elderly_children"},
                   {"region": C112}, {"sort": "oldest"}, {"status": "verified"}, {"date_from": "not-a-date"}):
        listed = [n.title for n in client.get("/needs/", params).context["page"]]
        assert [r[TITLE] for r in exported(client.get(EXPORT, params))] == listed, params


def test_the_export_is_named_after_the_unit_and_the_day(client, staff, officer, needs_with_contacts):
    client.force_login(staff)
    day = timezone.localdate().strftime("%Y%m%d")
    assert quote(f"需求清单_社区{C111}_{day}.xlsx") in client.get(EXPORT)["Content-Disposition"]
    client.force_login(officer)
    assert quote(f"需求清单_社区{C112}_{day}.xlsx") in client.get(EXPORT, {"region": C112})["Content-Disposition"]
    assert quote(f"需求清单_街道{S11[:9]}_{day}.xlsx") in client.get(EXPORT)["Content-Disposition"]


def test_an_export_out_of_scope_or_too_large_is_refused(client, officer, needs_with_contacts, monkeypatch):
    client.force_login(officer)
    assert client.get(EXPORT, {"region": C211}).status_code == 404
    monkeypatch.setattr(excel.export, "MAX_ROWS", 2)
    response = client.get(EXPORT, {"category": ""})
    assert response.status_code == 302 and response.url.startswith("/needs/")
    assert not AuditEntry.objects.filter(action="need.export").exists()


def test_formulas_are_exported_as_text_and_import_back_unchanged(client, staff):
    client.force_login(staff)
    create(staff, "=1+1", description="@SUM(A1)", location="-3幢")
    response = client.get(EXPORT)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = {c.value: c for c in sheet[2]}
    assert "=1+1" in cells and cells["=1+1"].data_type == "s"  # a string cell, as typed (no quote added)
    assert cells["@SUM(A1)"].data_type == "s" and cells["-3幢"].data_type == "s"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    report = upload(client, response.content).context["report"]
    assert report.valid[0].title == "=1+1" and report.valid[0].fields["location"] == "-3幢"


@pytest.mark.parametrize("user_fixture", ["staff", "officer"])
def test_the_export_runs_a_constant_number_of_queries(client, request, user_fixture, staff):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    create(staff, "第一条", proposer=services.Proposer(name="张三", phone=PHONE_NUMBER))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(EXPORT, {"full": "1"} if user == staff else {}).status_code == 200
        return len(captured.captured_queries)

    one = queries()
    Need.objects.bulk_create(Need(community_id=C111, title=f"需求{i}", created_by=staff, proposer_name="李四",
                                  category_id=("safety", "other")[i % 2]) for i in range(29))
    assert queries() == one


