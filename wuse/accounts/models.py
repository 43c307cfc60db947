from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuse.regions.models import Region

from .roles import ROLE_LEVEL, Role


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class Membership(models.Model):
    """A user holds a role at a unit; the role applies to the unit and everything below it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "region", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region}"

    def clean(self) -> None:
        level = ROLE_LEVEL.get(Role(self.role)) if self.role else None
        if level and self.region_id and self.region.level != level:
            raise ValidationError({"region": _("A %(role)s must be placed at a %(level)s unit.") % {
                "role": self.get_role_display(), "level": level.label}})
