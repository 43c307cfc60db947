"""The roll-up's Celery tasks: thin, idempotent (a roll-up replaces the year's snapshot in one transaction, so a
redelivered task only writes the same rows again). A roll-up already running for the year is not an error here:
the task leaves it to finish."""

import logging

from celery import shared_task
from django.utils import timezone

from .models import Trigger
from .services import AssessmentError, rollup

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def rollup_year(year: int | None = None, trigger: str = Trigger.BEAT) -> int:
    """Roll up ``year`` (the current year by default); returns the rows written (0 when refused)."""
    year = year or timezone.localdate().year
    try:
        return rollup(year, trigger=trigger).rows
    except AssessmentError as exc:
        logger.info("roll-up of %s not run: %s", year, exc)
        return 0


@shared_task(acks_late=True)
def rollup_nightly() -> list[int]:
    """The nightly beat: the current year, and in January the year just ended too (records of its last days are
    often entered late; an approved level will keep its rows once approvals exist)."""
    today = timezone.localdate()
    years = [today.year - 1, today.year] if today.month == 1 else [today.year]
    return [rollup_year(year, Trigger.BEAT) for year in years]
