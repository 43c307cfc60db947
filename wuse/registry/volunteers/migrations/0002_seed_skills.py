from django.db import migrations


def seed(apps, schema_editor):
    from wuse.registry.volunteers.skills import ensure_default_skills

    ensure_default_skills(apps.get_model("volunteers", "Skill"))


class Migration(migrations.Migration):

    dependencies = [("volunteers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
