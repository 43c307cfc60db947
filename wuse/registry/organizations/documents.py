"""Qualification documents: PDF, JPEG or PNG recognised by their bytes, stored under random names,
served only through the organization's access check (never as public media)."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.core.files import save_with_file

from .models import DocumentKind, Organization, OrganizationDocument

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_ORGANIZATION = 30
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def sniff_document_type(head: bytes) -> str | None:
    """The file's extension from its first bytes; the name and the browser-sent type are not trusted."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def extension(document: OrganizationDocument) -> str:
    return document.file.name.rsplit(".", 1)[-1].lower()


def content_type(document: OrganizationDocument) -> str:
    return CONTENT_TYPES.get(extension(document), "application/octet-stream")


@transaction.atomic
def document_add(*, user, organization: Organization, kind: str, title: str, upload, valid_until=None
                 ) -> OrganizationDocument:
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    if not access.can(user, "organization.change", locked):
        raise PermissionDenied(_("You may not add documents to this organization."))
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Enter a title.")})
    if upload is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    if upload.size > MAX_BYTES:
        raise ValidationError({"file": _("A document may be at most %(mb)d MB; this one is %(size).1f MB.")
                               % {"mb": MAX_BYTES // (1024 * 1024), "size": upload.size / 1024 / 1024}})
    if locked.documents.count() >= MAX_PER_ORGANIZATION:
        raise ValidationError(_("An organization keeps at most %(n)d documents; remove an old one first.")
                              % {"n": MAX_PER_ORGANIZATION})
    upload.seek(0)
    ext = sniff_document_type(upload.read(8))
    upload.seek(0)
    if ext is None:
        raise ValidationError({"file": _("Only PDF, JPEG or PNG files can be uploaded.")})
    document = OrganizationDocument(organization=locked, kind=kind, title=title[:100], valid_until=valid_until,
                                    uploaded_by=user)
    save_with_file(document, upload, name=f"{secrets.token_hex(16)}.{ext}")
    audit_record(action="organization.document_add", target=locked, user=user, changed_fields=["documents"],
                 detail={"document": document.pk, "bytes": upload.size})
    return document


@transaction.atomic
def document_remove(*, user, document: OrganizationDocument) -> None:
    if not access.can(user, "organization.change", document.organization):
        raise PermissionDenied(_("You may not remove documents of this organization."))
    name = document.file.name
    storage = document.file.storage
    audit_record(action="organization.document_remove", target=document.organization, user=user,
                 changed_fields=["documents"], detail={"document": document.pk})
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
