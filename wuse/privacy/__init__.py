"""Residents' personal data: normalize and validate, encrypt at rest, blind-index, mask.

Not a Django app and no models: steps use ``EncryptedTextField`` (``wuse.privacy.fields``)
for the encrypted column and store ``blind_index(value, purpose=…)`` in an indexed
CharField next to it for lookups.
"""

from .crypto import ID_NUMBER, PHONE, DecryptionError, blind_index, decrypt, encrypt, rotate
from .idcard import birth_date, check_character, id_number_error, normalize_id_number, validate_id_number
from .masking import mask_id_number, mask_name, mask_names, mask_phone
from .phone import normalize_phone, phone_error, validate_phone
from .text import squeeze_spaces, to_halfwidth

__all__ = [
    "ID_NUMBER",
    "PHONE",
    "DecryptionError",
    "birth_date",
    "blind_index",
    "check_character",
    "decrypt",
    "encrypt",
    "id_number_error",
    "mask_id_number",
    "mask_name",
    "mask_names",
    "mask_phone",
    "normalize_id_number",
    "normalize_phone",
    "phone_error",
    "rotate",
    "squeeze_spaces",
    "to_halfwidth",
    "validate_id_number",
    "validate_phone",
]
