from decimal import Decimal

from django.conf import settings
from django.db import models

from .workflow import TICKET_PROCESS


class Ticket(models.Model):
    """A request for money, approved by the community, or by the street above a threshold."""

    ACCESS_KEY = "ticket"
    ACCESS_REGION_FIELD = "unit"

    unit = models.CharField(max_length=12)  # a 12-digit division code
    title = models.CharField(max_length=100)
    amount = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    status = models.CharField(max_length=20, choices=TICKET_PROCESS.choices, default=TICKET_PROCESS.initial)
    approved_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title


class TicketItem(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="items")
    label = models.CharField(max_length=50)

    def __str__(self) -> str:
        return self.label


class Watcher(models.Model):
    """Someone outside the table who follows a ticket: reaches it through ``register_reach``."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="watchers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    may_submit = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user} → {self.ticket}"
