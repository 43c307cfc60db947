from django.utils.functional import SimpleLazyObject

from . import unread


def notifications(request):
    """``notify_unread``: the header's unread count, read (from the cache) only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notify_unread": SimpleLazyObject(lambda: unread.count(user))}
