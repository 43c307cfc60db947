"""揭榜挂帅: a call (榜单) posted by a community or a street, its acceptance criteria, and the bids (揭榜) of the
registry's organizations. The awarded bid's organization undertakes a project of vehicle "open_call"."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuse.regions.models import Region
from wuse.registry.organizations.models import Organization
from wuse.registry.volunteers.models import VolunteerTeam

from .workflow import BID_PROCESS, CALL_PROCESS


class CallKind(models.TextChoices):
    OPEN_CALL = "open_call", _("Open call (揭榜挂帅)")
    PARTNERS = "partners", _("Call for partners")


class Call(models.Model):
    ACCESS_REGION_FIELD = "region"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=16, choices=CallKind.choices, default=CallKind.OPEN_CALL)
    poster_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="+", verbose_name=_("posting organization"))
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"), max_length=4000)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(0)])  # 0: a call for partners with no money
    reward = models.CharField(_("reward or support besides the budget"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline for bids"))
    status = models.CharField(_("status"), max_length=16, choices=CALL_PROCESS.choices,
                              default=CALL_PROCESS.initial)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    winner = models.ForeignKey("Bid", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("selected bid"))
    project = models.OneToOneField("projects.Project", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="open_call", verbose_name=_("project"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("open call")
        verbose_name_plural = _("open calls")
        ordering = ("-id",)
        indexes = [models.Index(fields=["region", "status"], name="calls_call_region_status_idx")]

    def __str__(self):
        return self.title

    @property
    def status_label(self):
        return CALL_PROCESS.label(self.status)

    @property
    def is_partners(self) -> bool:
        return self.kind == CallKind.PARTNERS


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("open call"))
    seq = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("criterion"), max_length=200)
    target = models.CharField(_("target"), max_length=200)

    class Meta:
        verbose_name = _("acceptance criterion")
        verbose_name_plural = _("acceptance criteria")
        ordering = ("call", "seq")
        constraints = [models.UniqueConstraint(fields=["call", "seq"], name="calls_criterion_seq_unique")]

    def __str__(self):
        return f"{self.name}: {self.target}"


class Bid(models.Model):
    ACCESS_REGION_FIELD = "region"

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="bids", verbose_name=_("open call"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    # The bidder: an organization (its members bid for it), or a volunteer team of the registry (no accounts of
    # its own: the poster's unit records its bid).
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("bidder"))
    volunteer_team = models.ForeignKey(VolunteerTeam, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("volunteer team"))
    approach = models.TextField(_("approach"), max_length=4000)
    team = models.TextField(_("team members"), max_length=2000, blank=True)
    price = models.DecimalField(_("price (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0)])
    timeline = models.CharField(_("timeline"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=BID_PROCESS.choices,
                              default=BID_PROCESS.initial)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ("call", "id")
        constraints = [
            models.UniqueConstraint(fields=["call", "organization"], name="calls_bid_once_per_org"),
            models.UniqueConstraint(fields=["call", "volunteer_team"], name="calls_bid_once_per_team"),
            models.CheckConstraint(
                condition=(models.Q(organization__isnull=False, volunteer_team__isnull=True)
                           | models.Q(organization__isnull=True, volunteer_team__isnull=False)),
                name="calls_bid_one_bidder"),
        ]

    def __str__(self):
        return f"{self.bidder_name} → {self.call}"

    @property
    def bidder_name(self) -> str:
        return self.organization.name if self.organization_id else self.volunteer_team.name

    @property
    def status_label(self):
        return BID_PROCESS.label(self.status)
