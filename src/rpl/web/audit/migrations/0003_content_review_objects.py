# The object types of the clinic's sign-off (issue 18): decisions, the review period, the
# evidence report (content_review) and the clinic's own profiles (clinic_profile).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rpl_audit", "0002_message_actions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="object_type",
            field=models.CharField(
                choices=[
                    ("couple_record", "couple record"),
                    ("booking", "booking"),
                    ("question", "question"),
                    ("rule_review", "rule review"),
                    ("page", "staff page"),
                    ("content_review", "content sign-off"),
                    ("clinic_profile", "clinic profile"),
                ],
                db_index=True,
                max_length=20,
            ),
        ),
    ]
