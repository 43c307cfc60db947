from django_otp.plugins.otp_totp.models import TOTPDevice

from wuse.access.api import membership_rows

from .roles import OTP_ROLES


def needs_otp(user) -> bool:
    """Staff of the admin site, the installation duties and city-level accounts need a second factor (the
    memberships are read once per request, shared with the access layer)."""
    if user.is_staff or user.is_superuser:
        return True
    return any(m.role in OTP_ROLES for m in membership_rows(user))


def device_for(user) -> TOTPDevice:
    """The user's TOTP device, created unconfirmed on first use so it can be enrolled."""
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device
