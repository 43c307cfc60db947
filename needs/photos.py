"""Photos attached to needs: checked by their bytes, stored under random names, served through access."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.core.files import save_with_file

from .models import Need, NeedPhoto

MAX_BYTES = 5 * 1024 * 1024
MAX_PER_NEED = 9


def sniff_image_type(head: bytes) -> str | None:
    """The image type from the file's first bytes; the browser-sent type and the name are not trusted."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def _clean_name(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable())[:100]


@transaction.atomic
def need_photo_add(*, user, need: Need, upload) -> NeedPhoto:
    locked = Need.objects.select_for_update().get(pk=need.pk)
    if not access.can(user, "need.change", locked):
        raise PermissionDenied(_("You may not add photos to this need."))
    if upload.size > MAX_BYTES:
        raise ValidationError(_("A photo may be at most %(mb)s MB; this one is %(size).1f MB.")
                              % {"mb": MAX_BYTES // (1024 * 1024), "size": upload.size / 1024 / 1024})
    if locked.photos.count() >= MAX_PER_NEED:
        raise ValidationError(_("A need keeps at most %(n)s photos.") % {"n": MAX_PER_NEED})
    upload.seek(0)
    kind = sniff_image_type(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise ValidationError(_("Only photos in JPEG, PNG or WebP format can be attached."))
    photo = NeedPhoto(need=locked, content_type=kind, size=upload.size, original_name=_clean_name(upload.name),
                      uploaded_by=user)
    save_with_file(photo, upload)
    audit_record(action="need.photo_add", target=locked, changed_fields=["photos"], user=user,
                 detail={"photo": photo.pk, "bytes": photo.size})
    return photo


@transaction.atomic
def need_photo_remove(*, user, photo: NeedPhoto) -> None:
    if not access.can(user, "need.change", photo.need):
        raise PermissionDenied(_("You may not remove photos of this need."))
    name = photo.file.name
    audit_record(action="need.photo_remove", target=photo.need, changed_fields=["photos"], user=user,
                 detail={"photo": photo.pk})
    photo.delete()
    transaction.on_commit(lambda: photo.file.storage.delete(name))
