"""A strict Content-Security-Policy on every response (Django 5.2 has none built in).

The pages load only their own static files (no CDN), so the policy allows ``'self'`` and nothing
inline: no ``<script>`` without ``src``, no ``on…=`` handler, no ``style="…"`` attribute or
``<style>`` element (classes live in ``static/wuse/wuse.css``, behaviour in ``static/wuse/wuse.js``;
JavaScript may still set ``element.style``). ``img-src`` also allows ``data:`` for Bootstrap's
built-in SVG icons (select arrows, check marks). ``tests/test_csp.py`` keeps templates free of inline
code, and the browser tests fail on any violation reported in the console.

The policy is the ``CONTENT_SECURITY_POLICY`` setting: ``{directive: [sources…]}`` (an empty list is a
directive without sources, such as ``upgrade-insecure-requests``); an empty setting sends no header.
A view that needs another policy sets the header itself: it is then left alone.
"""

from collections.abc import Mapping, Sequence

from django.conf import settings

HEADER = "Content-Security-Policy"


def policy_header(directives: Mapping[str, Sequence[str]]) -> str:
    """``{"default-src": ["'self'"], "upgrade-insecure-requests": []}`` → ``default-src 'self'; upgrade-…``."""
    parts = []
    for directive, sources in directives.items():
        if isinstance(sources, str):
            raise TypeError(f"CONTENT_SECURITY_POLICY[{directive!r}] must be a list of sources, not a string")
        parts.append(" ".join([directive, *sources]))
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    """Adds the ``Content-Security-Policy`` header to every response that does not carry one."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = policy_header(getattr(settings, "CONTENT_SECURITY_POLICY", None) or {})

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and HEADER not in response:
            response[HEADER] = self.header
        return response
