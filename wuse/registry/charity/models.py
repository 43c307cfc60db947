"""Charitable resources (社会慈善资源): donors and funds, donations in money or kind, allocations, and the
community's published resource list (资源清单).

A donation's value is committed by allocations (to a need now, to a project later) and then used;
``committed`` and ``used`` on the donation are kept by the services under a row lock, so the sum of
live allocations never exceeds the donation.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.privacy import PHONE, mask_name, mask_phone
from wuse.privacy.fields import encrypted_with_index, set_indexed
from wuse.regions.models import Region


class DonorKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    FOUNDATION = "foundation", _("Foundation or charity federation")
    COMMUNITY_FUND = "community_fund", _("Community charity fund (社区公益基金)")
    INDIVIDUAL = "individual", _("Individual")
    OTHER = "other", _("Other unit")


class Donor(models.Model):
    ACCESS_KEY = "donor"
    ACCESS_REGION_FIELD = "region"

    kind = models.CharField(_("kind"), max_length=20, choices=DonorKind.choices)
    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    # A 社区公益基金 is a named fund under a host foundation (专项基金), not a legal entity of its own.
    host_foundation = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="hosted_funds", verbose_name=_("host foundation"),
                                        limit_choices_to={"kind": DonorKind.FOUNDATION})
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone, contact_phone_index = encrypted_with_index(_("contact phone"), source="contact_phone",
                                                              purpose=PHONE)
    # Published lists name an anonymous or individual donor only as "爱心人士".
    anonymous = models.BooleanField(_("publish anonymously"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        indexes = [models.Index(fields=["region", "kind"], name="donor_region_kind_idx")]
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], condition=~models.Q(credit_code=""),
                                    name="donor_unique_credit_code"),
            models.CheckConstraint(condition=models.Q(host_foundation=None) | models.Q(kind="community_fund"),
                                   name="donor_only_funds_have_host"),
        ]

    def __str__(self) -> str:
        return self.public_name

    def set_contact_phone(self, phone: str) -> list[str]:
        """Set the (normalized) phone and its blind index together; returns the field names written."""
        return set_indexed(self, contact_phone=phone)

    @property
    def contact_phone_masked(self) -> str:
        return mask_phone(self.contact_phone)

    @property
    def contact_name_masked(self) -> str:
        return mask_name(self.contact_name)

    @property
    def staff_name(self) -> str:
        """The name staff pages show: an individual's name is masked (revealed through the audited action)."""
        return mask_name(self.name) if self.kind == DonorKind.INDIVIDUAL else self.name

    @property
    def public_name(self) -> str:
        """The name a published list shows: individuals and anonymous donors are not named."""
        if self.anonymous:
            return str(_("Anonymous donor"))
        if self.kind == DonorKind.INDIVIDUAL:
            return mask_name(self.name)
        return self.name


class DonationKind(models.TextChoices):
    MONEY = "money", _("Money")
    GOODS = "goods", _("Goods")
    SERVICE = "service", _("Services")


class Donation(models.Model):
    ACCESS_KEY = "donation"
    # The receiving unit (a community, a street, a district).
    ACCESS_REGION_FIELD = "region"

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="donations", verbose_name=_("donor"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving unit"))
    kind = models.CharField(_("kind"), max_length=10, choices=DonationKind.choices, default=DonationKind.MONEY)
    received_on = models.DateField(_("received"))
    # Money: the amount in yuan. Goods and services: the description, quantity and an estimated value.
    amount = models.DecimalField(_("value (yuan)"), max_digits=12, decimal_places=2)
    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit = models.CharField(_("unit of measure"), max_length=10, blank=True)
    purpose = models.CharField(_("purpose or restriction"), max_length=200, blank=True)
    receipt_number = models.CharField(_("receipt no."), max_length=40, blank=True)
    receipt_file = models.FileField(_("receipt scan"), upload_to="donations/%Y/%m/", blank=True)
    committed = models.DecimalField(_("committed"), max_digits=12, decimal_places=2, default=Decimal("0"),
                                    editable=False)
    used = models.DecimalField(_("used"), max_digits=12, decimal_places=2, default=Decimal("0"), editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        indexes = [models.Index(fields=["region", "received_on"], name="donation_region_date_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="donation_positive"),
            models.CheckConstraint(condition=models.Q(committed__gte=0, committed__lte=models.F("amount")),
                                   name="donation_committed_within"),
            models.CheckConstraint(condition=models.Q(used__gte=0, used__lte=models.F("committed")),
                                   name="donation_used_within"),
            models.UniqueConstraint(fields=["region", "receipt_number"], condition=~models.Q(receipt_number=""),
                                    name="donation_unique_receipt"),
        ]

    def __str__(self) -> str:
        return f"{self.donor} {self.received_on} ¥{self.amount}"

    @property
    def available(self) -> Decimal:
        return self.amount - self.committed

class AllocationStatus(models.TextChoices):
    COMMITTED = "committed", _("Committed")
    USED = "used", _("Used")
    RELEASED = "released", _("Released")


class Allocation(models.Model):
    """Part of a donation committed to a target a step declares (a need; a project later)."""

    ACCESS_KEY = "allocation"
    ACCESS_REGION_FIELD = "region"

    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="allocations")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(_("allocated to"), max_length=200)
    amount = models.DecimalField(_("committed (yuan)"), max_digits=12, decimal_places=2)
    used = models.DecimalField(_("used (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    status = models.CharField(_("status"), max_length=10, choices=AllocationStatus.choices,
                              default=AllocationStatus.COMMITTED)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("allocated"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        indexes = [models.Index(fields=["target_type", "target_id"], name="allocation_target_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="allocation_positive"),
            models.CheckConstraint(condition=models.Q(used__gte=0, used__lte=models.F("amount")),
                                   name="allocation_used_within"),
        ]

    def __str__(self) -> str:
        return f"{self.target_label} ¥{self.amount}"


class ResourceList(models.Model):
    """A community's published resource list (资源清单) for a period: a frozen snapshot, no personal data."""

    ACCESS_KEY = "resource_list"
    ACCESS_REGION_FIELD = "region"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("version"), default=1)
    items = models.JSONField(_("items"), default=list)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("resource list")
        verbose_name_plural = _("resource lists")
        constraints = [models.UniqueConstraint(fields=["region", "year", "number"], name="resource_list_version")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} v{self.number}"
