from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from cooperation.core.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the whole database into one file: records-<UTC time>.sqlite3 (SQLite's online backup) or "
        "records-<UTC time>.dump (PostgreSQL's pg_dump, custom format), safe while the site runs. Then only the "
        "newest backups are kept. Run it daily from a timer and before each deploy (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", metavar="DIR", type=Path, help="Where to write it (default: BACKUP_DIR, var/backups)."
        )
        parser.add_argument(
            "--keep",
            metavar="N",
            type=int,
            help="How many backups of this database's engine to keep in the directory (default: BACKUP_KEEP, 14).",
        )

    def handle(self, *args, **options):
        directory = options["output"] or Path(settings.BACKUP_DIR)
        keep = settings.BACKUP_KEEP if options["keep"] is None else options["keep"]
        try:
            written = backup(directory, keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Wrote {written} ({filesizeformat(written.stat().st_size)}).")
