import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .otp import needs_otp

_LOGIN_AT = "wuse_login_at"
_SEEN_AT = "wuse_seen_at"


def mark_session_start(request) -> None:
    """Start the absolute session clock (called at sign-in)."""
    request.session[_LOGIN_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """The session's two clocks. Absolute: sessions older than SESSION_ABSOLUTE_SECONDS end even when active.
    Idle: the session (and its expiry, SESSION_COOKIE_AGE) is saved again only when the last save is older
    than SESSION_REFRESH_SECONDS — not on every request, which would be a database write per page — so a
    session ends after between (idle − refresh) and idle seconds without a request. The idle clock is checked
    here too, from the time kept in the session, whatever the session store does with its own expiry (the
    cache in front of the database keeps a session until its own timeout)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(_LOGIN_AT, now)
            idle = now - request.session.get(_SEEN_AT, started)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS or idle > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
                return redirect(settings.LOGIN_URL)
            if now - request.session.get(_SEEN_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[_SEEN_AT] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)


class RequireOTPMiddleware:
    """Sends accounts that need a second factor to the OTP page until they have passed it."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/public/", "/surveys/p/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.WUSE_REQUIRE_OTP
            and user.is_authenticated
            and not user.is_verified()
            and needs_otp(user)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            return redirect(f"{reverse('accounts:otp')}?next={request.get_full_path()}")
        return self.get_response(request)
