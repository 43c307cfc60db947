"""The project book's fixed vocabularies: how a project is published, its focus area, its linkage mode, and the
kinds of its budget lines, funding sources, indicators, co-design records and participants."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Vehicle(models.TextChoices):
    """How the project is published (every vehicle but direct commission has its own sub-app and process under
    projects/: venture, cobuild, micro, calls)."""

    DIRECT = "direct", _("Direct commission")
    VENTURE = "venture", _("Venture philanthropy (公益创投)")
    CO_BUILD = "co_build", _("Co-building list (联建共建)")
    MICRO = "micro", _("Micro livelihood project (民生微实事)")
    OPEN_CALL = "open_call", _("Open call (揭榜挂帅)")


class FocusArea(models.TextChoices):
    ELDERLY_CHILDREN = "elderly_children", _("The elderly and children (一老一小)")
    DISABLED_HARDSHIP = "disabled_hardship", _("The disabled and hardship households (一残一困)")
    PROPERTY_TRILATERAL = "property_trilateral", _("Property, residents and owners together (物居业三方协同)")
    RENEWAL = "renewal", _("Community renewal (社区更新改造)")
    OTHER = "other", _("Other")


class LinkageMode(models.TextChoices):
    SW_ORGS = "sw_orgs", _("Social workers + community social organizations")
    SW_VOLUNTEERS = "sw_volunteers", _("Social workers + community volunteers")
    SW_RESIDENTS = "sw_residents", _("Social workers + residents")


class BudgetKind(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")
    ACTIVITIES = "activities", _("Activities")
    MATERIALS = "materials", _("Materials")
    MANAGEMENT = "management", _("Management fee")
    OTHER = "other", _("Other")


class FundingSource(models.TextChoices):
    PUBLIC = "public", _("Public funds (财政)")
    VENTURE = "venture", _("Venture philanthropy funds (公益创投)")
    CHARITY = "charity", _("Charitable resources (慈善资源)")
    CO_BUILD = "co_build", _("Co-building units (联建单位)")
    SELF = "self", _("Self-raised (自筹)")


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("Output indicator")
    OUTCOME = "outcome", _("Outcome indicator")


class CoDesignKind(models.TextChoices):
    MEETING = "meeting", _("Resident meeting")
    COMMENTS = "comments", _("Comment round")
    SIGN_OFF = "sign_off", _("Sign-off list")


class ParticipantKind(models.TextChoices):
    ORGANIZATION = "organization", _("Social organization")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    VOLUNTEER_TEAM = "volunteer_team", _("Volunteer team")
    DONOR = "donor", _("Charitable resource (donor)")
