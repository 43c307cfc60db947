"""Writes to the published needs list (需求清单): assemble, submit, approve and publish, return, revise."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.workflow.services import TransitionError, transition_apply

from ..lists import NEEDS_LIST_PROCESS, PUBLICITY_DAYS, snapshot  # noqa: F401  (snapshot: part of the interface)
from ..models import Need, NeedsList, NeedsListItem
from ..workflow import IN_PROJECT, LISTED

# A need may stand on a list once it is listed, and stays on it while it is carried out.
LISTABLE_STATES = (LISTED, IN_PROJECT)


NOTICE_FIELDS = ("publicity_days", "objection_place", "objection_contact", "objection_phone")


def _set_notice(needs_list: NeedsList, *, publicity_days: int, objection_place: str, objection_contact: str,
                objection_phone: str) -> None:
    """The public notice's period and objection contact, checked as the model declares them."""
    needs_list.publicity_days = publicity_days
    needs_list.objection_place = " ".join(objection_place.split())
    needs_list.objection_contact = " ".join(objection_contact.split())
    needs_list.objection_phone = " ".join(objection_phone.split())
    errors = {}
    for name in NOTICE_FIELDS:
        try:
            needs_list._meta.get_field(name).clean(getattr(needs_list, name), needs_list)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def needs_list_create(*, user, community: Region, period_label: str, period_start, period_end,
                      publicity_days: int = PUBLICITY_DAYS, objection_place: str = "", objection_contact: str = "",
                      objection_phone: str = "") -> NeedsList:
    """Start a list for a period, filled with the community's listed needs (staff then adjust it)."""
    if community.level != Level.COMMUNITY:
        raise PermissionDenied(_("A needs list belongs to a community."))
    needs_list = NeedsList(community=community, period_label=period_label.strip(), period_start=period_start,
                           period_end=period_end, created_by=user)
    _set_notice(needs_list, publicity_days=publicity_days, objection_place=objection_place,
                objection_contact=objection_contact, objection_phone=objection_phone)
    if not access.can(user, "needs_list.create", needs_list):
        raise PermissionDenied(_("You may not make needs lists for this community."))
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    if NeedsList.objects.filter(community=community, period_label=needs_list.period_label).exists():
        raise ValidationError({"period_label": _("This community already has a list for “%(period)s”.")
                               % {"period": needs_list.period_label}})
    needs_list.save()
    listed = Need.objects.filter(community=community, status=LISTED).order_by("created_at", "id")
    NeedsListItem.objects.bulk_create(NeedsListItem(needs_list=needs_list, need=n, position=i)
                                      for i, n in enumerate(listed))
    audit_record(action="needs_list.create", target=needs_list, user=user,
                 changed_fields=["community", "period_label", "period_start", "period_end", "items", *NOTICE_FIELDS])
    return needs_list


@transaction.atomic
def needs_list_set_notice(*, user, needs_list: NeedsList, publicity_days: int, objection_place: str,
                          objection_contact: str, objection_phone: str) -> NeedsList:
    """Change the publicity period and the objection contact of a draft (a published version keeps its own)."""
    locked = _editable(user, needs_list)
    before = {name: getattr(locked, name) for name in NOTICE_FIELDS}
    _set_notice(locked, publicity_days=publicity_days, objection_place=objection_place,
                objection_contact=objection_contact, objection_phone=objection_phone)
    changed = [name for name in NOTICE_FIELDS if getattr(locked, name) != before[name]]
    if changed:
        locked.save(update_fields=[*changed, *locked.touch()])
        audit_record(action="needs_list.notice", target=locked, changed_fields=changed, user=user)
    return locked


def _editable(user, needs_list: NeedsList) -> NeedsList:
    locked = NeedsList.objects.select_for_update().get(pk=needs_list.pk)
    if not access.can(user, "needs_list.change", locked):
        raise PermissionDenied(_("You may not change this needs list."))
    if not locked.is_editable:
        raise TransitionError(_("The list is “%(state)s”; only a draft can be changed. Revise it first.")
                              % {"state": locked.status_label})
    return locked


@transaction.atomic
def needs_list_add(*, user, needs_list: NeedsList, need: Need) -> None:
    locked = _editable(user, needs_list)
    if need.community_id != locked.community_id or need.status not in LISTABLE_STATES:
        raise TransitionError(_("Only listed needs of this community can go on its list."))
    if NeedsListItem.objects.filter(needs_list=locked, need=need).exists():
        raise TransitionError(_("“%(title)s” is already on the list.") % {"title": need.title})
    position = (locked.items.aggregate(m=Max("position"))["m"] or 0) + 1
    NeedsListItem.objects.create(needs_list=locked, need=need, position=position)
    _touch(locked)
    audit_record(action="needs_list.add", target=locked, changed_fields=["items"], user=user,
                 detail={"need": need.pk})


@transaction.atomic
def needs_list_remove(*, user, needs_list: NeedsList, need: Need) -> None:
    locked = _editable(user, needs_list)
    deleted, _rows = NeedsListItem.objects.filter(needs_list=locked, need=need).delete()
    if not deleted:
        raise TransitionError(_("That need is not on the list."))
    _touch(locked)
    audit_record(action="needs_list.remove", target=locked, changed_fields=["items"], user=user,
                 detail={"need": need.pk})


def _touch(needs_list: NeedsList) -> None:
    needs_list.save(update_fields=needs_list.touch())


def needs_list_transition(*, user, needs_list: NeedsList, name: str, reason: str = "") -> NeedsList:
    """submit / approve (publishes a new version) / return / revise, as ``lists.NEEDS_LIST_PROCESS`` declares."""
    return transition_apply(process=NEEDS_LIST_PROCESS, obj=needs_list, name=name, user=user, reason=reason,
                            manual_only=True)


def needs_list_approve(*, user, needs_list: NeedsList) -> NeedsList:
    """The street approves: the list is published as its next version, a frozen snapshot."""
    return needs_list_transition(user=user, needs_list=needs_list, name="approve")
