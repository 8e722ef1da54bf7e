from django.core.management.base import BaseCommand

from demo.services import demo_load


class Command(BaseCommand):
    help = (
        "Load the demo data built from the RCM source documents, with the examples around "
        "them (dates, participants, documents, practices, a declaration and a roadmap, each "
        "marked as an example). Safe to run again: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sources-only",
            action="store_true",
            help="Load only what the source documents say: the eight workshops, their "
            "objectives and the call for initiatives; no example.",
        )

    def handle(self, *args, sources_only=False, **options):
        result = demo_load(sources_only=sources_only)
        what = "the source documents only" if sources_only else "the source documents and examples"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {result['workshops']} workshops from {what}, "
                f"{result['changes']} rows created or changed."
            )
        )
