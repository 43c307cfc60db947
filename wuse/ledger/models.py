"""Schemes, accounts and the append-only entries; the redemption catalogue (积分超市) and its orders.

Invariants the services keep (and the tests check under random operations and concurrency):
- an account's balance equals the sum of its entries, and each entry's ``balance_after`` is the
  running sum in ``seq`` order;
- a balance never falls below ``-scheme.overdraft`` (0 unless the scheme says otherwise) and never
  rises above ``scheme.account_cap``;
- entries are never updated or deleted: a correction is a new entry.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.regions.models import Region
from wuse.registry.organizations.models import Organization
from wuse.registry.people.models import Person

ZERO = Decimal("0")
AMOUNT = {"max_digits": 12, "decimal_places": 2}


class SchemeKind(models.TextChoices):
    TIME_BANK = "time_bank", _("Time bank (hours)")
    POINTS = "points", _("Charity points")


class TransferRule(models.TextChoices):
    NONE = "none", _("No transfers")
    FAMILY = "family", _("To family members only")
    ANY = "any", _("To any account holder of the scheme")


class Scheme(models.Model):
    """The rules of one time bank or points scheme, run by a district or a community."""

    ACCESS_KEY = "scheme"
    ACCESS_REGION_FIELD = "region"

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=SchemeKind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    per_hour = models.DecimalField(_("credited per verified hour"), max_digits=6, decimal_places=2,
                                   default=Decimal("1"))
    signup_grant = models.DecimalField(_("sign-up grant"), **AMOUNT, default=ZERO)
    activity_cap = models.DecimalField(_("cap per activity"), **AMOUNT, null=True, blank=True)
    account_cap = models.DecimalField(_("cap per account"), **AMOUNT, null=True, blank=True)
    redemption_threshold = models.DecimalField(_("earned before first redemption"), **AMOUNT, default=ZERO)
    expiry_months = models.PositiveSmallIntegerField(_("credits expire after (months)"), null=True, blank=True)
    overdraft = models.DecimalField(_("allowed overdraft"), **AMOUNT, default=ZERO)
    transfer_rule = models.CharField(_("transfers"), max_length=10, choices=TransferRule.choices,
                                     default=TransferRule.NONE)
    allow_donation = models.BooleanField(_("balances may be donated"), default=True)
    organization_accounts = models.BooleanField(_("organizations may hold accounts"), default=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["region", "kind"]
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        constraints = [
            models.UniqueConstraint(fields=["region", "kind"], condition=models.Q(active=True),
                                    name="scheme_one_active_per_unit"),
            models.CheckConstraint(condition=models.Q(per_hour__gt=0), name="scheme_per_hour_positive"),
            models.CheckConstraint(condition=models.Q(signup_grant__gte=0, overdraft__gte=0,
                                                      redemption_threshold__gte=0),
                                   name="scheme_amounts_not_negative"),
            models.CheckConstraint(condition=models.Q(activity_cap=None) | models.Q(activity_cap__gt=0),
                                   name="scheme_activity_cap_positive"),
            models.CheckConstraint(condition=models.Q(account_cap=None) | models.Q(account_cap__gte=models.F(
                "signup_grant")), name="scheme_cap_covers_grant"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unit_label(self):
        return _("hours") if self.kind == SchemeKind.TIME_BANK else _("points")


class HolderKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organization")
    POOL = "pool", _("Scheme pool (donations)")


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FROZEN = "frozen", _("Frozen")


class Account(models.Model):
    ACCESS_KEY = "ledger_account"
    # The holder's home unit (a person's community, an organization's registering unit).
    ACCESS_REGION_FIELD = "region"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="accounts")
    holder_kind = models.CharField(_("holder"), max_length=20, choices=HolderKind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="accounts")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="accounts")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    balance = models.DecimalField(_("balance"), **AMOUNT, default=ZERO, editable=False)
    earned_total = models.DecimalField(_("earned in total"), **AMOUNT, default=ZERO, editable=False)
    last_seq = models.PositiveIntegerField(default=0, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=AccountStatus.choices,
                              default=AccountStatus.ACTIVE)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)

    class Meta:
        ordering = ["scheme", "id"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        indexes = [models.Index(fields=["region", "scheme"], name="account_region_scheme_idx")]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "person"], condition=models.Q(holder_kind="person"),
                                    name="account_one_per_person"),
            models.UniqueConstraint(fields=["scheme", "organization"],
                                    condition=models.Q(holder_kind="organization"), name="account_one_per_org"),
            models.UniqueConstraint(fields=["scheme"], condition=models.Q(holder_kind="pool"),
                                    name="account_one_pool"),
            models.CheckConstraint(
                condition=(models.Q(holder_kind="person", person__isnull=False, organization=None)
                           | models.Q(holder_kind="organization", person=None, organization__isnull=False)
                           | models.Q(holder_kind="pool", person=None, organization=None)),
                name="account_holder_matches_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.holder_name}"

    @property
    def holder_name(self) -> str:
        if self.holder_kind == HolderKind.PERSON:
            return str(self.person)
        if self.holder_kind == HolderKind.ORGANIZATION:
            return str(self.organization)
        return str(_("Scheme pool"))


class EntryKind(models.TextChoices):
    GRANT = "grant", _("Sign-up grant")
    EARN = "earn", _("Earned for service")
    SPEND = "spend", _("Spent on help received")
    REDEEM = "redeem", _("Redeemed")
    REFUND = "refund", _("Redemption cancelled")
    TRANSFER_OUT = "transfer_out", _("Transferred out")
    TRANSFER_IN = "transfer_in", _("Transferred in")
    DONATE_OUT = "donate_out", _("Donated")
    DONATE_IN = "donate_in", _("Donation received")
    ADJUST = "adjust", _("Adjustment")
    EXPIRE = "expire", _("Expired")


# Kinds that count towards ``earned_total`` (the redemption threshold).
EARNING_KINDS = frozenset({EntryKind.GRANT, EntryKind.EARN})


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("ledger entries are append-only: write a correcting entry instead")

    def delete(self):
        raise TypeError("ledger entries are append-only: write a correcting entry instead")


class Entry(models.Model):
    """One change of one account's balance. Written once by ``wuse.ledger.services``; never changed."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    seq = models.PositiveIntegerField(_("no."))
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    balance_after = models.DecimalField(_("balance after"), **AMOUNT)
    # The cause: "app_label.model:pk" of the service entry, redemption, adjustment… ("" for none).
    ref = models.CharField(_("reference"), max_length=60, blank=True)
    counterpart = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    memo = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   related_name="+", verbose_name=_("by"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    related_name="+", verbose_name=_("approved by"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["account", "seq"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["account", "created_at"], name="entry_account_time_idx")]
        constraints = [
            models.UniqueConstraint(fields=["account", "seq"], name="entry_seq_unique"),
            # The same cause is credited (or debited) once per account: retries are harmless.
            models.UniqueConstraint(fields=["account", "kind", "ref"], condition=~models.Q(ref=""),
                                    name="entry_once_per_cause"),
            models.CheckConstraint(condition=~models.Q(amount=0), name="entry_not_zero"),
            models.CheckConstraint(condition=~models.Q(kind="adjust") | models.Q(approved_by__isnull=False),
                                   name="entry_adjust_approved"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}#{self.seq} {self.kind} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("ledger entries are append-only: write a correcting entry instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("ledger entries are append-only: write a correcting entry instead")


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Adjustment(models.Model):
    """A manual correction: requested by one person, approved (and so written) by another."""

    ACCESS_KEY = "ledger_adjustment"
    ACCESS_REGION_FIELD = "region"

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="adjustments")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), **AMOUNT)
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=AdjustmentStatus.choices,
                              default=AdjustmentStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=0), name="adjustment_not_zero"),
            models.CheckConstraint(condition=models.Q(decided_by=None) | ~models.Q(decided_by=models.F("requested_by")),
                                   name="adjustment_four_eyes"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount:+}"


