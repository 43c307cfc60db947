from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """Written by the periodic heartbeat task: proof that a worker and beat really run."""

    worker = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.at:%Y-%m-%d %H:%M:%S}"


class CodeTable(models.Model):
    """A small table of choices kept as data (skills, fields of service…): a stable code, a Chinese
    name and an optional English one, an order. Staff may rename rows or add more in the admin."""

    code = models.CharField(_("code"), max_length=30, primary_key=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the UI language (the Chinese name unless English is chosen and given)."""
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    @classmethod
    def ensure_rows(cls, defaults, *, first: int = 0, step: int = 1, model=None) -> None:
        """Create the ``(code, 中文, English)`` rows that are missing; never overwrite what staff changed.

        ``model`` is the historical model when called from a data migration.
        """
        model = model or cls
        for index, (code, name, name_en) in enumerate(defaults):
            model.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en,
                                                             "order": first + index * step})


class Tracked(models.Model):
    """Who created a record and when, when it last changed, and its version.

    ``version`` grows by one with every saved change (``touch``); a form carries the version it
    was opened on, and a service refuses a save made on an older one, so two people editing the
    same record cannot silently overwrite each other. The workflow kernel bumps it on every
    transition too.
    """

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def touch(self) -> list[str]:
        """Count one more change; returns the fields to add to ``save(update_fields=…)``."""
        self.version += 1
        return ["version", "updated_at"]
