"""Issue 9's smaller snags: states shown in their declared tones, the needs register named apart from the
published needs lists, a need's actions each with its own reason, the follow-up rating starting empty, the
supporters card agreeing with the count, one number format in both languages, field messages naming their
field, and ``make run`` on another port."""

import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from needs import services
from needs.models import Need
from tests.helpers import C111, make_user, need_form
from tests.registry.charity_support import make_donation, make_donor
from tests.registry.ledger_views_support import build_world, make_item
from wuse.accounts.roles import Role
from wuse.core import numbers
from wuse.regions.models import Region

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def staff(tree):
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


def client_in(language: str, user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def need_in(staff, *path: tuple[str, str], title="楼道灯不亮") -> Need:
    """A need of C111 taken through ``path``: (transition, reason) pairs."""
    need = Need.objects.create(community_id=C111, title=title, created_by=staff)
    for name, reason in path:
        need = services.need_transition(user=staff, need=need, name=name, reason=reason)
    return Need.objects.get(pk=need.pk)


def section(page: str, testid: str) -> str:
    """The element with ``data-testid=testid`` up to the first closing tag of its kind (a form, a badge's
    span, a paragraph: enough for the assertions here)."""
    start = page.rindex("<", 0, page.index(f'data-testid="{testid}"'))
    tag = page[start + 1:].split(None, 1)[0]
    end = page.index(f"</{tag}>", start)
    return page[start:end + len(tag) + 3]


# ------------------------------------------------------------------------------------------ state tones


@pytest.mark.django_db
def test_a_rejected_need_shows_a_danger_badge_and_a_listed_one_does_not(staff):
    rejected = need_in(staff, ("reject", "不属于社区职责"))
    listed = need_in(staff, ("verify", ""), ("list", ""), title="加装扶手")
    client = client_in("zh-hans", staff)
    badge = section(client.get(f"/needs/{rejected.pk}/").content.decode(), "need-status")
    assert "text-bg-danger" in badge and 'data-tone="danger"' in badge and "不予采纳" in badge
    badge = section(client.get(f"/needs/{listed.pk}/").content.decode(), "need-status")
    assert "text-bg-danger" not in badge and 'data-tone="progress"' in badge and "已纳入清单" in badge
    register = client.get("/needs/").content.decode()
    assert register.count('data-tone="danger"') == 1 and register.count('data-tone="progress"') == 1


def test_no_template_picks_a_badge_colour_from_a_state_code():
    """Badges of states come from ``{% state_badge %}``: no ``status == "…"`` next to a text-bg class."""
    import re

    pattern = re.compile(r"""\.status\s*==\s*['"][a-z_]+['"]\s*%\}\s*text-bg-""")
    found = [str(path.relative_to(ROOT)) for base in ("templates", "wuse", "needs")
             for path in (ROOT / base).rglob("*.html") if pattern.search(path.read_text(encoding="utf-8"))]
    assert found == []


# ------------------------------------------------------------------------------------------ naming


@pytest.mark.django_db
def test_the_register_and_the_published_lists_are_named_apart(staff):
    client = client_in("zh-hans", staff)
    register = client.get("/needs/").content.decode()
    title = register.split("<title>")[1].split("</title>")[0]
    assert "需求登记" in title and "需求清单" not in title
    assert '<h1 class="h4 mb-0">需求登记' in register
    lists = client.get("/needs/lists/").content.decode()
    assert "需求清单" in lists.split("<title>")[1].split("</title>")[0]
    assert "需求登记" not in lists.split("<title>")[1].split("</title>")[0]
    # The navigation names both the same way on every page.
    for page in (register, lists):
        assert "需求登记" in page and "需求清单发布" in page
    english = client_in("en", staff).get("/needs/").content.decode()
    assert "Needs register" in english.split("<title>")[1].split("</title>")[0]


# ------------------------------------------------------------------------------------------ the need's page


@pytest.mark.django_db
def test_each_action_that_needs_a_reason_has_its_own_reason_box(staff):
    client = client_in("zh-hans", staff)
    submitted = need_in(staff)
    page = client.get(f"/needs/{submitted.pk}/").content.decode()
    verify, reject = section(page, "action-verify"), section(page, "action-reject")
    assert 'name="reason"' not in verify and "核实" in verify
    assert "<legend" in reject and "不予采纳</legend>" in reject and 'id="reason-reject"' in reject
    assert reject.count("<textarea") == 1 and reject.count("<button") == 1
    verified = need_in(staff, ("verify", ""), title="小区路灯")
    page = client.get(f"/needs/{verified.pk}/").content.decode()
    for name in ("refer", "resolve", "reject"):
        box = section(page, f"action-{name}")
        assert box.count('name="reason"') == 1 and f'for="reason-{name}"' in box
    assert 'name="reason"' not in section(page, "action-list")


@pytest.mark.django_db
def test_a_too_long_reason_is_refused_with_the_fields_name_and_nothing_changes(staff):
    need = need_in(staff)
    response = client_in("zh-hans", staff).post(f"/needs/{need.pk}/do/reject/", {"reason": "长" * 1001})
    assert response.status_code == 400
    assert "理由最多 1000 字。" in [str(m) for m in get_messages(response.wsgi_request)]
    assert Need.objects.get(pk=need.pk).status == "submitted"


@pytest.mark.django_db
def test_the_follow_up_rating_starts_empty_and_must_be_chosen(staff):
    need = need_in(staff, ("verify", ""), ("refer", "物业公司"), ("close", "已修复"))
    client = client_in("zh-hans", staff)
    form = client.get(f"/needs/{need.pk}/").context["follow_up_form"]
    rendered = str(form["satisfaction"])
    assert rendered.index('value=""') < rendered.index('value="5"') and "selected" not in rendered.split(
        'value="5"')[1].split(">")[0]
    assert form["satisfaction"].value() in (None, "")
    response = client.post(f"/needs/{need.pk}/follow-up/", {"satisfaction": "", "note": "电话回访"})
    assert response.status_code == 400
    assert response.context["follow_up_form"].errors["satisfaction"] == ["请选择居民满意度。"]
    assert "请选择居民满意度。" in response.content.decode()
    assert Need.objects.get(pk=need.pk).status == "closed"
    assert client.post(f"/needs/{need.pk}/follow-up/", {"satisfaction": "4"}).status_code == 302
    assert Need.objects.get(pk=need.pk).satisfaction == 4


@pytest.mark.django_db
def test_the_supporters_card_lists_what_the_count_adds_up(staff):
    need = need_in(staff)
    client = client_in("zh-hans", staff)
    card = section(client.get(f"/needs/{need.pk}/").content.decode(), "supporters")
    assert need.support_count == 1 and "登记人本人" in card and "+1" in card
    services.need_support_add(user=staff, need=need, residents=2, names="张三、李四", note="联名")
    page = client.get(f"/needs/{need.pk}/").content.decode()
    card = page[page.index('data-testid="supporters"'):page.index('data-testid="supporters"') + 3000]
    assert Need.objects.get(pk=need.pk).support_count == 3
    assert "登记人本人" in card and "+2" in card and "张*、李*" in card and "联名" in card
    assert "张三" not in page and "李四" not in page  # supporters' names are masked like the proposer's


@pytest.mark.django_db
def test_a_listed_need_says_it_becomes_a_project_in_the_projects_step(staff):
    listed = need_in(staff, ("verify", ""), ("list", ""))
    page = client_in("zh-hans", staff).get(f"/needs/{listed.pk}/").content.decode()
    assert "“项目”环节" in section(page, "actions-note")
    submitted = need_in(staff, title="另一条")
    page = client_in("zh-hans", staff).get(f"/needs/{submitted.pk}/").content.decode()
    assert 'data-testid="actions-note"' not in page


# ------------------------------------------------------------------------------------------ numbers


@pytest.mark.parametrize(("value", "money", "quantity"), [
    (Decimal("70000"), "70,000.00", "70,000"), (Decimal("49.00"), "49.00", "49"), (Decimal("2.50"), "2.50", "2.5"),
    (Decimal("-1500.5"), "-1,500.50", "-1,500.5"), (0, "0.00", "0"), (None, "", ""), ("", "", ""),
    ("n/a", "n/a", "n/a"), (12.345, "12.35", "12.35"),
])
def test_one_number_format_for_money_and_quantities(value, money, quantity):
    assert (numbers.money(value), numbers.quantity(value)) == (money, quantity)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_money_is_grouped_in_both_languages(staff, language):
    donation = make_donation(staff, make_donor(staff), amount="70000")
    page = client_in(language, staff).get(f"/registry/charity/donations/{donation.pk}/").content.decode()
    assert 'data-testid="amount">70,000.00<' in page
    assert "70000.00" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_points_show_without_trailing_zeros_on_pages_and_in_messages(tree, language):
    world = build_world()
    account = world["ann_account"]
    with translation.override(language):
        html = render_to_string("volunteers/_balances.html", {"balances": [account]})
    assert f">{account.balance.normalize():f} " in html and f"{account.balance:.2f}" not in html
    item = make_item(world["scheme"], name="理发服务", price="10", stock=5, kind="service")
    response = client_in(language, world["volunteer"]).post(f"/ledger/me/shop/{item.pk}/redeem/",
                                                              {f"item{item.pk}-quantity": "1"})
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert " 10 " in message and "10.00" not in message


# ------------------------------------------------------------------------------------------ field messages


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [
    ("zh-hans", "标题最多 100 字。"), ("en", "Title: at most 100 characters."),
])
def test_a_too_long_title_is_refused_with_the_fields_name(staff, language, expected):
    hostile = "<script>alert(1)</script>" + "长" * 90
    response = client_in(language, staff).post("/needs/new/", need_form(C111, hostile))
    assert response.status_code == 200 and not Need.objects.exists()
    assert response.context["form"].errors["title"] == [expected]
    page = response.content.decode()
    assert expected in page and "<script>alert(1)</script>" not in page
    assert "确保该变量" not in page and "Ensure this value" not in page


