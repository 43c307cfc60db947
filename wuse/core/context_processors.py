from django.conf import settings

from .shell import nav_for, units_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "nav_items": nav_for(user),
        "my_memberships": units_for(user),
        "demo_mode": settings.WUSE_DEMO,
        "otp_required": settings.WUSE_REQUIRE_OTP,
    }
