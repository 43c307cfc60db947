"""The home page (工作台) of every role: what waits (counts linked to the filtered lists), the shortcuts, the
unit's key figures with their definitions, the volunteer's card — scoped to the user, and a constant number of
queries whatever the number of records."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from needs.models import Need, NeedsList
from needs.surveys.models import Campaign
from projects.delivery.models import Milestone
from projects.models import Project
from tests.helpers import C111, C211, CITY, D1, S11, S21, make_user
from wuse.accounts.roles import Role
from wuse.core import figures, home
from wuse.ledger.models import (
    Account,
    Adjustment,
    CatalogueItem,
    HolderKind,
    Redemption,
    Scheme,
    SchemeKind,
)
from wuse.registry.organizations.models import Organization, OrgKind
from wuse.registry.people.models import Person
from wuse.registry.volunteers.models import Certificate, EntryStatus, ServiceEntry, Volunteer

ROLES = {
    "staff": (Role.COMMUNITY_STAFF, C111),
    "street": (Role.STREET_OFFICER, S11),
    "district": (Role.DISTRICT_REVIEWER, D1),
    "city": (Role.CITY_ADMIN, CITY),
    "evaluator": (Role.EVALUATOR, CITY),
    "volunteer": (Role.VOLUNTEER, C111),
    "org_member": (Role.ORG_MEMBER, D1),
    "sys_admin": (Role.SYSTEM_ADMIN, CITY),
    "audit_admin": (Role.AUDIT_ADMIN, CITY),
    "other_staff": (Role.COMMUNITY_STAFF, C211),
}
N, OTHER = 3, 2  # records per queue in C111 (S11, D1) and in C211 (S21, D2)

# Each queue, as the path and query string of its link → the number it counts, per role (absent: not shown).
Q_VERIFY, Q_OVERDUE, Q_VERIFIED = "/needs/?status=submitted", "/needs/?overdue=1", "/needs/?status=verified"
Q_REVIEW, Q_DRAFT = "/needs/lists/?status=in_review", "/needs/lists/?status=draft"
Q_SURVEYS, Q_ORGS = "/surveys/?status=open", "/registry/organizations/?status=suspended"
Q_ENTRIES = "/registry/volunteers/entries/?status=recorded"
Q_ADJUST, Q_ORDERS = "/ledger/adjustments/?status=pending", "/ledger/orders/?status=placed"
Q_P_STREET, Q_P_DISTRICT = "/projects/?status=street_review", "/projects/?status=district_review"
Q_P_ACCEPT, Q_P_RETURNED = "/projects/?status=acceptance", "/projects/?status=returned"
Q_MILESTONES, Q_REPORTS = "/projects/milestones/overdue/", "/projects/reports/due/"
Q_E_WAITING, Q_E_CLOSE = "/evaluations/waiting/", "/evaluations/?status=submitted"  # none in this data
Q_R_VERIFY, Q_R_DUE = "/rectifications/?status=submitted", "/rectifications/?status=due"  # none in this data
# Step 3's vehicles: nothing of theirs in this data, each queue shown muted to the roles that run it.
Q_V_CHECK, Q_C_POSTED, Q_C_SELECT = "/venture/queue/?todo=check", "/calls/?status=posted", "/calls/?status=shortlisted"
Q_C_PARTNERS, Q_COBUILD, Q_MICRO = "/calls/?kind=partners", "/cobuild/waiting/", "/micro/?waiting=1"
VEHICLES_COMMUNITY = {Q_C_POSTED: 0, Q_C_SELECT: 0, Q_COBUILD: 0, Q_MICRO: 0}
EXPECTED = {
    "staff": {Q_VERIFY: N, Q_OVERDUE: N, Q_VERIFIED: N, Q_DRAFT: N, Q_SURVEYS: N, Q_ENTRIES: N, Q_ADJUST: N,
              Q_ORDERS: N, Q_P_ACCEPT: N, Q_P_RETURNED: N, Q_MILESTONES: N, Q_REPORTS: N, **VEHICLES_COMMUNITY},
    "other_staff": {Q_VERIFY: OTHER, Q_OVERDUE: OTHER, Q_VERIFIED: OTHER, Q_DRAFT: OTHER, Q_SURVEYS: OTHER,
                    Q_ENTRIES: OTHER, Q_ADJUST: OTHER, Q_ORDERS: OTHER, Q_P_ACCEPT: OTHER, Q_P_RETURNED: OTHER,
                    Q_MILESTONES: OTHER, Q_REPORTS: OTHER, **VEHICLES_COMMUNITY},
    "street": {Q_OVERDUE: N, Q_REVIEW: N, Q_SURVEYS: N, Q_ENTRIES: N, Q_ADJUST: N, Q_ORGS: N, Q_P_STREET: N,
               Q_P_ACCEPT: N, Q_P_RETURNED: N, Q_MILESTONES: N, Q_REPORTS: N, Q_E_WAITING: 0, Q_R_VERIFY: 0,
               **VEHICLES_COMMUNITY, Q_V_CHECK: 0},
    "district": {Q_OVERDUE: N, Q_ORGS: N, Q_P_DISTRICT: N, Q_E_CLOSE: 0, Q_V_CHECK: 0},
    "city": {Q_OVERDUE: N + OTHER, Q_ORGS: N + OTHER, Q_V_CHECK: 0},
    "evaluator": {}, "volunteer": {}, "org_member": {Q_R_DUE: 0, Q_C_POSTED: 0, Q_C_PARTNERS: 0},
    "sys_admin": {}, "audit_admin": {},
}


@pytest.fixture
def users(tree):
    from wuse.core.demo import _grant_account_management

    made = {name: make_user(f"home_{name}", role, unit) for name, (role, unit) in ROLES.items()}
    _grant_account_management(made["sys_admin"])  # as the demo's: the admin site's accounts and roles
    return made


_counter = iter(range(10**6))


def populate(n: int, community: str, street: str, author) -> None:
    """``n`` records of every queue in ``community`` (organizations filed with ``street``), written directly:
    the home page counts rows, it does not care how they came about."""
    today = timezone.localdate()
    now = timezone.now()
    keys = [next(_counter) for _ in range(n)]
    Need.objects.bulk_create(
        [Need(community_id=community, title=f"待核实{k}", status="submitted", created_by=author,
              response_deadline=today - dt.timedelta(days=1)) for k in keys]
        + [Need(community_id=community, title=f"已核实{k}", status="verified", created_by=author,
                response_deadline=today + dt.timedelta(days=10)) for k in keys])
    NeedsList.objects.bulk_create(
        [NeedsList(community_id=community, period_label=f"{state}{k}", period_start=today, period_end=today,
                   status=state, created_by=author) for k in keys for state in ("in_review", "draft")])
    Campaign.objects.bulk_create([Campaign(region_id=community, title=f"调查{k}", starts_on=today,
                                           ends_on=today + dt.timedelta(days=30), status="open", created_by=author)
                                  for k in keys])
    Organization.objects.bulk_create([Organization(name=f"组织{k}", kind=OrgKind.COMMUNITY_ORG,
                                                   filing_number=f"备{k}", region_id=street, status="suspended",
                                                   status_reason="年检未通过", created_by=author) for k in keys])
    person, _ = Person.objects.get_or_create(name=f"居民{community}", region_id=community)
    volunteer, _ = Volunteer.objects.get_or_create(person=person, region_id=community,
                                                   defaults={"number": f"V{community}"})
    start = now - dt.timedelta(days=2)
    ServiceEntry.objects.bulk_create([ServiceEntry(
        volunteer=volunteer, region_id=community, started_at=start + dt.timedelta(hours=3 * k),
        ended_at=start + dt.timedelta(hours=3 * k + 2), hours=Decimal("2"), content="探访", organizer="居委会",
        recorded_by=author) for k in keys])
    scheme, _ = Scheme.objects.get_or_create(name=f"积分{community}", kind=SchemeKind.POINTS, region_id=community,
                                             defaults={"per_hour": Decimal("1"), "created_by": author})
    account, _ = Account.objects.get_or_create(scheme=scheme, person=person, holder_kind=HolderKind.PERSON,
                                               region_id=community)
    item, _ = CatalogueItem.objects.get_or_create(scheme=scheme, region_id=community, name="大米",
                                                  defaults={"price": Decimal("5"), "stock": 100,
                                                            "created_by": author})
    Adjustment.objects.bulk_create([Adjustment(account=account, region_id=community, amount=Decimal("1"),
                                               reason="补录", requested_by=author) for _k in keys])
    Redemption.objects.bulk_create([Redemption(item=item, account=account, region_id=community, total=Decimal("5"),
                                               placed_by=author) for _k in keys])
    states = ("street_review", "district_review", "acceptance", "returned", "draft")
    Project.objects.bulk_create([
        Project(region_id=community, code=f"P{community}-{state}-{k}", seq=next(_counter), year=today.year,
                title=f"{state}{k}", status=state, focus_area="elderly_children", linkage_mode="sw_orgs",
                created_by=author)
        for k in keys for state in states])
    delivering = Project.objects.bulk_create([
        Project(region_id=community, code=f"P{community}-run-{k}", seq=next(_counter), year=today.year,
                title=f"实施{k}", status="in_progress", focus_area="elderly_children", linkage_mode="sw_orgs",
                period_end=today + dt.timedelta(days=10), created_by=author) for k in keys])
    Milestone.objects.bulk_create([Milestone(project=project, title="节点", due_on=today - dt.timedelta(days=1),
                                             created_by=author) for project in delivering])


@pytest.fixture
def data(users):
    populate(N, C111, S11, users["staff"])
    populate(OTHER, C211, S21, users["other_staff"])
    return users


def queues(client, user) -> dict[str, int]:
    client.force_login(user)
    return {queue.url: queue.count for queue in client.get("/").context["queues"]}


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_what_waits_for_it_counted_in_its_own_units(client, data, role):
    assert queues(client, data[role]) == EXPECTED[role]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "street", "city", "other_staff"])
def test_each_queue_links_to_a_list_showing_exactly_what_was_counted(client, data, role):
    client.force_login(data[role])
    for queue in client.get("/").context["queues"]:
        response = client.get(queue.url)
        assert response.status_code == 200, queue.url
        assert len(list(response.context["page"].object_list)) == queue.count, queue.url


def main_links(html: str) -> list[str]:
    main = html[html.index("<main"):html.index("</main>")]
    return sorted(set(re.findall(r'href="(/[^"]*)"', main)))


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_link_on_the_home_page_opens_for_that_user(client, data, volunteer_record, role):
    client.force_login(data[role])
    links = main_links(client.get("/").content.decode())
    assert links or role == "evaluator", role  # nothing waits for an evaluator yet (the evaluation step)
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, (role, link)


@pytest.mark.django_db
def test_zero_counts_are_shown_muted_and_the_rest_in_their_tone(client, users):
    populate(1, C111, S11, users["staff"])
    Need.objects.filter(status="submitted").update(response_deadline=timezone.localdate())  # none overdue
    client.force_login(users["staff"])
    by_url = {queue.url: queue for queue in client.get("/").context["queues"]}
    assert by_url[Q_OVERDUE].count == 0 and by_url[Q_OVERDUE].muted and by_url[Q_OVERDUE].badge == home.MUTED
    assert by_url[Q_VERIFY].count == 1 and not by_url[Q_VERIFY].muted and "text-bg-primary" in by_url[Q_VERIFY].badge


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "street", "district", "city", "evaluator", "volunteer", "org_member",
                                  "sys_admin"])
def test_the_home_page_costs_the_same_queries_at_1_and_at_50_records(client, users, volunteer_record, role):
    client.force_login(users[role])
    populate(1, C111, S11, users["staff"])
    client.get("/")  # warm the caches (content types, translations)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/").status_code == 200
    populate(49, C111, S11, users["staff"])
    with CaptureQueriesContext(connection) as fifty:
        response = client.get("/")
    assert len(fifty) == len(one), (role, [q["sql"] for q in fifty.captured_queries])
    if role in ("staff", "street"):
        assert {q.url: q.count for q in response.context["queues"]}[Q_ENTRIES] == 50


def test_a_queue_declares_a_known_tone():
    with pytest.raises(ValueError):
        home.register_home_queue(order=1, label="x", url_name="core:home", action="region.view", count=len,
                                 tone="pink")


# ---- the unit's key figures ------------------------------------------------------------------------------

HOME_FIGURE = figures.Figure(
    "test.home_needs", "Needs registered (test)", "Every need registered in the unit in the period (test).", "件",
    rows=lambda period: Need.objects.filter(created_at__gte=period.start_at, created_at__lt=period.end_at),
    column="community_id", action="need.view", home=-1)
HIDDEN_FIGURE = figures.Figure(
    "test.home_adjust", "Adjustments (test)", "Only for those who decide adjustments (test).", "",
    rows=lambda period: Adjustment.objects.all(), aggregate=lambda: Count("id"), action="ledger_adjustment.decide",
    home=-2)


@pytest.fixture
def test_figures(monkeypatch):
    monkeypatch.setitem(figures.FIGURES, HOME_FIGURE.code, HOME_FIGURE)
    monkeypatch.setitem(figures.FIGURES, HIDDEN_FIGURE.code, HIDDEN_FIGURE)


@pytest.mark.django_db
def test_each_unit_shows_its_key_figures_of_this_year_with_their_definitions(client, data, test_figures):
    expected = {"staff": (C111, 2 * N), "street": (S11, 2 * N), "city": (CITY, 2 * (N + OTHER)),
                "other_staff": (C211, 2 * OTHER)}
    for role, (unit, value) in expected.items():
        client.force_login(data[role])
        response = client.get("/")
        (row,) = response.context["units"]
        assert row["region"].code == unit and row["year"] == timezone.localdate().year
        cells = {cell.figure.code: cell for cell in row["figures"]}
        assert cells[HOME_FIGURE.code].value == value, role
        assert (HIDDEN_FIGURE.code in cells) == (role in ("staff", "street", "other_staff")), role
        html = response.content.decode()
        assert HOME_FIGURE.definition in html and HOME_FIGURE.name in html
        assert [c.figure.home for c in row["figures"]] == sorted(c.figure.home for c in row["figures"])


@pytest.mark.django_db
def test_a_single_object_grant_shows_no_figures_of_the_unit(client, data, test_figures):
    """An evaluator granted one need holds need.view "somewhere", but not over the city: no city figures."""
    from guardian.shortcuts import assign_perm

    assign_perm("needs.view_need", data["evaluator"], Need.objects.first())
    client.force_login(data["evaluator"])
    (row,) = client.get("/").context["units"]
    assert row["figures"] == []


@pytest.mark.django_db
def test_figures_are_counted_per_unit_for_a_user_with_two_units(client, data, test_figures):
    from wuse.accounts.models import Membership

    Membership.objects.create(user=data["staff"], role=Role.COMMUNITY_STAFF, region_id=C211)
    client.force_login(data["staff"])
    rows = client.get("/").context["units"]
    values = {row["region"].code: {c.figure.code: c.value for c in row["figures"]}[HOME_FIGURE.code] for row in rows}
    assert values == {C111: 2 * N, C211: 2 * OTHER}
    assert [unit.code for unit in rows[0]["path"]] == [CITY, D1, S11, C111]


# ---- the volunteer's card ----------------------------------------------------------------------------------


@pytest.fixture
def volunteer_record(users):
    """The volunteer user's own record: 5 verified hours, a points balance of 12 and a certificate."""
    user = users["volunteer"]
    person = Person.objects.create(name="王秀英", region_id=C111, user=user)
    volunteer = Volunteer.objects.create(person=person, region_id=C111, number="V-HOME-1")
    start = timezone.now() - dt.timedelta(days=10)
    ServiceEntry.objects.bulk_create([
        ServiceEntry(volunteer=volunteer, region_id=C111, started_at=start, ended_at=start + dt.timedelta(hours=2),
                     hours=Decimal("2"), content="助老", organizer="居委会", recorded_by=users["staff"],
                     status=EntryStatus.VERIFIED, verified_by=users["street"], verified_at=start),
        ServiceEntry(volunteer=volunteer, region_id=C111, started_at=start + dt.timedelta(hours=3),
                     ended_at=start + dt.timedelta(hours=6), hours=Decimal("3"), content="助老", organizer="居委会",
                     recorded_by=users["staff"], status=EntryStatus.VERIFIED, verified_by=users["street"],
                     verified_at=start)])
    scheme = Scheme.objects.create(name="社区公益积分", kind=SchemeKind.POINTS, region_id=D1, per_hour=Decimal("1"))
    Account.objects.create(scheme=scheme, person=person, holder_kind=HolderKind.PERSON, region_id=C111,
                           balance=Decimal("12"), earned_total=Decimal("12"))
    Certificate.objects.create(number="ZS-HOME-1", volunteer=volunteer, region_id=C111, period_start=start.date(),
                               period_end=start.date(), hours=Decimal("5"), entries=2, content="助老",
                               issuer="上保社区居委会", person_in_charge="李", contact="0571", issued_by=users["staff"])
    return volunteer


