"""``EncryptedTextField``: a text column that holds a Fernet token, never the plaintext."""

from django.core import checks
from django.core.exceptions import FieldError
from django.db import models

from .crypto import decrypt, encrypt

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
