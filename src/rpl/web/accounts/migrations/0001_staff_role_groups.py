from django.db import migrations

from rpl.web.accounts.roles import ROLES, ensure_role_groups


def create_groups(apps, schema_editor):
    ensure_role_groups(apps.get_model("auth", "Group"))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
