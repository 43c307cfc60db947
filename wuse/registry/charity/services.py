"""Every write to the charitable-resource registry: one function per action, guard → change → audit,
in one transaction. A refusal raises ``ValidationError`` (keyed by field, for forms), ``CharityError``
(a refused action, a ``DomainError``) or ``PermissionDenied``, and writes nothing.

Allocations keep ``Donation.committed`` and ``Donation.used`` under a lock of the donation row
(``select_for_update``, then re-read): the donation's committed value is always the sum of its live
allocations and never exceeds the donation, so of two allocations that together exceed what is
available, exactly one is saved. Using and releasing an allocation are transitions of
``workflow.ALLOCATION_PROCESS``: the donation is locked here first, then the kernel locks the allocation.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.privacy import normalize_phone, phone_error
from wuse.privacy.text import one_line, to_halfwidth
from wuse.regions.models import Region
from wuse.registry.codes import credit_code_error, normalize_code
from wuse.workflow.services import transition_apply

from . import receipts, targets
from .errors import CharityError
from .models import Allocation, Donation, DonationKind, Donor, DonorKind
from .money import parse_yuan, yuan
from .workflow import ALLOCATION_PROCESS

DONOR_FIELDS = ("kind", "name", "credit_code", "host_foundation", "contact_name", "anonymous")
DONATION_FIELDS = ("kind", "received_on", "amount", "description", "quantity", "unit", "purpose", "receipt_number")


# --- donors -------------------------------------------------------------------------------------

def _check_donor(user, donor: Donor, phone: str | None) -> dict[str, str]:
    """Validate and normalize ``donor`` in place; the errors by field (empty when it may be saved)."""
    errors: dict[str, str] = {}
    donor.name = one_line(donor.name)
    donor.contact_name = one_line(donor.contact_name)
    donor.credit_code = normalize_code(donor.credit_code)
    if not donor.name:
        errors["name"] = _("Enter the donor's name.")
    if donor.kind not in DonorKind.values:
        errors["kind"] = _("Choose the kind of donor.")
    if donor.credit_code:
        if donor.kind == DonorKind.INDIVIDUAL:
            errors["credit_code"] = _("An individual has no unified social credit code; leave it empty.")
        elif problem := credit_code_error(donor.credit_code):
            errors["credit_code"] = str(problem)
        elif Donor.objects.filter(credit_code=donor.credit_code).exclude(pk=donor.pk).exists():
            errors["credit_code"] = _("A donor with this unified social credit code is already registered; "
                                      "record the donation under that donor.")
    host = donor.host_foundation
    if donor.kind == DonorKind.COMMUNITY_FUND:
        if host is None:
            errors["host_foundation"] = _("A community charity fund is held by a foundation: choose its host "
                                          "foundation (register the foundation first if needed).")
        elif host.kind != DonorKind.FOUNDATION or host.pk == donor.pk:
            errors["host_foundation"] = _("The host of a community charity fund must be a foundation.")
        elif not access.can(user, "donor.view", host):
            errors["host_foundation"] = _("Choose a host foundation from your own register.")
    elif host is not None:
        errors["host_foundation"] = _("Only a community charity fund has a host foundation.")
    if phone is not None:
        phone = normalize_phone(phone)
        if phone and (problem := phone_error(phone)):
            errors["contact_phone"] = problem
        else:
            donor.set_contact_phone(phone)
    return errors


def _save_donor(donor: Donor) -> None:
    try:
        with transaction.atomic():
            donor.save()
    except IntegrityError:  # the same credit code registered by a colleague a moment ago
        raise ValidationError({"credit_code": _("A donor with this unified social credit code is already "
                                                "registered; record the donation under that donor.")}) from None


@transaction.atomic
def donor_create(*, user, region: Region, kind: str, name: str, credit_code: str = "",
                 host_foundation: Donor | None = None, contact_name: str = "", contact_phone: str = "",
                 anonymous: bool = False) -> Donor:
    """Register a donor or fund in a unit's register (community or street)."""
    donor = Donor(region=region, kind=kind, name=name, credit_code=credit_code, host_foundation=host_foundation,
                  contact_name=contact_name, anonymous=anonymous, created_by=user)
    if not access.can(user, "donor.create", donor):
        raise PermissionDenied(_("You may not register donors for this unit."))
    errors = _check_donor(user, donor, contact_phone)
    if errors:
        raise ValidationError(errors)
    _save_donor(donor)
    audit_record(action="donor.create", target=donor, user=user, changed_fields=[
        "region", *(f for f in (*DONOR_FIELDS, "contact_phone") if getattr(donor, f) not in ("", None, False))])
    return donor


