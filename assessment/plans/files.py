"""Evidence of a manual score, recognised by its bytes: PDF, JPEG or PNG (the registry documents' check) or plain
UTF-8 text (a 台账 extract). The name and the browser-sent type are never trusted; files get random names
(``models._evidence_path``) and are served only through the score's access check, with ``nosniff`` and a CSP
that runs nothing."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wuse.core.files import upload_head
from wuse.registry.organizations.documents import CONTENT_TYPES, sniff_document_type

MAX_BYTES = 5 * 1024 * 1024




def _is_text(upload) -> bool:
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def checked_type(upload) -> str:
    """The upload's content type from its bytes, or a ``ValidationError`` saying what is accepted."""
    head = upload_head(upload, MAX_BYTES)
    ext = sniff_document_type(head)
    if ext is not None:
        return CONTENT_TYPES[ext]
    if _is_text(upload):
        return "text/plain"
    raise ValidationError(_("Evidence may be a PDF, a photo in JPEG or PNG format, or a plain text file."))
