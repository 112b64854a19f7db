from django.core.management.base import BaseCommand

from cooperation.core.roles import ADMINISTRATORS, EDITORS, REVIEWERS, sync_roles


class Command(BaseCommand):
    help = "Create the staff groups Editors, Reviewers and Administrators and set their permissions."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(f"Groups {EDITORS}, {REVIEWERS} and {ADMINISTRATORS} are in step with the models.")