@transaction.atomic
def donor_update(*, user, donor: Donor, contact_phone: str | None = None, **fields) -> Donor:
    """Save edits; ``contact_phone`` None keeps the stored phone, "" removes it."""
    locked = Donor.objects.select_for_update().get(pk=donor.pk)
    if not access.can(user, "donor.change", locked):
        raise PermissionDenied(_("You may not edit this donor."))
    before = {f: getattr(locked, f) for f in DONOR_FIELDS}
    before_phone = locked.contact_phone
    for name, value in fields.items():
        if name in DONOR_FIELDS:
            setattr(locked, name, value)
    errors = _check_donor(user, locked, contact_phone)
    if before["kind"] == DonorKind.FOUNDATION and locked.kind != DonorKind.FOUNDATION and \
            Donor.objects.filter(host_foundation=locked).exists():
        errors["kind"] = _("This foundation hosts community charity funds, so it stays a foundation.")
    if errors:
        raise ValidationError(errors)
    changed = [f for f in DONOR_FIELDS if getattr(locked, f) != before[f]]
    if locked.contact_phone != before_phone:
        changed.append("contact_phone")
    if not changed:
        return locked
    _save_donor(locked)
    audit_record(action="donor.change", target=locked, changed_fields=changed, user=user)
    return locked


def donor_reveal(*, user, donor: Donor) -> dict[str, str]:
    """The donor's name, contact person and phone in full, for a role that needs them; the read is audited."""
    if not access.can(user, "donor.reveal_pii", donor):
        raise PermissionDenied(_("You may not see this donor's personal data."))
    revealed = {"name": donor.name, "contact_name": donor.contact_name, "contact_phone": donor.contact_phone}
    audit_record(action="donor.reveal", target=donor, user=user,
                 changed_fields=[f for f, v in revealed.items() if v])
    return revealed


# --- donations ----------------------------------------------------------------------------------

def _check_donation(user, donation: Donation, receipt) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not access.can(user, "donor.view", donation.donor):
        errors["donor"] = _("Choose a donor from your register.")
    if donation.kind not in DonationKind.values:
        errors["kind"] = _("Say whether the donation is money, goods or services.")
    if donation.received_on is None:
        errors["received_on"] = _("Enter the date the donation was received.")
    elif donation.received_on > timezone.localdate():
        errors["received_on"] = _("The date received cannot be in the future.")
    try:
        donation.amount = parse_yuan(donation.amount)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    for name in ("description", "unit", "purpose"):
        setattr(donation, name, one_line(getattr(donation, name)))
    donation.receipt_number = normalize_code(to_halfwidth(donation.receipt_number or ""))
    if donation.kind == DonationKind.MONEY:
        donation.quantity, donation.unit = None, ""
    elif not donation.description:
        errors["description"] = _("Describe the goods or services donated (what, how many).")
    if donation.receipt_number and Donation.objects.filter(
            region_id=donation.region_id, receipt_number=donation.receipt_number).exists():
        errors["receipt_number"] = _("Receipt no. %(number)s is already recorded for this unit; check the "
                                     "number, or open the donation already recorded.") % {
                                         "number": donation.receipt_number}
    if receipt is not None and (problem := receipts.receipt_error(receipt)):
        errors["receipt_file"] = problem
    return errors


