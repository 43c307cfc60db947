"""Every write to an organization's registration and profile: guard → change → audit, in one transaction;
its status through the workflow kernel.

A refusal raises ``PermissionDenied`` (not allowed), ``ValidationError`` (bad or duplicate data; a
dict names the form field) or ``OrganizationError`` (a refused action), and writes nothing.

Who changes what: the registrars (the table: city, district, street) change everything but the
status through ``organization_update``; an organization's admin members (its reach, ``.access``) change
its profile only (``PROFILE_FIELDS``, fields of service, contact phone) — its registration (name, type,
codes, registering unit, authority, service areas) and rating stay with the registrars, and so does the
status (``organization_set_status``, the table alone).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.privacy import normalize_phone, phone_error
from wuse.privacy.text import one_line as _one_line
from wuse.regions.levels import Level
from wuse.registry.codes import credit_code_error, normalize_code
from wuse.workflow.services import transition_apply

from ..errors import OrganizationConflict, OrganizationError
from ..models import Organization, OrgKind, Rating, ServiceArea
from ..workflow import ORGANIZATION_PROCESS, TRANSITION_TO

# Registration facts: the registrars' part of the form.
REGISTRATION_FIELDS = ("name", "kind", "credit_code", "filing_number", "region", "authority", "rating", "rating_year")
# The profile: also edited by the organization's admin members.
PROFILE_FIELDS = ("established_on", "legal_representative", "contact_name", "address", "introduction")
REGISTERING_LEVELS = (Level.CITY, Level.DISTRICT, Level.STREET)
FIRST_RATING_YEAR = 2000
MAX_SERVICE_AREAS = 100


def clean_identification(*, kind: str, region, credit_code: str, filing_number: str) -> dict[str, str]:
    """Normalized codes, or a ValidationError naming the field: a valid credit code is required, except for
    a 社区社会组织 filed with a street, which then needs its filing number (备案号)."""
    credit_code, filing_number = normalize_code(credit_code), _one_line(filing_number)
    errors = {}
    if credit_code:
        if problem := credit_code_error(credit_code):
            errors["credit_code"] = problem
    elif kind == OrgKind.COMMUNITY_ORG and region is not None and region.level == Level.STREET:
        if not filing_number:
            errors["filing_number"] = _("A community social organization filed with a street without a credit "
                                        "code needs its filing number (备案号).")
    else:
        errors["credit_code"] = _("Enter the unified social credit code. Only a community social organization "
                                  "filed with a street may have a filing number instead.")
    if errors:
        raise ValidationError(errors)
    return {"credit_code": credit_code, "filing_number": filing_number}


def _check_unique(*, credit_code: str, filing_number: str, region, exclude=None) -> None:
    others = Organization.objects.exclude(pk=exclude) if exclude else Organization.objects.all()
    if credit_code and others.filter(credit_code=credit_code).exists():
        raise ValidationError({"credit_code": _("An organization with this unified social credit code is already "
                                                "registered.")})
    if filing_number and others.filter(region=region, filing_number=filing_number).exists():
        raise ValidationError({"filing_number": _("An organization with this filing number is already filed "
                                                  "with this unit.")})


def _check_rating(rating: str, year) -> None:
    if rating and rating not in Rating.values:
        raise ValidationError({"rating": _("Choose a rating from the list.")})
    if rating and not year:
        raise ValidationError({"rating_year": _("Enter the year of the rating.")})
    if year and not rating:
        raise ValidationError({"rating_year": _("A rating year needs a rating.")})
    if year and not FIRST_RATING_YEAR <= year <= timezone.localdate().year:
        raise ValidationError({"rating_year": _("Enter a year from %(first)d to this year.")
                               % {"first": FIRST_RATING_YEAR}})


def _check_areas(user, areas) -> list:
    areas = list(dict.fromkeys(areas))
    if not areas:
        raise ValidationError({"service_areas": _("Choose at least one unit the organization serves.")})
    if len(areas) > MAX_SERVICE_AREAS:
        raise ValidationError({"service_areas": _("An organization lists at most %(n)d service areas.")
                               % {"n": MAX_SERVICE_AREAS}})
    if not all(access.can(user, "region.view", area) for area in areas):
        raise PermissionDenied(_("You may only choose service areas you can see."))
    return areas


def _clean_phone(phone) -> str:
    phone = normalize_phone(phone)
    if phone and (problem := phone_error(phone)):
        raise ValidationError({"contact_phone": problem})
    return phone


def _save_unique(organization: Organization, **kwargs) -> None:
    """Save; a duplicate code registered at the same moment by someone else is the same clear error."""
    try:
        with transaction.atomic():
            organization.save(**kwargs)
    except IntegrityError:
        _check_unique(credit_code=organization.credit_code, filing_number=organization.filing_number,
                      region=organization.region, exclude=organization.pk)
        raise


@transaction.atomic
def organization_create(*, user, service_areas, fields=(), contact_phone: str = "", **values) -> Organization:
    """Register an organization at a unit where the user holds ``organization.create``."""
    values = {k: v for k, v in values.items() if k in REGISTRATION_FIELDS + PROFILE_FIELDS}
    region = values.get("region")
    if region is None or region.level not in REGISTERING_LEVELS:
        raise ValidationError({"region": _("An organization is registered with a city, a district or a street.")})
    organization = Organization(created_by=user, **values)
    if not access.can(user, "organization.create", organization):
        raise PermissionDenied(_("You may not register organizations with %(unit)s.") % {"unit": region.name})
    organization.name = _one_line(organization.name)
    organization.authority = _one_line(organization.authority)
    codes = clean_identification(kind=organization.kind, region=region, credit_code=organization.credit_code,
                                 filing_number=organization.filing_number)
    organization.credit_code, organization.filing_number = codes["credit_code"], codes["filing_number"]
    _check_rating(organization.rating, organization.rating_year)
    areas = _check_areas(user, service_areas)
    organization.set_contact_phone(_clean_phone(contact_phone))
    organization.full_clean(exclude=["created_by", "contact_phone_index"], validate_constraints=False)
    _check_unique(credit_code=organization.credit_code, filing_number=organization.filing_number, region=region)
    _save_unique(organization)
    ServiceArea.objects.bulk_create([ServiceArea(organization=organization, region=area) for area in areas])
    organization.fields.set(fields)
    audit_record(action="organization.create", target=organization, user=user, changed_fields=[
        *(k for k, v in values.items() if v not in ("", None)), "service_areas",
        *(["fields"] if fields else []), *(["contact_phone"] if contact_phone else [])])
    return organization


def lock(organization: Organization) -> Organization:
    """The organization's row, locked for the rest of the transaction."""
    return Organization.objects.select_for_update().select_related("region").get(pk=organization.pk)


