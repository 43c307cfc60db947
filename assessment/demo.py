"""Demo snapshots: last year and the current year rolled up, after every step's demo records, so the assessment
pages of ``make run`` show numbers. Idempotent (a roll-up replaces the year's rows)."""

from django.utils import timezone

from .models import Trigger
from .services import rollup


def load_assessment_demo(users) -> None:
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        rollup(year, trigger=Trigger.DEMO, user=users.get("city_admin"))
