import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reports.payloads import build_payload, report_spec
from reports.pdf import html_to_pdf
from workshops.models import Workshop


class Command(BaseCommand):
    help = "Time the public pages and the PDF render on the loaded data, and print the figures."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)

    def _time(self, label, action, repeat):
        timings = []
        reset_queries()  # each request resets the log; the count starts from an empty one
        with CaptureQueriesContext(connection) as queries:
            action()
        for _ in range(repeat):
            start = time.perf_counter()
            action()
            timings.append((time.perf_counter() - start) * 1000)
        self.stdout.write(
            f"{label:<34} median {statistics.median(timings):8.1f} ms   "
            f"max {max(timings):8.1f} ms   {len(queries)} queries"
        )

    def handle(self, *args, repeat, **options):
        from django.template.loader import render_to_string
        from django.utils import translation

        workshop = Workshop.objects.order_by("id").first()
        if workshop is None:
            self.stderr.write("No workshop: run `manage.py load_demo` first.")
            return
        client = Client(HTTP_HOST="127.0.0.1")
        self.stdout.write(f"{Workshop.objects.count()} workshops, {repeat} runs each")
        self._time("GET /en/workshops/", lambda: client.get("/en/workshops/"), repeat)
        self._time(
            "GET /en/workshops/?q=migrants", lambda: client.get("/en/workshops/?q=migrants"), repeat
        )
        self._time(
            f"GET /es/workshops/{workshop.slug[:12]}…/",
            lambda: client.get(f"/es/workshops/{workshop.slug}/"),
            repeat,
        )
        self._time("GET /en/gcm/", lambda: client.get("/en/gcm/"), repeat)
        self._time(
            "GET /en/workshops/calendar.ics",
            lambda: client.get("/en/workshops/calendar.ics"),
            repeat,
        )

        spec = report_spec("workshop")
        content = build_payload(spec, workshop, "en")

        def render():
            with translation.override("en"):
                html = render_to_string(spec.template, {"content": content, "language": "en"})
            return html_to_pdf(html)

        self._time("workshop report PDF (worker side)", render, max(3, repeat // 5))
