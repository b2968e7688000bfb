from django.core.management.base import BaseCommand, CommandError

from occupations.content_checks import check_all


class Command(BaseCommand):
    help = (
        "Check every live occupation's registration conditions: text naming another occupation, "
        "levels without conditions, conditions without clauses, text and clauses that disagree."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fail", action="store_true", help="Exit with an error when anything is found."
        )

    def handle(self, *args, fail: bool, **options):
        findings = check_all()
        for finding in findings:
            self.stdout.write(f"{finding.where}: {finding.message}")
        self.stdout.write(f"{len(findings)} finding(s)")
        if findings and fail:
            raise CommandError(f"{len(findings)} problem(s) in the registration conditions")
