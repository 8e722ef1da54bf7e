"""NUL and other control characters sent to every public form and filter and every
delegate form, in query strings and in POST bodies: no page answers 500, and no value
with a NUL reaches the database (PostgreSQL refuses them with a DataError; on SQLite a
guard on every query stands in for that refusal)."""

import datetime
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

import django_filters
import pytest
from django.apps import apps
from django.conf import settings
from django.db import DataError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from declarations.forms import AmendmentForm
from practices.filters import PracticeFilter
from practices.forms import PracticeForm
from practices.models import Practice, PracticeStatus
from roadmaps.forms import ProgressUpdateForm
from roadmaps.models import RoadmapStatus
from tests.declarations.conftest import make_declaration
from tests.factories import (
    ActionFactory,
    LineOfActionFactory,
    PracticeCallFactory,
    PracticeFactory,
    RoadmapFactory,
    WorkshopFactory,
    country,
)
from workshops.filters import WorkshopFilter

pytestmark = pytest.mark.django_db

# Each value as it is written in a URL or a form body (percent-encoded UTF-8): NUL alone
# and inside words, other C0 controls, DEL, a noncharacter, a lone surrogate (not valid
# UTF-8 at all).
BAD_VALUES = {
    "nul": "%00",
    "nul inside": "a%00b",
    "start of heading": "%01",
    "escape": "%1B%5B31m",
    "delete": "%7F",
    "noncharacter": "%EF%BF%BF",
    "lone surrogate": "%ED%A0%80",
}

CONTROL_CHARACTERS = {"nul", "nul inside", "start of heading", "escape", "delete"}

# Every FilterSet of the portal and the pages that read it: a new FilterSet fails the
# test below until its pages are listed here.
FILTER_PAGES = {
    PracticeFilter: ["practices:catalogue", ("practices:export", "csv"), ("practices:export", "json")],
    WorkshopFilter: ["workshops:list"],
}  # fmt: skip
# Other query parameters pages read by hand.
EXTRA_PARAMETERS = {
    "practices:catalogue": ["page"],
    "workshops:list": ["when", "page"],
}


def _url(name):
    if isinstance(name, tuple):
        return reverse(name[0], args=name[1:])
    return reverse(name)


class NulGuard:
    """Every query the database receives, checked for a NUL in its text or parameters."""

    def __init__(self):
        self.offending = []

    def __call__(self, execute, sql, params, many, context):
        if "\x00" in sql or _has_nul(params):
            self.offending.append((sql, params))
        return execute(sql, params, many, context)


def _has_nul(value) -> bool:
    if isinstance(value, str):
        # A JSON column receives its value encoded: PostgreSQL refuses "\u0000" there.
        return "\x00" in value or "\\u0000" in value
    if isinstance(value, bytes):
        return b"\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(item) for item in [*value, *value.values()])
    if hasattr(value, "obj"):
        # psycopg's Jsonb wrapper of a JSON column's value on PostgreSQL.
        return _has_nul(value.obj)
    return False


@pytest.fixture
def nul_guard():
    guard = NulGuard()
    with connection.execute_wrapper(guard):
        yield guard
    assert guard.offending == [], "a NUL reached the database"


def test_the_guard_sees_a_nul_in_any_query():
    from practices.models import Compilation

    guard = NulGuard()
    with connection.execute_wrapper(guard):
        Practice.objects.filter(title_en="clean").exists()
        assert guard.offending == []
        for query in (
            Practice.objects.filter(title_en="a\x00b"),
            Compilation.objects.filter(filters={"q": "a\x00b"}),
        ):
            try:
                with transaction.atomic():
                    query.exists()
            except DataError:
                pass  # PostgreSQL refuses it on its own
    assert len(guard.offending) == 2


def _project_filtersets():
    """Every FilterSet defined in the portal's own apps, found by walking the subclasses."""
    own_apps = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and ".venv" not in Path(config.path).parts
    }
    found, pending = set(), list(django_filters.FilterSet.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in own_apps:
            found.add(cls)
    return found


def test_every_filterset_of_the_portal_is_tried():
    assert _project_filtersets() == set(FILTER_PAGES)


@pytest.fixture
def published_world():
    """Something for each filter to choose from."""
    workshop = WorkshopFactory(title_en="Return workshop")
    call = PracticeCallFactory(workshop=workshop)
    PracticeFactory(
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=1),
        call=call,
        title_en="Return of migrants",
    )
    return workshop


