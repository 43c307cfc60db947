"""A person known to the registry: a volunteer, a social worker, a time-bank or points account holder.

One row per person per installation, found again by the blind index of the ID number (or of the
phone when no ID number is given). Contact data is encrypted at rest and masked on every page.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.privacy import ID_NUMBER, PHONE, mask_id_number, mask_name, mask_phone
from wuse.privacy.fields import encrypted_with_index, set_indexed
from wuse.regions.models import Region


class Gender(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class IdType(models.TextChoices):
    RESIDENT = "resident", _("Resident ID card")
    HK_MACAO_TAIWAN = "hmt", _("Hong Kong, Macao or Taiwan permit")
    PASSPORT = "passport", _("Passport")


class Person(models.Model):
    ACCESS_KEY = "person"
    ACCESS_REGION_FIELD = "region"

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    id_type = models.CharField(_("ID type"), max_length=10, choices=IdType.choices, default=IdType.RESIDENT)
    id_number, id_index = encrypted_with_index(_("ID number"), source="id_number", purpose=ID_NUMBER)
    phone, phone_index = encrypted_with_index(_("phone"), source="phone", purpose=PHONE)
    # The home community: the unit that keeps the person's records (谁记录谁证明).
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("home community"))
    # The person's own sign-in, when they have one (a volunteer seeing their record and balance).
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="person", verbose_name=_("account"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["region", "name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["region", "name"], name="person_region_name_idx")]
        constraints = [
            # One person per ID number in the installation (an empty index means no ID number given).
            models.UniqueConstraint(fields=["id_index"], condition=~models.Q(id_index=""), name="person_unique_id"),
        ]

    def __str__(self) -> str:
        return mask_name(self.name)

    def set_contact(self, *, phone: str, id_number: str) -> list[str]:
        """Store normalized contact data with the blind indexes used for exact lookups; returns the fields
        written."""
        return set_indexed(self, phone=phone, id_number=id_number)

    @property
    def masked(self) -> dict[str, str]:
        return {"name": mask_name(self.name), "phone": mask_phone(self.phone),
                "id_number": mask_id_number(self.id_number)}
