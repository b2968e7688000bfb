from django.core.management.base import BaseCommand, CommandError

from occupations.content_checks import check_all


class Command(BaseCommand):
    help = (
        "Check every live occupation's registration conditions: text naming another occupation, "
        "levels without conditions or added twice, condition numbers repeated or skipped, "
        "conditions without clauses or with clauses that cannot be evaluated, and text and "
        "clauses that disagree (years, continuous/cumulative, occupation scope, certificate and "
        "training levels, school types, final-year students, number of alternatives)."
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
