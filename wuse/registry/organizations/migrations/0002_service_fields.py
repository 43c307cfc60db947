from django.db import migrations


def seed_service_fields(apps, schema_editor):
    from wuse.registry.organizations.fields import ensure_service_fields

    ensure_service_fields(apps.get_model("organizations", "ServiceField"))


class Migration(migrations.Migration):

    dependencies = [
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_service_fields, migrations.RunPython.noop),
    ]
