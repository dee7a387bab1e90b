import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The plain many-to-many of partners becomes the Partnership model on the same table."""

    dependencies = [
        ("groups", "0002_initial"),
        ("projects", "0003_submission_roadmap_actions_link"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Partnership",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "submission",
                            models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="partnerships", to="projects.submission", verbose_name="candidature"),
                        ),
                        (
                            "company",
                            models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="partnerships", to="groups.company", verbose_name="entreprise partenaire"),
                        ),
                    ],
                    options={"db_table": "projects_submission_partners", "unique_together": {("submission", "company")}},
                ),
                migrations.AlterField(
                    model_name="submission",
                    name="partners",
                    field=models.ManyToManyField(blank=True, related_name="partner_submissions", through="projects.Partnership", to="groups.company", verbose_name="entreprises partenaires"),
                ),
            ],
            database_operations=[],
        ),
    ]
