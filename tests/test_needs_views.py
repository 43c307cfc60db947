import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from needs.models import Need
from tests.helpers import C111, C112, make_user, need_form
from wuse.accounts.roles import Role


@pytest.fixture
def staff(tree):
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


def edit_form(need, **changes) -> dict:
    return {"title": need.title, "description": need.description, "category": need.category_id,
            "channel": need.channel, "urgency": need.urgency, "version": need.version, **changes}


def add_needs(user, n, community=C111):
    Need.objects.bulk_create(Need(community_id=community, title=f"需求{i}", created_by=user) for i in range(n))


@pytest.mark.django_db
def test_staff_register_a_need_for_their_own_community_only(client, staff):
    client.force_login(staff)
    form = client.get("/needs/new/").context["form"]
    assert [c.code for c in form.fields["community"].queryset] == [C111]
    response = client.post("/needs/new/", need_form(C112, "越权"))
    assert response.status_code == 200 and "community" in response.context["form"].errors
    assert not Need.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("title", "field_error"), [
    ("", True), ("   ", True), ("x" * 101, True), ("<script>alert(1)</script>🙂全角１２３", False),
])
def test_bad_input_gets_a_field_message_and_keeps_what_was_typed(client, staff, title, field_error):
    client.force_login(staff)
    description = "描述" * 10
    response = client.post("/needs/new/", need_form(C111, title, description=description))
    if field_error:
        assert response.status_code == 200
        assert "title" in response.context["form"].errors
        assert description in response.content.decode()  # nothing the user typed is lost
    else:
        assert response.status_code == 302
        need = Need.objects.get()
        page = client.get(f"/needs/{need.pk}/").content.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


@pytest.mark.django_db
def test_a_stale_edit_is_refused_with_a_conflict_and_nothing_is_overwritten(client, staff):
    need = Need.objects.create(community_id=C111, title="原标题", created_by=staff)
    colleague = make_user("colleague", Role.COMMUNITY_STAFF, C111)
    client.force_login(colleague)
    assert client.post(f"/needs/{need.pk}/edit/", edit_form(need, title="同事改的")).status_code == 302
    client.force_login(staff)
    response = client.post(f"/needs/{need.pk}/edit/", edit_form(need, title="我改的", description="我的描述"))
    assert response.status_code == 409
    body = response.content.decode()
    assert "同事改的" in body and "我的描述" in body  # shows what changed, keeps what I typed
    assert [str(f) for f in response.context["conflict_fields"]] == [str(Need._meta.get_field("title").verbose_name)]
    need.refresh_from_db()
    assert (need.title, need.version) == ("同事改的", 2)


@pytest.mark.django_db
def test_an_illegal_transition_from_the_page_shows_a_message_and_changes_nothing(client, staff):
    need = Need.objects.create(community_id=C111, title="需求", created_by=staff, status="listed")
    client.force_login(staff)
    response = client.post(f"/needs/{need.pk}/do/verify/")
    assert response.status_code == 409
    assert list(response.context["messages"])
    need.refresh_from_db()
    assert need.status == "listed"


@pytest.mark.django_db
def test_rejecting_from_the_page_needs_a_reason(client, staff):
    need = Need.objects.create(community_id=C111, title="需求", created_by=staff)
    client.force_login(staff)
    assert client.post(f"/needs/{need.pk}/do/reject/", {"reason": ""}).status_code == 409
    response = client.post(f"/needs/{need.pk}/do/reject/", {"reason": "重复提交"})
    assert response.status_code == 302
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert "重复提交" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/needs/", "/needs/?status=submitted", f"/needs/?region={C111}"])
def test_the_needs_list_runs_the_same_number_of_queries_for_1_and_20_rows(client, staff, url):
    client.force_login(staff)
    add_needs(staff, 1)
    client.get(url)  # warm: what is cached across requests (the categories) is read once
    one = _queries(client, url)
    add_needs(staff, 49)
    many = _queries(client, url)
    assert one == many, (one, many)


@pytest.mark.django_db
def test_the_need_page_runs_the_same_number_of_queries_for_a_bare_and_a_busy_need(client, staff):
    from needs.services import need_merge, need_support_add, need_transition

    bare = Need.objects.create(community_id=C111, title="路灯不亮", created_by=staff)
    busy = Need.objects.create(community_id=C111, title="电梯经常故障", created_by=staff)
    for name in ("verify",):
        need_transition(user=staff, need=bare, name=name)
        need_transition(user=staff, need=busy, name=name)
    for i in range(5):
        need_support_add(user=staff, need=busy, residents=2, names=f"居民{i}")
    for i in range(3):
        dup = Need.objects.create(community_id=C111, title=f"电梯故障{i}", created_by=staff)
        need_merge(user=staff, need=dup, into=busy)
    client.force_login(staff)
    assert _queries(client, f"/needs/{bare.pk}/") == _queries(client, f"/needs/{busy.pk}/")
