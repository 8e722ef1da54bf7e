"""The demo's examples, as a newcomer finds them after `load_demo`, with no staff acting
first: an adopted declaration with its amendment history, a declaration under negotiation
that the demo delegates amend at once, a roadmap in progress with several countries'
progress, and its progress report asked for in each language."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from declarations.models import (
    Amendment,
    AmendmentStatus,
    Declaration,
    DeclarationStatus,
    DeclarationStatusChange,
)
from demo.adopted_declaration import AMENDMENTS
from demo.adopted_declaration import TITLE as ADOPTED_TITLE
from demo.declarations import TITLE as NEGOTIATED_TITLE
from demo.declarations import demo_declaration_load
from demo.roadmaps import ROADMAP_SLUG, demo_roadmap_load
from members.models import Country, CountryStatus, User
from reports.models import Report, ReportKind, ReportState
from roadmaps.models import (
    Action,
    ProgressUpdate,
    Roadmap,
    RoadmapStatus,
    RoadmapStatusChange,
)
from roadmaps.selectors import PROGRESS_RULE

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "es", "fr"]


def _url(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def _page(client, language, name, *args) -> str:
    response = client.get(_url(language, name, *args))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _text(html: str) -> str:
    """The page's words, tags and entities aside, white space folded."""
    import html as entities

    return " ".join(entities.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _adopted() -> Declaration:
    return Declaration.objects.get(title_en=ADOPTED_TITLE["en"])


def _negotiated() -> Declaration:
    return Declaration.objects.get(title_en=NEGOTIATED_TITLE["en"])


# The adopted declaration.


def test_the_adopted_example_went_through_the_workflow(demo):
    declaration = _adopted()
    assert declaration.is_example
    assert declaration.status == DeclarationStatus.PUBLISHED
    steps = list(
        DeclarationStatusChange.objects.filter(declaration=declaration)
        .order_by("changed_at", "id")
        .values_list("to_status", flat=True)
    )
    assert steps == ["under_negotiation", "adopted", "published"]
    members = set(Country.objects.filter(status=CountryStatus.MEMBER))
    assert set(declaration.adopting_countries.all()) == members
    amendments = Amendment.objects.filter(paragraph__declaration=declaration)
    statuses = sorted(amendments.values_list("status", flat=True))
    assert statuses == sorted(
        ["accepted", "accepted", "accepted", "merged", "rejected", "withdrawn"]
    )
    # Six amendments, six member countries, each proposed by a delegate of its own country.
    assert amendments.values("country").distinct().count() == 6
    for amendment in amendments.select_related("proposed_by"):
        assert amendment.proposed_by.country_id == amendment.country_id


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_adopted_example_is_listed_and_read_in_each_language(client, demo, language):
    declaration = _adopted()

    listing = _text(_page(client, language, "declarations:list"))
    assert ADOPTED_TITLE[language] in listing
    # The draft under negotiation is the countries' business, not the public's.
    assert NEGOTIATED_TITLE[language] not in listing

    page = _text(_page(client, language, "declarations:detail", declaration.pk))
    assert ADOPTED_TITLE[language] in page
    for paragraph in declaration.paragraphs.filter(deleted=False):
        assert getattr(paragraph, f"text_{language}") in page
    with translation.override(language):
        assert str(Country.objects.get(iso_code="MX").name) in page
        assert gettext("Amendment history") in page
        for status in (
            AmendmentStatus.ACCEPTED,
            AmendmentStatus.MERGED,
            AmendmentStatus.REJECTED,
            AmendmentStatus.WITHDRAWN,
        ):
            assert str(status.label) in page
    # Every proposal and its rationale, what an accepted one changed in this language.
    for spec in AMENDMENTS:
        assert spec["rationale"] in page
        if "note" in spec:
            assert spec["note"] in page
    honduras = next(spec for spec in AMENDMENTS if spec["country"] == "HN")
    assert honduras["text"] in page
    psychosocial = {
        "en": "including psychosocial support",
        "es": "incluida la atención psicosocial",
        "fr": "y compris l'accompagnement psychosocial",
    }
    assert psychosocial[language] in page


def test_the_history_is_translated(client, demo):
    declaration = _adopted()
    spanish = _text(_page(client, "es", "declarations:detail", declaration.pk))
    french = _text(_page(client, "fr", "declarations:detail", declaration.pk))
    assert "Historial de enmiendas" in spanish and "Párrafo preambular 2" in spanish
    assert "Historique des amendements" in french and "Décision :" in french


@pytest.mark.parametrize(
    ("language", "added"),
    [("en", "the private sector,"), ("es", "el sector privado,"), ("fr", "du secteur privé,")],
)
def test_the_paragraph_versions_show_what_an_accepted_amendment_changed(
    client, demo, language, added
):
    canada = Amendment.objects.get(paragraph__declaration=_adopted(), country__iso_code="CA")
    assert canada.status == AmendmentStatus.ACCEPTED

    html = _page(client, language, "declarations:paragraph_history", canada.paragraph_id)

    inserted = " ".join(_text(part) for part in re.findall(r"<ins>(.*?)</ins>", html, flags=re.S))
    assert added in inserted


def test_the_inserted_paragraph_is_in_the_text_after_the_third(demo):
    declaration = _adopted()
    costa_rica = Amendment.objects.get(paragraph__declaration=declaration, country__iso_code="CR")
    inserted = costa_rica.inserted_paragraph
    assert inserted is not None
    assert inserted.position == costa_rica.paragraph.position + 1
    assert inserted.text_fr.startswith("Invitent les organisations internationales")


# The declaration under negotiation.


def _demo_delegate(iso_code: str) -> User:
    return User.objects.get(email=f"delegate.{iso_code.lower()}@rcm-demo.org")


def test_the_negotiation_is_open_for_weeks_from_the_load(client, demo):
    declaration = _negotiated()
    assert declaration.is_example
    assert declaration.status == DeclarationStatus.UNDER_NEGOTIATION
    assert declaration.meeting_date > timezone.localdate() + datetime.timedelta(weeks=4)
    # The only staff account is the Secretariat officer the example practices are reviewed
    # in the name of; nobody logs in with it before demo_accounts gives it a password.
    [staff] = User.objects.filter(is_staff=True)
    assert staff.email == "secretariat@rcm-demo.org"
    assert not staff.has_usable_password()

    client.force_login(_demo_delegate("MX"))
    listing = _text(_page(client, "es", "declarations:negotiations"))
    assert NEGOTIATED_TITLE["es"] in listing
    page = _text(_page(client, "es", "declarations:negotiation", declaration.pk))
    with translation.override("es"):
        assert declaration.meeting_date.strftime("%Y") in page
        assert "Belice" in page
    belize = Amendment.objects.get(paragraph__declaration=declaration, country__iso_code="BZ")
    assert belize.status == AmendmentStatus.PENDING
    assert belize.rationale in page


@pytest.mark.parametrize(("iso_code", "language"), [("MX", "es"), ("GT", "fr")])
def test_a_demo_delegate_proposes_an_amendment_at_once(client, demo, iso_code, language):
    declaration = _negotiated()
    paragraph = declaration.paragraphs.get(position=4)
    client.force_login(_demo_delegate(iso_code))

    form = client.get(_url(language, "declarations:propose", paragraph.pk))
    assert form.status_code == 200
    initial = form.context["form"].initial
    response = client.post(
        _url(language, "declarations:propose", paragraph.pk),
        {
            "action": "change",
            "language": language,
            "text": f"Texte proposé par {iso_code}.",
            "rationale": f"Rationale of {iso_code}.",
            "version": initial["version"],
            "seen": initial["seen"],
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#paragraph-{paragraph.pk}")
    amendment = Amendment.objects.get(paragraph=paragraph, country__iso_code=iso_code)
    assert amendment.status == AmendmentStatus.PENDING
    assert amendment.text == f"Texte proposé par {iso_code}."


# The roadmap.


def test_the_example_roadmap_is_adopted_and_in_progress_through_the_workflow(demo):
    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)
    assert roadmap.is_example
    assert roadmap.status == RoadmapStatus.IN_PROGRESS
    steps = list(
        RoadmapStatusChange.objects.filter(roadmap=roadmap)
        .order_by("changed_at", "id")
        .values_list("to_status", flat=True)
    )
    assert steps == ["adopted", "in_progress"]
    reporting = set(
        ProgressUpdate.objects.filter(action__line__roadmap=roadmap).values_list(
            "country__iso_code", flat=True
        )
    )
    assert {"MX", "GT"} <= reporting and len(reporting) >= 4
    # Each update filed by a delegate of its own country.
    for update in ProgressUpdate.objects.filter(action__line__roadmap=roadmap):
        assert update.filed_by.country_id == update.country_id


def _shared_action() -> Action:
    return Action.objects.get(line__roadmap__slug=ROADMAP_SLUG, line__position=1, position=2)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_roadmap_is_public_with_each_countrys_progress(client, demo, language):
    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)
    listing = _text(_page(client, language, "roadmaps:list"))
    assert getattr(roadmap, f"title_{language}") in listing

    html = _page(client, language, "roadmaps:dashboard", roadmap.slug)
    page = _text(html)
    with translation.override(language):
        assert str(PROGRESS_RULE) in page
        no_report = gettext("no report yet")
        names = {c.iso_code: str(c.name) for c in Country.objects.all()}
    reporting = set(
        ProgressUpdate.objects.filter(action__line__roadmap=roadmap).values_list(
            "country__iso_code", flat=True
        )
    )
    for iso_code in reporting:
        assert names[iso_code] in page

    # The shared action: each country's own figure, side by side, and El Salvador's none.
    shared = _shared_action()
    assert set(shared.responsible_countries.values_list("iso_code", flat=True)) == {
        "MX",
        "GT",
        "HN",
        "SV",
    }
    figures = {"MX": 40, "GT": 10, "HN": 25}
    article = re.search(rf'<article[^>]*id="action-{shared.pk}".*?</article>', html, re.S)
    section = _text(article.group(0))
    assert str(getattr(shared, f"title_{language}")) in section
    for iso_code, percentage in figures.items():
        assert re.search(rf"{re.escape(names[iso_code])} {percentage}%", section), iso_code
    assert re.search(rf"{re.escape(names['SV'])} 0% {re.escape(no_report)}", section)
    # The action's figure is the mean of the four, the rule above says so: 75 / 4.
    assert "18.8%" in section or "18,8%" in section
    # The indicator, with its baseline and target.
    assert str(shared.indicators.get().name) in section


def test_an_action_has_no_report_yet(demo):
    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)
    silent = Action.objects.filter(line__roadmap=roadmap, updates__isnull=True)
    assert silent.exists()
    assert silent.filter(indicators__isnull=False).exists()


