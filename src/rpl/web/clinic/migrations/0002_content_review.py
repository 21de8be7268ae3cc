"""Rule reviews become content reviews (rules, education pages, FAQ entries, clinic profiles);
the clinic's review period and its own profiles (issue 18). Existing rule reviews are kept:
their 16-character fingerprints no longer match a content hash, so each rule re-opens for a
review of its full content, with its history intact."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rpl_clinic", "0001_rule_review"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("RuleReview", "ContentReview"),
        migrations.RenameField("contentreview", "rule_id", "item_id"),
        migrations.RenameField("contentreview", "fingerprint", "content_hash"),
        migrations.AlterField(
            model_name="contentreview",
            name="item_id",
            field=models.CharField(db_index=True, max_length=80),
        ),
        migrations.AlterField(
            model_name="contentreview",
            name="content_hash",
            field=models.CharField(
                help_text="SHA-256 of the content as reviewed (the version decided on).",
                max_length=64,
            ),
        ),
        migrations.AlterField(
            model_name="contentreview",
            name="decision",
            field=models.CharField(
                choices=[
                    ("approved", "approved"),
                    ("changes_needed", "changes needed"),
                    ("overridden", "overridden for the clinic"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="contentreview",
            name="reviewer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="content_reviews",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="contentreview",
            name="kind",
            field=models.CharField(
                choices=[
                    ("rule", "rule"),
                    ("page", "education page"),
                    ("faq", "FAQ entry"),
                    ("profile", "clinic profile"),
                ],
                default="rule",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="contentreview",
            name="content",
            field=models.JSONField(default=dict, help_text="The content as reviewed."),
        ),
        migrations.AddField(
            model_name="contentreview",
            name="reviewer_name",
            field=models.CharField(
                blank=True,
                help_text="The reviewer's name as it was at the decision.",
                max_length=150,
            ),
        ),
        migrations.AlterModelOptions(
            name="contentreview",
            options={"ordering": ("kind", "item_id", "-reviewed_at", "-id")},
        ),
        migrations.CreateModel(
            name="ReviewPolicy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "review_period_months",
                    models.PositiveSmallIntegerField(
                        default=24,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(120),
                        ],
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="ClinicProfile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("profile_id", models.SlugField(max_length=42, unique=True)),
                ("text", models.TextField(max_length=20000)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ("profile_id",)},
        ),
    ]
