"""The list itself: create a draft for a community and a period, publish and close it (through the kernel)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.workflow.services import transition_apply

from ..models import CobuildList
from ..workflow import LIST_PROCESS
from .common import period, text


@transaction.atomic
def list_create(*, user, region: Region, title: str, period_start, period_end) -> CobuildList:
    if region is None or region.level != Level.COMMUNITY:
        raise ValidationError({"region": _("A co-building list belongs to one community.")})
    cobuild_list = CobuildList(region=region, created_by=user, title=text(title, "title", limit=100),
                               period_start=period_start, period_end=period_end)
    if not access.can(user, "cobuild.change", cobuild_list):
        raise PermissionDenied(_("You may not build co-building lists for this community."))
    period(period_start, period_end, end_field="period_end")
    cobuild_list.save()
    audit_record(action="cobuild.list_create", target=cobuild_list, user=user,
                 changed_fields=["region", "title", "period_start", "period_end"])
    return cobuild_list


def list_transition(*, user, cobuild_list: CobuildList, name: str, reason: str = "") -> CobuildList:
    return transition_apply(process=LIST_PROCESS, obj=cobuild_list, name=name, user=user, reason=reason,
                            manual_only=True)
