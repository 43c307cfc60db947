"""``EncryptedTextField``: a text column that holds a Fernet token, never the plaintext; ``BlindIndexField``
beside it for exact lookups (declared together with ``encrypted_with_index``, written with ``set_indexed``)."""

from django.core import checks
from django.core.exceptions import FieldError
from django.db import models

from .crypto import blind_index, decrypt, encrypt

ALLOWED_LOOKUPS = frozenset({"isnull"})


class EncryptedTextField(models.TextField):
    """Encrypted at rest; the Python value is the plaintext.

    Tokens are random, so the column cannot be compared in SQL: every lookup but
    ``isnull`` raises ``FieldError``. Filter on a separate blind-index column instead
    (``wuse.privacy.blind_index``). ``None`` and ``""`` are stored as they are.

    ``to_python`` does not decrypt: it sees user input during ``full_clean``, and
    decrypting there would let anyone holding a stolen token paste it into a form
    and read the plaintext back.
    """

    description = "Text encrypted at rest (Fernet)"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name not in ALLOWED_LOOKUPS:
            raise self._refused(lookup_name)
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        raise self._refused(lookup_name)

    def _refused(self, lookup_name: str) -> FieldError:
        where = f"{self.model._meta.label}.{self.name}" if hasattr(self, "model") else type(self).__name__
        return FieldError(
            f"{where} is encrypted with random tokens, so '{lookup_name}' cannot be computed in the database; "
            "only 'isnull' is supported. Filter on its blind-index column (wuse.privacy.blind_index) instead."
        )

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.unique or self.db_index:
            errors.append(
                checks.Error(
                    "An EncryptedTextField cannot be unique or indexed: every token is different.",
                    hint="Put unique=True / db_index=True on the blind-index column instead.",
                    obj=self,
                    id="wuse_privacy.E001",
                )
            )
        return errors


class BlindIndexField(models.CharField):
    """The blind index (HMAC) of an encrypted field of the same model, for exact lookups.

    Declared with its source by ``encrypted_with_index``; ``set_indexed`` writes both together.
    """

    description = "Blind index (HMAC-SHA256) of an encrypted field"

    def __init__(self, *args, source: str, purpose: str, **kwargs):
        self.source, self.purpose = source, purpose
        kwargs.update(max_length=64, blank=True, db_index=True, editable=False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for fixed in ("max_length", "blank", "db_index", "editable"):
            kwargs.pop(fixed, None)
        return name, path, args, {**kwargs, "source": self.source, "purpose": self.purpose}

    def index_of(self, value: str) -> str:
        return blind_index(value, purpose=self.purpose) if value else ""


def encrypted_with_index(verbose_name, *, source: str, purpose: str) -> tuple[EncryptedTextField, BlindIndexField]:
    """An encrypted personal-data column and its blind index, declared once::

        contact_phone, contact_phone_index = encrypted_with_index(_("contact phone"), source="contact_phone",
                                                                  purpose=PHONE)
    """
    return (EncryptedTextField(verbose_name, blank=True, default=""),
            BlindIndexField(source=source, purpose=purpose))


def set_indexed(obj: models.Model, **values: str) -> list[str]:
    """Set encrypted fields and their blind indexes together; returns every field name written (for
    ``save(update_fields=…)``). ``values`` are already normalized (a phone by ``normalize_phone``…)."""
    indexes = {f.source: f for f in obj._meta.concrete_fields if isinstance(f, BlindIndexField)}
    written: list[str] = []
    for name, value in values.items():
        if name not in indexes:
            raise FieldError(f"{obj._meta.label}.{name} has no blind index declared with encrypted_with_index")
        value = value or ""
        setattr(obj, name, value)
        setattr(obj, indexes[name].attname, indexes[name].index_of(value))
        written += [name, indexes[name].attname]
    return written