@transaction.atomic
def organization_update(*, user, organization: Organization, version: int, service_areas=None, fields=None,
                        contact_phone: str | None = None, **values) -> Organization:
    """Save edits made on ``version`` (a changed organization is refused, never overwritten).

    ``service_areas``/``fields`` (when given) replace the stored ones; ``contact_phone`` None keeps the
    stored number, "" removes it. Registration fields and service areas need a registrar.
    """
    locked = lock(organization)
    if not access.can(user, "organization.change", locked):
        raise PermissionDenied(_("You may not edit this organization."))
    if locked.version != version:
        raise OrganizationConflict(_("This organization was changed by someone else while you were editing it. "
                                     "Reload the page and make your changes again."))
    registrar = access.can(user, "organization.change", locked, with_reach=False)
    values = {k: v for k, v in values.items() if k in REGISTRATION_FIELDS + PROFILE_FIELDS}
    for name in ("name", "authority", "legal_representative", "contact_name", "address"):
        if name in values:
            values[name] = _one_line(values[name])
    if "credit_code" in values or "filing_number" in values or "kind" in values or "region" in values:
        values.update(clean_identification(
            kind=values.get("kind", locked.kind), region=values.get("region", locked.region),
            credit_code=values.get("credit_code", locked.credit_code),
            filing_number=values.get("filing_number", locked.filing_number)))
    changed = [k for k, v in values.items() if getattr(locked, k) != v]
    areas = None
    if service_areas is not None:
        areas = _check_areas(user, service_areas) if registrar else list(service_areas)
        if {a.code for a in areas} != set(locked.areas.values_list("region_id", flat=True)):
            changed.append("service_areas")
    if not registrar and any(name in REGISTRATION_FIELDS or name == "service_areas" for name in changed):
        raise PermissionDenied(_("Only the registering authority may change the registration, the service areas "
                                 "or the rating."))
    if "region" in changed:
        if values["region"].level not in REGISTERING_LEVELS:
            raise ValidationError({"region": _("An organization is registered with a city, a district or a "
                                               "street.")})
        if not access.can(user, "organization.create", values["region"]):
            raise PermissionDenied(_("You may not register organizations with %(unit)s.")
                                   % {"unit": values["region"].name})
    for name in changed:
        if name != "service_areas":
            setattr(locked, name, values[name])
    _check_rating(locked.rating, locked.rating_year)
    if contact_phone is not None:
        phone = _clean_phone(contact_phone)
        if phone != locked.contact_phone:
            locked.set_contact_phone(phone)
            changed.append("contact_phone")
    if fields is not None:
        new = {f.pk for f in fields}
        if new != set(locked.fields.values_list("pk", flat=True)):
            changed.append("fields")
    if not changed:
        return locked
    locked.full_clean(exclude=["created_by", "contact_phone_index"], validate_constraints=False)
    _check_unique(credit_code=locked.credit_code, filing_number=locked.filing_number, region=locked.region,
                  exclude=locked.pk)
    locked.touch()
    _save_unique(locked)
    if "service_areas" in changed:
        locked.areas.exclude(region__in=areas).delete()
        kept = set(locked.areas.values_list("region_id", flat=True))
        ServiceArea.objects.bulk_create([ServiceArea(organization=locked, region=a) for a in areas
                                         if a.code not in kept])
    if "fields" in changed:
        locked.fields.set(fields)
    audit_record(action="organization.change", target=locked, user=user, changed_fields=changed)
    return locked


def organization_set_status(*, user, organization: Organization, status: str, reason: str) -> Organization:
    """Suspend, deregister or reactivate an organization, with the reason (registrars only).

    The status chosen on the page fires the transition leading to it (``workflow.ORGANIZATION_PROCESS``);
    not wrapped in a transaction of its own, so that a refusal keeps its "denied" audit row.
    """
    name = TRANSITION_TO.get(status)
    if name is None:
        raise OrganizationError(_("Choose a status from the list."))
    return transition_apply(process=ORGANIZATION_PROCESS, obj=organization, name=name, user=user,
                            reason=_one_line(reason))


def contact_reveal(*, user, organization: Organization) -> str:
    """The contact phone in full, for the registrars; the read is audited (field name only)."""
    if not access.can(user, "organization.reveal_pii", organization):
        raise PermissionDenied(_("You may not see this organization's contact data."))
    audit_record(action="organization.reveal", target=organization, user=user,
                 changed_fields=["contact_phone"] if organization.contact_phone else [])
    return organization.contact_phone
