from django.core.management.base import BaseCommand

from cooperation.core import vocabulary


class Command(BaseCommand):
    help = (
        'Rebuild the words a search that finds nothing suggests from ("Did you mean …?"): those of every '
        "published record. Saving a published record adds its words; run this after a bulk load, or to drop "
        "words that no published record holds any more."
    )

    def handle(self, *args, **options):
        count = vocabulary.rebuild()
        self.stdout.write(f"{count:,} search words, from every published record.")
