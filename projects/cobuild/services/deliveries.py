"""Deliveries against a pledge of a published list: never more than what is left (the pledge row locked, so that
two people recording at once cannot over-deliver), the pledge's ``delivered`` kept in the same transaction."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.audit.services import audit_record

from ..errors import CobuildError
from ..models import Delivery, Pledge
from ..workflow import PUBLISHED
from .common import amount, locked_list, text


@transaction.atomic
def delivery_record(*, user, pledge: Pledge, quantity, delivered_on: dt.date | None, note: str = "") -> Delivery:
    locked_list(user, pledge.cobuild_list, states=(PUBLISHED,))
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    number = amount(quantity, "quantity")
    if delivered_on is None:
        raise ValidationError({"delivered_on": _("This field is required.")})
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("A delivery is recorded once it was made: the date is in the "
                                                 "future.")})
    note = text(note, "note", limit=200, required=False)
    if number > locked.remaining:
        raise CobuildError(_("Only %(left)s %(measure)s of this pledge are left to deliver; %(asked)s is too much.")
                           % {"left": f"{locked.remaining:,.2f}", "measure": locked.measure,
                              "asked": f"{number:,.2f}"})
    delivery = Delivery.objects.create(pledge=locked, region_id=locked.region_id, quantity=number,
                                       delivered_on=delivered_on, note=note, recorded_by=user)
    Pledge.objects.filter(pk=locked.pk).update(delivered=F("delivered") + number)
    audit_record(action="cobuild.delivery_record", target=locked, user=user, changed_fields=["delivered"],
                 detail={"quantity": str(number), "delivery": delivery.pk})
    return delivery
