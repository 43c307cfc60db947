from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.workflow.services import transition_apply

from .models import Need
from .workflow import NEED_PROCESS


class NeedConflict(Exception):
    """Someone else saved the need since the form was opened."""


@transaction.atomic
def need_create(*, user, community: Region, title: str, description: str = "") -> Need:
    if community.level != Level.COMMUNITY:
        raise PermissionDenied(_("A need belongs to a community."))
    need = Need(community=community, title=title, description=description, created_by=user)
    if not access.can(user, "need.create", need):
        raise PermissionDenied(_("You may not register needs for this community."))
    need.full_clean()
    need.save()
    audit_record(action="need.create", target=need, changed_fields=["community", "title", "description"],
                 user=user)
    return need


@transaction.atomic
def need_update(*, user, need: Need, version: int, title: str, description: str) -> Need:
    """Save edits made on version ``version``; refuse if the need changed since (no silent overwrite)."""
    if not access.can(user, "need.change", need):
        raise PermissionDenied(_("You may not edit this need."))
    changed = [f for f, v in (("title", title), ("description", description)) if getattr(need, f) != v]
    updated = Need.objects.filter(pk=need.pk, version=version).update(
        title=title, description=description, version=version + 1, updated_at=timezone.now())
    if not updated:
        raise NeedConflict(_("This need was changed by someone else while you were editing it."))
    need.refresh_from_db()
    audit_record(action="need.change", target=need, changed_fields=changed, user=user)
    return need


def need_transition(*, user, need: Need, name: str, reason: str = "") -> Need:
    return transition_apply(process=NEED_PROCESS, obj=need, name=name, user=user, reason=reason)