@transaction.atomic
def donation_create(*, user, donor: Donor, region: Region, receipt=None, **fields) -> Donation:
    """Record a donation received by a unit (usually the user's community), with an optional receipt scan."""
    donation = Donation(donor=donor, region=region, recorded_by=user,
                        **{k: v for k, v in fields.items() if k in DONATION_FIELDS})
    if not access.can(user, "donation.create", donation):
        raise PermissionDenied(_("You may not record donations for this unit."))
    errors = _check_donation(user, donation, receipt)
    if errors:
        raise ValidationError(errors)
    donation.full_clean(exclude=["receipt_file"], validate_constraints=False)
    if receipt is not None:
        donation.receipt_file.save(receipts.storage_name(receipt), receipt, save=False)
    try:
        with transaction.atomic():
            donation.save()
    except IntegrityError:  # the same receipt number recorded by a colleague a moment ago
        if donation.receipt_file:
            donation.receipt_file.delete(save=False)
        raise ValidationError({"receipt_number": _("Receipt no. %(number)s is already recorded for this unit; "
                                                   "check the number, or open the donation already recorded.")
                               % {"number": donation.receipt_number}}) from None
    audit_record(action="donation.create", target=donation, user=user, changed_fields=[
        "donor", "region", *(f for f in DONATION_FIELDS if getattr(donation, f) not in ("", None)),
        *(["receipt_file"] if donation.receipt_file else [])])
    return donation


# --- allocations --------------------------------------------------------------------------------

def _lock_donation(pk) -> Donation:
    return Donation.objects.select_for_update().get(pk=pk)


@transaction.atomic
def allocation_create(*, user, donation: Donation, target_key: str, target_id, amount, note: str = "") -> Allocation:
    """Commit part of a donation to a target a step declared (a need, …); refused beyond what is available."""
    try:
        target, obj = targets.resolve(user, target_key, target_id)
    except targets.TargetError as exc:
        raise ValidationError({"target_id": str(exc)}) from None
    amount = parse_yuan(amount)
    locked = _lock_donation(donation.pk)  # waits for a concurrent allocation, then reads its result
    if not access.can(user, "donation.allocate", locked):
        raise PermissionDenied(_("You may not allocate this donation."))
    unit = Region.objects.get(code=locked.region_id)
    code = target.region_code(obj)
    if not code.startswith(unit.prefix):
        raise CharityError(_("A donation received by %(unit)s can be allocated only within %(unit)s.")
                           % {"unit": unit.name})
    if amount > locked.available:
        raise CharityError(_("Only ¥%(available)s of this donation is still available; ¥%(amount)s cannot be "
                             "committed.") % {"available": yuan(locked.available), "amount": yuan(amount)})
    allocation = Allocation.objects.create(
        donation=locked, region_id=code, target_type=target.content_type(), target_id=obj.pk,
        target_label=target.label(obj), amount=amount, note=one_line(note)[:200], created_by=user)
    locked.committed += amount
    locked.save(update_fields=["committed"])
    audit_record(action="donation.allocate", target=locked, changed_fields=["committed"], user=user,
                 detail={"allocation": allocation.pk, "target": f"{target.key}:{obj.pk}"})
    return allocation


def allocation_use(*, user, allocation: Allocation, amount) -> Allocation:
    """Record that ``amount`` more of the allocation was spent (handed over, delivered)."""
    return transition_apply(process=ALLOCATION_PROCESS, obj=allocation, name="use", user=user,
                            data={"amount": parse_yuan(amount)})


def allocation_release(*, user, allocation: Allocation) -> Decimal:
    """Give the unused part of an allocation back to the donation; returns the amount released.

    Nothing used: the allocation is released whole. Partly used: it is closed at what was used.
    """
    data: dict = {}
    transition_apply(process=ALLOCATION_PROCESS, obj=allocation, name="release", user=user, data=data)
    return data["released"]
