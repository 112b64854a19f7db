from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cooperation.core.backups import BackupError, describe, restore


class Command(BaseCommand):
    help = (
        "Replace the database with a backup written by `manage.py backup` (a .sqlite3 file on SQLite, a .dump "
        "file on PostgreSQL), then migrate. Refuses a database that holds records unless --force. Stop the app "
        "servers first (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup to restore.")
        parser.add_argument(
            "--force", action="store_true", help="Restore even though the database holds records: they are replaced."
        )

    def handle(self, *args, **options):
        try:
            restored = restore(options["file"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {restored.path} into the database {connection.settings_dict['NAME']}: "
            f"{describe(restored.records)}."
        )
        self.stdout.write("Start the app servers, check /api/v1/, and rebuild the bulk download (export_data).")