def test_a_demo_delegate_reports_progress_at_once(client, demo):
    guatemala = _demo_delegate("GT")
    action = Action.objects.get(line__roadmap__slug=ROADMAP_SLUG, line__position=1, position=1)
    client.force_login(guatemala)

    response = client.post(
        _url("es", "roadmaps:report", action.pk),
        {
            "date": timezone.localdate().isoformat(),
            "percentage": 35,
            "narrative": "Avance informado por Guatemala.",
        },
    )

    assert response.status_code == 302
    assert ProgressUpdate.objects.filter(
        action=action, country__iso_code="GT", narrative="Avance informado por Guatemala."
    ).exists()


# The roadmap progress report, and running the demo again.


def test_the_roadmap_report_is_asked_for_in_each_language_once(demo):
    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)
    reports = Report.objects.filter(source_id=roadmap.pk, kind=ReportKind.ROADMAP)
    assert sorted(reports.values_list("language", flat=True)) == LANGUAGES
    assert set(reports.values_list("state", flat=True)) <= {ReportState.QUEUED, ReportState.READY}
    rows = set(Report.objects.values_list("pk", flat=True))

    call_command("load_demo", stdout=StringIO())

    assert set(Report.objects.values_list("pk", flat=True)) == rows


def test_the_roadmap_report_renders_in_spanish(demo, read_pdf):
    from reports.services import report_render

    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)
    report = Report.objects.get(source_id=roadmap.pk, kind=ReportKind.ROADMAP, language="es")
    rendered = report_render(report_id=report.pk)
    assert rendered.state == ReportState.READY, rendered.error
    text = " ".join(read_pdf(rendered.file.read()))
    assert "Honduras" in text and "El Salvador" in text
    assert "Guatemala" in text and "México" in text


