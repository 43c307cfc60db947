from django.db import models
from django.utils.translation import gettext_lazy as _

from wuse.regions.levels import Level


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", _("City civil-affairs admin")
    DISTRICT_REVIEWER = "district_reviewer", _("District civil-affairs reviewer")
    STREET_OFFICER = "street_officer", _("Street officer")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    ORG_MEMBER = "org_member", _("Organization member")
    EVALUATOR = "evaluator", _("Third-party evaluator")
    VOLUNTEER = "volunteer", _("Volunteer")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")


# The level a membership of each government role must sit at; other roles may sit anywhere.
ROLE_LEVEL = {
    Role.CITY_ADMIN: Level.CITY,
    Role.DISTRICT_REVIEWER: Level.DISTRICT,
    Role.STREET_OFFICER: Level.STREET,
    Role.COMMUNITY_STAFF: Level.COMMUNITY,
}

INSTALLATION_DUTIES = frozenset({Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN, Role.SECURITY_ADMIN})
# Roles that must pass a second factor (TOTP) when WUSE_REQUIRE_OTP is on.
OTP_ROLES = INSTALLATION_DUTIES | {Role.CITY_ADMIN}
