import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.helpers import C111, CITY, PASSWORD, make_user
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry, Outcome

LOGIN = "/accounts/login/"


@pytest.fixture
def staff(tree):
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


def login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.django_db
def test_it_signs_in_rotates_the_session_and_audits_it(client, staff):
    client.get(LOGIN)
    before = client.session.session_key
    response = login(client, "staff", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session.session_key != before
    assert AuditEntry.objects.filter(action="auth.login", user=staff, outcome=Outcome.SUCCESS).exists()


@pytest.mark.django_db
def test_logout_ends_the_session_for_good(client, staff):
    login(client, "staff", PASSWORD)
    key = client.session.session_key
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_five_failures_lock_the_account_for_thirty_minutes_and_the_lock_is_audited(client, staff):
    for _ in range(4):
        response = login(client, "staff", "wrong-password")
        assert response.status_code == 200
        assert response.context["form"].errors
    response = login(client, "staff", "wrong-password")
    assert response.status_code == 429
    assert "30" in response.content.decode()
    # The right password during the lock is refused too.
    assert login(client, "staff", PASSWORD).status_code == 429
    assert AuditEntry.objects.filter(action="auth.locked_out", outcome=Outcome.DENIED).count() >= 1
    assert AuditEntry.objects.filter(action="auth.login_failed").count() >= 5
    assert not AuditEntry.objects.filter(detail__icontains="wrong-password").exists()
    # After the cool-off the right password works again.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        assert login(client, "staff", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_failed_sign_in_says_why_in_chinese(client, staff):
    with translation.override("zh-hans"):
        response = client.post(LOGIN, {"username": "staff", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = response.content.decode()
    assert "密码" in text and "锁定" in text


@pytest.mark.django_db
def test_an_idle_session_expires_after_thirty_minutes(client, staff):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, "staff", PASSWORD)
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=29 + 31), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and LOGIN in response["Location"]


@pytest.mark.django_db
def test_the_idle_clock_is_refreshed_at_most_once_a_minute_not_by_a_write_per_request(client, staff, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SESSION_REFRESH_SECONDS = 60
    start = timezone.now()

    def session_writes() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return sum(1 for q in captured.captured_queries if q["sql"].startswith(("UPDATE \"django_session\"",
                                                                                  "INSERT INTO \"django_session\"")))

    with time_machine.travel(start, tick=False):
        login(client, "staff", PASSWORD)
        session_writes()
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        assert session_writes() == 0  # within the minute: no write
    with time_machine.travel(start + dt.timedelta(seconds=90), tick=False):
        assert session_writes() == 1  # the clock refreshed: the expiry moves on
    with time_machine.travel(start + dt.timedelta(seconds=90 + 29 * 60), tick=False):
        assert client.get("/").status_code == 200  # 29 idle minutes after the last refresh: still signed in
    with time_machine.travel(start + dt.timedelta(seconds=90 + 29 * 60 + 31 * 60), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and LOGIN in response["Location"]


@pytest.mark.django_db
def test_an_active_session_still_ends_after_eight_hours(client, staff):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, "staff", PASSWORD)
    for minutes in range(20, 8 * 60, 20):  # active every 20 minutes
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get("/").status_code == 200, minutes
    with time_machine.travel(start + dt.timedelta(hours=8, minutes=5), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and LOGIN in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "unit", "needs_otp"), [
    (Role.CITY_ADMIN, CITY, True),
    (Role.SYSTEM_ADMIN, CITY, True),
    (Role.AUDIT_ADMIN, CITY, True),
    (Role.SECURITY_ADMIN, CITY, True),
    (Role.COMMUNITY_STAFF, C111, False),
])
def test_second_factor_is_required_for_city_and_installation_accounts(client, tree, settings, role, unit,
                                                                      needs_otp):
    settings.WUSE_REQUIRE_OTP = True
    user = make_user("someone", role, unit)
    login(client, "someone", PASSWORD)
    response = client.get("/")
    if not needs_otp:
        assert response.status_code == 200
        return
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")
    # Enrolment page shows a QR code and key; a wrong code is refused; the right one lets the user in.
    page = client.get("/accounts/otp/?next=/")
    assert "<svg" in page.content.decode()
    assert client.post("/accounts/otp/", {"token": "000000", "next": "/"}).status_code == 200
    device = TOTPDevice.objects.get(user=user)
    # A failure throttles the device for a second or two (django-otp); try after that.
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):
        token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
        response = client.post("/accounts/otp/", {"token": token, "next": "/"})
        assert response.status_code == 302 and response["Location"] == "/"
        assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="auth.otp_verified", user=user).exists()
    assert AuditEntry.objects.filter(action="auth.otp_failed", user=user, outcome=Outcome.FAILED).exists()


@pytest.mark.django_db
def test_the_admin_site_needs_the_second_factor_too(client, tree, settings):
    settings.WUSE_REQUIRE_OTP = True
    make_user("staffer", is_staff=True)
    login(client, "staffer", PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")


@pytest.mark.django_db
def test_the_demo_login_page_says_the_second_factor_is_off(client, settings):
    settings.WUSE_REQUIRE_OTP = False
    assert b'data-testid="otp-off"' in client.get(LOGIN).content
    settings.WUSE_REQUIRE_OTP = True
    assert b'data-testid="otp-off"' not in client.get(LOGIN).content


@pytest.mark.django_db
def test_the_otp_page_refuses_an_offsite_next(client, tree, settings):
    settings.WUSE_REQUIRE_OTP = True
    user = make_user("cityadmin", Role.CITY_ADMIN, CITY)
    login(client, "cityadmin", PASSWORD)
    client.get("/accounts/otp/")
    device = TOTPDevice.objects.get(user=user)
    token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post("/accounts/otp/", {"token": token, "next": "https://evil.example/"})
    assert response["Location"] == "/"
