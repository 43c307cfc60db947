"""Residents' personal data on needs: masked by default, revealed only by the roles that need it
(audited, names only), encrypted at rest, sensitive notes only with a legal basis."""

import pytest
from django.db import connection

from needs.models import Need
from tests.helpers import C111, C112, S11, make_user, need_form
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry

PHONE = "13812345678"


def _valid_id(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


ID_NUMBER = _valid_id("33010619900101123")
# As typed: +86 and spaces in the phone, full-width digits in the ID number.
PII = {"proposer_name": "张三丰", "proposer_phone": "+86 138 1234 5678",
       "proposer_id_number": "３３０１０６" + ID_NUMBER[6:]}


@pytest.fixture
def staff(tree):
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


@pytest.fixture
def need(client, staff):
    client.force_login(staff)
    response = client.post("/needs/new/", need_form(C111, "独居老人需要探访", **PII))
    assert response.status_code == 302, response.context["form"].errors
    return Need.objects.get()


@pytest.mark.django_db
def test_contact_data_is_normalized_encrypted_at_rest_and_indexed(need):
    assert (need.proposer_phone, need.proposer_id_number) == (PHONE, ID_NUMBER)
    with connection.cursor() as cursor:
        cursor.execute("SELECT proposer_phone, proposer_id_number, proposer_name FROM needs_need")
        phone_raw, id_raw, name = cursor.fetchone()
    assert PHONE not in phone_raw and ID_NUMBER not in id_raw and "5678" not in phone_raw
    assert name == "张三丰"
    assert need.proposer_phone_index and need.proposer_id_index


@pytest.mark.django_db
def test_pages_show_masked_data_and_the_reveal_is_audited_without_values(client, need):
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert PHONE not in page and ID_NUMBER not in page and "张三丰" not in page
    assert "138****5678" in page and "330***********" + ID_NUMBER[-4:] in page
    revealed = client.post(f"/needs/{need.pk}/reveal/")
    body = revealed.content.decode()
    assert PHONE in body and ID_NUMBER in body and "张三丰" in body
    assert revealed["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="need.reveal")
    assert set(entry.changed_fields) == {"name", "phone", "id_number"}
    assert PHONE not in str(entry.detail) and ID_NUMBER not in str(entry.detail)


@pytest.mark.django_db
def test_a_street_officer_sees_masks_and_may_not_reveal(client, need):
    officer = make_user("officer", Role.STREET_OFFICER, S11)
    client.force_login(officer)
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert "138****5678" in page and PHONE not in page
    assert "/reveal/" not in page
    assert client.post(f"/needs/{need.pk}/reveal/").status_code == 403
    assert not AuditEntry.objects.filter(action="need.reveal").exists()
    assert AuditEntry.objects.filter(action="access.denied", user=officer).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "message"), [
    ("proposer_id_number", ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1"), "校验位"),
    ("proposer_id_number", "33010619900101", "18"),
    ("proposer_phone", "12345", "手机"),
])
def test_bad_contact_data_gets_a_chinese_message_and_keeps_the_form(client, staff, field, value, message):
    client.force_login(staff)
    response = client.post("/needs/new/", need_form(C111, "路灯不亮", description="保留我写的描述", **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in str(e) for e in errors), errors
    assert "保留我写的描述" in response.content.decode()
    assert not Need.objects.exists()


@pytest.mark.django_db
def test_sensitive_notes_need_a_legal_basis_and_stay_with_the_community(client, staff):
    client.force_login(staff)
    data = need_form(C111, "家庭需要无障碍改造", sensitive_kind="disability", sensitive_notes="肢体二级残疾")
    response = client.post("/needs/new/", data)
    assert response.status_code == 200 and "sensitive_basis" in response.context["form"].errors
    assert not Need.objects.exists()
    data.update(sensitive_basis="consent", sensitive_basis_note="同意书 2026-017")
    response = client.post("/needs/new/", data)
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.sensitive_recorded_by == staff
    with connection.cursor() as cursor:
        cursor.execute("SELECT sensitive_notes FROM needs_need")
        assert "肢体" not in cursor.fetchone()[0]
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert "肢体二级残疾" not in page and "data-testid=\"sensitive\"" in page
    assert "肢体二级残疾" in client.post(f"/needs/{need.pk}/reveal/").content.decode()
    assert "sensitive_notes" in AuditEntry.objects.get(action="need.reveal").changed_fields
    client.force_login(make_user("officer", Role.STREET_OFFICER, S11))
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert "data-testid=\"sensitive\"" not in page and "残疾" not in page and "肢体" not in page


@pytest.mark.django_db
def test_editing_never_puts_stored_contact_data_back_in_the_page(client, staff, need):
    page = client.get(f"/needs/{need.pk}/edit/").content.decode()
    assert PHONE not in page and ID_NUMBER not in page and "138****5678" in page
    form = {"title": need.title, "category": "other", "channel": "visit", "urgency": "normal",
            "version": need.version, "proposer_name": "张三丰"}
    assert client.post(f"/needs/{need.pk}/edit/", form).status_code == 302
    need.refresh_from_db()
    assert (need.proposer_phone, need.proposer_id_number) == (PHONE, ID_NUMBER)  # empty boxes keep them
    form.update(version=need.version, clear_contact="on")
    assert client.post(f"/needs/{need.pk}/edit/", form).status_code == 302
    need.refresh_from_db()
    assert (need.proposer_phone, need.proposer_phone_index, need.proposer_id_number) == ("", "", "")


@pytest.mark.django_db
def test_staff_find_a_need_by_the_residents_phone_but_others_do_not(client, staff, need):
    Need.objects.create(community_id=C111, title="其他需求", created_by=staff)
    response = client.get("/needs/", {"q": "138-1234-5678"})
    assert [n.pk for n in response.context["page"]] == [need.pk]
    client.force_login(make_user("officer", Role.STREET_OFFICER, S11))
    assert list(client.get("/needs/", {"q": "138-1234-5678"}).context["page"]) == []
    client.force_login(make_user("other", Role.COMMUNITY_STAFF, C112))
    assert list(client.get("/needs/", {"q": "13812345678"}).context["page"]) == []


@pytest.mark.django_db
def test_anonymous_proposals_keep_no_contact_data(client, staff):
    client.force_login(staff)
    response = client.post("/needs/new/", need_form(C111, "匿名反映", proposer_anonymous="on", **PII))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = client.post("/needs/new/", need_form(C111, "匿名反映", proposer_anonymous="on"))
    need = Need.objects.get()
    assert need.proposer_anonymous and not (need.proposer_phone or need.proposer_name)
    assert "匿名" in client.get(f"/needs/{need.pk}/").content.decode()
