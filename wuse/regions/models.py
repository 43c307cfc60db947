from django.db import models
from django.utils.translation import gettext_lazy as _

from .levels import DEPTH, PREFIX_LENGTH, Level


class RegionQuerySet(models.QuerySet):
    def within(self, prefix: str) -> "RegionQuerySet":
        """The unit with this prefix and everything below it (one indexed prefix scan)."""
        return self.filter(code__startswith=prefix)

    def of_level(self, level: str) -> "RegionQuerySet":
        return self.filter(level=level)


class Region(models.Model):
    """An administrative unit keyed by its full 12-digit 统计用区划代码.

    Records elsewhere point at their community with a foreign key to this code,
    so "under unit U" is ``<fk>_id LIKE U.prefix || '%'`` on their own column.
    """

    code = models.CharField(_("division code"), max_length=12, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )

    objects = RegionQuerySet.as_manager()

    ACCESS_KEY = "region"
    ACCESS_REGION_FIELD = "code"

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        indexes = [models.Index(fields=["level", "code"], name="region_level_code_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return self.code[: PREFIX_LENGTH[self.level]]

    @property
    def depth(self) -> int:
        return DEPTH[Level(self.level)]

    def contains(self, code: str) -> bool:
        return code.startswith(self.prefix)

    def ancestor_codes(self) -> list[str]:
        """Codes of the possible ancestors, the top first, computed from the code itself (no queries).

        A city-wide installation has no province row: its code is listed and simply not found."""
        codes = []
        for level, length in PREFIX_LENGTH.items():
            if DEPTH[level] >= self.depth:
                break
            codes.append(self.code[:length].ljust(12, "0"))
        return codes

    def path(self) -> list["Region"]:
        """This unit's ancestors and itself, the top first (one query)."""
        ancestors = {r.code: r for r in Region.objects.filter(code__in=self.ancestor_codes())}
        return [ancestors[c] for c in self.ancestor_codes() if c in ancestors] + [self]