def test_a_second_load_changes_nothing(demo):
    counts = {
        model: model.objects.count()
        for model in (Declaration, Amendment, Roadmap, ProgressUpdate, Report, User)
    }
    assert demo_declaration_load() == 0
    assert demo_roadmap_load() == 0
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert re.search(r"\b0 rows created or changed", out.getvalue()), out.getvalue()
    assert {model: model.objects.count() for model in counts} == counts


def test_the_secretariat_moving_the_examples_is_respected(demo):
    from declarations.services import declaration_transition
    from roadmaps.services import roadmap_transition

    declaration = _negotiated()
    declaration_transition(declaration=declaration, to_status=DeclarationStatus.DRAFT, by=None)
    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)
    roadmap_transition(roadmap=roadmap, to_status=RoadmapStatus.CLOSED, by=None)

    call_command("load_demo", stdout=StringIO())

    assert _negotiated().status == DeclarationStatus.DRAFT
    assert Roadmap.objects.get(slug=ROADMAP_SLUG).status == RoadmapStatus.CLOSED


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_roadmap_pages_download_is_the_report_the_demo_asked_for(client, demo, language):
    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)
    asked = Report.objects.get(source_id=roadmap.pk, kind=ReportKind.ROADMAP, language=language)
    dashboard = _page(client, language, "roadmaps:dashboard", roadmap.slug)
    form = _url(language, "reports:request", "roadmap", roadmap.pk)
    assert f'action="{form}"' in dashboard

    response = client.post(form)

    assert response.status_code == 302
    assert str(asked.pk) in response["Location"]
    assert Report.objects.filter(source_id=roadmap.pk).count() == len(LANGUAGES)
