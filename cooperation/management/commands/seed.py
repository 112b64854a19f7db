from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cooperation.core.registry import registry
from cooperation.core.seeding import SeedError, seed_load

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = (
        "Load the seed records from fixtures/ (YAML, with every fact cited). Records that already exist are "
        "left as they are, so running it again changes nothing; --update overwrites them from the fixtures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Overwrite existing seed records with the fixtures' values."
        )
        parser.add_argument("--directory", type=Path, default=FIXTURES_DIR, help="Where the fixtures are.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a database that holds no records (`make serve`): once staff keep the records, "
            "a seed record they deleted stays deleted.",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and any(model._base_manager.exists() for model in registry.models()):
            self.stdout.write("The database already holds records: nothing was seeded.")
            return
        try:
            report = seed_load(directory=options["directory"], update=options["update"])
        except SeedError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Seed data loaded."))
