"""The acceptance check (验收): the checklist and comments, recorded by the community or the street while the
project awaits acceptance; with ``accept=True`` the project is accepted in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import Project
from projects.services import project_transition
from projects.workflow import ACCEPTANCE
from wuse.access import api as access
from wuse.audit.services import audit_record

from ..errors import DeliveryError
from ..models import Acceptance
from .guards import text

CHECKLIST = (
    ("activities", gettext_lazy("The planned activities were delivered")),
    ("indicators", gettext_lazy("The output indicators were reached")),
    ("money", gettext_lazy("Every expense has its voucher and stays within its line")),
    ("final_report", gettext_lazy("The final report was submitted")),
    ("residents", gettext_lazy("Residents were asked about the result")),
)


@transaction.atomic
def acceptance_record(*, user, project: Project, items: dict, comments: str = "", accept: bool = False
                      ) -> Acceptance:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not access.can(user, "project.accept", locked):
        raise PermissionDenied(_("You may not accept this project."))
    if locked.status != ACCEPTANCE:
        raise DeliveryError(_("The checklist is filled in while the project awaits acceptance."))
    unknown = set(items) - {code for code, _label in CHECKLIST}
    if unknown:
        raise ValidationError({"items": _("Unknown checklist item.")})
    checked = {code: bool(items.get(code)) for code, _label in CHECKLIST}
    comments = text(comments, "comments", limit=2000, required=False)
    if accept and not all(checked.values()):
        raise ValidationError({"items": _("Every item of the checklist must hold before the project is accepted; "
                                          "otherwise send it back to delivery with what is missing.")})
    acceptance, _created = Acceptance.objects.update_or_create(
        project=locked, defaults={"items": checked, "comments": comments, "recorded_by": user})
    audit_record(action="project.acceptance_check", target=locked, user=user, changed_fields=["acceptance"],
                 detail={"accept": accept})
    if accept:
        project_transition(user=user, project=locked, name="accept")
    return acceptance
