"""The public questionnaire: opened on a phone without an account, rate limited, no personal data, and
nothing about the staff behind it."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from needs.surveys import services
from needs.surveys.models import Response
from tests import test_surveys_support as support
from tests.helpers import C111, C112, S11
from tests.test_surveys_support import ids, make_campaign
from wuse.audit.models import AuditEntry

# Fixtures shared with the other survey tests.
people, fresh_cache = support.people, support.fresh_cache


def url(campaign) -> str:
    return f"/surveys/p/{campaign.public_token}/"


def form_data(client, campaign, **override) -> dict:
    """What a resident's phone posts: the page's nonce and a valid answer to every question."""
    page = client.get(url(campaign))
    assert page.status_code == 200
    nonce = re.search(r'name="nonce" value="([^"]+)"', page.content.decode()).group(1)
    q1, q2, q3, q4 = ids(campaign)
    data = {"nonce": nonce, f"q{q1}": "托育服务", f"q{q2}": ["工作日晚上", "周末"], f"q{q3}": "4",
            f"q{q4}": "希望小区里多一些座椅"}
    data.update(override)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_a_resident_answers_without_an_account_and_sees_no_staff_data(people, client):
    campaign = make_campaign(people["staff"], C111, title="上保社区2026年需求调研")
    page = client.get(url(campaign))
    html = page.content.decode()
    assert page.status_code == 200
    assert "上保社区2026年需求调研" in html and "您最需要哪项服务" in html
    for staff_data in ("staff", "staff@example.test", "/surveys/", "/needs/", "/audit/", 'name="unit"'):
        assert staff_data not in html.replace(url(campaign), ""), staff_data
    assert page["Cache-Control"] == "no-store"
    response = client.post(url(campaign), form_data(client, campaign))
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "上保社区2026年需求调研" in thanks.content.decode()
    saved = Response.objects.get()
    assert (saved.channel, saved.entered_by, saved.region_id) == ("public", None, C111)
    assert [a.value for a in saved.answers.order_by("question__position")] == [
        "托育服务", ["工作日晚上", "周末"], 4, "希望小区里多一些座椅"]
    assert AuditEntry.objects.filter(action="survey.respond", user__isnull=True, ip="127.0.0.1").count() == 1


@pytest.mark.django_db
def test_a_failed_submit_keeps_everything_the_resident_entered(people, client):
    campaign = make_campaign(people["staff"], C111)
    q1, _q2, q3, q4 = ids(campaign)
    data = form_data(client, campaign, **{f"q{q1}": None, f"q{q4}": "路灯<不亮>了 🌙"})
    page = client.post(url(campaign), data)
    html = page.content.decode()
    assert page.status_code == 400
    assert f'data-testid="error-{q1}"' in html
    assert f'value="4" class="btn-check" id="id_q{q3}_3" checked' in html
    assert f'value="周末" class="form-check-input" id="id_q{ids(campaign)[1]}_2" checked' in html
    assert "路灯&lt;不亮&gt;了 🌙" in html and "<不亮>" not in html
    assert Response.objects.count() == 0
    assert client.post(url(campaign), {**data, f"q{q1}": "老年食堂"}).status_code == 302  # same nonce, now valid


@pytest.mark.django_db
def test_a_double_tapped_submit_is_saved_once(people, client):
    campaign = make_campaign(people["staff"], C111)
    data = form_data(client, campaign)
    assert client.post(url(campaign), data).status_code == 302
    assert client.post(url(campaign), data).status_code == 302
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_the_n_plus_first_submission_from_one_address_is_refused(people, client, settings):
    settings.SURVEY_PUBLIC_LIMIT_PER_HOUR = 3
    campaign = make_campaign(people["staff"], C111)
    other = make_campaign(people["staff"], C111, title="另一个调研")
    for _ in range(3):
        assert client.post(url(campaign), form_data(client, campaign)).status_code == 302
    refused = client.post(url(campaign), form_data(client, campaign))
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "希望小区里多一些座椅" in refused.content.decode()  # the answers are still on the page
    assert Response.objects.filter(campaign=campaign).count() == 3
    assert client.post(url(other), form_data(client, other)).status_code == 302  # per campaign
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert elsewhere.post(url(campaign), form_data(elsewhere, campaign)).status_code == 302  # per address
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1, minutes=1)):
        assert client.post(url(campaign), form_data(client, campaign)).status_code == 302  # the hour has passed
    assert Response.objects.filter(campaign=campaign).count() == 5


@pytest.mark.django_db
def test_csrf_protection_stays_on_for_the_public_form(people):
    campaign = make_campaign(people["staff"], C111)
    strict = Client(enforce_csrf_checks=True)
    data = form_data(strict, campaign)
    assert strict.post(url(campaign), data).status_code == 403
    data["csrfmiddlewaretoken"] = strict.cookies["csrftoken"].value
    assert strict.post(url(campaign), data).status_code == 302


@pytest.mark.django_db
def test_unknown_draft_closed_expired_and_future_surveys_say_so(people, client):
    staff = people["staff"]
    assert client.get("/surveys/p/nosuchtoken123/").status_code == 404
    assert client.get("/surveys/p/../").status_code == 404
    draft = make_campaign(staff, C111, open_it=False)
    assert client.get(url(draft)).status_code == 404
    future = make_campaign(staff, C111, starts_on=timezone.localdate() + dt.timedelta(days=2))
    page = client.get(url(future))
    assert page.status_code == 200 and future.starts_on.isoformat() in page.content.decode()
    assert 'data-testid="public-form"' not in page.content.decode()
    closed = make_campaign(staff, C111)
    data = form_data(client, closed)
    services.campaign_transition(user=staff, campaign=closed, name="close")
    assert client.get(url(closed)).status_code == 410
    late = client.post(url(closed), data)  # ended while the resident was answering: nothing typed is lost
    assert late.status_code == 410 and "希望小区里多一些座椅" in late.content.decode()
    assert 'type="submit"' not in late.content.decode()
    expiring = make_campaign(staff, C111, days=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        page = client.get(url(expiring))
        assert page.status_code == 410 and expiring.ends_on.isoformat() in page.content.decode()
    assert Response.objects.count() == 0


@pytest.mark.django_db
def test_a_street_survey_asks_which_community_but_nothing_personal(people, client):
    street = make_campaign(people["officer"], S11)
    html = client.get(url(street)).content.decode()
    assert 'name="unit"' in html and "社区410101001002" in html
    form = html.split("<form", 1)[1].split("</form>", 1)[0]
    labels = " ".join(re.findall(r"<label[^>]*>(.*?)</label>", form, flags=re.S))
    for personal in ("姓名", "电话", "身份证"):  # no question or field asks for it (the notice saying so may)
        assert personal not in labels, personal
    for field in ('name="phone"', 'name="name"', 'name="id_number"'):
        assert field not in form, field
    missing = client.post(url(street), form_data(client, street))
    assert missing.status_code == 400
    assert client.post(url(street), form_data(client, street, unit=C112)).status_code == 302
    assert client.post(url(street), form_data(client, street, unit=S11)).status_code == 302
    assert client.post(url(street), form_data(client, street, unit="410102001001")).status_code == 400
    assert sorted(Response.objects.values_list("region_id", flat=True)) == [S11, C112]
