"""Files uploaded by users (need photos, organization documents, project delivery files): stored under random
names with their row, served only through the caller's access check.

The caller recognises the type from the bytes (``upload_head`` checks the size and reads the first bytes for it;
``upload_name`` keeps a shown name harmless); ``save_with_file`` keeps the storage and the row in step and
``private_file_response`` gives every private file the same headers."""

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

HEAD_BYTES = 16  # enough for every signature the callers recognise (PDF, JPEG, PNG, WebP)


def upload_name(name: str) -> str:
    """The name an upload came with, as shown later: no folder, no control character, at most 100 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable())[:100]


def upload_head(upload, max_bytes: int) -> bytes:
    """The first bytes of ``upload`` (to recognise its type), after refusing an empty file or one larger than
    ``max_bytes`` with a ``ValidationError`` that says so; the upload is left at its start."""
    if upload.size > max_bytes:
        raise ValidationError(_("A file may be at most %(mb)d MB; this one is %(size).1f MB.")
                              % {"mb": max_bytes // (1024 * 1024), "size": upload.size / 1024 / 1024})
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def save_with_file(instance, upload, *, name: str = "upload", field: str = "file"):
    """Store ``upload`` in ``instance``'s file field (under a name its ``upload_to`` makes) and save the row; if
    the row cannot be saved the stored file is removed again, so no file is left without its row."""
    stored = getattr(instance, field)
    stored.save(name, upload, save=False)
    path = stored.name
    try:
        instance.save()
    except Exception:
        stored.storage.delete(path)
        raise
    return instance


def private_file_response(stored, *, content_type: str, filename: str,
                          cache_control: str = "private, max-age=600") -> FileResponse:
    """``stored`` (a field file) for the browser to show inline: the type recognised at upload, never sniffed
    again by the browser, a neutral file name, no script or style of its own, kept only in private caches."""
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
