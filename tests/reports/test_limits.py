"""Limits on what anyone can make the report worker do: the same selection is one report,
new renders are rate-limited per client and for everyone, and a public compilation has a
size cap."""

import datetime
import re
import time

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from practices.models import Compilation, PracticeStatus
from reports.models import Report, ReportState
from tests.factories import (
    PracticeFactory,
    UserFactory,
    WorkshopFactory,
    country,
    with_totp,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    """The documented defaults, whatever the environment says."""
    settings.REPORTS_RENDER_RATE_PER_CLIENT = "5/10m"
    settings.REPORTS_RENDER_RATE_GLOBAL = "60/h"
    settings.REPORTS_RENDER_RATE_STAFF = "60/10m"
    settings.COMPILATION_MAX_PRACTICES = 100
    settings.COMPILATION_MAX_PRACTICES_STAFF = 1000


def _published(**kwargs):
    kwargs.setdefault("published_at", timezone.now() - datetime.timedelta(days=3))
    return PracticeFactory(status=PracticeStatus.PUBLISHED, **kwargs)


@pytest.fixture
def practices():
    return [
        _published(title_en="Return of migrants to Mexico"),
        _published(title_en="Guatemalan return centre", country=country("GT")),
        _published(title_en="Honduran consular desk", country=country("HN")),
    ]


def _compile(client, data, *, language="en", address="203.0.113.7", **extra):
    with translation.override(language):
        url = reverse("reports:compile_initiatives")
    if isinstance(data, str):
        return client.post(
            url,
            data,
            content_type="application/x-www-form-urlencoded",
            REMOTE_ADDR=address,
            **extra,
        )
    return client.post(url, data, REMOTE_ADDR=address, **extra)


def _minutes(page: str) -> int:
    return int(re.search(r"(\d+) (?:minute|minuto|minute)s?", page).group(1))


def test_ten_different_searches_from_one_client_queue_five_renders(
    client, practices, django_capture_on_commit_callbacks
):
    answers = []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for number in range(10):
            answers.append(_compile(client, {"q": f"return {number}"}))

    assert [a.status_code for a in answers] == [302] * 5 + [429] * 5
    assert Report.objects.count() == 5
    assert len(callbacks) == 5
    # A refused selection leaves nothing behind.
    assert Compilation.objects.count() == 5
    refused = answers[-1]
    page = refused.content.decode()
    assert "You have asked for several new PDFs in a short time." in page
    minutes = _minutes(page)
    assert 1 <= minutes <= 10
    retry_after = int(refused["Retry-After"])
    assert 0 < retry_after <= 600
    assert minutes == -(-retry_after // 60)
    assert "Back to the page" in page
    assert 'href="/en/practices/?q=return+9"' in page


def test_a_report_already_asked_for_costs_nothing(
    client, practices, django_capture_on_commit_callbacks
):
    first = _compile(client, {"country": "MX"})
    for number in range(4):
        assert _compile(client, {"q": f"return {number}"}).status_code == 302
    assert _compile(client, {"q": "one more"}).status_code == 429

    # The report queued first is still given, as many times as asked, at no cost.
    for _ in range(3):
        again = _compile(client, {"country": "mx "})
        assert again.status_code == 302
        assert again.url == first.url
    assert Report.objects.count() == 5


def test_the_same_selection_however_written_is_one_row_and_one_report(
    client, practices, django_capture_on_commit_callbacks
):
    spellings = [
        "country=MX&q=return&theme=",
        "q=RETURN&country=mx",
        "theme=&year=&q=++Return++&country=+Mx+",
        "q=return&country=MX&q=return&other=1",
        "country=MX&q=re%74urn",
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answers = [_compile(client, spelling) for spelling in spellings]

    assert {a.status_code for a in answers} == {302}
    assert len({a.url for a in answers}) == 1
    assert Compilation.objects.count() == 1
    assert Compilation.objects.get().filters == {"country": "MX", "q": "return"}
    assert Report.objects.count() == 1
    assert len(callbacks) == 1


def test_every_order_of_the_same_filters_maps_to_one_compilation(client, practices):
    pairs = [("country", "MX"), ("q", "return"), ("year", str(practices[0].period_start.year))]
    orders = [pairs, pairs[::-1], [pairs[1], pairs[0], pairs[2]], [pairs[2], pairs[0], pairs[1]]]
    for order in orders:
        body = "&".join(f"{name}={value}" for name, value in order)
        assert _compile(client, body).status_code == 302

    assert Compilation.objects.count() == 1
    assert Report.objects.count() == 1


def test_the_selection_is_in_the_snapshot_it_is_hashed_from(client, practices):
    _compile(client, {"country": "MX"})
    _compile(client, {"country": "MX", "q": "return"})

    reports = list(Report.objects.order_by("created_at"))
    assert [r.content["selection"] for r in reports] == [
        {"country": "MX"},
        {"country": "MX", "q": "return"},
    ]
    # Both select the same practice, yet they are two selections and two snapshots.
    assert reports[0].content["groups"] == reports[1].content["groups"]
    assert reports[0].content_hash != reports[1].content_hash


def test_many_clients_together_are_held_by_the_global_limit(client, settings, practices):
    settings.REPORTS_RENDER_RATE_PER_CLIENT = "2/10m"
    settings.REPORTS_RENDER_RATE_GLOBAL = "3/h"

    assert _compile(client, {"q": "a1"}, address="198.51.100.1").status_code == 302
    assert _compile(client, {"q": "a2"}, address="198.51.100.1").status_code == 302
    # This client is held by its own limit; being refused uses none of everyone's.
    for _ in range(3):
        assert _compile(client, {"q": "a3"}, address="198.51.100.1").status_code == 429
    assert _compile(client, {"q": "b1"}, address="198.51.100.2").status_code == 302
    refused = _compile(client, {"q": "c1"}, address="198.51.100.3")

    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Many new PDFs are being prepared for visitors right now" in page
    assert 1 <= _minutes(page) <= 60
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert Report.objects.count() == 3


def test_the_client_address_is_read_as_allauth_reads_it(client, settings, practices):
    """Behind one trusted proxy, each visitor is the address the proxy adds, not the
    proxy's: two visitors do not share a limit, and a forged header changes nothing."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.REPORTS_RENDER_RATE_PER_CLIENT = "1/10m"
    proxy = "10.0.0.5"

    def ask(q, forwarded):
        return _compile(client, {"q": q}, address=proxy, HTTP_X_FORWARDED_FOR=forwarded)

    assert ask("one", "192.0.2.10").status_code == 302
    assert ask("two", "192.0.2.11").status_code == 302
    # A visitor who writes their own X-Forwarded-For is still known by the proxy's entry.
    assert ask("three", "1.2.3.4, 192.0.2.10").status_code == 429


def test_report_requests_and_retries_share_the_limit(
    client, settings, practices, django_capture_on_commit_callbacks
):
    settings.REPORTS_RENDER_RATE_PER_CLIENT = "2/10m"
    workshops = [WorkshopFactory(title_en=f"Workshop {number}") for number in range(3)]
    failed = Report.objects.create(
        kind="workshop",
        source_type_id=_content_type_id(workshops[0]),
        source_id=workshops[0].pk,
        language="en",
        title="A report that failed",
        content={"title": "A report that failed"},
        content_hash="0" * 64,
        state=ReportState.FAILED,
    )
    address = {"REMOTE_ADDR": "203.0.113.9"}

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = client.post(f"/en/reports/request/workshop/{workshops[1].pk}/", **address)
        retried = client.post(f"/en/reports/{failed.pk}/retry/", **address)
        refused = client.post(f"/en/reports/request/workshop/{workshops[2].pk}/", **address)

    assert first.status_code == 302
    assert retried.status_code == 302
    failed.refresh_from_db()
    assert failed.state == ReportState.QUEUED
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert f'href="{workshops[2].get_absolute_url()}"' in refused.content.decode()
    assert len(callbacks) == 2
    assert Report.objects.count() == 2

    # A refused retry leaves the report as it was.
    failed.state = ReportState.FAILED
    failed.save()
    again = client.post(f"/en/reports/{failed.pk}/retry/", **address)
    failed.refresh_from_db()
    assert again.status_code == 429
    assert failed.state == ReportState.FAILED


def _content_type_id(source):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(source).pk


def test_a_retry_that_would_queue_nothing_costs_nothing(client, settings, practices):
    settings.REPORTS_RENDER_RATE_PER_CLIENT = "1/10m"
    first = _compile(client, {"country": "MX"})
    report = Report.objects.get()

    for _ in range(3):
        assert client.post(f"/en/reports/{report.pk}/retry/").url == first.url
    assert _compile(client, {"country": "GT"}).status_code == 429


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        (
            "es",
            [
                "Demasiados PDF nuevos a la vez",
                "Ha pedido varios PDF nuevos en poco tiempo.",
                "Vuelva a intentarlo dentro de",
                "Volver a la página",
            ],
        ),
        (
            "fr",
            [
                "Trop de nouveaux PDF à la fois",
                "Vous avez demandé plusieurs nouveaux PDF en peu de temps.",
                "Veuillez réessayer dans",
                "Retour à la page",
            ],
        ),
    ],
)
def test_the_refusal_is_in_the_language_of_the_page(
    client, settings, practices, language, sentences
):
    settings.REPORTS_RENDER_RATE_PER_CLIENT = "1/10m"
    assert _compile(client, {"q": "one"}, language=language).status_code == 302

    refused = _compile(client, {"q": "two"}, language=language)

    assert refused.status_code == 429
    page = refused.content.decode()
    for sentence in sentences:
        assert sentence in page
    assert 1 <= _minutes(page) <= 10


def _staff_with(*permissions):
    user = UserFactory(email="reports.officer@example.org", is_staff=True)
    for label in permissions:
        app_label, codename = label.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def _log_in_with_second_factor(client, user):
    """Password, then the authenticator's code, through the real login pages."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    secret = with_totp(user)
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": "a-long-test-password"}
    )
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302


def test_staff_with_the_permission_have_their_own_limit(client, settings, practices):
    settings.REPORTS_RENDER_RATE_PER_CLIENT = "1/10m"
    settings.REPORTS_RENDER_RATE_GLOBAL = "1/h"
    settings.REPORTS_RENDER_RATE_STAFF = "4/10m"
    assert _compile(client, {"q": "public"}).status_code == 302
    assert _compile(client, {"q": "public again"}).status_code == 429

    _log_in_with_second_factor(client, _staff_with("reports.request_beyond_public_limits"))
    answers = [_compile(client, {"q": f"staff {number}"}).status_code for number in range(5)]

    assert answers == [302] * 4 + [429]


def test_staff_with_their_password_alone_are_held_like_the_public(client, settings, practices):
    settings.REPORTS_RENDER_RATE_PER_CLIENT = "1/10m"
    client.force_login(_staff_with("reports.request_beyond_public_limits"))

    assert _compile(client, {"q": "one"}).status_code == 302
    assert _compile(client, {"q": "two"}).status_code == 429


def test_staff_without_the_permission_are_held_like_the_public(client, settings, practices):
    settings.REPORTS_RENDER_RATE_PER_CLIENT = "1/10m"
    client.force_login(_staff_with())

    assert _compile(client, {"q": "one"}).status_code == 302
    assert _compile(client, {"q": "two"}).status_code == 429


def test_the_secretariat_group_has_both_permissions(secretariat):
    assert secretariat.has_perm("reports.request_beyond_public_limits")
    assert secretariat.has_perm("practices.compile_beyond_public_limit")


# The size of a public compilation.


@pytest.fixture
def many_mexican_practices(settings):
    settings.COMPILATION_MAX_PRACTICES = 3
    settings.COMPILATION_MAX_PRACTICES_STAFF = 5
    return [_published(title_en=f"Mexican practice {number}") for number in range(4)]


def test_a_public_compilation_over_the_cap_is_refused_with_a_way_back(
    client, many_mexican_practices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _compile(client, {"country": "MX", "q": "Mexican"})

    assert response.status_code == 422
    page = response.content.decode()
    assert "This selection has 4 practices." in page
    assert "A compiled report can gather at most 3 practices." in page
    assert "Narrow your search" in page
    assert 'href="/en/practices/?country=MX&amp;q=mexican"' in page
    assert 'href="/en/practices/"' in page
    assert callbacks == []
    assert not Compilation.objects.exists()
    assert not Report.objects.exists()
    # At the cap, it is compiled.
    many_mexican_practices[0].delete()
    assert _compile(client, {"country": "MX", "q": "Mexican"}).status_code == 302


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        (
            "es",
            [
                "Esta selección tiene 4 prácticas.",
                "Un informe recopilado puede reunir como máximo 3 prácticas.",
                "Volver a su búsqueda",
            ],
        ),
        (
            "fr",
            [
                "Cette sélection compte 4 pratiques.",
                "Un rapport compilé peut rassembler au plus 3 pratiques.",
                "Retour à votre recherche",
            ],
        ),
    ],
)
def test_the_cap_is_explained_in_the_language_of_the_page(
    client, many_mexican_practices, language, sentences
):
    response = _compile(client, {"country": "MX"}, language=language)

    assert response.status_code == 422
    page = response.content.decode()
    for sentence in sentences:
        assert sentence in page


def test_staff_with_the_permission_compile_more_up_to_their_cap(
    client, many_mexican_practices, django_capture_on_commit_callbacks
):
    _log_in_with_second_factor(client, _staff_with("practices.compile_beyond_public_limit"))

    catalogue = client.get("/en/practices/?country=MX").content.decode()
    assert "Download the compiled report (PDF)" in catalogue
    assert _compile(client, {"country": "MX"}).status_code == 302
    _published(title_en="Mexican practice 5")
    _published(title_en="Mexican practice 6")
    assert _compile(client, {"country": "MX", "q": "mexican"}).status_code == 422


def test_staff_with_their_password_alone_have_the_public_cap(client, many_mexican_practices):
    client.force_login(_staff_with("practices.compile_beyond_public_limit"))

    assert _compile(client, {"country": "MX"}).status_code == 422
    assert (
        "Download the compiled report (PDF)"
        not in client.get("/en/practices/?country=MX").content.decode()
    )


def test_the_catalogue_offers_the_compiled_report_only_within_the_cap(
    client, many_mexican_practices
):
    over = client.get("/en/practices/?country=MX").content.decode()
    assert "Download the compiled report (PDF)" not in over
    assert "A compiled report (PDF) gathers at most 3 practices" in over

    within = client.get("/en/practices/?country=MX&q=practice+1").content.decode()
    assert "Download the compiled report (PDF)" in within


# Control characters in the compile search.


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Null characters are not allowed."),
        ("es", "Los caracteres nulos no están permitidos."),
        ("fr", "Le caractère nul n’est pas autorisé."),
    ],
)
def test_a_nul_in_the_compile_search_is_refused(client, practices, language, message):
    response = _compile(client, "q=a%00b", language=language)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Compilation.objects.exists()
    assert not Report.objects.exists()


