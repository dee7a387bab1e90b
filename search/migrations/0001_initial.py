import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.utils.timezone
from django.db import migrations, models

# French stemming with accents ignored ("Santé" and "sante" alike), as a text search configuration
# of its own; PostgreSQL only (SQLite, the development default, matches text without it).
CREATE_CONFIGURATION = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;
"""
DROP_CONFIGURATION = "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;"
CREATE_INDEX = "CREATE INDEX search_entry_vector_gin ON search_entry USING gin (vector);"
DROP_INDEX = "DROP INDEX IF EXISTS search_entry_vector_gin;"


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.RunPython(on_postgresql(CREATE_CONFIGURATION), on_postgresql(DROP_CONFIGURATION)),
        migrations.CreateModel(
            name="Entry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=30, verbose_name="type")),
                ("object_id", models.PositiveBigIntegerField(verbose_name="identifiant de l'objet")),
                ("title", models.CharField(max_length=500, verbose_name="titre")),
                ("body", models.TextField(blank=True, verbose_name="texte")),
                ("file_text", models.TextField(blank=True, verbose_name="texte du fichier")),
                (
                    "file_key",
                    models.CharField(blank=True, max_length=100, verbose_name="version du fichier indexée"),
                ),
                ("url", models.CharField(max_length=500, verbose_name="adresse")),
                (
                    "config",
                    models.CharField(default="french_unaccent", max_length=63, verbose_name="configuration linguistique"),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="indexé le")),
            ],
            options={
                "verbose_name": "entrée de l'index de recherche",
                "verbose_name_plural": "entrées de l'index de recherche",
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="search_entry_kind_object_unique")
                ],
            },
        ),
        # A GIN index exists on PostgreSQL only; the model declares it either way.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="entry",
                    index=django.contrib.postgres.indexes.GinIndex(fields=["vector"], name="search_entry_vector_gin"),
                ),
            ],
            database_operations=[migrations.RunPython(on_postgresql(CREATE_INDEX), on_postgresql(DROP_INDEX))],
        ),
    ]
