"""A job's result files in their own table (a yearly report makes an .xlsx and a .pdf): the single file of the
jobs already finished moves to a ``JobFile`` row, then the job's own two columns go."""

import mimetypes

import django.db.models.deletion
from django.db import migrations, models


def files_forward(apps, schema_editor):
    Job, JobFile = apps.get_model("jobs", "Job"), apps.get_model("jobs", "JobFile")
    JobFile.objects.bulk_create(
        JobFile(job_id=pk, position=0, name=name or "result", path=path,
                content_type=mimetypes.guess_type(name or "")[0] or "application/octet-stream")
        for pk, path, name in Job.objects.exclude(result_path="").values_list("id", "result_path", "result_name"))


def files_backward(apps, schema_editor):
    Job, JobFile = apps.get_model("jobs", "Job"), apps.get_model("jobs", "JobFile")
    for file in JobFile.objects.filter(position=0):
        Job.objects.filter(pk=file.job_id).update(result_path=file.path, result_name=file.name)


class Migration(migrations.Migration):

    dependencies = [
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="JobFile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("name", models.CharField(max_length=200, verbose_name="file name")),
                ("path", models.CharField(max_length=200)),
                ("size", models.PositiveBigIntegerField(default=0, verbose_name="size")),
                ("content_type", models.CharField(default="application/octet-stream", max_length=100)),
                ("job", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="files",
                                          to="jobs.job")),
            ],
            options={
                "verbose_name": "result file",
                "verbose_name_plural": "result files",
                "ordering": ["job", "position", "id"],
                "constraints": [models.UniqueConstraint(fields=("job", "position"), name="job_file_position_uniq")],
            },
        ),
        migrations.RunPython(files_forward, files_backward),
        migrations.RemoveField(model_name="job", name="result_name"),
        migrations.RemoveField(model_name="job", name="result_path"),
    ]
