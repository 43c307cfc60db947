"""Issue 4's journey in the real Hangzhou demo: a community worker of 上保社区 registers a volunteer team,
adds two demo volunteers and records a team activity; the street officer verifies the hours (credited to
西湖区社区公益积分); the volunteer redeems an item in the 积分超市; a donation is recorded and allocated to a
need of 上保社区. Every new top-level registry page is visited once (Chinese text, nothing untranslated)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from needs.models import Need
from tests.e2e.browser import check_page, screenshot, visit
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)
from wuse.ledger.models import Account, CatalogueItem, Entry, EntryKind, Redemption
from wuse.ledger.services import ref_of
from wuse.registry.charity.models import Allocation, Donation, Donor
from wuse.registry.people.models import Person
from wuse.registry.volunteers.models import EntryStatus, ServiceEntry, Volunteer, VolunteerTeam

pytestmark = pytest.mark.browser

SHANGBAO = "330106002051"  # 上保社区 (西湖区北山街道)
SHANGHAI = ZoneInfo("Asia/Shanghai")
TEAM = "上保社区楼道清洁志愿队"
CONTENT = "楼道清洁与小广告清理"


def _switch(page, base: str, username: str) -> None:
    """Sign out (drop the session cookie) and sign in as ``username``."""
    page.context.clear_cookies()
    sign_in(page, base, username)


def _submit(page, selector: str = "main form button[type=submit]") -> None:
    """Submit a form and check the page it leads to like any visited page."""
    with page.expect_navigation():
        page.click(selector)
    check_page(page)


def _points(page) -> Decimal:
    """The balance shown on /ledger/me/ ("51 积分" → 51)."""
    return Decimal(page.inner_text("[data-testid=my-balance]").split()[0])


def _yuan(page, testid: str) -> Decimal:
    """An amount shown on the donation page ("8000.00", or "8,000.00" with grouping)."""
    return Decimal(page.inner_text(f"[data-testid={testid}]").replace(",", ""))


def register_team_and_record_activity(page, base: str, members: list[Volunteer]) -> list[ServiceEntry]:
    sign_in(page, base, "shangbao_staff")
    visit(page, f"{base}/registry/volunteers/teams/new/")
    page.fill("input[name=name]", TEAM)
    page.select_option("select[name=region]", SHANGBAO)
    page.fill("textarea[name=description]", "每周六上午清理楼道杂物和小广告。")
    screenshot(page, "registry-team-form")
    _submit(page)
    team = VolunteerTeam.objects.get(name=TEAM)
    assert page.url == f"{base}/registry/volunteers/teams/{team.pk}/"
    assert team.region_id == SHANGBAO and team.created_by.username == "shangbao_staff"

    for volunteer in members:
        page.fill("[data-testid=member-form] input[name=member-number]", volunteer.number)
        _submit(page, "[data-testid=member-form] button[type=submit]")
    assert page.locator("[data-testid=members] tbody tr").count() == len(members)
    listed = page.inner_text("[data-testid=members]")
    for volunteer in members:
        assert volunteer.number in listed and volunteer.person.name in listed
    assert set(team.memberships.values_list("volunteer_id", flat=True)) == {v.pk for v in members}
    screenshot(page, "registry-team-members")

    yesterday = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=1)
    visit(page, f"{base}/registry/volunteers/teams/{team.pk}/activity/")
    page.fill("input[name=date]", yesterday.isoformat())
    page.fill("input[name=start]", "09:00")
    page.fill("input[name=end]", "11:00")
    page.fill("input[name=content]", CONTENT)
    assert page.input_value("input[name=organizer]") == TEAM  # filled in from the team
    for volunteer in members:
        page.check(f"input[name=members][value='{volunteer.pk}']")
    screenshot(page, "registry-team-activity-form")
    _submit(page)
    assert page.url == f"{base}/registry/volunteers/teams/{team.pk}/"
    entries = list(ServiceEntry.objects.filter(team=team).order_by("volunteer_id"))
    assert [e.volunteer_id for e in entries] == sorted(v.pk for v in members)
    for entry in entries:
        assert entry.status == EntryStatus.RECORDED and entry.hours == Decimal("2")
        assert entry.recorded_by.username == "shangbao_staff"
        assert entry.started_at.astimezone(SHANGHAI) == dt.datetime.combine(yesterday, dt.time(9), SHANGHAI)
        assert not Entry.objects.filter(ref=ref_of(entry)).exists()  # nothing credited before verification
    return entries


def verify_hours(page, base: str, entries: list[ServiceEntry]) -> None:
    _switch(page, base, "beishan_officer")
    team_id = entries[0].team_id
    visit(page, f"{base}/registry/volunteers/entries/?team={team_id}&status=recorded")
    assert CONTENT in page.inner_text("[data-testid=entries]")
    for entry in entries:
        page.check(f"#verify-form input[name=entry][value='{entry.pk}']")
    screenshot(page, "registry-entries-to-verify")
    page.once("dialog", lambda dialog: dialog.accept())
    _submit(page, "#verify-form button[type=submit]")
    visit(page, f"{base}/registry/volunteers/entries/?team={team_id}")
    screenshot(page, "registry-entries-verified")

    for entry in entries:
        entry.refresh_from_db()
        assert entry.status == EntryStatus.VERIFIED and entry.verified_by.username == "beishan_officer"
        credit = Entry.objects.get(kind=EntryKind.EARN, ref=f"volunteers.serviceentry:{entry.pk}")
        assert credit.account.person_id == entry.volunteer.person_id
        assert credit.amount == Decimal("2")  # 西湖区社区公益积分: 1 point per verified hour


def redeem_an_item(page, base: str) -> None:
    _switch(page, base, "volunteer")
    person = Person.objects.get(user__username="volunteer")
    account = Account.objects.get(person=person, scheme__name="西湖区社区公益积分")
    visit(page, f"{base}/ledger/me/")
    assert _points(page) == account.balance
    screenshot(page, "registry-volunteer-points")

    item = CatalogueItem.objects.get(region_id=SHANGBAO, name="理发服务")
    balance, stock = account.balance, item.stock
    assert balance >= item.price and stock > 0
    visit(page, f"{base}/ledger/me/shop/")
    row = page.locator("[data-testid=my-shop] tbody tr", has_text=item.name)
    assert str(stock) in row.inner_text()
    screenshot(page, "registry-volunteer-shop")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    check_page(page)
    assert page.url == f"{base}/ledger/me/"
    account.refresh_from_db()
    item.refresh_from_db()
    assert account.balance == balance - item.price
    assert item.stock == stock - 1
    assert Redemption.objects.filter(item=item, account=account, quantity=1).count() == 1
    assert _points(page) == balance - item.price
    assert item.name in page.inner_text("[data-testid=my-orders]")
    last = Entry.objects.filter(account=account).order_by("-seq").first()
    assert last.kind == EntryKind.REDEEM and last.amount == -item.price and last.balance_after == account.balance
    screenshot(page, "registry-volunteer-redeemed")

    visit(page, f"{base}/ledger/me/shop/")
    assert str(stock - 1) in page.locator("[data-testid=my-shop] tbody tr", has_text=item.name).inner_text()
    visit(page, f"{base}/registry/volunteers/me/")  # the volunteer's own service record
    assert CONTENT in page.inner_text("main")


def record_and_allocate_a_donation(page, base: str) -> None:
    _switch(page, base, "shangbao_staff")
    donor = Donor.objects.get(name="杭州北山数字科技有限公司")
    need = Need.objects.get(community_id=SHANGBAO, title="楼道灯损坏，老人夜间出行不便")
    visit(page, f"{base}/registry/charity/donations/new/")
    page.select_option("select[name=region]", SHANGBAO)
    page.select_option("select[name=donor]", str(donor.pk))
    page.select_option("select[name=kind]", "money")
    page.fill("input[name=received_on]", dt.datetime.now(SHANGHAI).date().isoformat())
    page.fill("input[name=amount]", "8000")
    page.fill("input[name=purpose]", "楼道照明改造")
    page.fill("input[name=receipt_number]", "ZJJZ-E2E-0001")
    screenshot(page, "registry-donation-form")
    _submit(page)
    donation = Donation.objects.get(receipt_number="ZJJZ-E2E-0001")
    assert page.url == f"{base}/registry/charity/donations/{donation.pk}/"
    assert (donation.donor_id, donation.region_id, donation.amount) == (donor.pk, SHANGBAO, Decimal("8000"))
    assert (_yuan(page, "committed"), _yuan(page, "available")) == (0, Decimal("8000"))

    form = page.locator("[data-testid=allocate-form]")
    form.locator("select[name=alloc-target_type]").select_option("needs.need")
    form.locator("input[name=alloc-target_id]").fill(str(need.pk))
    form.locator("input[name=alloc-amount]").fill("3000")
    form.locator("input[name=alloc-note]").fill("更换楼道声控灯")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    check_page(page)
    assert page.url.endswith(f"/registry/charity/donations/{donation.pk}/#allocations")
    assert (_yuan(page, "committed"), _yuan(page, "available")) == (Decimal("3000"), Decimal("5000"))
    assert need.title in page.inner_text("[data-testid=allocations]")
    donation.refresh_from_db()
    assert (donation.committed, donation.used, donation.available) == (Decimal("3000"), 0, Decimal("5000"))
    allocation = Allocation.objects.get(donation=donation)
    assert (allocation.target_id, allocation.amount, allocation.region_id) == (need.pk, Decimal("3000"), SHANGBAO)
    screenshot(page, "registry-donation-allocated")


def visit_the_registry_pages(page, base: str) -> None:
    visit(page, f"{base}/registry/")
    assert page.locator("main h2 a").count() >= 8  # the sections a community worker may open
    screenshot(page, "registry-hub")
    visit(page, f"{base}/registry/organizations/")
    screenshot(page, "registry-organizations")
    visit(page, f"{base}/registry/organizations/workers/")
    screenshot(page, "registry-social-workers")
    for path in ("/registry/volunteers/", "/registry/volunteers/teams/", "/registry/charity/donors/",
                 "/registry/charity/donations/", "/registry/charity/resource-lists/", "/ledger/", "/ledger/shop/"):
        visit(page, f"{base}{path}")
    visit(page, f"{base}/ledger/orders/")  # the volunteer's order waits for the community to hand it over
    assert "理发服务" in page.inner_text("main")

    _switch(page, base, "xihu_reviewer")
    visit(page, f"{base}/registry/linkage/")
    table = page.inner_text("main table")
    assert "北山街道" in table
    screenshot(page, "registry-linkage")


def test_team_hours_redemption_and_donation(live_server, hangzhou_demo, page):  # noqa: F811
    base = live_server.url
    # Two demo volunteers of 上保社区: 王秀英 (linked to the demo account ``volunteer``) and 刘芳.
    members = list(Volunteer.objects.filter(region_id=SHANGBAO, person__name__in=["王秀英", "刘芳"])
                   .select_related("person").order_by("number"))
    assert len(members) == 2

    entries = register_team_and_record_activity(page, base, members)
    verify_hours(page, base, entries)
    redeem_an_item(page, base)
    record_and_allocate_a_donation(page, base)
    visit_the_registry_pages(page, base)
