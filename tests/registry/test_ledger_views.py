"""The ledger pages: bad input gives a clear message and writes nothing, scoping (404 outside), the
volunteer's own page and shop, the yearly statement export, constant query counts."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests.helpers import C111, C112, D1, D2, make_user
from wuse.accounts.roles import Role
from wuse.ledger import services as ledger
from wuse.ledger.models import (
    Account,
    Adjustment,
    AdjustmentStatus,
    CatalogueItem,
    Entry,
    EntryKind,
    Redemption,
    RedemptionStatus,
    Scheme,
    SchemeKind,
)

from .ledger_views_support import build_world, client_for, funded, make_item, make_person, make_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return build_world()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def counts():
    return (Entry.objects.count(), Account.objects.count(), Adjustment.objects.count(), Redemption.objects.count(),
            Scheme.objects.count(), CatalogueItem.objects.count())


def balance(account) -> Decimal:
    account.refresh_from_db()
    return account.balance


def errors_of(response) -> str:
    return response.content.decode()


# ---- schemes -------------------------------------------------------------------------------


SCHEME_FORM = {"region": D1, "kind": "time_bank", "name": "时间银行", "per_hour": "1", "signup_grant": "0",
               "activity_cap": "", "account_cap": "1500", "redemption_threshold": "10", "expiry_months": "24",
               "overdraft": "0", "transfer_rule": "family", "allow_donation": "on"}


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"per_hour": "0"}, "per_hour", "Credit per hour must be greater than 0"),
    ({"per_hour": "-1"}, "per_hour", "Credit per hour must be greater than 0"),
    ({"signup_grant": "20", "account_cap": "10"}, "account_cap", "must be at least the sign-up grant"),
    ({"expiry_months": "0"}, "expiry_months", "from 1 to 120"),
    ({"expiry_months": "121"}, "expiry_months", "from 1 to 120"),
    ({"activity_cap": "0"}, "activity_cap", "A cap must be greater than 0"),
    ({"activity_cap": "2000"}, "activity_cap", "cannot be more than the cap per account"),
    ({"name": "   "}, "name", "Enter the scheme"),
    ({"region": D2}, "region", "Select a valid choice"),  # another district: not among the reviewer's units
])
def test_bad_scheme_rules_are_refused_with_a_clear_message_and_nothing_written(tree, changes, field, message):
    reviewer = make_user("reviewer", Role.DISTRICT_REVIEWER, D1)
    client = client_for(reviewer)
    before = Scheme.objects.count()
    response = client.post("/ledger/schemes/new/", {**SCHEME_FORM, **changes})
    assert response.status_code == 400
    assert message in " ".join(str(e) for e in response.context["form"].errors.get(field, [])), \
        response.context["form"].errors
    assert Scheme.objects.count() == before


def test_a_second_active_scheme_of_the_same_kind_for_the_same_unit_is_refused(tree):
    reviewer = make_user("reviewer", Role.DISTRICT_REVIEWER, D1)
    client = client_for(reviewer)
    response = client.post("/ledger/schemes/new/", SCHEME_FORM)
    assert response.status_code == 302
    scheme = Scheme.objects.get()
    assert (scheme.region_id, scheme.kind, scheme.account_cap, scheme.expiry_months) == (
        D1, SchemeKind.TIME_BANK, Decimal("1500"), 24)
    response = client.post("/ledger/schemes/new/", {**SCHEME_FORM, "name": "另一个"})
    assert response.status_code == 400
    assert "already has an active Time bank (hours) scheme" in " ".join(response.context["form"].non_field_errors())
    assert Scheme.objects.count() == 1
    # Another kind at the same unit is fine.
    assert client.post("/ledger/schemes/new/", {**SCHEME_FORM, "kind": "points"}).status_code == 302


def test_scheme_edit_checks_the_version_and_reopening_a_duplicate(tree):
    reviewer = make_user("reviewer", Role.DISTRICT_REVIEWER, D1)
    closed = make_scheme(active=False, name="旧积分")
    make_scheme(name="新积分")
    client = client_for(reviewer)
    data = {**{k: v for k, v in SCHEME_FORM.items() if k not in ("region", "kind")}, "name": "旧积分",
            "account_cap": "", "version": str(closed.version), "active": "on"}
    response = client.post(f"/ledger/schemes/{closed.pk}/edit/", data)
    assert response.status_code == 400
    assert "already has an active" in " ".join(response.context["form"].non_field_errors())
    response = client.post(f"/ledger/schemes/{closed.pk}/edit/", {**data, "active": "", "version": "99"})
    assert response.status_code == 400
    assert "changed this scheme in the meantime" in " ".join(response.context["form"].non_field_errors())
    response = client.post(f"/ledger/schemes/{closed.pk}/edit/", {**data, "active": "", "per_hour": "2"})
    assert response.status_code == 302
    closed.refresh_from_db()
    assert (closed.per_hour, closed.version, closed.active) == (Decimal("2"), 2, False)


def test_community_staff_see_the_district_scheme_that_applies_to_them_but_not_another_districts(world):
    client = client_for(world["staff"])
    other_district = make_scheme(region=D2, name="D2 积分")
    assert client.get(f"/ledger/schemes/{world['scheme'].pk}/").status_code == 200
    assert client.get(f"/ledger/schemes/{other_district.pk}/").status_code == 404
    listed = [s.pk for s in client.get("/ledger/schemes/").context["page"]]
    assert listed == [world["scheme"].pk]
    # Staff may not change the district's rules (only see them).
    assert client.get(f"/ledger/schemes/{world['scheme'].pk}/edit/").status_code == 403
    page = client.get(f"/ledger/schemes/{world['scheme'].pk}/")
    assert "One verified hour of service earns 1 points." in page.content.decode()
    assert page.context["figures"].people == 2  # ann and bo (C111), not cy (C112)


# ---- accounts and their statements ---------------------------------------------------------


def test_the_account_list_is_scoped_and_searched_by_exact_phone_or_id_number(world):
    client = client_for(world["staff"])
    url = f"/ledger/schemes/{world['scheme'].pk}/accounts/"
    listed = {a.pk for a in client.get(url).context["page"]}
    assert listed == {world["ann_account"].pk, world["bo_account"].pk}
    page = client.get(url, {"q": "138 0000 0002"})
    assert [a.pk for a in page.context["page"]] == [world["bo_account"].pk]
    assert "13800000002" not in page.content.decode() and "138****0002" in page.content.decode()
    assert "李*" in page.content.decode() and "李博" not in page.content.decode()
    assert list(client.get(url, {"q": "1380000000"}).context["page"]) == []  # partial: no match
    assert list(client.get(url, {"q": "13800000003"}).context["page"]) == []  # cy lives in C112
    assert [a.pk for a in client.get(url, {"q": world["ann"].id_number}).context["page"]] == [world["ann_account"].pk]


def test_another_communitys_account_is_a_404(world):
    client = client_for(world["other"])
    assert client.get(f"/ledger/accounts/{world['ann_account'].pk}/").status_code == 404
    assert client.post(f"/ledger/accounts/{world['ann_account'].pk}/spend/", {"spend-amount": "1"}).status_code == 404
    assert client.get(f"/ledger/accounts/{world['cy_account'].pk}/").status_code == 200


def test_the_statement_shows_entries_with_their_cause_and_author(world):
    client = client_for(world["staff"])
    page = client.get(f"/ledger/accounts/{world['ann_account'].pk}/")
    assert page.status_code == 200
    kinds = [(e.kind, e.cause) for e in page.context["entries"]]
    assert kinds[-1] == (EntryKind.GRANT, f"account #{world['ann_account'].pk}")
    assert kinds[0][0] == EntryKind.EARN
    assert "王*" in page.content.decode() and "王安" not in page.content.decode()


def test_spending_beyond_the_balance_is_refused_and_writes_nothing(world):
    client = client_for(world["staff"])
    account = world["bo_account"]  # 5 points (the grant)
    before = counts()
    response = client.post(f"/ledger/accounts/{account.pk}/spend/", {"spend-amount": "6", "spend-memo": "陪诊"})
    assert response.status_code == 400
    assert "cannot be taken from it" in " ".join(response.context["spend_form"].non_field_errors())
    assert counts() == before and balance(account) == Decimal("5")
    response = client.post(f"/ledger/accounts/{account.pk}/spend/", {"spend-amount": "0", "spend-memo": ""})
    assert response.status_code == 400 and counts() == before
    token = client.get(f"/ledger/accounts/{account.pk}/").context["spend_form"]["token"].initial
    sent = {"spend-amount": "1", "spend-memo": "陪诊", "spend-token": token}
    assert client.post(f"/ledger/accounts/{account.pk}/spend/", sent).status_code == 302
    assert client.post(f"/ledger/accounts/{account.pk}/spend/", sent).status_code == 302  # sent twice: debited once
    assert balance(account) == Decimal("4")


def test_transfers_refuse_oneself_an_unknown_target_and_a_missing_relation(world):
    client = client_for(world["staff"])
    source = world["ann_account"]
    url = f"/ledger/accounts/{source.pk}/transfer/"
    before = counts()
    response = client.post(url, {"transfer-target": "13800000001", "transfer-amount": "2", "transfer-relation": "本人"})
    assert response.status_code == 400
    assert "cannot transfer to itself" in " ".join(response.context["transfer_form"].non_field_errors())
    response = client.post(url, {"transfer-target": "13900000000", "transfer-amount": "2", "transfer-relation": "子"})
    assert response.status_code == 400 and "Nobody with that phone" in str(response.context["transfer_form"].errors)
    response = client.post(url, {"transfer-target": "13800000003", "transfer-amount": "2", "transfer-relation": ""})
    assert response.status_code == 400 and "family members only" in str(response.context["transfer_form"].errors)
    response = client.post(url, {"transfer-target": "13800000003", "transfer-amount": "999",
                                 "transfer-relation": "女儿"})
    assert response.status_code == 400
    assert counts() == before
    response = client.post(url, {"transfer-target": "13800000003", "transfer-amount": "2", "transfer-relation": "女儿"})
    assert response.status_code == 302
    assert (balance(source), balance(world["cy_account"])) == (Decimal("23"), Decimal("10"))


def test_donations_go_to_the_pool_within_the_balance(world):
    client = client_for(world["staff"])
    account = world["bo_account"]
    before = counts()
    response = client.post(f"/ledger/accounts/{account.pk}/donate/", {"donate-target": "pool", "donate-amount": "50"})
    assert response.status_code == 400 and counts() == before
    response = client.post(f"/ledger/accounts/{account.pk}/donate/", {"donate-target": "pool", "donate-amount": "2"})
    assert response.status_code == 302 and balance(account) == Decimal("3")


def test_an_adjustment_cannot_be_approved_by_its_author_and_a_rejection_needs_a_reason(world):
    requester, approver = client_for(world["staff"]), client_for(world["staff2"])
    account = world["bo_account"]
    response = requester.post(f"/ledger/accounts/{account.pk}/adjust/", {"adjust-amount": "0", "adjust-reason": "x"})
    assert response.status_code == 400 and not Adjustment.objects.exists()
    response = requester.post(f"/ledger/accounts/{account.pk}/adjust/", {"adjust-amount": "3", "adjust-reason": ""})
    assert response.status_code == 400 and not Adjustment.objects.exists()
    response = requester.post(f"/ledger/accounts/{account.pk}/adjust/",
                              {"adjust-amount": "3", "adjust-reason": "漏记一次服务"})
    assert response.status_code == 302
    adjustment = Adjustment.objects.get()
    entries = Entry.objects.count()
    response = requester.post(f"/ledger/adjustments/{adjustment.pk}/approve/", {"note": ""})
    assert response.status_code == 400
    assert "approved by someone other than the person who asked" in response.content.decode()
    response = approver.post(f"/ledger/adjustments/{adjustment.pk}/reject/", {"note": "  "})
    assert response.status_code == 400 and "Give the reason for rejecting" in response.content.decode()
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.PENDING and Entry.objects.count() == entries
    assert [a.pk for a in approver.get("/ledger/adjustments/").context["page"]] == [adjustment.pk]
    assert approver.post(f"/ledger/adjustments/{adjustment.pk}/approve/", {"note": "核实"}).status_code == 302
    assert balance(account) == Decimal("8")
    decided = approver.get("/ledger/adjustments/", {"status": AdjustmentStatus.APPROVED})
    assert [a.timeline[0].transition for a in decided.context["page"]] == ["approve"]
    assert "Approve：核实" in decided.content.decode()
    assert client_for(world["other"]).post(f"/ledger/adjustments/{adjustment.pk}/approve/").status_code == 404


def test_opening_an_account_finds_the_person_by_phone_in_the_users_units_only(world):
    client = client_for(world["staff"])
    dan = make_person("钱丹", phone="13800000004")
    url = f"/ledger/schemes/{world['scheme'].pk}/accounts/open/"
    before = counts()
    response = client.post(url, {"holder": "13800000003"})  # cy lives in C112
    assert response.status_code == 400 and "No registered person" in str(response.context["open_form"].errors)
    response = client.post(url, {"holder": "1380000"})
    assert response.status_code == 400 and counts() == before
    response = client.post(url, {"holder": "13800000004"})
    assert response.status_code == 302
    account = Account.objects.get(person=dan)
    assert balance(account) == Decimal("5")  # the sign-up grant
    assert client.post(url, {"holder": dan.id_number}).url == f"/ledger/accounts/{account.pk}/"
    assert Account.objects.filter(person=dan).count() == 1


# ---- the shop ------------------------------------------------------------------------------


def test_bad_items_are_refused(world):
    client = client_for(world["staff"])
    foreign = make_scheme(region=D2, name="D2")
    data = {"region": C111, "scheme": world["scheme"].pk, "name": "洗衣液", "kind": "goods", "description": "",
            "price": "15", "stock": "1", "active": "on"}
    for changes, field in (({"price": "0"}, "price"), ({"price": "-3"}, "price"), ({"stock": "-1"}, "stock"),
                           ({"name": " "}, "name"), ({"scheme": foreign.pk}, "scheme"), ({"region": C112}, "region")):
        response = client.post("/ledger/shop/items/new/", {**data, **changes})
        assert response.status_code == 400, changes
        assert field in response.context["form"].errors, (changes, response.context["form"].errors)
    assert not CatalogueItem.objects.exists()
    assert client.post("/ledger/shop/items/new/", data).status_code == 302
    item = CatalogueItem.objects.get()
    response = client.post(f"/ledger/shop/items/{item.pk}/edit/", {**data, "stock": "5", "stock_was": "0"})
    assert response.status_code == 400 and "stock changed" in " ".join(response.context["form"].non_field_errors())
    assert client.post(f"/ledger/shop/items/{item.pk}/edit/", {**data, "stock": "5", "stock_was": "1"}).status_code \
        == 302
    item.refresh_from_db()
    assert item.stock == 5
    assert client_for(world["other"]).get(f"/ledger/shop/items/{item.pk}/edit/").status_code == 404


def test_redemption_at_the_counter_beyond_the_balance_or_the_stock_writes_nothing(world):
    client = client_for(world["staff"])
    rice = make_item(world["scheme"], price="30", stock=10)
    soap = make_item(world["scheme"], name="洗衣液", price="15", stock=1)
    before = counts()
    response = client.post(f"/ledger/shop/items/{rice.pk}/redeem/", {"holder": "13800000001", "quantity": "1"})
    assert response.status_code == 400 and "the balance is 25" in str(response.context["form"].errors)
    response = client.post(f"/ledger/shop/items/{soap.pk}/redeem/", {"holder": "13800000001", "quantity": "2"})
    assert response.status_code == 400 and "Only 1 of" in str(response.context["form"].errors)
    response = client.post(f"/ledger/shop/items/{soap.pk}/redeem/", {"holder": "13800000003", "quantity": "1"})
    assert response.status_code == 400 and "Nobody with that phone" in str(response.context["form"].errors)
    assert counts() == before
    response = client.post(f"/ledger/shop/items/{soap.pk}/redeem/", {"holder": "13800000001", "quantity": "1"})
    assert response.status_code == 302
    soap.refresh_from_db()
    assert (soap.stock, balance(world["ann_account"])) == (0, Decimal("10"))


def test_orders_are_fulfilled_or_cancelled_with_a_reason(world):
    client = client_for(world["staff"])
    item = make_item(world["scheme"], price="10", stock=3)
    first = ledger.redemption_place(item, world["ann_account"], 1, user=world["staff"])
    second = ledger.redemption_place(item, world["ann_account"], 1, user=world["staff"])
    assert {o.pk for o in client.get("/ledger/orders/").context["page"]} == {first.pk, second.pk}
    assert client_for(world["other"]).post(f"/ledger/orders/{first.pk}/fulfil/").status_code == 404
    response = client.post(f"/ledger/orders/{second.pk}/cancel/", {"reason": ""})
    assert response.status_code == 400 and "Give the reason for cancelling" in response.content.decode()
    second.refresh_from_db()
    assert second.status == RedemptionStatus.PLACED
    assert client.post(f"/ledger/orders/{first.pk}/fulfil/").status_code == 302
    assert client.post(f"/ledger/orders/{second.pk}/cancel/", {"reason": "居民不要了"}).status_code == 302
    response = client.post(f"/ledger/orders/{first.pk}/cancel/", {"reason": "晚了"})
    assert response.status_code == 400 and "already been handed over" in response.content.decode()
    item.refresh_from_db()
    assert (item.stock, balance(world["ann_account"])) == (2, Decimal("15"))
    closed = client.get("/ledger/orders/", {"status": ""})
    assert {o.pk: [t.transition for t in o.timeline] for o in closed.context["page"]} == {
        first.pk: ["fulfil"], second.pk: ["cancel"]}
    assert "Cancel order：居民不要了" in closed.content.decode()


# ---- the volunteer's own page ----------------------------------------------------------------


def test_a_volunteer_sees_only_their_own_accounts(world):
    client = client_for(world["volunteer"])
    page = client.get("/ledger/me/")
    assert page.status_code == 200
    assert [a.pk for a in page.context["accounts"]] == [world["ann_account"].pk]
    assert client.get(f"/ledger/me/accounts/{world['ann_account'].pk}/").status_code == 200
    assert client.get(f"/ledger/me/accounts/{world['bo_account'].pk}/").status_code == 404
    assert client.get(f"/ledger/me/accounts/{world['bo_account'].pk}/statement.xlsx").status_code == 404
    assert client.get(f"/ledger/accounts/{world['ann_account'].pk}/").status_code == 404  # the staff page
    assert client.get("/ledger/schemes/").status_code == 302  # sent to their own page
    assert client.get("/ledger/orders/").status_code == 403
    # Staff have no "my points" page.
    assert client_for(world["staff"]).get("/ledger/me/").status_code == 403


def test_a_volunteer_redeems_from_their_shop_and_the_stock_and_balance_change(world):
    client = client_for(world["volunteer"])
    cut = make_item(world["scheme"], name="理发服务", price="10", stock=20, kind="service")
    elsewhere = make_item(make_scheme(region=D2, name="D2"), region="410102001001", name="别处", price="1")
    closed = make_item(world["scheme"], name="下架", price="1", active=False)
    shop = client.get("/ledger/me/shop/")
    assert [i.pk for i in shop.context["page"]] == [cut.pk]
    before = counts()
    for item in (elsewhere, closed):
        assert client.post(f"/ledger/me/shop/{item.pk}/redeem/", {f"item{item.pk}-quantity": "1"}).status_code == 404
    response = client.post(f"/ledger/me/shop/{cut.pk}/redeem/", {f"item{cut.pk}-quantity": "3"})
    assert response.status_code == 400 and "the balance is 25" in response.content.decode()
    assert counts() == before
    response = client.post(f"/ledger/me/shop/{cut.pk}/redeem/", {f"item{cut.pk}-quantity": "2"})
    assert response.status_code == 302
    cut.refresh_from_db()
    assert (cut.stock, balance(world["ann_account"])) == (18, Decimal("5"))
    order = Redemption.objects.get()
    assert (order.placed_by, order.quantity, order.total) == (world["volunteer"], 2, Decimal("20"))
    assert [o.pk for o in client.get("/ledger/me/").context["orders"]] == [order.pk]


# ---- the yearly statement ----------------------------------------------------------------------


def _sheet_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    statement, summary = book.worksheets
    return list(statement.iter_rows(min_row=2, values_only=True)), list(summary.iter_rows(min_row=2,
                                                                                          values_only=True))


def test_the_yearly_statement_opens_and_its_sums_match(world):
    staff, scheme = world["staff"], world["scheme"]
    year = timezone.localdate().year
    dan = make_person("钱丹", phone="13800000009")
    with time_machine.travel(dt.datetime(year - 1, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        account = funded(scheme, dan, staff, "7")  # 5 granted + 7 earned last year
    ledger.earn(account, "4", ref="test:this-year", user=staff)
    ledger.spend(account, "3", ref="", user=staff, memo="=SUM(A1)")
    client = client_for(staff)
    rows, summary = _sheet_rows(client.get(f"/ledger/accounts/{account.pk}/statement.xlsx", {"year": year}))
    opening, *entries, closing = rows
    assert opening[4] == 12 and closing[4] == 13
    assert opening[4] + sum(row[3] for row in entries) == closing[4]
    assert [row[0] for row in entries] == [3, 4]
    assert entries[1][5] == "=SUM(A1)"  # a string cell as typed, never a formula
    assert summary[0][1] == "钱*" and summary[1][1] == "138****0009"
    rows, _summary = _sheet_rows(client.get(f"/ledger/accounts/{account.pk}/statement.xlsx", {"year": year - 1}))
    assert rows[0][4] == 0 and rows[-1][4] == 12 and len(rows) == 4
    assert client.get(f"/ledger/accounts/{account.pk}/statement.xlsx", {"year": year + 1}).status_code == 302
    assert client_for(world["other"]).get(f"/ledger/accounts/{account.pk}/statement.xlsx").status_code == 404
    own = client_for(world["volunteer"]).get(f"/ledger/me/accounts/{world['ann_account'].pk}/statement.xlsx")
    assert _sheet_rows(own)[0][-1][4] == 25


# ---- query counts ------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_run_a_constant_number_of_queries(world):
    staff, scheme = world["staff"], world["scheme"]
    client = client_for(staff)
    make_item(scheme, price="10")
    account = world["bo_account"]
    ledger.redemption_place(CatalogueItem.objects.get(), world["ann_account"], 1, user=staff)
    ledger.adjustment_request(account, "1", reason="补记", user=staff)
    volunteer = client_for(world["volunteer"])
    urls = [f"/ledger/schemes/{scheme.pk}/accounts/", f"/ledger/accounts/{account.pk}/", "/ledger/shop/",
            "/ledger/orders/", "/ledger/adjustments/", "/ledger/schemes/"]
    few = [_queries(client, url) for url in urls] + [_queries(volunteer, "/ledger/me/shop/"),
                                                     _queries(volunteer, "/ledger/me/")]
    for n in range(25):
        person = make_person(f"居民{n}", phone=f"1390000{n:04d}")
        other = funded(scheme, person, staff, "30")
        ledger.earn(account, "1", ref=f"more:{n}", user=staff)
        make_item(scheme, name=f"物品{n}", price="1")
        ledger.redemption_place(CatalogueItem.objects.get(name=f"物品{n}"), other, 1, user=staff)
        ledger.adjustment_request(other, "1", reason="补记", user=staff)
    many = [_queries(client, url) for url in urls] + [_queries(volunteer, "/ledger/me/shop/"),
                                                      _queries(volunteer, "/ledger/me/")]
    assert many == few


# ---- the demo ----------------------------------------------------------------------------------


@pytest.fixture
def hangzhou(db):
    from pathlib import Path

    from wuse.regions.importer import import_regions_text

    root = Path(__file__).resolve().parents[2]
    import_regions_text((root / "data" / "hangzhou-divisions-2023.csv").read_text(encoding="utf-8"))


def test_the_demo_schemes_and_shop_load_once_and_every_ledger_page_opens_for_every_demo_account(hangzhou):
    from django.core.management import call_command

    from wuse.accounts.models import User
    from wuse.core.demo import ACCOUNTS

    call_command("load_demo")
    first = (Scheme.objects.count(), CatalogueItem.objects.count())
    call_command("load_demo")
    assert (Scheme.objects.count(), CatalogueItem.objects.count()) == first
    xihu = Scheme.objects.get(region="330106000000")
    yuhang = Scheme.objects.get(region="330110000000")
    assert (xihu.kind, xihu.signup_grant, xihu.transfer_rule, xihu.expiry_months) == ("points", 5, "family", None)
    assert (yuhang.kind, yuhang.account_cap, yuhang.redemption_threshold, yuhang.expiry_months) == (
        "time_bank", 1500, 10, 24)
    assert CatalogueItem.objects.filter(region="330106002051", scheme=xihu).count() >= 3
    assert CatalogueItem.objects.filter(region="330110005001", scheme=yuhang).exists()
    pages = ["/ledger/", "/ledger/schemes/", f"/ledger/schemes/{xihu.pk}/", f"/ledger/schemes/{xihu.pk}/accounts/",
             "/ledger/shop/", "/ledger/orders/", "/ledger/adjustments/", "/ledger/me/", "/ledger/me/shop/",
             "/ledger/schemes/new/", "/ledger/shop/items/new/", "/registry/"]
    for account in ACCOUNTS:
        client = client_for(User.objects.get(username=account.username))
        for url in pages:
            status = client.get(url).status_code
            assert status in (200, 302, 403, 404), (account.username, url, status)
    staff = client_for(User.objects.get(username="shangbao_staff"))
    assert [url for url in pages[1:] if "/me/" not in url and staff.get(url).status_code != 200] == []
    volunteer = client_for(User.objects.get(username="volunteer"))
    assert volunteer.get("/ledger/me/").status_code == 200
