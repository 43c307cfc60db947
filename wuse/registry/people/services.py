"""Writes to the person registry: register (or find again) a person, change them, reveal their contact data."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.core.errors import DomainError
from wuse.privacy import ID_NUMBER, PHONE, birth_date, blind_index
from wuse.regions.levels import Level
from wuse.regions.models import Region

from .models import IdType, Person


class PersonError(DomainError):
    """A refused change to a person; the message says why, in the user's language."""


@dataclass(frozen=True)
class PersonData:
    """A person as a form gives it: already normalized and validated (see ``forms.PersonFields``)."""

    name: str
    region: Region
    phone: str = ""
    id_type: str = IdType.RESIDENT
    id_number: str = ""
    gender: str = ""
    birth_year: int | None = None


def find_person(*, id_number: str = "", phone: str = "") -> Person | None:
    """The person with this ID number (or, without one, this phone), by blind index: exact matches only."""
    if id_number:
        return Person.objects.filter(id_index=blind_index(id_number, purpose=ID_NUMBER)).first()
    if phone:
        return Person.objects.filter(phone_index=blind_index(phone, purpose=PHONE)).order_by("id").first()
    return None


def person_register(*, user, data: PersonData, action: str) -> tuple[Person, bool]:
    """The registered person with ``data``'s ID number, or a new one; returns (person, created).

    ``action`` is the caller's create action (``volunteer.create``, ``social_worker.create``…): the user
    must hold it in ``data.region``. A person found again keeps their record; a different name for the
    same ID number is refused rather than silently merged.
    """
    if data.region.level != Level.COMMUNITY:
        raise PersonError(_("A person's home unit is a community."))
    if not access.can(user, action, data.region):
        raise PermissionDenied(_("You may not register people in %(unit)s.") % {"unit": data.region.name})
    existing = find_person(id_number=data.id_number) if data.id_number else None
    if existing is not None:
        if existing.name != data.name:
            raise PersonError(_("This ID number is already registered under another name; check the ID number."))
        return existing, False
    person = Person(name=data.name, region=data.region, id_type=data.id_type, gender=data.gender,
                    birth_year=data.birth_year, created_by=user)
    if data.id_number and data.id_type == IdType.RESIDENT and not data.birth_year:
        person.birth_year = birth_date(data.id_number).year
    person.set_contact(phone=data.phone, id_number=data.id_number)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # the same ID number registered at the same moment by someone else
        existing = find_person(id_number=data.id_number)
        if existing is None or existing.name != data.name:
            raise PersonError(_("This ID number is already registered under another name; check the ID number.")) \
                from None
        return existing, False
    audit_record(action="person.create", target=person, user=user,
                 changed_fields=["name", "region", "phone", "id_number", "gender", "birth_year"])
    return person, True


@transaction.atomic
def person_update(*, user, person: Person, data: PersonData, action: str) -> Person:
    """Change a person's data (``action``: the caller's change action, held on the person's community)."""
    if not access.can(user, action, person) or not access.can(user, action, data.region):
        raise PermissionDenied(_("You may not change this person."))
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if data.id_number:
        other = find_person(id_number=data.id_number)
        if other is not None and other.pk != locked.pk:
            raise PersonError(_("This ID number belongs to another registered person."))
    before = {"name": locked.name, "region": locked.region_id, "phone": locked.phone, "id_number": locked.id_number,
              "gender": locked.gender, "birth_year": locked.birth_year, "id_type": locked.id_type}
    locked.name, locked.region, locked.gender = data.name, data.region, data.gender
    locked.birth_year, locked.id_type = data.birth_year, data.id_type
    locked.set_contact(phone=data.phone, id_number=data.id_number)
    after = {"name": locked.name, "region": locked.region_id, "phone": locked.phone, "id_number": locked.id_number,
             "gender": locked.gender, "birth_year": locked.birth_year, "id_type": locked.id_type}
    changed = [name for name in before if before[name] != after[name]]
    if changed:
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        audit_record(action="person.change", target=locked, user=user, changed_fields=changed)
    return locked


def person_reveal(*, user, person: Person) -> dict[str, str]:
    """A person's phone and ID number in full, for the role that needs them; the read is audited."""
    if not access.can(user, "person.reveal_pii", person):
        raise PermissionDenied(_("You may not see this person's contact data."))
    revealed = {"phone": person.phone, "id_number": person.id_number}
    audit_record(action="person.reveal", target=person, user=user,
                 changed_fields=[name for name, value in revealed.items() if value])
    return revealed
