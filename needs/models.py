from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuse.regions.models import Region

from .workflow import NEED_PROCESS


class NeedQuerySet(models.QuerySet):
    def for_table(self) -> "NeedQuerySet":
        return self.select_related("community").only(
            "id", "title", "status", "created_at", "community__code", "community__name", "community__level")

    def for_detail(self) -> "NeedQuerySet":
        return self.select_related("community", "created_by")


class Need(models.Model):
    ACCESS_KEY = "need"
    ACCESS_REGION_FIELD = "community"

    community = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="needs",
                                  verbose_name=_("community"), limit_choices_to={"level": "community"})
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=NEED_PROCESS.choices,
                              default=NEED_PROCESS.initial)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [
            models.Index(fields=["community", "created_at", "id"], name="need_comm_created_idx"),
            models.Index(fields=["created_at", "id"], name="need_created_idx"),  # wide scopes: city, district
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self):
        return NEED_PROCESS.label(self.status)
