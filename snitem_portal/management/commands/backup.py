from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from snitem_portal.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump custom format on PostgreSQL, a consistent copy on SQLite) and the "
        "private files into one archive (.tar.gz) with a manifest of row counts and file checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive to write, e.g. snitem-2026-06-01.tar.gz.")

    def handle(self, *args, file: Path, **options):
        try:
            manifest = backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {file}: {rows} rows, {len(manifest['files'])} private files.")
        )