def _send(client, method, url, query):
    if method == "get":
        return client.get(f"{url}?{query}")
    return client.post(url, query, content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("label", list(BAD_VALUES))
def test_public_filters_and_searches_take_any_characters(client, published_world, nul_guard, label):
    value = BAD_VALUES[label]
    tried = 0
    for filterset, pages in FILTER_PAGES.items():
        for page in pages:
            url = _url(page)
            names = [*filterset.base_filters, *EXTRA_PARAMETERS.get(page, [])]
            for name in names:
                response = client.get(f"{url}?{name}={value}")
                assert response.status_code < 500, (url, name)
                tried += 1
            # Every parameter at once.
            response = client.get(url + "?" + "&".join(f"{n}={value}" for n in names))
            assert response.status_code < 500, url
    assert tried > 20


@pytest.mark.parametrize("label", list(BAD_VALUES))
def test_other_public_pages_take_any_characters_in_their_parameters(
    client, published_world, nul_guard, label
):
    value = BAD_VALUES[label]
    declaration = make_declaration(status="adopted")
    pages = [
        (reverse("declarations:compare", args=[declaration.pk]), ["left", "right"]),
        (reverse("home"), ["q", "page"]),
        (reverse("objectives:gcm"), ["q", "page"]),
        (reverse("declarations:list"), ["page"]),
        (reverse("roadmaps:list"), ["page"]),
    ]
    for url, names in pages:
        for name in names:
            assert client.get(f"{url}?{name}={value}").status_code < 500, (url, name)


@pytest.mark.parametrize("label", list(BAD_VALUES))
def test_the_compile_form_and_report_requests_take_any_characters(
    client, published_world, nul_guard, label
):
    value = BAD_VALUES[label]
    url = reverse("reports:compile_initiatives")
    for name in [*PracticeFilter.base_filters, "call"]:
        response = _send(client, "post", url, f"{name}={value}")
        assert response.status_code in (400, 302), (name, response.status_code)
        if label in CONTROL_CHARACTERS:
            # A control character is refused with a message, never compiled.
            assert response.status_code == 400, name
    request_url = reverse("reports:request", args=["workshop", published_world.pk])
    response = _send(client, "post", request_url, f"language={value}&kind={value}")
    assert response.status_code < 500
    for path in (
        f"/en/reports/request/{value}/1/",
        f"/en/reports/{value}/",
        f"/en/practices/{value}/",
        f"/en/workshops/{value}/",
    ):
        assert client.post(path).status_code < 500, path
        assert client.get(path).status_code < 500, path


@pytest.mark.parametrize("label", list(BAD_VALUES))
def test_the_login_form_takes_any_characters(client, delegate_mx, nul_guard, label):
    value = BAD_VALUES[label]
    url = reverse("account_login")
    for body in (
        f"login={value}&password=secret",
        f"login=delegate.mx%40example.org&password={value}",
        f"login=delegate.mx{value}%40example.org&password=x{value}&remember={value}",
    ):
        response = _send(client, "post", url, body)
        assert response.status_code < 500, body
        assert "_auth_user_id" not in client.session
    assert client.get(f"{url}?next={value}").status_code < 500


@pytest.mark.parametrize("label", list(BAD_VALUES))
def test_the_password_reset_form_takes_any_characters(client, delegate_mx, nul_guard, label):
    value = BAD_VALUES[label]
    url = reverse("account_reset_password")
    for body in (f"email={value}", f"email=delegate.mx{value}%40example.org"):
        assert _send(client, "post", url, body).status_code < 500, body


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BOUNDARY = "control-characters-boundary"


def _multipart(fields: dict, files: dict | None = None) -> bytes:
    """A multipart body written byte by byte, as a script would send it: values and file
    names are not re-encoded on the way (a lone surrogate stays invalid UTF-8)."""
    parts = []
    for name, value in fields.items():
        data = value if isinstance(value, bytes) else str(value).encode()
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    for name, (filename, content) in (files or {}).items():
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; '.encode()
            + b'filename="'
            + filename
            + b'"\r\nContent-Type: application/pdf\r\n\r\n'
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def _send_multipart(client, url, fields, files=None):
    return client.post(
        url,
        _multipart(fields, files),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )


def _form_body(base: dict, name: str, value: str) -> str:
    parts = [f"{key}={quote(str(item))}" for key, item in base.items() if key != name]
    parts.append(f"{name}={value}")
    return "&".join(parts)


@pytest.mark.parametrize("label", list(BAD_VALUES))
def test_the_practice_form_saves_no_nul(client, delegate_mx, published_world, nul_guard, label):
    value = BAD_VALUES[label]
    client.force_login(delegate_mx)
    base = {"title": "A practice", "summary": "In short.", "language": "en"}
    url = reverse("practices:create")
    for name in PracticeForm.base_fields:
        for action in ("save", "submit"):
            body = _form_body({**base, "action": action}, name, value)
            response = _send(client, "post", url, body)
            assert response.status_code < 500, (name, action)
    draft = Practice.objects.filter(country=country("MX")).first()
    assert draft is not None
    edit = reverse("practices:edit", args=[draft.pk])
    for name in PracticeForm.base_fields:
        assert _send(client, "post", edit, _form_body(base, name, value)).status_code < 500
    raw = unquote_to_bytes(value)
    for name in PracticeForm.base_fields:
        fields = {**base, "action": "save", name: raw}
        response = _send_multipart(client, url, fields)
        assert response.status_code < 500, ("multipart", name)
    # A file whose name carries the character: Django keeps only printable characters.
    response = _send_multipart(
        client, edit, base, {"new_attachments": (b"report" + raw + b"&#0;.pdf", PDF)}
    )
    assert response.status_code < 500
    assert client.get(f"{reverse('practices:create')}?call={value}").status_code < 500
    assert client.get(f"{reverse('practices:mine')}?page={value}").status_code < 500
    submitted = PracticeFactory(country=country("MX"), status=PracticeStatus.SUBMITTED)
    withdraw = reverse("practices:withdraw", args=[submitted.pk])
    assert _send(client, "post", withdraw, f"comment={value}").status_code < 500


@pytest.mark.parametrize("label", list(BAD_VALUES))
def test_the_amendment_form_saves_no_nul(client, delegate_gt, nul_guard, label):
    value = BAD_VALUES[label]
    declaration = make_declaration()
    paragraph = declaration.paragraphs.filter(kind="operative").order_by("position").first()
    client.force_login(delegate_gt)
    url = reverse("declarations:propose", args=[paragraph.pk])
    base = {
        "action": "change",
        "language": "en",
        "text": "A new text;",
        "rationale": "Why.",
        "version": paragraph.version,
        "seen": 0,
    }
    for name in AmendmentForm.base_fields:
        response = _send(client, "post", url, _form_body(base, name, value))
        assert response.status_code < 500, name
    assert client.get(f"{reverse('declarations:negotiations')}?page={value}").status_code < 500


@pytest.mark.parametrize("label", list(BAD_VALUES))
def test_the_progress_form_saves_no_nul(client, delegate_mx, nul_guard, label):
    value = BAD_VALUES[label]
    roadmap = RoadmapFactory(status=RoadmapStatus.IN_PROGRESS)
    action = ActionFactory(line=LineOfActionFactory(roadmap=roadmap), countries=["MX"])
    client.force_login(delegate_mx)
    url = reverse("roadmaps:report", args=[action.pk])
    base = {
        "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "percentage": 40,
        "narrative": "Work went on.",
    }
    for name in ProgressUpdateForm.base_fields:
        response = _send(client, "post", url, _form_body(base, name, value))
        assert response.status_code < 500, name
    raw = unquote_to_bytes(value)
    for name in ProgressUpdateForm.base_fields:
        response = _send_multipart(client, url, {**base, name: raw})
        assert response.status_code < 500, ("multipart", name)
    response = _send_multipart(client, url, base, {"evidence": (b"minutes" + raw + b".pdf", PDF)})
    assert response.status_code < 500
    assert client.get(f"{reverse('roadmaps:mine')}?page={value}").status_code < 500
