"""The guard every delivery write starts with."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from projects.models import Project
from wuse.access import api as access

from ..errors import DeliveryError
from ..workflow import delivery_refusal


def check_delivering(user, project: Project) -> None:
    if not access.can(user, "project.deliver", project):
        raise PermissionDenied(_("You may not record the delivery of this project."))
    refusal = delivery_refusal(project)
    if refusal:
        raise DeliveryError(refusal)


def locked_delivering(user, project: Project) -> Project:
    """The project locked, if the user may record its delivery now."""
    locked = Project.objects.select_for_update(of=("self",)).select_related("region", "undertaker").get(pk=project.pk)
    check_delivering(user, locked)
    return locked


def text(value, field: str, *, limit: int, required: bool = True) -> str:
    cleaned = str(value or "").replace("\x00", "").strip()
    if required and not cleaned:
        raise ValidationError({field: _("This field is required.")})
    if len(cleaned) > limit:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": limit}})
    return cleaned
