from django.core.management.base import BaseCommand, CommandError

from events import tally


class Command(BaseCommand):
    help = (
        "Check the tally of published events (per year, month, kind, status and level, kept by the database's "
        "triggers: events/tally.py) against a count of the events; with --rebuild, count them afresh. "
        "`migrate` installs the tally and its triggers; a difference means they were bypassed (a restore "
        "with triggers disabled, for instance)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Count the events afresh into the tally.")

    def handle(self, *args, rebuild=False, **options):
        tally.install()
        if rebuild:
            tally.rebuild()
            self.stdout.write("The tally of events is counted afresh.")
            return
        differences = tally.differences()
        if not differences:
            self.stdout.write("The tally of events is in step with the events.")
            return
        for year, month, kind, status, top_level, kept, counted in differences:
            self.stdout.write(
                f"{year}-{month:02} {kind} {status} top level {top_level}: kept {kept}, counted {counted}"
            )
        raise CommandError(f"{len(differences)} tally rows differ from a count: run `manage.py event_tally --rebuild`.")
