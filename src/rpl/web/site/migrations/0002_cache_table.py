"""The table of Django's database cache (settings.CACHES), where the rate limits count.

`createcachetable` is a separate command in Django; running it from a migration means every
way the database is set up (`migrate`, `rpl demo`, the test databases) creates the table too.
It creates only what is missing and does nothing for a cache that is not in the database.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("rpl_site", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
