"""Volunteers, volunteer teams, service records and certificates (民政部令第67号).

A service entry is recorded, then verified by someone other than its recorder; only verified hours
count, earn time-bank hours or points (``wuse.ledger``) and appear on a certificate. Corrections of a
verified entry are a new entry and a rejection, never an edit.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.core.models import CodeTable
from wuse.regions.models import Region
from wuse.registry.organizations.models import Organization
from wuse.registry.people.models import Person


class Skill(CodeTable):
    """A skill a volunteer offers (data, not code)."""

    class Meta(CodeTable.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class Availability(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday", _("Weekday daytime")
    WEEKDAY_EVENING = "evening", _("Weekday evenings")
    WEEKEND = "weekend", _("Weekends")
    ANYTIME = "anytime", _("Any time")


class Volunteer(models.Model):
    ACCESS_KEY = "volunteer"
    ACCESS_REGION_FIELD = "region"

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="volunteer",
                                  verbose_name=_("person"))
    # The registering community (copied from the person when registered): it keeps the record.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("registering community"))
    number = models.CharField(_("volunteer no."), max_length=30, unique=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="+", verbose_name=_("skills"))
    availability = models.CharField(_("availability"), max_length=10, choices=Availability.choices,
                                    default=Availability.WEEKEND)
    registered_on = models.DateField(_("registered"), default=timezone.localdate)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["region", "number"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        indexes = [models.Index(fields=["region", "active", "number"], name="volunteer_region_idx")]

    def __str__(self) -> str:
        return self.number


class VolunteerTeam(models.Model):
    ACCESS_KEY = "volunteer_team"
    ACCESS_REGION_FIELD = "region"

    name = models.CharField(_("team name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("hosting unit"))
    # A team filed as a 社区社会组织 (or run by one) holds points through that organization's account.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="volunteer_teams", verbose_name=_("organization"))
    leader = models.ForeignKey(Volunteer, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("team leader"))
    description = models.TextField(_("description"), max_length=2000, blank=True)
    members = models.ManyToManyField(Volunteer, through="TeamMembership", related_name="teams",
                                     verbose_name=_("members"))
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(VolunteerTeam, on_delete=models.CASCADE, related_name="memberships")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="team_memberships")
    joined_on = models.DateField(_("joined"), default=timezone.localdate)
    left_on = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [models.UniqueConstraint(fields=["team", "volunteer"], name="team_member_unique")]

    def __str__(self) -> str:
        return f"{self.team_id}: {self.volunteer_id}"


class EntryStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded, awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class ServiceEntry(models.Model):
    """One service by one volunteer: when, how long, what, for whom it was organized, who verified it."""

    ACCESS_KEY = "service_entry"
    # The community where the service was given; its staff verify it.
    ACCESS_REGION_FIELD = "region"

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="service_entries",
                                  verbose_name=_("volunteer"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    team = models.ForeignKey(VolunteerTeam, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("team"))
    started_at = models.DateTimeField(_("start"))
    ended_at = models.DateTimeField(_("end"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    content = models.CharField(_("service content"), max_length=200)
    organizer = models.CharField(_("organizer"), max_length=100)
    # What the service was part of, when it was part of something (a project, an activity): "app.model:id".
    ref = models.CharField(max_length=60, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.RECORDED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("verified by"))
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason for rejection"), max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("service entry")
        verbose_name_plural = _("service entries")
        indexes = [
            models.Index(fields=["volunteer", "started_at"], name="service_volunteer_start_idx"),
            models.Index(fields=["region", "status", "started_at"], name="service_region_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(ended_at__gt=models.F("started_at")),
                                   name="service_ends_after_start"),
            models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=24), name="service_hours_range"),
            models.CheckConstraint(condition=~models.Q(status="verified") | ~models.Q(verified_by=None),
                                   name="service_verified_has_verifier"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.started_at:%Y-%m-%d} {self.hours}h"


class RecordNoteKind(models.TextChoices):
    TRAINING = "training", _("Training")
    AWARD = "award", _("Commendation or award")
    EVALUATION = "evaluation", _("Evaluation")


class RecordNote(models.Model):
    """The other parts of a volunteer record: training, commendations and evaluations."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="record_notes")
    kind = models.CharField(_("kind"), max_length=20, choices=RecordNoteKind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("given by"), max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("record note")
        verbose_name_plural = _("record notes")

    def __str__(self) -> str:
        return self.title


class Certificate(models.Model):
    """志愿服务记录证明: issued by the unit keeping the record, from verified, publicised hours."""

    ACCESS_KEY = "volunteer_certificate"
    ACCESS_REGION_FIELD = "region"

    number = models.CharField(_("certificate no."), max_length=40, unique=True)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="certificates")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing unit"))
    period_start = models.DateField(_("service from"))
    period_end = models.DateField(_("service to"))
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    entries = models.PositiveIntegerField(_("services"))
    content = models.TextField(_("service content"), max_length=2000)
    issuer = models.CharField(_("issuer"), max_length=100)
    person_in_charge = models.CharField(_("person in charge"), max_length=50)
    contact = models.CharField(_("contact"), max_length=50)
    issued_on = models.DateField(_("issued"), default=timezone.localdate)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("volunteer service certificate")
        verbose_name_plural = _("volunteer service certificates")

    def __str__(self) -> str:
        return self.number
