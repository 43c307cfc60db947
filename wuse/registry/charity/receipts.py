"""Receipt scans of donations: PDF, JPEG or PNG recognised by their bytes (never by name or browser type),
at most 5 MB, stored under a random name and served only through the donation's access check."""

import uuid

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
CONTENT_TYPES = {ext: kind for kind, ext in EXTENSIONS.items()}
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def sniff_receipt_type(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def receipt_type(upload) -> str | None:
    upload.seek(0)
    kind = sniff_receipt_type(upload.read(16))
    upload.seek(0)
    return kind


def receipt_error(upload) -> str | None:
    """Why ``upload`` cannot be kept as a receipt scan, or None."""
    if upload.size > MAX_BYTES:
        return _("A receipt scan may be at most %(mb)s MB; this one is %(size).1f MB.") % {
            "mb": MAX_BYTES // (1024 * 1024), "size": upload.size / 1024 / 1024}
    if upload.size == 0 or receipt_type(upload) is None:
        return _("A receipt scan must be a PDF, JPEG or PNG file.")
    return None


def storage_name(upload) -> str:
    """A random name with the extension of the type found in the bytes."""
    return f"{uuid.uuid4().hex}.{EXTENSIONS[receipt_type(upload)]}"


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
