from celery import shared_task

from .runner import job_run, jobs_purge


@shared_task(acks_late=True)
def job_run_task(job_id: int) -> None:
    job_run(job_id)


@shared_task(acks_late=True)
def jobs_purge_task() -> int:
    return jobs_purge()
