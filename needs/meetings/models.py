"""Resident meetings (民意圆桌会 / 民生议事会 / 座谈会): who came, what was said and decided, and the
needs raised or discussed there."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from needs.models import Channel, Need
from wuse.core.models import Tracked
from wuse.regions.models import Region
from wuse.registry.societies import Society

MAX_RESIDENTS = 100_000
MAX_MINUTES = 20_000
MAX_DECISIONS = 5_000
MAX_REPRESENTATIVE_COUNT = 10_000
# A meeting may be entered ahead as planned, but not further ahead than this.
MAX_DAYS_AHEAD = 366
EARLIEST = dt.date(2000, 1, 1)


class MeetingKind(models.TextChoices):
    ROUNDTABLE = "roundtable", _("Public-opinion round table")
    COUNCIL = "council", _("Livelihood council")
    FORUM = "forum", _("Forum")


# The source channel of a need raised at a meeting of each kind.
CHANNEL_FOR_KIND = {
    MeetingKind.ROUNDTABLE: Channel.ROUNDTABLE,
    MeetingKind.COUNCIL: Channel.COUNCIL,
    MeetingKind.FORUM: Channel.FORUM,
}


class LinkRole(models.TextChoices):
    RAISED = "raised", _("Raised at the meeting")
    DISCUSSED = "discussed", _("Discussed at the meeting")


class MeetingQuerySet(models.QuerySet):
    def for_table(self) -> "MeetingQuerySet":
        # A correlated count, not a join + GROUP BY: evaluated for the page's rows only, and dropped
        # from the paginator's COUNT(*).
        links = (MeetingNeed.objects.filter(meeting=models.OuterRef("pk")).order_by().values("meeting")
                 .annotate(n=models.Count("id")).values("n"))
        return (self.select_related("community")
                .only("id", "kind", "held_on", "place", "residents_count", "created_at",
                      "community__code", "community__name", "community__level")
                .annotate(need_count=Coalesce(models.Subquery(links, output_field=models.IntegerField()), 0)))

    def for_detail(self) -> "MeetingQuerySet":
        return self.select_related("community", "created_by")


class Meeting(Tracked):
    """One meeting of a community's residents; ``created_by`` is the staff member who recorded it."""

    ACCESS_KEY = "meeting"
    ACCESS_REGION_FIELD = "community"

    community = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="meetings",
                                  verbose_name=_("community"), limit_choices_to={"level": "community"})
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("meeting date"))
    place = models.CharField(_("place"), max_length=200)
    residents_count = models.PositiveIntegerField(
        _("residents attending"), default=0, validators=[MaxValueValidator(MAX_RESIDENTS)])
    minutes = models.TextField(_("minutes"), max_length=MAX_MINUTES, blank=True,
                               validators=[MaxLengthValidator(MAX_MINUTES)])
    decisions = models.TextField(_("decisions"), max_length=MAX_DECISIONS, blank=True,
                                 validators=[MaxLengthValidator(MAX_DECISIONS)])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("resident meeting")
        verbose_name_plural = _("resident meetings")
        indexes = [
            models.Index(fields=["community", "held_on", "id"], name="meeting_comm_held_idx"),
            models.Index(fields=["held_on", "id"], name="meeting_held_idx"),  # wide scopes: city, district
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(residents_count__lte=MAX_RESIDENTS),
                                   name="meeting_residents_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def has_taken_place(self) -> bool:
        return bool(self.held_on) and self.held_on <= timezone.localdate()

    @property
    def need_channel(self) -> str:
        return CHANNEL_FOR_KIND[MeetingKind(self.kind)]

    def clean(self) -> None:
        errors = {}
        if self.held_on:
            latest = timezone.localdate() + dt.timedelta(days=MAX_DAYS_AHEAD)
            if self.held_on > latest:
                errors["held_on"] = _("A meeting can be planned at most a year ahead (until %(date)s).") % {
                    "date": latest.isoformat()}
            elif self.held_on < EARLIEST:
                errors["held_on"] = _("Check the date: meetings before %(date)s are not recorded.") % {
                    "date": EARLIEST.isoformat()}
            elif not self.has_taken_place:
                message = _("Minutes and decisions can be recorded once the meeting has taken place "
                            "(it is planned for %(date)s).") % {"date": self.held_on.isoformat()}
                for name in ("minutes", "decisions"):
                    if getattr(self, name).strip():
                        errors[name] = message
        if errors:
            raise ValidationError(errors)


class MeetingRepresentative(models.Model):
    """Who came for each of the five societies: a name or an organization, and how many people."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="representatives",
                                verbose_name=_("meeting"))
    society = models.CharField(_("society"), max_length=20, choices=Society.choices)
    name = models.CharField(_("name or organization"), max_length=100, blank=True)
    count = models.PositiveIntegerField(
        _("people"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REPRESENTATIVE_COUNT)])

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gte=1, count__lte=MAX_REPRESENTATIVE_COUNT),
                                   name="meetingrep_count_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_society_display()} {self.name} ×{self.count}".strip()

    def as_tuple(self) -> tuple[str, str, int]:
        return (self.society, self.name, self.count)


class MeetingNeed(models.Model):
    """A need raised or discussed at a meeting. Both ends are protected: a meeting with linked
    needs cannot be deleted (unlink first), and a linked need cannot vanish silently."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="need_links",
                                verbose_name=_("meeting"))
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="meeting_links", verbose_name=_("need"))
    role = models.CharField(_("role"), max_length=10, choices=LinkRole.choices, default=LinkRole.DISCUSSED)
    note = models.CharField(_("note"), max_length=200, blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("linked by"))
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("need at a meeting")
        verbose_name_plural = _("needs at meetings")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "need"], name="meetingneed_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} ↔ {self.need_id}"
