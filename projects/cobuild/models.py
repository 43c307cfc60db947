"""The co-building list (联建共建清单) of a community for a period, its pledges (认领/承诺: a unit's resources for
the community) and the deliveries recorded against them. A pledge is counted in its own measure (元, 小时, 场次,
件…) with an optional value in yuan; ``delivered`` is kept on the pledge (never above ``quantity``, a constraint)
so that fulfilment is read without summing."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from needs.models import Need
from projects.models import Project
from wuse.regions.models import Region
from wuse.registry.charity.models import Donor
from wuse.registry.organizations.models import Organization

from .workflow import LIST_PROCESS

QUANTITY = {"max_digits": 12, "decimal_places": 2}
MAX_QUANTITY = Decimal("9999999999.99")
HUNDRED = Decimal("100")


class Resource(models.TextChoices):
    MONEY = "money", _("Money")
    VENUE = "venue", _("Venue")
    MATERIALS = "materials", _("Materials")
    SERVICES = "services", _("Services")
    VOLUNTEER_HOURS = "volunteer_hours", _("Volunteer hours")


class CobuildListQuerySet(models.QuerySet):
    def for_table(self) -> "CobuildListQuerySet":
        return self.select_related("region").annotate(n_pledges=models.Count("pledges"))


class CobuildList(models.Model):
    ACCESS_KEY = "cobuild"
    ACCESS_REGION_FIELD = "region"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    title = models.CharField(_("title"), max_length=100)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    status = models.CharField(_("status"), max_length=20, choices=LIST_PROCESS.choices, default=LIST_PROCESS.initial)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CobuildListQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("co-building list")
        verbose_name_plural = _("co-building lists")
        indexes = [
            models.Index(fields=["region", "created_at", "id"], name="cobuild_list_region_idx"),
            models.Index(fields=["region", "status", "created_at"], name="cobuild_list_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="cobuild_list_period_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> str:
        return f"{self.period_start:%Y-%m-%d} — {self.period_end:%Y-%m-%d}"

    @property
    def status_label(self):
        return LIST_PROCESS.label(self.status)


class PledgeQuerySet(models.QuerySet):
    def for_table(self) -> "PledgeQuerySet":
        return self.select_related("donor", "organization", "need", "project", "cobuild_list")


class Pledge(models.Model):
    ACCESS_KEY = "cobuild"
    ACCESS_REGION_FIELD = "region"

    cobuild_list = models.ForeignKey(CobuildList, on_delete=models.CASCADE, related_name="pledges",
                                     verbose_name=_("co-building list"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("donor unit"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organization"))
    resource = models.CharField(_("resource"), max_length=20, choices=Resource.choices)
    description = models.CharField(_("what is pledged"), max_length=200)
    quantity = models.DecimalField(_("quantity"), validators=[MinValueValidator(Decimal("0.01"))], **QUANTITY)
    measure = models.CharField(_("measure"), max_length=20)
    value = models.DecimalField(_("value (yuan)"), null=True, blank=True,
                                validators=[MinValueValidator(Decimal("0.01"))], **QUANTITY)
    starts_on = models.DateField(_("pledged from"))
    ends_on = models.DateField(_("pledged until"))
    need = models.ForeignKey(Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("matched need"))
    project = models.ForeignKey(Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("matched project"))
    delivered = models.DecimalField(_("delivered"), default=Decimal("0"), editable=False, **QUANTITY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["cobuild_list", "id"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        indexes = [
            models.Index(fields=["region", "ends_on"], name="cobuild_pledge_due_idx"),
            models.Index(fields=["project"], name="cobuild_pledge_project_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="cobuild_pledge_quantity_positive"),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gt=0),
                                   name="cobuild_pledge_value_positive"),
            models.CheckConstraint(condition=Q(delivered__gte=0) & Q(delivered__lte=models.F("quantity")),
                                   name="cobuild_pledge_delivered_within"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                   name="cobuild_pledge_period_order"),
            models.CheckConstraint(condition=Q(donor__isnull=True, organization__isnull=False)
                                   | Q(donor__isnull=False, organization__isnull=True),
                                   name="cobuild_pledge_one_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} · {self.description}"

    @property
    def unit_name(self) -> str:
        """The pledging unit's public name (an anonymous donor shows as 爱心人士)."""
        return self.donor.public_name if self.donor_id else self.organization.name

    @property
    def remaining(self) -> Decimal:
        return self.quantity - self.delivered

    @property
    def percent(self) -> int:
        return fulfilment_percent(self.delivered, self.quantity)

    @property
    def fulfilled(self) -> bool:
        return self.delivered >= self.quantity


@dataclass(frozen=True)
class Summary:
    """A list's totals, read from its pledges already loaded (no query): how many pledges, how many fulfilled, the
    value pledged in yuan and the value delivered (each pledge's value × its fulfilled share)."""

    pledges: int
    fulfilled: int
    value: Decimal
    value_delivered: Decimal

    @property
    def percent(self) -> int:
        return fulfilment_percent(self.value_delivered, self.value)


def summarize(pledges) -> Summary:
    value = delivered = Decimal("0")
    fulfilled = 0
    for p in pledges:
        fulfilled += p.fulfilled
        if p.value:
            value += p.value
            delivered += (p.value * p.delivered / p.quantity).quantize(Decimal("0.01"))
    return Summary(pledges=len(pledges), fulfilled=fulfilled, value=value, value_delivered=min(delivered, value))


def fulfilment_percent(delivered: Decimal, quantity: Decimal) -> int:
    """Whole per cent fulfilled, rounded down (100 only when all is delivered)."""
    if quantity <= 0:
        return 0
    return int(delivered * HUNDRED // quantity)


class Delivery(models.Model):
    ACCESS_KEY = "cobuild"
    ACCESS_REGION_FIELD = "region"

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="deliveries",
                               verbose_name=_("pledge"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    quantity = models.DecimalField(_("quantity delivered"), validators=[MinValueValidator(Decimal("0.01"))],
                                   **QUANTITY)
    delivered_on = models.DateField(_("delivered on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["pledge", "-delivered_on", "-id"]
        verbose_name = _("pledge delivery")
        verbose_name_plural = _("pledge deliveries")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="cobuild_delivery_positive")]

    def __str__(self) -> str:
        return f"{self.delivered_on} {self.quantity}"
