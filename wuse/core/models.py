from django.db import models


class WorkerHeartbeat(models.Model):
    """Written by the periodic heartbeat task: proof that a worker and beat really run."""

    worker = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.at:%Y-%m-%d %H:%M:%S}"
