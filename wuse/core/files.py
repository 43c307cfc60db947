"""Files uploaded by users (need photos, organization documents, project delivery files): stored under random
names with their row, served only through the caller's access check.

The caller recognises the type from the bytes and checks the size; these two functions keep the storage and
the row in step and give every private file the same headers."""

from django.http import FileResponse


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
