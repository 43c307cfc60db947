from celery import shared_task

from . import services


@shared_task(acks_late=True)
def ledger_expire_due() -> int:
    """Write off the credits past their scheme's expiry; idempotent (a second run writes nothing)."""
    return services.expire_due()
