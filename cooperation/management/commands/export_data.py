import shutil
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from cooperation.core import dump


class Command(BaseCommand):
    help = (
        "Build the bulk download (/data/records.zip): a CSV and a JSON Lines file of each kind of public "
        "record, the citations, a SQLite database and a Frictionless datapackage.json. Without --output it "
        "becomes the download the site serves; run it with --if-changed from a timer (every few minutes) so "
        "that the download follows the records."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-changed", action="store_true", help="Build only if the records changed since the last download."
        )
        parser.add_argument(
            "--output", metavar="DIR", help="Write records.zip into DIR instead (the site's download is left as it is)."
        )

    def handle(self, *args, **options):
        if options["output"]:
            target = Path(options["output"])
            if not target.is_dir():
                raise CommandError(f"{target} is not a directory.")
            with tempfile.TemporaryDirectory() as directory:
                built = dump.build(Path(directory))
                shutil.copyfile(built.archive, target / dump.ARCHIVE_NAME)
            self.stdout.write(f"Wrote {target / dump.ARCHIVE_NAME}: {len(built.contents)} files.")
            return
        built = dump.export(if_changed=options["if_changed"])
        if built is None:
            self.stdout.write("The bulk download already holds the records as they are: nothing to build.")
            return
        self.stdout.write(f"Built the bulk download {built.file_name} ({filesizeformat(built.size)}).")
