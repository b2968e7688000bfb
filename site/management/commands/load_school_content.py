from django.core.management.base import BaseCommand
from hostsite.content.school import load_school_content


class Command(BaseCommand):
    help = (
        "Create the school's pages, site settings and the content of every enabled plugin from "
        "the versioned data files. Safe to run again: pages an editor has changed are kept "
        "unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite pages and settings an editor has changed since they were loaded.",
        )

    def handle(self, *args, force: bool, **options):
        report = load_school_content(force=force)
        for text in report.lines():
            self.stdout.write(text)