@pytest.mark.django_db
def test_the_volunteer_sees_her_hours_balance_certificate_and_the_shop(client, users, volunteer_record):
    client.force_login(users["volunteer"])
    response = client.get("/")
    (panel,) = response.context["panels"]
    assert panel.context["hours"]["verified"] == Decimal("5") and panel.context["certificate"].number == "ZS-HOME-1"
    html = response.content.decode()
    assert 'data-testid="home-hours">5<' in html
    assert re.search(r'data-testid="home-balance">.*?12 ', html, re.S)
    links = main_links(html)
    certificate = volunteer_record.certificates.get()
    for link in (f"/registry/volunteers/certificates/{certificate.pk}/pdf/", "/registry/volunteers/me/",
                 "/ledger/me/", "/ledger/me/shop/"):
        assert link in links, link
    assert response.context["queues"] == []


@pytest.mark.django_db
def test_a_volunteer_without_a_record_is_told_whom_to_ask(client, users):
    client.force_login(users["volunteer"])
    response = client.get("/")
    (panel,) = response.context["panels"]
    assert panel.context["volunteer"] is None
    assert 'data-testid="no-record"' in response.content.decode()


@pytest.mark.django_db
def test_staff_see_no_volunteer_card_and_their_shortcuts(client, users):
    client.force_login(users["staff"])
    response = client.get("/")
    assert response.context["panels"] == []
    shortcuts = {s.url for s in response.context["shortcuts"]}
    assert {"/needs/new/", "/registry/volunteers/entries/new/", "/registry/charity/donations/new/",
            "/surveys/new/", "/meetings/new/"} <= shortcuts
    assert "/audit/" not in shortcuts
    client.force_login(users["audit_admin"])
    assert [s.url for s in client.get("/").context["shortcuts"]] == ["/audit/"]


@pytest.mark.django_db
def test_nothing_waits_for_an_evaluator_and_the_page_says_so(client, users):
    client.force_login(users["evaluator"])
    response = client.get("/")
    assert response.context["queues"] == [] and response.context["shortcuts"] == []
    assert 'data-testid="home-nothing"' in response.content.decode()


# ---- the needs lists' status filter (what the street's queue links to) ----------------------------------------


@pytest.mark.django_db
def test_the_needs_lists_page_filters_by_status(client, data):
    client.force_login(data["street"])
    statuses = {each.status for each in client.get("/needs/lists/?status=in_review").context["page"]}
    assert statuses == {"in_review"}
    everything = client.get("/needs/lists/?status=bogus")
    assert {each.status for each in everything.context["page"]} == {"in_review", "draft"}
    assert everything.context["status"] == ""


@pytest.mark.django_db
def test_the_home_page_reads_in_english_too(client, data, test_figures):
    client.force_login(data["staff"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    year = timezone.localdate().year
    for text in ("To do", "Needs to verify", "Shortcuts", "Register a need", f"Key figures of {year}", "Definition"):
        assert text in html, text
