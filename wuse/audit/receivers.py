"""Sign-in events come from Django and django-axes as signals: record them in the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import Outcome
from .services import audit_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(action="auth.login", target=None, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="auth.logout", target=None, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The username only; never the password (credentials are already cleansed by Django).
    audit_record(action="auth.login_failed", target=None, outcome=Outcome.FAILED,
                 detail={"username": str(credentials.get("username", ""))[:150]})


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit_record(action="auth.locked_out", target=None, outcome=Outcome.DENIED,
                 detail={"username": str(username or "")[:150]})
