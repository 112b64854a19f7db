from django.core.management.base import BaseCommand

from cooperation.core.roles import ADMINISTRATORS, EDITORS, REVIEWERS, TRANSLATORS, sync_roles


class Command(BaseCommand):
    help = "Create the staff groups Editors, Reviewers, Administrators and Translators and set their permissions."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(
            f"Groups {EDITORS}, {REVIEWERS}, {ADMINISTRATORS} and {TRANSLATORS} are in step with the models."
        )
