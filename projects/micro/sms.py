"""The edge that sends a voting code to a phone. The house has no SMS channel yet (``wuse.notify.channels`` ships
email only), so the code goes out through Django's email backend to ``<phone>@<settings.SMS_EMAIL_DOMAIN>``
(``WUSE_SMS_EMAIL_DOMAIN``): the console backend in development, the test outbox in tests, and an email-to-SMS
gateway where an office has one. A real SMS channel replaces ``send_code`` alone; nothing else knows how the code
travels. The number is not stored."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _


def address(phone: str) -> str:
    return f"{phone}@{settings.SMS_EMAIL_DOMAIN}"


def send_code(phone: str, code: str, round_title: str) -> None:
    body = _("Your code to vote in “%(round)s” is %(code)s. It is valid for 10 minutes. Do not share it.") % {
        "round": round_title, "code": code}
    send_mail(subject=_("Voting code"), message=body, from_email=None, recipient_list=[address(phone)],
              fail_silently=False)
