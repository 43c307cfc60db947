"""What every co-building write starts with: the right on the list, its state, clean text and amounts."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from wuse.access import api as access

from ..errors import CobuildError
from ..models import MAX_QUANTITY, CobuildList
from ..workflow import DRAFT, LIST_PROCESS, PUBLISHED

CENT = Decimal("0.01")


def locked_list(user, cobuild_list: CobuildList, *, states=(DRAFT,), action: str = "cobuild.change") -> CobuildList:
    """The list locked, if the user may change it and it is in one of ``states``."""
    locked = CobuildList.objects.select_for_update().select_related("region").get(pk=cobuild_list.pk)
    if not access.can(user, action, locked):
        raise PermissionDenied(_("You may not change this co-building list."))
    if locked.status not in states:
        if locked.status == PUBLISHED and DRAFT in states:
            raise CobuildError(_("The list is published: its pledges are frozen; only deliveries are recorded."))
        raise CobuildError(_("The list is “%(state)s”: this cannot be done now.")
                           % {"state": LIST_PROCESS.label(locked.status)})
    return locked


def text(value, field: str, *, limit: int, required: bool = True) -> str:
    cleaned = str(value or "").replace("\x00", "").strip()
    if required and not cleaned:
        raise ValidationError({field: _("This field is required.")})
    if len(cleaned) > limit:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": limit}})
    return cleaned


def amount(value, field: str, *, required: bool = True) -> Decimal | None:
    """A positive amount with at most two decimals, or a ``ValidationError`` naming ``field``."""
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("This field is required.")})
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite() or number <= 0:
        raise ValidationError({field: _("Enter an amount greater than zero.")})
    if number > MAX_QUANTITY:
        raise ValidationError({field: _("The amount is too large.")})
    if number != number.quantize(CENT):
        raise ValidationError({field: _("At most two decimal places.")})
    return number.quantize(CENT)


def period(start, end, *, end_field: str) -> None:
    if not start or not end:
        raise ValidationError({end_field: _("Give both dates of the period.")})
    if end < start:
        raise ValidationError({end_field: _("The period ends before it starts.")})
