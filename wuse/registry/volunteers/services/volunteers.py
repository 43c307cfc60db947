"""Writes to the volunteer registry: volunteers and their record notes, and the numbering of a unit's records.

Every function: guard → change → audit row, in one transaction; a refusal raises ``VolunteerError``
(or ``PermissionDenied``) with a message for the user, and nothing is written.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.privacy.text import one_line
from wuse.regions.models import Region
from wuse.registry.people.services import PersonData, PersonError, person_register

from ..errors import VolunteerError
from ..models import Availability, RecordNote, RecordNoteKind, Volunteer

# Volunteer numbers: "V" + the registering community's code + "-" + a 5-digit sequence per community.
NUMBER_DIGITS = 5


def lock_unit(region: Region) -> Region:
    """Lock the unit's row to serialize the numbering of its volunteers and certificates.

    FOR NO KEY UPDATE on PostgreSQL: it serializes the numbering transactions without blocking the
    inserts elsewhere that reference the unit (those take FOR KEY SHARE).
    """
    return Region.objects.select_for_update(no_key=True).get(pk=region.pk)


def next_number(model, field: str, prefix: str, digits: int) -> str:
    """The next ``prefix`` + zero-padded sequence for ``model.field``; call it with the unit locked."""
    low, high = prefix + "0" * digits, prefix + "9" * digits
    last = (model.objects.filter(**{f"{field}__gte": low, f"{field}__lte": high})
            .order_by(f"-{field}").values_list(field, flat=True).first())
    sequence = int(last[len(prefix):]) + 1 if last else 1
    if sequence >= 10 ** digits:
        raise VolunteerError(_("The numbers of this unit are used up; ask the administrator."))
    return f"{prefix}{sequence:0{digits}d}"


# ---- volunteers ----------------------------------------------------------------------------


@transaction.atomic
def volunteer_register(*, user, data: PersonData, skills=(), availability: str = Availability.WEEKEND) -> Volunteer:
    """Register a person (new, or found again by ID number) as a volunteer of ``data.region``.

    The volunteer number is assigned with the community's row locked, so two registrations at the
    same moment never get the same number.
    """
    if availability not in Availability.values:
        raise VolunteerError(_("Choose when the volunteer is available."))
    try:
        person, created = person_register(user=user, data=data, action="volunteer.create")
    except PersonError as exc:
        raise VolunteerError(str(exc)) from None
    if not created:
        existing = Volunteer.objects.filter(person=person).first()
        if existing is not None:
            raise VolunteerError(_("This person is already registered as volunteer %(number)s.")
                                 % {"number": existing.number})
        if person.region_id != data.region.pk:
            raise VolunteerError(_("This person is registered in %(unit)s; their home community registers them "
                                   "as a volunteer.") % {"unit": person.region.name})
    region = lock_unit(data.region)
    volunteer = Volunteer(person=person, region=region, availability=availability, created_by=user,
                          number=next_number(Volunteer, "number", f"V{region.code}-", NUMBER_DIGITS))
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError:  # the same person registered as a volunteer a moment ago by a colleague
        raise VolunteerError(_("This person is already registered as a volunteer.")) from None
    volunteer.skills.set(skills)
    audit_record(action="volunteer.create", target=volunteer, user=user,
                 changed_fields=["person", "region", "number", "availability", *(["skills"] if skills else [])])
    return volunteer


@transaction.atomic
def volunteer_update(*, user, volunteer: Volunteer, skills, availability: str, active: bool) -> Volunteer:
    """Change what the volunteer offers and whether they are active (their person data is the person's)."""
    locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if not access.can(user, "volunteer.change", locked):
        raise PermissionDenied(_("You may not change this volunteer."))
    if availability not in Availability.values:
        raise VolunteerError(_("Choose when the volunteer is available."))
    changed = []
    new_skills = {skill.pk for skill in skills}
    if new_skills != set(locked.skills.values_list("pk", flat=True)):
        locked.skills.set(new_skills)
        changed.append("skills")
    for name, value in (("availability", availability), ("active", bool(active))):
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    if changed:
        Volunteer.objects.filter(pk=locked.pk).update(availability=locked.availability, active=locked.active,
                                                      version=F("version") + 1)
        locked.refresh_from_db()
        audit_record(action="volunteer.change", target=locked, user=user, changed_fields=changed)
    return locked


@transaction.atomic
def record_note_add(*, user, volunteer: Volunteer, kind: str, date: dt.date, title: str, issuer: str) -> RecordNote:
    """Add training, a commendation or an evaluation to the volunteer's record."""
    if not access.can(user, "volunteer.change", volunteer):
        raise PermissionDenied(_("You may not change this volunteer."))
    if kind not in RecordNoteKind.values:
        raise VolunteerError(_("Choose the kind of record."))
    title, issuer = one_line(title), one_line(issuer)
    if not title or not issuer:
        raise VolunteerError(_("Enter the title and who gave it."))
    if date > timezone.localdate():
        raise VolunteerError(_("The date cannot be in the future."))
    note = RecordNote.objects.create(volunteer=volunteer, kind=kind, date=date, title=title[:200],
                                     issuer=issuer[:100], recorded_by=user)
    audit_record(action="volunteer.note_add", target=volunteer, user=user, changed_fields=["record_notes"],
                 detail={"note": note.pk, "kind": kind})
    return note
