"""Uploaded files and their rows stay in step (``wuse.core.files``), and private files carry the same headers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from needs.models import NeedPhoto
from wuse.core.files import private_file_response, save_with_file

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.django_db
def test_a_row_that_cannot_be_saved_leaves_no_stored_file(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    photo = NeedPhoto(content_type="image/png", size=len(PNG), original_name="a.png")  # no need, no uploader
    with pytest.raises(IntegrityError), transaction.atomic():
        save_with_file(photo, SimpleUploadedFile("a.png", PNG))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_private_file_is_shown_inline_with_no_sniffing_and_no_active_content(tmp_path):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=str(tmp_path))
    name = storage.save("x.png", SimpleUploadedFile("x.png", PNG))
    response = private_file_response(storage.open(name), content_type="image/png", filename="photo-1.png")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="photo-1.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content) == PNG