@pytest.mark.parametrize("character", ["%01", "%1B", "%7F", "%C2%9B", "%0B"])
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Remove the control characters from this text"),
        ("es", "Quite los caracteres de control de este texto"),
        ("fr", "Retirez les caractères de contrôle de ce texte"),
    ],
)
def test_control_characters_in_the_compile_search_are_refused(
    client, practices, character, language, message
):
    response = _compile(client, f"q=a{character}b&country=MX", language=language)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Compilation.objects.exists()


@pytest.mark.parametrize("blank", ["%09", "%0A", "%0D"])
def test_tabs_and_line_breaks_are_blanks_of_the_search(client, practices, blank):
    assert _compile(client, f"q=return{blank}of&country=MX").status_code == 302
    assert Compilation.objects.get().filters == {"country": "MX", "q": "return of"}


def test_a_nul_in_any_compile_filter_never_reaches_the_database(client, practices):
    for name in ("country", "theme", "population", "gcm", "workshop", "year", "call"):
        response = _compile(client, f"{name}=M%00X")
        assert response.status_code == 400, name
    assert not Compilation.objects.exists()


# The figures come from the environment.


def _settings_of(**environment):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPORTS_", "COMPILATION_"))}
    env.update(environment)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(repr((s.REPORTS_RENDER_RATE_PER_CLIENT, s.REPORTS_RENDER_RATE_GLOBAL, "
        "s.REPORTS_RENDER_RATE_STAFF, s.COMPILATION_MAX_PRACTICES, "
        "s.COMPILATION_MAX_PRACTICES_STAFF)))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "rcm_portal.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_limits_have_defaults_and_can_be_changed_or_switched_off():
    defaults = _settings_of(REPORTS_RENDER_RATE_GLOBAL="", COMPILATION_MAX_PRACTICES="")
    assert defaults.stdout.strip() == "('5/10m', '60/h', '60/10m', 100, 1000)", defaults.stderr

    changed = _settings_of(
        REPORTS_RENDER_RATE_PER_CLIENT="3/5m",
        REPORTS_RENDER_RATE_GLOBAL="off",
        COMPILATION_MAX_PRACTICES="50",
    )
    assert changed.stdout.strip() == "('3/5m', '', '60/10m', 50, 1000)", changed.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("REPORTS_RENDER_RATE_PER_CLIENT", "5 per hour", "must read like"),
        ("REPORTS_RENDER_RATE_GLOBAL", "5/hour", "must read like"),
        ("COMPILATION_MAX_PRACTICES", "many", "must be a whole number"),
    ],
)
def test_a_limit_that_cannot_be_read_stops_the_start(name, value, message):
    result = _settings_of(**{name: value})

    assert result.returncode != 0
    assert f"{name} {message}" in result.stderr


def test_without_limits_nothing_is_refused(client, settings, practices):
    settings.REPORTS_RENDER_RATE_PER_CLIENT = ""
    settings.REPORTS_RENDER_RATE_GLOBAL = ""

    answers = [_compile(client, {"q": f"search {number}"}).status_code for number in range(8)]

    assert answers == [302] * 8
