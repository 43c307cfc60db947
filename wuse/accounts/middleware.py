import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .otp import needs_otp

_LOGIN_AT = "wuse_login_at"


def mark_session_start(request) -> None:
    """Start the absolute session clock (called at sign-in)."""
    request.session[_LOGIN_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """Ends sessions older than SESSION_ABSOLUTE_SECONDS even when active (idle expiry is the cookie age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(_LOGIN_AT, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
                return redirect(settings.LOGIN_URL)
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
