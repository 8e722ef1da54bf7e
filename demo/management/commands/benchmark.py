import datetime
import random
import resource
import statistics
import sys
import time

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reports.pdf import html_to_pdf
from reports.specs import build_payload, report_spec
from workshops.models import Workshop


class Command(BaseCommand):
    help = "Time the public pages and the PDF render on the loaded data, and print the figures."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument(
            "--practices",
            type=int,
            default=200,
            help="How many practices the compiled initiatives report holds (0: skip it).",
        )
        parser.add_argument(
            "--initiatives-only", action="store_true", help="Only the initiatives figure."
        )
        parser.add_argument("--keep-pdf", help="Write the compiled initiatives PDF to this file.")

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

    def handle(self, *args, repeat, practices, initiatives_only, keep_pdf, **options):
        if not initiatives_only:
            self._pages_and_workshop_pdf(repeat)
        if practices:
            self._initiatives_pdf(practices, keep_pdf)

    def _pages_and_workshop_pdf(self, repeat):
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

    def _initiatives_pdf(self, count, keep_pdf):
        """The compiled initiatives of `count` practices of realistic length: rendered as
        the worker does, on rows that are rolled back afterwards."""
        from django.db import transaction

        from reports.services import report_render

        with transaction.atomic():
            report = _queued_initiatives_report(count)
            client = Client(HTTP_HOST="127.0.0.1")
            for url in (
                "/en/practices/",
                "/en/practices/?q=reception+centres",
                "/en/practices/export.json",
            ):
                self._time(f"GET {url} ({count})", lambda url=url: client.get(url), 5)
            before = _peak_rss_mib()
            start = time.perf_counter()
            report_render(report_id=report.pk)
            elapsed = time.perf_counter() - start
            peak = _peak_rss_mib()
            report.refresh_from_db()
            if report.file and keep_pdf:
                with report.file.open("rb") as pdf, open(keep_pdf, "wb") as out:
                    out.write(pdf.read())
            if report.file:
                report.file.delete(save=False)
            transaction.set_rollback(True)
        if report.state != "ready":
            self.stderr.write(f"The initiatives report failed:\n{report.error}")
            return
        self.stdout.write(
            f"{'initiatives PDF, ' + str(count) + ' practices':<34} {elapsed:8.1f} s   "
            f"{report.page_count} pages   {report.size / 1024 / 1024:.1f} MiB   "
            f"peak RSS {peak:.0f} MiB (+{peak - before:.0f} MiB while rendering)"
        )


def _peak_rss_mib() -> float:
    # Linux gives KiB, macOS bytes.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


_VOCABULARY = (
    "migrantes returned migrants receive support border communities national institutions "
    "coordinate reception centres case management employment housing psychosocial care "
    "consular protection children adolescents families women girls local governments "
    "civil society organizations training officials data registry referral pathways "
    "documentation identity health education labour market certification skills "
    "reintegration return dignified safe orderly regular cooperation region ministries "
    "municipal offices international organizations funding evaluation indicators"
)
_WORDS = _VOCABULARY.split()


def _paragraphs(rng: random.Random, words: int) -> str:
    """About `words` words in two or three paragraphs, as a delegate writes them."""
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentence = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(12, 24)))
        sentences.append(sentence.capitalize() + ".")
    cut = len(sentences) // 3 or 1
    parts = [sentences[:cut], sentences[cut : 2 * cut], sentences[2 * cut :]]
    return "\n\n".join(" ".join(part) for part in parts if part)


def _queued_initiatives_report(count: int):
    """A call with `count` published practices spread over the member countries, and
    the queued report of its compilation. Call inside a transaction that is rolled back."""
    from django.utils import timezone, translation

    from members.models import Country, CountryStatus
    from objectives.models import GcmObjective
    from practices.compilations import compilation_for
    from practices.models import (
        Practice,
        PracticeCall,
        PracticeStatus,
        TargetPopulation,
    )
    from reports.models import ReportKind
    from reports.services import report_request
    from workshops.models import Theme, Workshop

    rng = random.Random(2024)  # noqa: S311 (repeatable filler text, not a secret)
    now = timezone.now()
    workshop = Workshop.objects.create(
        title="Benchmark workshop on reintegration",
        slug=f"benchmark-{now:%Y%m%d%H%M%S%f}",
        start_date=datetime.date(2024, 5, 1),
        end_date=datetime.date(2024, 5, 2),
    )
    call = PracticeCall.objects.create(
        workshop=workshop,
        title="Benchmark call for practices",
        introduction=_paragraphs(rng, 120),
        opens_at=now - datetime.timedelta(days=60),
        deadline=now - datetime.timedelta(days=1),
    )
    countries = list(Country.objects.filter(status=CountryStatus.MEMBER))
    themes, populations = list(Theme.objects.all()), list(TargetPopulation.objects.all())
    objectives = list(GcmObjective.objects.all())
    practices = Practice.objects.bulk_create(
        Practice(
            title=f"Practice {number:03d}: " + " ".join(rng.sample(_WORDS, 6)).capitalize(),
            summary=" ".join(rng.choice(_WORDS) for _ in range(40)).capitalize() + ".",
            problem=_paragraphs(rng, 150),
            approach=_paragraphs(rng, 150),
            results=_paragraphs(rng, 150),
            lessons_learned=_paragraphs(rng, 150),
            country=countries[number % len(countries)],
            implementing_organization="Ministry of Foreign Affairs, Directorate of Consular Affairs",
            period_start=datetime.date(2015 + number % 8, 1 + number % 12, 1),
            contact_email="benchmark@example.org",
            call=call,
            language="es" if number % 3 else "en",
            status=PracticeStatus.PUBLISHED,
            published_at=now - datetime.timedelta(days=number),
        )
        for number in range(count)
    )
    for relation, choices, size in (
        (Practice.themes, themes, 2),
        (Practice.target_populations, populations, 2),
        (Practice.gcm_objectives, objectives, 3),
    ):
        through = relation.through
        source, target = relation.field.m2m_field_name(), relation.field.m2m_reverse_field_name()
        through.objects.bulk_create(
            through(**{source: practice, target: item})
            for practice in practices
            for item in rng.sample(choices, min(size, len(choices)))
        )
    with translation.override("en"):
        return report_request(
            source=compilation_for(call=call), kind=ReportKind.INITIATIVES, language="en"
        )
