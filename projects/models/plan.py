"""The parts of the project book besides its own fields: budget lines, planned activities, indicators, the five
societies taking part, and the records of designing it with residents (co-design)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from needs.meetings.models import Meeting
from wuse.registry.charity.models import Donor
from wuse.registry.organizations.models import Organization, SocialWorker
from wuse.registry.volunteers.models import VolunteerTeam

from ..choices import BudgetKind, CoDesignKind, FundingSource, IndicatorKind, ParticipantKind
from .project import MONEY, Project

MAX_LINES = 50  # budget lines, activities and indicators per plan


class BudgetLine(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(_("budget item"), max_length=20, choices=BudgetKind.choices)
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(_("amount (yuan)"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    note = models.CharField(_("what it pays for"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="budgetline_not_negative")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class PlannedActivity(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="planned_activities")
    title = models.CharField(_("activity"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.CharField(_("content"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "starts_on", "position", "id"]
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")
        constraints = [models.CheckConstraint(
            condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
            name="plannedactivity_dates_order")]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(_("indicator type"), max_length=10, choices=IndicatorKind.choices)
    name = models.CharField(_("indicator"), max_length=100)
    target_value = models.DecimalField(_("target"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    unit = models.CharField(_("unit of measure"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "kind", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.CheckConstraint(condition=models.Q(target_value__gte=0), name="indicator_not_negative")]

    def __str__(self) -> str:
        return self.name


_PARTICIPANT_FIELDS = {ParticipantKind.ORGANIZATION: "organization", ParticipantKind.SOCIAL_WORKER: "social_worker",
                       ParticipantKind.VOLUNTEER_TEAM: "volunteer_team", ParticipantKind.DONOR: "donor"}


def _one_party() -> models.Q:
    """Exactly the foreign key of the participant's kind is set."""
    condition = models.Q(pk__in=[])
    for kind, name in _PARTICIPANT_FIELDS.items():
        fields = {f"{other}__isnull": other != name for other in _PARTICIPANT_FIELDS.values()}
        condition |= models.Q(kind=kind, **fields)
    return condition


class Participant(models.Model):
    """One of the five societies taking part: an organization, a social worker, a volunteer team or a donor
    from the registry (the community itself is the project's unit)."""

    FIELDS = _PARTICIPANT_FIELDS

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("society"), max_length=20, choices=ParticipantKind.choices)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("social organization"))
    social_worker = models.ForeignKey(SocialWorker, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("social worker"))
    volunteer_team = models.ForeignKey(VolunteerTeam, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("volunteer team"))
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("donor"))
    role = models.CharField(_("part in the project"), max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["project", "kind", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(condition=_one_party(), name="participant_one_party"),
            *(models.UniqueConstraint(fields=["project", name], condition=models.Q(**{f"{name}__isnull": False}),
                                      name=f"participant_once_{name}") for name in _PARTICIPANT_FIELDS.values()),
        ]

    def __str__(self) -> str:
        return str(self.party)

    @property
    def party(self):
        return getattr(self, self.FIELDS[self.kind])


class CoDesignRecord(models.Model):
    """Residents taking part in the needs analysis and the design (引导居民参与需求分析、项目设计)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="codesign_records")
    kind = models.CharField(_("how residents took part"), max_length=20, choices=CoDesignKind.choices)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("resident meeting"))
    held_on = models.DateField(_("date"))
    headcount = models.PositiveIntegerField(_("residents taking part"), null=True, blank=True,
                                            validators=[MinValueValidator(1), MaxValueValidator(100_000)])
    summary = models.TextField(_("what residents said and what changed"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["project", "held_on", "id"]
        verbose_name = _("co-design record")
        verbose_name_plural = _("co-design records")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind=CoDesignKind.MEETING, meeting__isnull=False)
                                   | (~models.Q(kind=CoDesignKind.MEETING) & models.Q(meeting__isnull=True)),
                                   name="codesign_meeting_kind"),
            models.CheckConstraint(condition=~models.Q(kind=CoDesignKind.SIGN_OFF) | models.Q(headcount__gte=1),
                                   name="codesign_signoff_headcount"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"
