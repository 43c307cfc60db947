"""The unread count in the header: from the cache, counted again only after a change."""

from django.core.cache import cache

from .models import Notification

TTL = 600


def _key(user_id: int) -> str:
    return f"notify:unread:{user_id}"


def count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    key = _key(user.pk)
    value = cache.get(key)
    if value is None:
        value = Notification.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, value, TTL)
    return value


def forget(user_ids) -> None:
    keys = [_key(pk) for pk in user_ids]
    if keys:
        cache.delete_many(keys)
