from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "Load the seed records from fixtures/ into the database. Running it again changes nothing."

    def handle(self, *args, **options):
        fixtures = sorted(FIXTURES_DIR.glob("**/*.json"))
        if not fixtures:
            self.stdout.write("No seed fixtures in fixtures/ yet: nothing to load.")
            return
        with transaction.atomic():
            call_command("loaddata", *fixtures, verbosity=options["verbosity"])
