"""Files added later to a delivery record (a voucher that came after the payment, more photos, a scanned
sign-in sheet): the same byte checks, while the project is delivered."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects.models import Project
from wuse.audit.services import audit_record

from ..files import attach, precheck
from ..models import Activity, Attachment, AttachmentKind, Expense, Report
from .guards import locked_delivering

# What a record may carry: (model, the kinds of its files).
OWNERS = {
    "activity": (Activity, (AttachmentKind.PHOTO, AttachmentKind.SIGN_IN)),
    "expense": (Expense, (AttachmentKind.VOUCHER,)),
    "report": (Report, (AttachmentKind.REPORT,)),
}


@transaction.atomic
def attachment_add(*, user, project: Project, owner: str, owner_id: int, kind: str, upload) -> Attachment:
    locked = locked_delivering(user, project)
    if owner not in OWNERS:
        raise ValidationError({"kind": _("Choose the kind of file.")})
    model, kinds = OWNERS[owner]
    if kind not in kinds:
        raise ValidationError({"kind": _("Choose the kind of file.")})
    record = model.objects.filter(project=locked, pk=owner_id).first()
    if record is None:
        raise ValidationError({"file": _("There is no such record of this project.")})
    if upload is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    precheck([(kind, upload, "file")])
    try:
        attachment = attach(user=user, project=locked, kind=kind, upload=upload, **{owner: record})
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    audit_record(action="project.delivery_file_add", target=locked, user=user, changed_fields=["files"],
                 detail={owner: record.pk, "file": attachment.pk, "bytes": attachment.size})
    return attachment
