"""Celery entry points: each takes ids or nothing and is idempotent (``acks_late``: a killed worker's task
is delivered again and finds its work done)."""

from celery import shared_task


@shared_task(acks_late=True)
def notify_sweep() -> dict:
    from .sweep import sweep

    result = sweep()
    return {"found": result.found, "published": result.published, "email_retries": result.email_retries}


@shared_task(acks_late=True)
def notify_send(ids: list[int]) -> int:
    from .delivery import send_reminders

    return len(send_reminders(ids))


@shared_task(acks_late=True)
def notify_email(ids: list[int]) -> int:
    from .delivery import send_emails

    return send_emails(ids)


@shared_task(acks_late=True)
def notify_digest() -> int:
    from .digest import send_digests

    return send_digests()
