"""Every write to social workers (社会工作者 and 专职社区工作者): guard → change → audit, in one transaction.

The person is registered (or found again by ID number) through ``wuse.registry.people.services`` in the
same transaction: when the social worker is refused, no person is left behind either.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.registry.codes import certificate_number_error, normalize_code
from wuse.registry.people.services import PersonData, person_register, person_update

from ..errors import SocialWorkerError
from ..models import CertificateLevel, Organization, OrgStatus, SocialWorker

WORKPLACE_LEVELS = (Level.STREET, Level.COMMUNITY)
WORKER_FIELDS = ("region", "employer", "is_community_worker", "certificate_level", "certificate_number",
                 "certified_year", "active")


@dataclass(frozen=True)
class WorkerData:
    """The social-worker part of the form (the person part is a ``PersonData``)."""

    region: Region  # the 社工站 (a street) or the community where they work
    employer: Organization | None = None
    is_community_worker: bool = False
    certificate_level: str = ""
    certificate_number: str = ""
    certified_year: int | None = None
    active: bool = True


def clean_certificate(level: str, number: str, year: int | None) -> tuple[str, str, int | None]:
    """(level, normalized number, year) or a ValidationError naming the field.

    A level needs its number and a number its level; the number is checked by its shape; the year
    certified is the number's first four digits (filled in when left empty)."""
    number = normalize_code(number)
    if level and level not in CertificateLevel.values:
        raise ValidationError({"certificate_level": _("Choose a certificate level from the list.")})
    if level and not number:
        raise ValidationError({"certificate_number": _("Enter the certificate number (管理号) of this level.")})
    if number and not level:
        raise ValidationError({"certificate_level": _("Choose the level of this certificate.")})
    if not number:
        if year:
            raise ValidationError({"certified_year": _("A year certified needs a certificate.")})
        return "", "", None
    if problem := certificate_number_error(number):
        raise ValidationError({"certificate_number": problem})
    first_four = int(number[:4])
    if year and year != first_four:
        raise ValidationError({"certified_year": _("The certificate number starts with %(year)d, the year it was "
                                                   "obtained; the year certified must be the same.")
                               % {"year": first_four}})
    return level, number, first_four


def _check_workplace(user, region: Region, action: str) -> None:
    if region.level not in WORKPLACE_LEVELS:
        raise ValidationError({"workplace": _("A social worker works at a street's social-work station or in a "
                                              "community.")})
    if not access.can(user, action, SocialWorker(region=region)):
        raise PermissionDenied(_("You may not register social workers in %(unit)s.") % {"unit": region.name})


def _check_employer(user, employer: Organization | None) -> None:
    if employer is None:
        return
    if not access.can(user, "organization.view", employer):
        raise PermissionDenied(_("You may only choose an employer you can see."))
    if not Organization.objects.filter(pk=employer.pk, status=OrgStatus.ACTIVE).exists():  # its status now
        raise ValidationError({"employer": _("%(name)s is not active; choose an active organization.")
                               % {"name": employer.name}})


def _check_unique_number(number: str, exclude=None) -> None:
    others = SocialWorker.objects.exclude(pk=exclude) if exclude else SocialWorker.objects.all()
    if number and others.filter(certificate_number=number).exists():
        raise ValidationError({"certificate_number": _("This certificate number is already registered for "
                                                       "another social worker.")})


def _save(worker: SocialWorker) -> None:
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError:  # the same certificate registered at the same moment by someone else
        _check_unique_number(worker.certificate_number, exclude=worker.pk)
        raise


@transaction.atomic
def social_worker_register(*, user, person: PersonData, data: WorkerData) -> SocialWorker:
    """Register a social worker: the person (new, or found again by ID number) and their post."""
    _check_workplace(user, data.region, "social_worker.create")
    _check_employer(user, data.employer)
    level, number, year = clean_certificate(data.certificate_level, data.certificate_number, data.certified_year)
    _check_unique_number(number)
    registered, created = person_register(user=user, data=person, action="social_worker.create")
    if not created and SocialWorker.objects.filter(person=registered).exists():
        raise SocialWorkerError(_("This person is already registered as a social worker."))
    worker = SocialWorker(person=registered, region=data.region, employer=data.employer,
                          is_community_worker=data.is_community_worker, certificate_level=level,
                          certificate_number=number, certified_year=year, active=data.active, created_by=user)
    _save(worker)
    audit_record(action="social_worker.create", target=worker, user=user, changed_fields=[
        name for name in WORKER_FIELDS if getattr(worker, name) not in ("", None, False)])
    return worker


def _person_changed(stored, data: PersonData) -> bool:
    return ((stored.name, stored.region_id, stored.phone, stored.id_number, stored.gender, stored.birth_year,
             stored.id_type)
            != (data.name, data.region.code, data.phone, data.id_number, data.gender, data.birth_year, data.id_type))


@transaction.atomic
def social_worker_update(*, user, worker: SocialWorker, version: int, person: PersonData | None,
                         data: WorkerData) -> SocialWorker:
    """Save edits made on ``version`` (refused if the record changed since)."""
    locked = SocialWorker.objects.select_for_update().select_related("person").get(pk=worker.pk)
    if not access.can(user, "social_worker.change", locked):
        raise PermissionDenied(_("You may not edit this social worker."))
    if locked.version != version:
        raise SocialWorkerError(_("This social worker was changed by someone else while you were editing. "
                                  "Reload the page and make your changes again."))
    if data.region.code != locked.region_id:
        _check_workplace(user, data.region, "social_worker.change")
    if (data.employer.pk if data.employer else None) != locked.employer_id:
        _check_employer(user, data.employer)
    level, number, year = clean_certificate(data.certificate_level, data.certificate_number, data.certified_year)
    _check_unique_number(number, exclude=locked.pk)
    if person is not None and _person_changed(locked.person, person):
        person_update(user=user, person=locked.person, data=person, action="social_worker.change")
        person_changed = ["person"]
    else:
        person_changed = []
    new = {"region": data.region, "employer": data.employer, "is_community_worker": data.is_community_worker,
           "certificate_level": level, "certificate_number": number, "certified_year": year, "active": data.active}
    stored = {**{name: getattr(locked, name) for name in new if name not in ("region", "employer")},
              "region": locked.region_id, "employer": locked.employer_id}
    wanted = {**new, "region": data.region.code, "employer": data.employer.pk if data.employer else None}
    changed = [name for name in new if stored[name] != wanted[name]]
    if changed or person_changed:
        for name in changed:
            setattr(locked, name, new[name])
        locked.version += 1
        _save(locked)
        audit_record(action="social_worker.change", target=locked, user=user, changed_fields=changed + person_changed)
    return locked
