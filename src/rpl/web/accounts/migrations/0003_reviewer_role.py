# The reviewer role (issue 18): a clinician who signs off the clinic's content.

from django.db import migrations

from rpl.web.accounts.roles import ensure_role_groups


def create_groups(apps, schema_editor):
    ensure_role_groups(apps.get_model("auth", "Group"))


def remove_reviewer(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="reviewer").delete()


class Migration(migrations.Migration):
    dependencies = [("rpl_accounts", "0002_external_identity")]

    operations = [migrations.RunPython(create_groups, remove_reviewer)]
