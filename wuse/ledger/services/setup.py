"""Writes that set a ledger up: schemes and the redemption catalogue (积分超市).

Apart from the balances (the other modules of ``wuse.ledger.services``): these change rules and the
shop's shelves, never a balance. Each function: guard → change → audit row, in one transaction; a
refusal raises ``LedgerError`` (or ``ValidationError`` with the fields at fault) and nothing is written.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.core.numbers import quantity
from wuse.regions.levels import Level
from wuse.regions.models import Region

from ..errors import LedgerError
from ..models import CatalogueItem, Scheme, SchemeKind
from .accounts import MAX_AMOUNT

MAX_EXPIRY_MONTHS = 120
MAX_PER_HOUR = Decimal("1000")
MAX_STOCK = 100_000

# The rule fields of a scheme a manager may change after it was created (kind and unit are fixed:
# accounts and entries already count in that unit).
RULE_FIELDS = ("name", "per_hour", "signup_grant", "activity_cap", "account_cap", "redemption_threshold",
               "expiry_months", "overdraft", "transfer_rule", "allow_donation", "organization_accounts")
ITEM_FIELDS = ("name", "kind", "description", "price", "stock", "active")


def scheme_rule_errors(data: dict) -> dict[str, str]:
    """What is wrong with a scheme's rules, by field (empty when they are consistent)."""
    errors: dict[str, str] = {}
    per_hour = data.get("per_hour")
    if per_hour is not None and not Decimal("0") < per_hour <= MAX_PER_HOUR:
        errors["per_hour"] = _("Credit per hour must be greater than 0 and at most %(max)s.") % {
            "max": quantity(MAX_PER_HOUR)}
    for name in ("signup_grant", "redemption_threshold", "overdraft"):
        value = data.get(name)
        if value is not None and not Decimal("0") <= value <= MAX_AMOUNT:
            errors[name] = _("Enter an amount from 0 to %(max)s.") % {"max": quantity(MAX_AMOUNT)}
    for name in ("activity_cap", "account_cap"):
        value = data.get(name)
        if value is not None and not Decimal("0") < value <= MAX_AMOUNT:
            errors[name] = _("A cap must be greater than 0 and at most %(max)s; leave it empty for no cap.") % {
                "max": quantity(MAX_AMOUNT)}
    grant, cap, activity = data.get("signup_grant"), data.get("account_cap"), data.get("activity_cap")
    if "account_cap" not in errors and cap is not None and grant is not None and cap < grant:
        errors["account_cap"] = _("The cap per account must be at least the sign-up grant (%(grant)s).") % {
            "grant": grant}
    if not errors.keys() & {"account_cap", "activity_cap"} and cap is not None and activity is not None \
            and activity > cap:
        errors["activity_cap"] = _("The cap per activity cannot be more than the cap per account.")
    months = data.get("expiry_months")
    if months is not None and not 1 <= months <= MAX_EXPIRY_MONTHS:
        errors["expiry_months"] = _("Enter a number of months from 1 to %(max)d, or leave it empty for no expiry.") % {
            "max": MAX_EXPIRY_MONTHS}
    return errors


def _check_rules(data: dict) -> None:
    errors = scheme_rule_errors(data)
    if errors:
        raise ValidationError(errors)


def _duplicate_message(region: Region, kind: str) -> str:
    return _("%(unit)s already has an active %(kind)s scheme; close that one first or edit it.") % {
        "unit": region.name, "kind": SchemeKind(kind).label}


@transaction.atomic
def scheme_create(*, user, region: Region, kind: str, **rules) -> Scheme:
    """A new scheme run by a district or a community the user manages."""
    if not access.can(user, "scheme.manage", region):
        raise PermissionDenied(_("You may not run a scheme in %(unit)s.") % {"unit": region.name})
    if region.level not in (Level.DISTRICT, Level.COMMUNITY):
        raise LedgerError(_("A scheme is run by a district or by a community."))
    if kind not in SchemeKind.values:
        raise LedgerError(_("Choose the kind of scheme."))
    _check_rules(rules)
    if Scheme.objects.filter(region=region, kind=kind, active=True).exists():
        raise LedgerError(_duplicate_message(region, kind))
    scheme = Scheme(region=region, kind=kind, created_by=user, **{k: v for k, v in rules.items() if k in RULE_FIELDS})
    try:
        with transaction.atomic():
            scheme.save()
    except IntegrityError:  # the same scheme created at the same moment by someone else
        raise LedgerError(_duplicate_message(region, kind)) from None
    audit_record(action="scheme.create", target=scheme, user=user, changed_fields=["region", "kind", *RULE_FIELDS])
    return scheme


