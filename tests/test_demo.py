from pathlib import Path

import pytest
from django.core.management import call_command

from needs.models import Need
from wuse.accounts.models import Membership, User
from wuse.core.demo import ACCOUNTS, DEMO_PASSWORD
from wuse.notify.models import Notification, Reminder
from wuse.regions.importer import import_regions_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def hangzhou(db):
    import_regions_text((ROOT / "data" / "hangzhou-divisions-2023.csv").read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_the_demo_loads_twice_with_the_same_result_and_every_account_signs_in(hangzhou, client):
    call_command("load_demo")
    first = (User.objects.count(), Membership.objects.count(), Need.objects.count(), Reminder.objects.count(),
             Notification.objects.count())
    call_command("load_demo")
    assert (User.objects.count(), Membership.objects.count(), Need.objects.count(), Reminder.objects.count(),
            Notification.objects.count()) == first
    for username in ("beishan_officer", "xihu_reviewer"):  # unread reminders, escalated ones among them
        unread = Notification.objects.filter(user__username=username, read_at__isnull=True)
        assert unread.filter(level__gt=0).exists(), username
    roles = {a.role for a in ACCOUNTS}
    assert len(roles) == 10
    for account in ACCOUNTS:
        response = client.post("/accounts/login/", {"username": account.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, account.username
        assert client.get("/").status_code == 200
        client.post("/accounts/logout/")


def test_docs_demo_lists_every_demo_account():
    text = (ROOT / "docs" / "DEMO.md").read_text(encoding="utf-8")
    for account in ACCOUNTS:
        assert f"`{account.username}`" in text and account.unit in text, account.username


@pytest.mark.django_db
def test_the_demo_refuses_to_load_without_the_region_tree():
    with pytest.raises(Exception, match="import the Hangzhou region file"):
        call_command("load_demo")


@pytest.mark.django_db
def test_home_links_a_unit_only_for_users_who_may_open_it(hangzhou, client):
    call_command("load_demo")
    for username, linked in (("shangbao_staff", True), ("org_member", False), ("sys_admin", False)):
        client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
        units = client.get("/").context["units"]
        assert [u["can_open"] for u in units] == [linked], username
        for unit in units:
            status = client.get(f"/regions/{unit['region'].code}/").status_code
            assert status == (200 if linked else 404), username
        client.post("/accounts/logout/")


@pytest.mark.django_db
def test_breadcrumbs_link_only_to_units_the_user_may_open(hangzhou, client):
    call_command("load_demo")
    for username, linked in (("shangbao_staff", ["上保社区"]), ("beishan_officer", ["北山街道", "上保社区"]),
                             ("city_admin", ["杭州市", "西湖区", "北山街道", "上保社区"])):
        client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
        crumbs = client.get("/regions/330106002051/").context["breadcrumbs"]
        assert [c.name for c in crumbs] == ["杭州市", "西湖区", "北山街道", "上保社区"]
        assert [c.name for c in crumbs if c.url] == linked, username
        for crumb in crumbs:
            if crumb.url:
                assert client.get(crumb.url).status_code == 200
        client.post("/accounts/logout/")
