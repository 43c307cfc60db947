"""The needs step's Celery task: the mail telling a need's registrar it was not adopted (queued by the
``reject`` transition, which names it by its dotted path). Large imports run as ``wuse.jobs`` jobs."""

from celery import shared_task
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from .models import Need


@shared_task(acks_late=True)
def need_rejected_notify(need_id: int) -> None:
    need = Need.objects.select_related("created_by").filter(pk=need_id).first()
    if need is None or not need.created_by.email:
        return
    send_mail(
        subject=_("Need not adopted: %(title)s") % {"title": need.title},
        message=_("The need “%(title)s” was not adopted. See its page for the reason.") % {"title": need.title},
        from_email=None,
        recipient_list=[need.created_by.email],
    )
