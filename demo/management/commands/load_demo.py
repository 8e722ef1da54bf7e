from django.core.management.base import BaseCommand

from demo.services import demo_load


class Command(BaseCommand):
    help = "Load the demo data built from the RCM source documents (safe to run again)."

    def handle(self, *args, **options):
        result = demo_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {result['workshops']} workshops from the source documents, "
                f"{result['changes']} rows created or changed."
            )
        )
