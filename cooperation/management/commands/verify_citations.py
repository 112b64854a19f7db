from django.core.management.base import BaseCommand, CommandError

from cooperation.core.citations import Citation
from cooperation.core.evidence import all_offences


class Command(BaseCommand):
    help = (
        "Check the whole database: every quote verbatim in its source, every citation pointing at a record "
        "that exists, every published record cited. Prints each offender; exits non-zero if there is any."
    )

    def handle(self, *args, **options):
        count = 0
        for offence in all_offences():
            count += 1
            self.stdout.write(str(offence))
        if count:
            raise CommandError(f"{count} problem(s) with the evidence; see the lines above.")
        citations = Citation.objects.count()
        self.stdout.write(self.style.SUCCESS(f"OK: {citations} citations verbatim, every published record cited."))
