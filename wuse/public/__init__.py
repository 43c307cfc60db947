"""The mechanics every public page shares: pages residents open from a link or a QR code on their phone,
with no account (the needs surveys' questionnaire, the projects' satisfaction survey).

- ``ratelimit``: submissions per network address and hour, per kind of form (a *namespace*) and form; a
  double-tapped submit recognised by its nonce;
- ``qr``: the QR code of a link, as SVG (a file to print, or an element in a page);
- ``device``: "one response per device" — a long-lived random cookie, of which only a keyed hash is stored;
- ``pages``: the response headers of a public page (never cached, no referrer to other sites).

No step is named here: a step passes its own namespace (``"surveys"``, ``"satisfaction"``).
"""