class ItemKind(models.TextChoices):
    GOODS = "goods", _("Goods")
    SERVICE = "service", _("Service")


class CatalogueItem(models.Model):
    """An item or service of a community's redemption shop (积分超市), priced in the scheme's unit."""

    ACCESS_KEY = "catalogue_item"
    ACCESS_REGION_FIELD = "region"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="items", verbose_name=_("scheme"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("shop"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices, default=ItemKind.GOODS)
    description = models.CharField(_("description"), max_length=500, blank=True)
    price = models.DecimalField(_("price"), **AMOUNT)
    stock = models.PositiveIntegerField(_("in stock"), default=0)
    active = models.BooleanField(_("on offer"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, editable=False)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["region", "price", "name"]
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        indexes = [models.Index(fields=["region", "active"], name="item_region_active_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(price__gt=0), name="item_price_positive")]

    def __str__(self) -> str:
        return self.name


class RedemptionStatus(models.TextChoices):
    PLACED = "placed", _("Awaiting hand-over")
    FULFILLED = "fulfilled", _("Handed over")
    CANCELLED = "cancelled", _("Cancelled")


class Redemption(models.Model):
    ACCESS_KEY = "redemption"
    # The shop's community: it hands the item over.
    ACCESS_REGION_FIELD = "region"

    item = models.ForeignKey(CatalogueItem, on_delete=models.PROTECT, related_name="redemptions")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="redemptions")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    total = models.DecimalField(_("total"), **AMOUNT)
    status = models.CharField(_("status"), max_length=10, choices=RedemptionStatus.choices,
                              default=RedemptionStatus.PLACED)
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, null=True, related_name="+")
    refund_entry = models.OneToOneField(Entry, on_delete=models.PROTECT, null=True, related_name="+")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(_("placed"), default=timezone.now)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        indexes = [models.Index(fields=["region", "status", "placed_at"], name="redemption_region_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=1, total__gt=0),
                                              name="redemption_positive")]

    def __str__(self) -> str:
        return f"{self.item_id} × {self.quantity}"
