"""The daily digest: a user who chose it gets one email a day listing the day's reminders.

A ``Digest`` row per (user, day) is inserted before sending and claimed like a delivery, so a second digest
run on the same day (a second beat, a redelivered task) sends nothing more."""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .channels import Message, channel
from .delivery import _attempt, _body, _claim
from .models import Delivery, DeliveryStatus, Digest


def send_digests(day=None) -> int:
    day = day or timezone.localdate()
    waiting = defaultdict(list)
    for pk, user_id in Delivery.objects.filter(status=DeliveryStatus.DIGEST, digest__isnull=True).values_list(
            "pk", "user_id"):
        waiting[user_id].append(pk)
    if waiting:
        Digest.objects.bulk_create([Digest(user_id=u, day=day) for u in waiting], ignore_conflicts=True)
        with transaction.atomic():
            digests = {d.user_id: d.pk for d in Digest.objects.filter(day=day, user_id__in=waiting)}
            for user_id, ids in waiting.items():  # a digest collects what waited when it was made
                Delivery.objects.filter(pk__in=ids, digest__isnull=True).update(digest_id=digests[user_id])
    pending = list(Digest.objects.filter(day=day, status__in=(DeliveryStatus.QUEUED, DeliveryStatus.SENDING))
                   .values_list("pk", flat=True))
    claimed = _claim(Digest, pending, timezone.now())
    out = channel("email")
    sent = 0
    for digest in Digest.objects.filter(pk__in=[d.pk for d in claimed]).select_related("user"):
        items = list(Delivery.objects.filter(digest=digest).select_related("reminder").order_by("reminder__due_on"))
        if not items or not out.address(digest.user):
            Digest.objects.filter(pk=digest.pk).update(status=DeliveryStatus.SENT, items=0)
            continue
        with translation.override(settings.LANGUAGE_CODE):
            message = Message(to=out.address(digest.user), subject=_("[wuse] %(n)s reminders of %(day)s") % {
                "n": len(items), "day": day.isoformat()}, body=_body([d.reminder for d in items]),
                message_id=f"<wuse-digest-{digest.user_id}-{day.isoformat()}@wuse>")
        if _attempt(out, message, digest, None):
            Digest.objects.filter(pk=digest.pk).update(items=len(items))
            Delivery.objects.filter(digest=digest).update(status=DeliveryStatus.SENT, sent_at=timezone.now())
            sent += 1
    return sent
