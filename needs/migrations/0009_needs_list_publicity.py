"""The 公示期 and the objection contact of a needs list, copied into each published version.

Versions published before this migration get the default period: seven days from the day they were
published (both included), and no contact beyond the community's residents' committee.
"""

import datetime as dt

import django.core.validators
from django.db import migrations, models
from django.utils import timezone

import needs.models


def backfill_publicity(apps, schema_editor):
    PublishedNeedsList = apps.get_model("needs", "PublishedNeedsList")
    for version in PublishedNeedsList.objects.filter(publicity_until=None).only("id", "published_at"):
        until = timezone.localdate(version.published_at) + dt.timedelta(days=6)
        PublishedNeedsList.objects.filter(pk=version.pk).update(publicity_until=until)


class Migration(migrations.Migration):

    dependencies = [
        ('needs', '0008_tracked_fields_and_core_import_jobs'),
    ]

    operations = [
        migrations.AddField(
            model_name='needslist',
            name='objection_contact',
            field=models.CharField(blank=True, max_length=50, verbose_name='contact person for objections'),
        ),
        migrations.AddField(
            model_name='needslist',
            name='objection_phone',
            field=models.CharField(blank=True, max_length=30, validators=[needs.models.validate_office_phone], verbose_name='phone for objections'),
        ),
        migrations.AddField(
            model_name='needslist',
            name='objection_place',
            field=models.CharField(blank=True, max_length=100, verbose_name='where to raise objections'),
        ),
        migrations.AddField(
            model_name='needslist',
            name='publicity_days',
            field=models.PositiveSmallIntegerField(default=7, validators=[django.core.validators.MinValueValidator(5), django.core.validators.MaxValueValidator(30)], verbose_name='publicity period (days)'),
        ),
        migrations.AddField(
            model_name='publishedneedslist',
            name='objection_contact',
            field=models.CharField(blank=True, max_length=50, verbose_name='contact person for objections'),
        ),
        migrations.AddField(
            model_name='publishedneedslist',
            name='objection_phone',
            field=models.CharField(blank=True, max_length=30, verbose_name='phone for objections'),
        ),
        migrations.AddField(
            model_name='publishedneedslist',
            name='objection_place',
            field=models.CharField(blank=True, max_length=100, verbose_name='where to raise objections'),
        ),
        migrations.AddField(
            model_name='publishedneedslist',
            name='publicity_until',
            field=models.DateField(null=True, verbose_name='publicity ends'),
        ),
        migrations.RunPython(backfill_publicity, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='publishedneedslist',
            name='publicity_until',
            field=models.DateField(verbose_name='publicity ends'),
        ),
        migrations.AddConstraint(
            model_name='needslist',
            constraint=models.CheckConstraint(condition=models.Q(('publicity_days__gte', 5), ('publicity_days__lte', 30)), name='needs_list_publicity_days'),
        ),
    ]
