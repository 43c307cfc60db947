"""An organization's members: added and removed by its registrars or its admin members (``organization.members``,
the table and the organization's reach), guard → change → audit, in one transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.privacy.text import one_line as _one_line

from ..errors import OrganizationError
from ..models import MemberRole, Organization, OrganizationMember
from .organizations import lock


@transaction.atomic
def member_add(*, user, organization: Organization, username: str, role: str) -> OrganizationMember:
    """Add a user account (by its exact username) to the organization with ``role``."""
    locked = lock(organization)
    if not access.can(user, "organization.members", locked):
        raise PermissionDenied(_("You may not manage this organization's members."))
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    username = _one_line(username)
    account = get_user_model().objects.filter(username=username, is_active=True).first() if username else None
    if account is None:
        raise ValidationError({"username": _("There is no active account with this username.")})
    if locked.members.filter(user=account).exists():
        raise ValidationError({"username": _("%(username)s is already a member of this organization.")
                               % {"username": username}})
    member = OrganizationMember(organization=locked, user=account, role=role)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:  # added by a colleague a moment ago
        raise ValidationError({"username": _("%(username)s is already a member of this organization.")
                               % {"username": username}}) from None
    audit_record(action="organization.member_add", target=locked, user=user, changed_fields=["members"],
                 detail={"member": account.pk, "role": role})
    return member


@transaction.atomic
def member_remove(*, user, member: OrganizationMember) -> None:
    """Remove a member; the last administrator is removed only by the registering authority."""
    locked = lock(member.organization)
    if not access.can(user, "organization.members", locked):
        raise PermissionDenied(_("You may not manage this organization's members."))
    row = locked.members.filter(pk=member.pk).first()
    if row is None:
        raise OrganizationError(_("This member was already removed."))
    if (row.role == MemberRole.ADMIN and not access.can(user, "organization.members", locked, with_reach=False)
            and not locked.members.filter(role=MemberRole.ADMIN).exclude(pk=row.pk).exists()):
        raise OrganizationError(_("The last administrator of an organization can only be removed by the "
                                  "registering authority."))
    row.delete()
    audit_record(action="organization.member_remove", target=locked, user=user, changed_fields=["members"],
                 detail={"member": row.user_id, "role": row.role})
