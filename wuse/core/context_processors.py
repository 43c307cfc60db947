from django.conf import settings

from .shell import nav_for, units_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    items = nav_for(user)
    more = [item for item in items if item.more]
    match = getattr(request, "resolver_match", None)
    return {
        "nav_items": items,
        "nav_more": more,
        "nav_more_active": bool(match) and any(item.key == match.view_name for item in more),
        "my_memberships": units_for(user),
        "demo_mode": settings.WUSE_DEMO,
        "otp_required": settings.WUSE_REQUIRE_OTP,
    }
