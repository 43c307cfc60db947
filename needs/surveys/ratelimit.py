"""How many questionnaires one network address may send to one survey per hour (public link only).

Counted in Django's cache (Redis in production), keyed by the campaign and a keyed hash of the
client address, so the cache never holds addresses in clear. Offices and mobile networks put many
people behind one address: the limit is a setting, ``SURVEY_PUBLIC_LIMIT_PER_HOUR`` (default 20).
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

WINDOW_SECONDS = 3600


def limit() -> int:
    return int(settings.SURVEY_PUBLIC_LIMIT_PER_HOUR)


def _key(campaign_id: int, ip: str | None) -> str:
    client = salted_hmac("wuse.surveys.ratelimit", ip or "unknown").hexdigest()[:32]
    return f"wuse:surveys:rate:{campaign_id}:{client}"


def exceeded(campaign_id: int, ip: str | None) -> bool:
    return (cache.get(_key(campaign_id, ip)) or 0) >= limit()


def count(campaign_id: int, ip: str | None) -> None:
    key = _key(campaign_id, ip)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)


def first_submission(campaign_id: int, nonce: str) -> bool:
    """True the first time a form's nonce is seen: a double-tapped submit is saved once."""
    return cache.add(f"wuse:surveys:nonce:{campaign_id}:{nonce[:64]}", 1, 6 * WINDOW_SECONDS)


def forget_submission(campaign_id: int, nonce: str) -> None:
    if nonce:
        cache.delete(f"wuse:surveys:nonce:{campaign_id}:{nonce[:64]}")
