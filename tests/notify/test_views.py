"""The reminder pages: the notification centre and its header badge, opening a notification, the rules' settings
(the city admin edits the installation's, a district reviewer only tightens its own) and the send log."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import CITY, D1, D2, S11
from wuse.audit.models import AuditEntry
from wuse.notify import unread
from wuse.notify.models import Notification, Reminder, ReminderStatus, RuleSetting, SendLog, SendOutcome

pytestmark = pytest.mark.django_db
RULE = "needs.untriaged"
DAY = date(2026, 3, 5)


@pytest.fixture
def who(staff_and_admins):
    return staff_and_admins


def signed_in(client, user):
    client.force_login(user)
    return client


_seq = iter(range(1, 10_000_000))


def note(user, *, url="/needs/1/", level=0, unit="410101001001", read=False, title="楼道灯坏了", status="sent"):
    n = next(_seq)
    reminder = Reminder.objects.create(rule=RULE, object_id=str(n), due_on=DAY, level=level, unit_id=unit,
                                       title=f"需求未分派: {title}", url=url, status=status)
    return Notification.objects.create(user=user, reminder=reminder, kind=RULE, level=level, title=reminder.title,
                                       url=url, read_at=reminder.created_at if read else None)


# --------------------------------------------------------------------------------------------------- access

@pytest.mark.parametrize("name", ["notify:list", "notify:preferences", "notify:rules", "notify:log"])
def test_anonymous_is_sent_to_the_login_page(client, tree, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_cannot_open_nor_mark_read(client, who):
    mine = note(who["staff"])
    for response in (client.get(reverse("notify:open", args=[mine.pk])), client.post(reverse("notify:read_all")),
                     client.get(reverse("notify:rule_edit", args=[RULE]))):
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    mine.refresh_from_db()
    assert mine.read_at is None


@pytest.mark.parametrize(("name", "allowed"), [
    ("staff", False), ("street", False), ("district", True), ("city", True), ("sys", False)])
def test_the_rules_page_is_for_the_city_admin_and_district_reviewers(client, who, name, allowed):
    response = signed_in(client, who[name]).get(reverse("notify:rules"))
    assert response.status_code == (200 if allowed else 403)
    edit = client.get(reverse("notify:rule_edit", args=[RULE]))
    assert edit.status_code == (200 if allowed else 403)


@pytest.mark.parametrize(("name", "allowed"), [
    ("staff", False), ("street", False), ("district", False), ("city", False), ("sys", True)])
def test_the_send_log_is_for_the_system_administrator(client, who, name, allowed):
    SendLog.objects.create(channel="email", rule=RULE, outcome=SendOutcome.SENT, detail="<wuse-1@wuse>")
    response = signed_in(client, who[name]).get(reverse("notify:log"))
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert "&lt;wuse-1@wuse&gt;" in response.content.decode()


def test_nav_lists_the_rules_and_the_log_only_to_whom_may_open_them(client, who):
    page = signed_in(client, who["staff"]).get(reverse("notify:list")).content.decode()
    assert reverse("notify:rules") not in page and reverse("notify:log") not in page
    page = signed_in(client, who["city"]).get(reverse("notify:list")).content.decode()
    assert reverse("notify:rules") in page and reverse("notify:log") not in page
    page = signed_in(client, who["sys"]).get(reverse("notify:list")).content.decode()
    assert reverse("notify:log") in page and reverse("notify:rules") not in page


# ------------------------------------------------------------------------------------- notification centre

def test_the_list_shows_only_the_users_own_notifications_newest_first_unread_highlighted(client, who):
    old = note(who["staff"], title="旧的", read=True)
    new = note(who["staff"], title="新的")
    note(who["street"], title="别人的")
    response = signed_in(client, who["staff"]).get(reverse("notify:list"))
    lines = response.context["page"].lines
    assert [line.note.pk for line in lines] == [new.pk, old.pk]
    assert [line.unread for line in lines] == [True, False]
    html = response.content.decode()
    assert "别人的" not in html and html.count('class="wuse-unread"') == 1
    assert reverse("notify:open", args=[new.pk]) in html


def test_the_unread_filter(client, who):
    note(who["staff"], title="已读", read=True)
    note(who["staff"], title="未读")
    response = signed_in(client, who["staff"]).get(reverse("notify:list"), {"show": "unread"})
    assert [line.note.title for line in response.context["page"].lines] == ["需求未分派: 未读"]
    response = client.get(reverse("notify:list"), {"show": "<script>"})  # junk: all of them
    assert len(response.context["page"].lines) == 2


def test_the_list_is_paginated(client, who):
    for i in range(25):
        note(who["staff"], title=f"第{i}条")
    response = signed_in(client, who["staff"]).get(reverse("notify:list"))
    assert len(response.context["page"].lines) == 20
    assert len(client.get(reverse("notify:list"), {"page": "2"}).context["page"].lines) == 5
    assert len(client.get(reverse("notify:list"), {"page": "x"}).context["page"].lines) == 20


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, who):
    mine = note(who["staff"], url="/needs/42/")
    response = signed_in(client, who["staff"]).get(reverse("notify:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/needs/42/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert AuditEntry.objects.filter(action="notify.read", object_id=str(mine.pk)).count() == 1
    client.get(reverse("notify:open", args=[mine.pk]))  # again: still goes there, no second audit row
    assert AuditEntry.objects.filter(action="notify.read", object_id=str(mine.pk)).count() == 1


def test_another_users_notification_is_a_404_and_stays_unread(client, who):
    theirs = note(who["street"])
    response = signed_in(client, who["staff"]).get(reverse("notify:open", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(reverse("notify:open", args=[999_999])).status_code == 404


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
                                 "needs/1/", "", "/needs/1/\r\nSet-Cookie: x=1"])
def test_an_unsafe_link_is_refused(client, who, url):
    mine = note(who["staff"], url=url)
    response = signed_in(client, who["staff"]).get(reverse("notify:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("notify:list")
    mine.refresh_from_db()
    assert mine.read_at is not None  # opened, so read: only the redirect is refused


def test_mark_all_read_reads_only_the_users_own(client, who):
    note(who["staff"])
    note(who["staff"])
    theirs = note(who["street"])
    signed_in(client, who["staff"])
    assert client.get(reverse("notify:read_all")).status_code == 405  # a change: POST only
    response = client.post(reverse("notify:read_all"))
    assert response.status_code == 302 and response["Location"] == reverse("notify:list")
    assert not Notification.objects.filter(user=who["staff"], read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert AuditEntry.objects.get(action="notify.read_all").detail == {"notifications": 2}


def _badge(client) -> str | None:
    html = client.get(reverse("core:home")).content.decode()
    marker = 'data-testid="notify-badge">'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split("<", 1)[0]


def test_the_header_badge_counts_the_unread_and_follows_reading(client, who):
    first = note(who["staff"])
    note(who["staff"])
    note(who["street"])
    signed_in(client, who["staff"])
    assert 'data-testid="notify-bell"' in client.get(reverse("core:home")).content.decode()
    assert _badge(client) == "2"
    client.get(reverse("notify:open", args=[first.pk]))
    assert _badge(client) == "1"
    client.post(reverse("notify:read_all"))
    assert _badge(client) is None
    note(who["staff"])
    unread.forget([who["staff"].pk])  # what sending does after it adds notifications
    assert _badge(client) == "1"


def test_the_badge_caps_at_99(client, who):
    for _ in range(100):
        note(who["staff"])
    assert _badge(signed_in(client, who["staff"])) == "99+"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_list_costs_the_same_queries_for_1_and_50_notifications(client, who):
    note(who["staff"])
    signed_in(client, who["staff"])
    client.get(reverse("notify:list"))  # warm the session and the menu
    one = _queries(client, reverse("notify:list"))
    for _ in range(49):
        note(who["staff"], level=1, unit=S11)
    cache.clear()
    client.get(reverse("notify:list"))
    assert _queries(client, reverse("notify:list")) == one


def test_the_log_costs_the_same_queries_for_1_and_50_rows(client, who):
    def row():
        reminder = note(who["staff"]).reminder
        SendLog.objects.create(channel="email", rule=RULE, reminder=reminder, user=who["staff"],
                               outcome=SendOutcome.SENT, detail="ok")
    row()
    signed_in(client, who["sys"])
    client.get(reverse("notify:log"))
    one = _queries(client, reverse("notify:log"))
    for _ in range(49):
        row()
    assert _queries(client, reverse("notify:log")) == one


def test_the_log_filters_by_outcome_and_channel_and_pages(client, who):
    for i in range(22):
        SendLog.objects.create(channel="email", rule=RULE, outcome=SendOutcome.SENT, detail=f"sent {i}")
    SendLog.objects.create(channel="email", rule=RULE, outcome=SendOutcome.FAILED, detail="SMTPException: boom")
    SendLog.objects.create(channel="-", rule="gone.rule", outcome=SendOutcome.SKIPPED, detail="the item was deleted")
    signed_in(client, who["sys"])
    page = client.get(reverse("notify:log")).context["page"]
    assert len(page.lines) == 20 and page.has_next
    failed = client.get(reverse("notify:log"), {"outcome": "failed"}).context["page"].lines
    assert [row.detail for row, _rule in failed] == ["SMTPException: boom"]
    skipped = client.get(reverse("notify:log"), {"channel": "-"}).context["page"].lines
    assert [(row.detail, rule) for row, rule in skipped] == [("the item was deleted", "gone.rule")]
    junk = client.get(reverse("notify:log"), {"outcome": "x" * 5000, "channel": "'; drop"})
    assert junk.status_code == 200 and len(junk.context["page"].lines) == 20


# ------------------------------------------------------------------------------------------------ preferences

def test_preferences_save_every_rule_and_are_shown_again(client, who):
    from wuse.notify.models import Preference
    from wuse.notify.rules import rules

    signed_in(client, who["staff"])
    page = client.get(reverse("notify:preferences"))
    assert page.status_code == 200 and "needs.untriaged" in page.content.decode()
    data = {}
    for rule in rules():
        data[f"in_app__{rule.key}"] = "on"
        data[f"email__{rule.key}"] = "now"
    data[f"email__{RULE}"] = "digest"
    data.pop(f"in_app__{RULE}")
    response = client.post(reverse("notify:preferences"), data)
    assert response.status_code == 302
    saved = Preference.objects.get(user=who["staff"], kind=RULE)
    assert (saved.in_app, saved.email) == (False, "digest")
    assert Preference.objects.filter(user=who["staff"]).count() == len(rules())
    assert AuditEntry.objects.filter(action="notify.preferences").count() == 1
    form = client.get(reverse("notify:preferences")).context["form"]
    assert form[f"email__{RULE}"].value() == "digest" and form[f"in_app__{RULE}"].value() is False


# ---------------------------------------------------------------------------------------------- rule settings

def _setting(**values) -> dict:
    data = {"enabled": "on", "days": "3", "escalate_street": "3", "escalate_district": "7"}
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def test_the_rules_page_shows_defaults_and_which_setting_applies(client, who):
    response = signed_in(client, who["city"]).get(reverse("notify:rules"))
    line = next(x for _g, lines in response.context["groups"] for x in lines if x.rule.key == RULE)
    assert (line.default.days, line.in_force.days) == (3, 3)
    assert line.source == "default"
    RuleSetting.objects.create(rule=RULE, region_id=CITY, days=5, escalate_street=4, escalate_district=8)
    RuleSetting.objects.create(rule=RULE, region_id=D1, days=2, escalate_street=2, escalate_district=5)
    response = client.get(reverse("notify:rules"))
    line = next(x for _g, lines in response.context["groups"] for x in lines if x.rule.key == RULE)
    assert (line.in_force.days, line.source) == (5, "top")
    response = signed_in(client, who["district"]).get(reverse("notify:rules"))
    line = next(x for _g, lines in response.context["groups"] for x in lines if x.rule.key == RULE)
    assert (line.installation.days, line.in_force.days, line.source) == (5, 2, "district")
    response = signed_in(client, who["district2"]).get(reverse("notify:rules"))
    line = next(x for _g, lines in response.context["groups"] for x in lines if x.rule.key == RULE)
    assert (line.in_force.days, line.source) == (5, "top")


def test_the_city_admin_edits_the_installations_row(client, who):
    signed_in(client, who["city"])
    url = reverse("notify:rule_edit", args=[RULE])
    assert client.get(url).context["form"]["days"].value() == 3
    response = client.post(url, _setting(days="5", escalate_street="4", escalate_district=""))
    assert response.status_code == 302
    row = RuleSetting.objects.get(rule=RULE)
    assert (row.region_id, row.days, row.escalate_street, row.escalate_district, row.updated_by) == (
        CITY, 5, 4, None, who["city"])
    entry = AuditEntry.objects.get(action="notify.rule_setting")
    assert entry.detail["days"] == 5 and entry.object_id == str(row.pk)
    response = client.post(url, _setting(enabled=None))  # switched off for the installation: allowed
    assert response.status_code == 302 and not RuleSetting.objects.get(rule=RULE).enabled


def test_a_district_reviewer_may_tighten_their_own_district(client, who):
    RuleSetting.objects.create(rule=RULE, region_id=CITY, days=5, escalate_street=4, escalate_district=8)
    signed_in(client, who["district"])
    url = reverse("notify:rule_edit", args=[RULE])
    response = client.post(url, _setting(days="2", escalate_street="1", escalate_district="8"))
    assert response.status_code == 302
    row = RuleSetting.objects.get(rule=RULE, region_id=D1)
    assert (row.days, row.escalate_street, row.escalate_district) == (2, 1, 8)
    assert RuleSetting.objects.get(rule=RULE, region_id=CITY).days == 5  # the installation's untouched


@pytest.mark.parametrize(("values", "field"), [
    ({"days": "6"}, "days"),  # later than the installation's 5
    ({"enabled": None}, "enabled"),  # off where the installation has it on
    ({"escalate_street": "5"}, "escalate_street"),  # later than 4
    ({"escalate_district": ""}, "escalate_district"),  # never, where the installation escalates
    ({"escalate_district": "9"}, "escalate_district"),
])
def test_a_district_reviewer_may_not_loosen(client, who, values, field):
    RuleSetting.objects.create(rule=RULE, region_id=CITY, days=5, escalate_street=4, escalate_district=8)
    signed_in(client, who["district"])
    data = _setting(days="5", escalate_street="4", escalate_district="8")
    data.update(values)
    response = client.post(reverse("notify:rule_edit", args=[RULE]), {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not RuleSetting.objects.filter(region_id=D1).exists()


def test_a_district_may_switch_on_a_rule_the_installation_has_off(client, who):
    RuleSetting.objects.create(rule=RULE, region_id=CITY, enabled=False, days=5, escalate_street=4,
                               escalate_district=8)
    signed_in(client, who["district"])
    response = client.post(reverse("notify:rule_edit", args=[RULE]), _setting(days="5", escalate_street="4",
                                                                              escalate_district="8"))
    assert response.status_code == 302 and RuleSetting.objects.get(region_id=D1).enabled


def test_a_district_reviewer_edits_only_their_own_district(client, who):
    signed_in(client, who["district"])
    url = reverse("notify:rule_edit", args=[RULE])
    assert client.get(url, {"unit": D2}).status_code == 403
    assert client.post(f"{url}?unit={D2}", _setting(days="1")).status_code == 403
    assert client.post(f"{url}?unit={CITY}", _setting(days="1")).status_code == 403
    assert not RuleSetting.objects.exists()


def test_the_service_refuses_a_district_the_user_does_not_hold(who):
    from django.core.exceptions import PermissionDenied

    from wuse.core.errors import DomainError
    from wuse.notify.services import save_setting

    with pytest.raises(PermissionDenied):
        save_setting(who["district"], RULE, D2, True, 1, 1, 1)
    with pytest.raises(PermissionDenied):
        save_setting(who["district"], RULE, CITY, True, 1, 1, 1)
    with pytest.raises(DomainError):
        save_setting(who["district"], RULE, S11, True, 1, 1, 1)  # a street keeps no setting
    with pytest.raises(DomainError):
        save_setting(who["district"], "no.such.rule", D1, True, 1, 1, 1)
    with pytest.raises(PermissionDenied):
        save_setting(who["street"], RULE, D1, True, 1, 1, 1)
    assert not RuleSetting.objects.exists()


def test_an_unknown_rule_is_a_404(client, who):
    assert signed_in(client, who["city"]).get(reverse("notify:rule_edit", args=["no.such"])).status_code == 404


# ------------------------------------------------------------------------------------------------- the chain

CHAIN = Template("{% load notify_tags %}{% reminder_chain path %}")


def test_the_chain_lists_the_reminders_of_a_page_in_one_query(who, in_chinese):
    from tests.helpers import C111

    Reminder.objects.create(rule=RULE, object_id="7", due_on=DAY, level=2, unit_id=D1, title="t", url="/needs/7/",
                            status=ReminderStatus.SENT)
    Reminder.objects.create(rule=RULE, object_id="7", due_on=DAY, level=0, unit_id=C111, title="t",
                            url="/needs/7/", status=ReminderStatus.SENT)
    Reminder.objects.create(rule=RULE, object_id="7", due_on=DAY, level=1, unit_id=S11, title="t", url="/needs/7/")
    Reminder.objects.create(rule=RULE, object_id="8", due_on=DAY, level=0, unit_id=C111, title="t", url="/needs/8/")
    with CaptureQueriesContext(connection) as captured:
        html = CHAIN.render(Context({"path": "/needs/7/"}))
    assert len(captured) == 1
    assert html.count('data-testid="reminder-chain-row"') == 3
    units = [html.index(name) for name in ("社区410101001001", "街道410101001<", "区410101<")]
    assert units == sorted(units)  # by level: the unit, the street, the district
    assert CHAIN.render(Context({"path": "/needs/9/"})).strip() == ""


def test_for_a_heads_up_a_district_may_only_warn_earlier(who):
    from django.core.exceptions import ValidationError

    from wuse.notify.rules import rules
    from wuse.notify.services import save_setting

    heads_up = next(rule for rule in rules() if rule.before)  # e.g. a milestone coming up
    save_setting(who["city"], heads_up.key, CITY, True, 5)
    with pytest.raises(ValidationError) as refused:
        save_setting(who["district"], heads_up.key, D1, True, 4)  # a day later than the installation: looser
    assert "days" in refused.value.message_dict
    row = save_setting(who["district"], heads_up.key, D1, True, 8)  # earlier: stricter
    assert (row.region_id, row.days, row.escalate_street, row.escalate_district) == (D1, 8, None, None)
    with pytest.raises(ValidationError) as refused:
        save_setting(who["city"], heads_up.key, CITY, True, 5, escalate_street=2)  # a heads-up never escalates
    assert "escalate_street" in refused.value.message_dict
