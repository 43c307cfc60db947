"""The response headers of a public page (a form residents open from a link or a QR code), and its address."""

from django.conf import settings


def public_headers(response):
    """Never cached (a shared phone's back button shows no one else's answers) and no referrer to other sites.

    ``same-origin``, not ``no-referrer``: Chrome then posts ``Origin: null`` and the CSRF check refuses the form."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def public_link(request, path: str) -> str:
    """The address residents open (printed in a QR code). ``WUSE_PUBLIC_BASE_URL`` (e.g.
    https://wuse.example.gov.cn) sets it when staff reach the site through an internal address."""
    base = settings.WUSE_PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)
