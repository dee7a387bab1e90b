from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from snitem_portal.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` onto an empty database and an empty private folder "
        "(--force replaces what is there), then check the row counts and file checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="An archive written by `manage.py backup`.")
        parser.add_argument(
            "--force", action="store_true", help="Replace a database or private folder that is not empty."
        )

    def handle(self, *args, file: Path, force: bool, **options):
        try:
            manifest = restore(file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {file} (made {manifest['created_at']}): {rows} rows and "
                f"{len(manifest['files'])} private files, checked against its manifest."
            )
        )