@transaction.atomic
def scheme_update(*, user, scheme: Scheme, version: int, active: bool, **rules) -> Scheme:
    """Change a scheme's rules (they apply from now on: past entries stay as they were), or close it."""
    if not access.can(user, "scheme.manage", scheme):
        raise PermissionDenied(_("You may not change this scheme."))
    _check_rules(rules)
    locked = Scheme.objects.select_for_update().select_related("region").get(pk=scheme.pk)
    if locked.version != version:
        raise LedgerError(_("Someone else changed this scheme in the meantime; reload the page and check the rules "
                            "before saving again."))
    if active and not locked.active and Scheme.objects.filter(region=locked.region, kind=locked.kind,
                                                              active=True).exclude(pk=locked.pk).exists():
        raise LedgerError(_duplicate_message(locked.region, locked.kind))
    changed = [name for name in RULE_FIELDS if name in rules and getattr(locked, name) != rules[name]]
    if locked.active != active:
        changed.append("active")
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, active if name == "active" else rules[name])
    locked.version = F("version") + 1
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:
        raise LedgerError(_duplicate_message(locked.region, locked.kind)) from None
    locked.refresh_from_db()
    audit_record(action="scheme.change", target=locked, user=user, changed_fields=changed)
    return locked


# ---- the catalogue -------------------------------------------------------------------------


def _check_item(*, price, stock) -> None:
    errors = {}
    if price is None or not Decimal("0") < price <= MAX_AMOUNT:
        errors["price"] = _("The price must be greater than 0 and at most %(max)s.") % {"max": quantity(MAX_AMOUNT)}
    if stock is None or not 0 <= stock <= MAX_STOCK:
        errors["stock"] = _("The stock must be a whole number from 0 to %(max)d.") % {"max": MAX_STOCK}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def item_create(*, user, region: Region, scheme: Scheme, name: str, price, stock: int, kind: str = "goods",
                description: str = "", active: bool = True) -> CatalogueItem:
    """Put an item or service on a community's shelves, priced in a scheme that applies there."""
    if not access.can(user, "catalogue_item.manage", region) or region.level != Level.COMMUNITY:
        raise PermissionDenied(_("You may not run the shop of %(unit)s.") % {"unit": region.name})
    _check_item(price=price, stock=stock)
    if not scheme.active or not scheme.region.contains(region.code):
        raise LedgerError(_("The scheme “%(name)s” does not apply in %(unit)s.") % {
            "name": scheme.name, "unit": region.name})
    item = CatalogueItem.objects.create(region=region, scheme=scheme, name=name, kind=kind, description=description,
                                        price=price, stock=stock, active=active, created_by=user)
    audit_record(action="catalogue_item.create", target=item, user=user,
                 changed_fields=["region", "scheme", *ITEM_FIELDS])
    return item


@transaction.atomic
def item_update(*, user, item: CatalogueItem, stock_was: int, **fields) -> CatalogueItem:
    """Change an item. ``stock_was`` is the stock the form showed: if redemptions changed it since,
    a new stock figure would overwrite them, so the change is refused for the user to check."""
    if not access.can(user, "catalogue_item.manage", item):
        raise PermissionDenied(_("You may not change this item."))
    _check_item(price=fields.get("price"), stock=fields.get("stock"))
    locked = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    if fields["stock"] == stock_was:
        fields["stock"] = locked.stock  # the stock was not edited: keep what redemptions left
    elif locked.stock != stock_was:
        raise LedgerError(_("The stock changed to %(stock)d while you were editing (redemptions or another "
                            "change); check the figure and save again.") % {"stock": locked.stock})
    changed = [name for name in ITEM_FIELDS if name in fields and getattr(locked, name) != fields[name]]
    if not changed:
        return locked
    CatalogueItem.objects.filter(pk=locked.pk).update(**{name: fields[name] for name in changed})
    locked.refresh_from_db()
    audit_record(action="catalogue_item.change", target=locked, user=user, changed_fields=changed)
    return locked
