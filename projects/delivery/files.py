"""Delivery files, checked by their bytes: photos are JPEG, PNG or WebP (the need photos' check,
``needs.photos.sniff_image_type``); sign-in sheets, vouchers and report attachments are PDF, JPEG or PNG (the
registry documents' check, ``wuse.registry.organizations.documents.sniff_document_type``). The name and the
browser-sent type are never trusted; files get random names and are served through the project's access."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from needs.photos import MAX_BYTES as PHOTO_MAX_BYTES
from needs.photos import sniff_image_type
from wuse.core.files import save_with_file, upload_head, upload_name
from wuse.registry.organizations.documents import CONTENT_TYPES, sniff_document_type

from .models import Attachment, AttachmentKind

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
MAX_PER_RECORD = 9
MAX_BYTES = {AttachmentKind.PHOTO: PHOTO_MAX_BYTES}




def checked_type(kind: str, upload) -> str:
    """The upload's content type from its bytes, or a ``ValidationError`` saying what is accepted."""
    head = upload_head(upload, MAX_BYTES.get(kind, DOCUMENT_MAX_BYTES))
    if kind == AttachmentKind.PHOTO:
        found = sniff_image_type(head)
        if found is None:
            raise ValidationError(_("Only photos in JPEG, PNG or WebP format can be attached."))
        return found
    ext = sniff_document_type(head)
    if ext is None:
        raise ValidationError(_("Only PDF, JPEG or PNG files can be uploaded."))
    return CONTENT_TYPES[ext]


def precheck(uploads) -> None:
    """Check every ``(kind, upload, field)`` before anything is written, so that a refused file leaves no other
    file behind on the disk (a rolled-back transaction does not delete stored files)."""
    for kind, upload, field in uploads:
        if upload is not None:
            try:
                checked_type(kind, upload)
            except ValidationError as exc:
                raise ValidationError({field: exc.messages}) from None


def attach(*, user, project, kind: str, upload, **owner) -> Attachment:
    """Store ``upload`` for ``owner`` (``activity=``, ``expense=`` or ``report=``); the caller holds the lock and
    writes the audit row."""
    content_type = checked_type(kind, upload)
    (record,) = owner.values()
    if record.attachments.count() >= MAX_PER_RECORD:
        raise ValidationError(_("A record keeps at most %(n)d files.") % {"n": MAX_PER_RECORD})
    attachment = Attachment(project=project, kind=kind, content_type=content_type, size=upload.size,
                            original_name=upload_name(upload.name), uploaded_by=user, **owner)
    return save_with_file(attachment, upload)