@pytest.mark.django_db
def test_a_missing_title_names_the_field_and_a_forms_own_message_is_kept(staff):
    from needs.forms import FollowUpForm, SupportForm

    response = client_in("zh-hans", staff).post("/needs/new/", need_form(C111, ""))
    assert response.context["form"].errors["title"] == ["请填写标题。"]
    with translation.override("zh-hans"):
        form = SupportForm({"residents": "0"})
        assert form.errors["residents"] == ["居民人数不能小于 1。"]
        assert FollowUpForm({}).errors["satisfaction"] == ["请选择居民满意度。"]


# ------------------------------------------------------------------------------------------ make run's port


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_run_takes_the_port_from_the_environment():
    env = {**os.environ, "PORT": "8001"}
    dry = subprocess.run(["make", "-n", "run"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "PORT=8001 bash scripts/run-embedded.sh" in dry.stdout
    env.pop("PORT")
    dry = subprocess.run(["make", "-n", "run"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "PORT=8000 bash scripts/run-embedded.sh" in dry.stdout
    refused = subprocess.run(["bash", "scripts/run-embedded.sh"], cwd=ROOT, env={**env, "PORT": "80; rm"},
                             capture_output=True, text=True, timeout=30)
    assert refused.returncode == 2 and "PORT must be a port number" in refused.stderr


@pytest.mark.django_db
def test_registry_forms_that_style_themselves_name_their_fields_too():
    """Forms without StyledFormMixin (organizations, workers, volunteers, people) use NamedErrorsMixin."""
    from wuse.registry.organizations.forms.organizations import StatusForm
    from wuse.registry.volunteers.forms import TeamForm

    with translation.override("zh-hans"):
        form = TeamForm({"name": "队" * 101}, units=Region.objects.none())
        assert form.errors["name"] == ["服务队名称最多 100 字。"] and form.errors["region"] == ["请选择所属单位。"]
        assert StatusForm({}).errors == {"status": ["请选择新状态。"], "reason": ["请填写理由。"]}
