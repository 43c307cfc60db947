from celery import shared_task

from .models import WorkerHeartbeat


@shared_task(bind=True, acks_late=True)
def heartbeat(self) -> int:
    """Canary: records which worker ran it; the newest row shows the worker and beat are alive."""
    row = WorkerHeartbeat.objects.create(worker=(self.request.hostname or "eager")[:200])
    return row.pk
