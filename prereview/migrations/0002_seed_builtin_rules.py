from django.db import migrations


def seed(apps, schema_editor):
    from prereview.services import rules_seed

    rules_seed(model=apps.get_model("prereview", "Rule"))


class Migration(migrations.Migration):
    dependencies = [("prereview", "0001_rule_catalogue")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
