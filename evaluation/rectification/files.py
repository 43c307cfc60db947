"""Evidence files, checked by their bytes as the delivery's files are: PDF, JPEG or PNG (the registry documents'
check, ``wuse.registry.organizations.documents.sniff_document_type``) or a WebP photo (the need photos' check). The
name and the browser-sent type are never trusted; files get random names (``models._evidence_path``) and are served
only through the rectification's access check."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from needs.photos import sniff_image_type
from wuse.core.files import save_with_file, upload_head, upload_name
from wuse.registry.organizations.documents import CONTENT_TYPES, sniff_document_type

from .models import RectificationEvidence

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_RECTIFICATION = 9




def checked_type(upload) -> str:
    """The upload's content type from its bytes, or a ``ValidationError`` saying what is accepted."""
    head = upload_head(upload, MAX_BYTES)
    ext = sniff_document_type(head)
    if ext is not None:
        return CONTENT_TYPES[ext]
    if sniff_image_type(head) == "image/webp":
        return "image/webp"
    raise ValidationError(_("Evidence may be a PDF, or a photo in JPEG, PNG or WebP format."))


def precheck(uploads, *, already: int = 0) -> None:
    """Check every upload (and their number) before anything is written, so that a refused file leaves no other
    file behind on the disk (a rolled-back transaction does not delete stored files)."""
    if already + len(uploads) > MAX_PER_RECTIFICATION:
        raise ValidationError({"files": _("A rectification keeps at most %(n)d evidence files.")
                               % {"n": MAX_PER_RECTIFICATION}})
    for upload in uploads:
        try:
            checked_type(upload)
        except ValidationError as exc:
            raise ValidationError({"files": [f"{upload_name(upload.name)}: {m}" for m in exc.messages]}) from None


def store(*, user, rectification, upload) -> RectificationEvidence:
    """Store one checked upload for ``rectification``; the caller holds the lock and writes the audit row."""
    evidence = RectificationEvidence(rectification=rectification, content_type=checked_type(upload),
                                     size=upload.size, original_name=upload_name(upload.name), uploaded_by=user)
    return save_with_file(evidence, upload)
