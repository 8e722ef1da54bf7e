"""Practices presented by an organization rather than a member country, and what every
practice now says: the other countries involved, partners, GCM guiding principles, a
gender perspective and the workshop sessions where it was presented."""

import csv
import datetime
import io
import json

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Organization, UserRole
from objectives.models import GcmGuidingPrinciple
from practices.models import PracticeStatus, TargetPopulation
from practices.services import practice_transition
from tests.factories import (
    PracticeCallFactory,
    PracticeFactory,
    UserFactory,
    WorkshopFactory,
    country,
)
from tests.logins import login
from workshops.models import AgendaSession

pytestmark = pytest.mark.django_db

PUBLISHED = PracticeStatus.PUBLISHED


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _organization(acronym):
    return Organization.objects.get(acronym_en=acronym)


def _principle(letter):
    return GcmGuidingPrinciple.objects.get(letter=letter)


def _population(code):
    return TargetPopulation.objects.get(code=code)


def _session(workshop, title, hour=9):
    return AgendaSession.objects.create(
        workshop=workshop,
        date=workshop.start_date,
        start_time=datetime.time(hour, 0),
        end_time=datetime.time(hour, 45),
        kind="panel",
        title_en=title,
        title_es=f"{title} (es)",
        title_fr=f"{title} (fr)",
    )


@pytest.fixture
def workshop():
    return WorkshopFactory(
        title_en="Workshop on the return of migrants",
        title_es="Taller sobre el retorno de migrantes",
        title_fr="Atelier sur le retour des migrants",
        slug="return-of-migrants",
    )


@pytest.fixture
def panel(workshop):
    return _session(workshop, "Panel on involuntary return")


@pytest.fixture
def iom_practice(panel):
    """A published practice IOM presents, with every new field filled in."""
    practice = PracticeFactory(
        country=None,
        organization=_organization("IOM"),
        title_en="Counselling for deported women",
        title_es="Orientación para mujeres deportadas",
        title_fr="Conseil aux femmes expulsées",
        gender_perspective=True,
        status=PUBLISHED,
    )
    practice.countries_involved.set([country("GT"), country("HN")])
    practice.partner_organizations.set([_organization("UNHCR")])
    practice.guiding_principles.set([_principle("g")])
    practice.target_populations.add(_population("involuntary-returnees"))
    practice.presented_in.set([panel])
    return practice


@pytest.fixture
def mexico_practice():
    return PracticeFactory(title_en="Somos Mexicanos reception", status=PUBLISHED)


# The practice's page


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Presented by",
                "IOM (Observer organization)",
                "Other countries involved",
                "Guatemala",
                "Honduras",
                "Partner organizations",
                "Office of the United Nations High Commissioner for Refugees (UNHCR)",
                "GCM guiding principles",
                "(g) Gender-responsive",
                '?gender=yes">Gender perspective</a>',
                "Presented at",
                "Panel on involuntary return</a>, Workshop on the return of migrants",
            ],
        ),
        (
            "es",
            [
                "Presentada por",
                "OIM (Organización observadora)",
                "Otros países involucrados",
                "Organizaciones asociadas",
                "Principios rectores del Pacto Mundial para la Migración",
                "(g) Perspectiva de género",
                '?gender=yes">Perspectiva de género</a>',
                "Presentada en",
                "Panel on involuntary return (es)</a>, Taller sobre el retorno de migrantes",
            ],
        ),
        (
            "fr",
            [
                "Présentée par",
                "OIM (Organisation observatrice)",
                "Autres pays concernés",
                "Organisations partenaires",
                "Principes directeurs du Pacte mondial sur les migrations",
                "(g) Prise en compte de la problématique femmes-hommes",
                '?gender=yes">Perspective de genre</a>',
                "Présentée lors de",
                "Panel on involuntary return (fr)</a>, Atelier sur le retour des migrants",
            ],
        ),
    ],
)
def test_an_organizations_practice_page_says_who_presents_it_and_where(
    client, iom_practice, panel, language, expected
):
    html = _page(client, f"/{language}/practices/{iom_practice.pk}/")

    for text in expected:
        assert text in html, text
    assert f'href="/{language}/practices/?principle=g"' in html
    assert f'href="/{language}/practices/?gender=yes"' in html
    assert f'href="/{language}/workshops/return-of-migrants/#session-{panel.pk}"' in html


def test_a_countrys_practice_page_names_the_country(client, mexico_practice):
    html = _page(client, f"/en/practices/{mexico_practice.pk}/")

    assert "Presented by" in html and "Mexico" in html
    assert "Gender perspective" not in html
    assert "Presented at" not in html
    assert "Other countries involved" not in html


def test_practice_page_queries_do_not_grow_with_its_links(client, iom_practice, workshop):
    url = f"/en/practices/{iom_practice.pk}/"
    one = _queries(client, url)
    iom_practice.countries_involved.add(country("SV"), country("CR"))
    iom_practice.partner_organizations.add(_organization("ILO"), _organization("UNICEF"))
    iom_practice.guiding_principles.add(_principle("a"), _principle("f"))
    other = WorkshopFactory()
    iom_practice.presented_in.add(_session(workshop, "Closing", 11), _session(other, "Opening"))

    assert _queries(client, url) == one


# The catalogue


def test_the_catalogue_cards_say_who_presents_each_practice(client, iom_practice, mexico_practice):
    html = _page(client, "/en/practices/")

    assert "Presented by IOM (Observer organization)" in html
    assert "Presented by Mexico" in html
    assert "Gender perspective" in html
    assert "Presented at:" in html and "Panel on involuntary return" in html


def test_the_spanish_catalogue_says_who_presents_each_practice(client, iom_practice):
    html = _page(client, "/es/practices/")

    assert "Presentada por OIM (Organización observadora)" in html
    assert '<span class="tag marker">Perspectiva de género</span>' in html


@pytest.mark.parametrize(
    ("query", "found", "absent"),
    [
        ("contributor=country", "Somos Mexicanos", "Counselling for deported"),
        ("contributor=international", "Counselling for deported", "Somos Mexicanos"),
        ("contributor=INTERNATIONAL", "Counselling for deported", "Somos Mexicanos"),
        ("gender=yes", "Counselling for deported", "Somos Mexicanos"),
        ("principle=g", "Counselling for deported", "Somos Mexicanos"),
        ("principle=G", "Counselling for deported", "Somos Mexicanos"),
        ("population=involuntary-returnees", "Counselling for deported", "Somos Mexicanos"),
    ],
)
def test_the_new_filters_narrow_the_catalogue(
    client, iom_practice, mexico_practice, query, found, absent
):
    html = _page(client, f"/en/practices/?{query}")

    assert "1 published practice" in html
    assert found in html and absent not in html


@pytest.mark.parametrize(
    "query", ["contributor=academia", "contributor=x", "gender=no", "principle=z", "principle=gg"]
)
def test_new_filters_with_values_nobody_offers_are_left_out(
    client, iom_practice, mexico_practice, query
):
    html = _page(client, f"/en/practices/?{query}")

    assert "Some filters are not valid" in html
    assert "2 published practices" in html


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Presented by", "Global Compact guiding principle", "Gender perspective"]),
        ("es", ["Presentada por", "Principio rector del Pacto Mundial", "Perspectiva de género"]),
        ("fr", ["Présentée par", "Principe directeur du Pacte mondial", "Perspective de genre"]),
    ],
)
def test_the_new_filters_are_labelled_in_each_language(client, iom_practice, language, labels):
    html = _page(client, f"/{language}/practices/")

    for label in labels:
        assert f">{label}</label>" in html, label
    assert 'value="international"' in html
    assert 'value="academia"' not in html  # nobody of that kind presents a practice
    assert "Involuntary returnees" in html or language != "en"


def test_the_catalogue_queries_do_not_grow_with_organizations_practices(client, iom_practice):
    one = _queries(client, "/en/practices/")
    for acronym in ("UNHCR", "ILO", "UNICEF"):
        practice = PracticeFactory(
            country=None, organization=_organization(acronym), status=PUBLISHED
        )
        practice.countries_involved.add(country("GT"))
        practice.guiding_principles.add(_principle("a"))
        practice.presented_in.add(*iom_practice.presented_in.all())

    assert _queries(client, "/en/practices/") == one


# Exports


def test_the_csv_export_has_the_contributor_columns(client, iom_practice, mexico_practice):
    response = client.get("/en/practices/export.csv")
    text = response.content.decode("utf-8")[1:]
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(text))}

    iom = rows["Counselling for deported women"]
    assert iom["contributor"] == "International Organization for Migration"
    assert iom["contributor_kind"] == "international"
    assert iom["country"] == "" and iom["country_code"] == ""
    assert "Guatemala" in iom["countries_involved"] and "Honduras" in iom["countries_involved"]
    assert "Refugees" in iom["partner_organizations"]
    assert iom["guiding_principles"] == "g"
    assert iom["gender_perspective"] == "True"
    mexico = rows["Somos Mexicanos reception"]
    assert mexico["contributor"] == "Mexico"
    assert mexico["contributor_kind"] == "country"
    assert mexico["country_code"] == "MX"
    assert mexico["gender_perspective"] == "False"


def test_the_json_export_has_the_contributor_keys(client, iom_practice):
    data = json.loads(client.get("/en/practices/export.json?contributor=international").content)

    [practice] = data["practices"]
    assert practice["contributor"] == "International Organization for Migration"
    assert practice["contributor_kind"] == "international"
    assert practice["country"] is None
    assert practice["countries_involved"] == ["Guatemala", "Honduras"]
    assert practice["guiding_principles"] == ["g"]
    assert practice["gender_perspective"] is True


# The Secretariat's review and the e-mails


def test_the_review_queue_lists_an_organizations_practice(client, secretariat):
    practice = PracticeFactory(
        country=None, organization=_organization("IOM"), status=PracticeStatus.SUBMITTED
    )
    login(client, secretariat)

    html = _page(client, reverse("practices:review_queue"))
    assert practice.title in html
    assert "IOM (Observer organization)" in html
    review = _page(client, reverse("practices:review", args=[practice.pk]))
    assert "IOM (Observer organization)" in review


def _publish(practice, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for status in (PracticeStatus.IN_REVIEW, PracticeStatus.ACCEPTED, PUBLISHED):
            practice_transition(practice=practice, to_status=status, by=secretariat)


def test_decisions_on_an_organizations_practice_reach_its_contributors(
    secretariat, celery_eager, django_capture_on_commit_callbacks
):
    iom = _organization("IOM")
    contributor = UserFactory(
        email="contributor@iom.example.org",
        organization=iom,
        role=UserRole.CONTRIBUTOR,
        language="fr",
    )
    UserFactory(email="other@unhcr.example.org", organization=_organization("UNHCR"),
                role=UserRole.CONTRIBUTOR)  # fmt: skip
    UserFactory(email="former@iom.example.org", organization=iom, role=UserRole.CONTRIBUTOR,
                is_active=False)  # fmt: skip
    practice = PracticeFactory(
        country=None,
        organization=iom,
        title_fr="Conseil aux femmes expulsées",
        status=PracticeStatus.SUBMITTED,
        created_by=secretariat,
    )

    _publish(practice, secretariat, django_capture_on_commit_callbacks)

    sent = [message for message in mail.outbox if message.to != [secretariat.email]]
    assert {tuple(message.to) for message in sent} == {(contributor.email,)}
    assert (
        "La pratique «\u00a0Conseil aux femmes expulsées\u00a0» est désormais publiée"
        in sent[-1].body
    )
    assert f"/fr/practices/mine/{practice.pk}/" in sent[-1].body


def test_an_organization_without_contributors_hears_nothing_and_nothing_fails(
    secretariat, celery_eager, django_capture_on_commit_callbacks
):
    practice = PracticeFactory(
        country=None, organization=_organization("SICA"), status=PracticeStatus.SUBMITTED
    )

    _publish(practice, secretariat, django_capture_on_commit_callbacks)

    practice.refresh_from_db()
    assert practice.status == PUBLISHED
    assert [message.to for message in mail.outbox if message.to != [secretariat.email]] == []


def test_the_secretariat_hears_which_organization_submitted(
    secretariat, celery_eager, django_capture_on_commit_callbacks
):
    practice = PracticeFactory(country=None, organization=_organization("IOM"))
    secretariat.language = "es"
    secretariat.save()

    with django_capture_on_commit_callbacks(execute=True):
        practice_transition(practice=practice, to_status=PracticeStatus.SUBMITTED, by=None)

    [message] = mail.outbox
    assert message.to == [secretariat.email]
    assert "OIM (Organización observadora)" in message.subject


def test_an_organizations_contributor_sees_its_unpublished_practice(client):
    iom = _organization("IOM")
    practice = PracticeFactory(country=None, organization=iom, status=PracticeStatus.SUBMITTED)
    url = f"/en/practices/{practice.pk}/"
    outsider = UserFactory(email="nobody@example.org")
    other = UserFactory(organization=_organization("UNHCR"), role=UserRole.CONTRIBUTOR)
    contributor = UserFactory(organization=iom, role=UserRole.CONTRIBUTOR)

    assert client.get(url).status_code == 404
    for user, status in ((outsider, 404), (other, 404), (contributor, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    page = _page(client, f"/es/practices/{practice.pk}/")
    assert (
        "Solo quienes contribuyen en nombre de esta organización y la Secretaría pueden ver "
        "esta página." in page
    )


# The workshop's agenda


def test_the_agenda_lists_the_practices_presented_in_each_session(
    client, workshop, panel, iom_practice, mexico_practice
):
    other = _session(workshop, "Closing session", 11)
    mexico_practice.presented_in.add(other)
    PracticeFactory(title_en="A draft presented too", status=PracticeStatus.DRAFT).presented_in.add(
        panel
    )

    html = _page(client, f"/en/workshops/{workshop.slug}/")

    panel_item = html[
        html.index(f'id="session-{panel.pk}"') : html.index(f'id="session-{other.pk}"')
    ]
    assert "Practices presented:" in panel_item
    assert f'href="/en/practices/{iom_practice.pk}/"' in panel_item
    assert "IOM (Observer organization)" in panel_item
    assert "Somos Mexicanos" not in panel_item
    closing = html[html.index(f'id="session-{other.pk}"') :]
    assert f'href="/en/practices/{mexico_practice.pk}/"' in closing
    assert "A draft presented too" not in html


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Practices presented:"), ("es", "Prácticas presentadas:"),
     ("fr", "Pratiques présentées\u00a0:")],
)  # fmt: skip
def test_the_agenda_label_is_translated(client, workshop, iom_practice, language, label):
    assert label in _page(client, f"/{language}/workshops/{workshop.slug}/")


def test_workshop_page_queries_do_not_grow_with_practices_presented(
    client, workshop, panel, iom_practice
):
    url = f"/en/workshops/{workshop.slug}/"
    one = _queries(client, url)
    for hour, code in ((10, "GT"), (11, "HN"), (12, "SV")):
        session = _session(workshop, f"Session at {hour}", hour)
        for _number in range(2):
            PracticeFactory(status=PUBLISHED, country=country(code)).presented_in.add(
                session, panel
            )

    assert _queries(client, url) == one


# The compiled report


def _compile_call(client, call, django_capture_on_commit_callbacks, read_pdf, language):
    from reports.models import Report

    url = f"/{language}/reports/compile/initiatives/"
    assert reverse("reports:compile_initiatives").replace("/en/", f"/{language}/") == url
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"call": call.pk})
    assert response.status_code == 302
    report = Report.objects.latest("pk")
    assert report.file, report.error
    return read_pdf(report.file.read())


@pytest.fixture
def return_call(workshop, panel):
    call = PracticeCallFactory(workshop=workshop, title_en="Call on the return of migrants")
    published = timezone.now() - datetime.timedelta(days=2)

    def practice(title, code=None, organization=None, gender=False, involuntary=False):
        item = PracticeFactory(
            call=call,
            title_en=title,
            country=country(code) if code else None,
            organization=_organization(organization) if organization else None,
            gender_perspective=gender,
            status=PUBLISHED,
            published_at=published,
        )
        if involuntary:
            item.target_populations.add(_population("involuntary-returnees"))
        return item

    practice("Alpha border reception", "CR")
    practice("Beta deportee counselling for women", "SV", gender=True, involuntary=True)
    practice("Gamma gender training", "GT", gender=True)
    practice("Delta return flights", "HN", involuntary=True)
    iom = practice("Epsilon shelters for deported women", organization="IOM", gender=True,
                   involuntary=True)  # fmt: skip
    iom.countries_involved.add(country("GT"))
    iom.presented_in.add(panel)
    return call


@pytest.mark.parametrize(
    ("language", "emphasis", "others", "presented_by", "organizations"),
    [
        ("en", "Initiatives on involuntary return and with a gender perspective",
         "Other initiatives", "Presented by IOM (Observer organization)", "1 organization"),
        ("es", "Iniciativas sobre el retorno involuntario y con perspectiva de género",
         "Otras iniciativas", "Presentada por OIM (Organización observadora)", "1 organización"),
        ("fr", "Initiatives sur le retour involontaire et intégrant une perspective de genre",
         "Autres initiatives", "Présentée par OIM (Organisation observatrice)", "1 organisation"),
    ],
)  # fmt: skip
def test_a_calls_compilation_puts_involuntary_return_with_a_gender_perspective_first(
    client,
    return_call,
    celery_eager,
    django_capture_on_commit_callbacks,
    read_pdf,
    language,
    emphasis,
    others,
    presented_by,
    organizations,
):
    pages = _compile_call(
        client, return_call, django_capture_on_commit_callbacks, read_pdf, language
    )
    text = " ".join(pages)
    body = " ".join(pages[2:])

    assert organizations in pages[0]
    order = [
        emphasis,
        "Beta deportee counselling for women",
        "Epsilon shelters for deported women",
        others,
        # Then by contributor: Costa Rica, Guatemala, Honduras.
        "Alpha border reception",
        "Gamma gender training",
        "Delta return flights",
    ]
    positions = [body.index(item) for item in order]
    assert positions == sorted(positions)
    assert emphasis in pages[1] and others in pages[1]  # in the contents too
    assert presented_by in text
    assert "Panel on involuntary return" in text


def test_a_catalogue_compilation_says_which_contributors_it_selects(
    client, iom_practice, mexico_practice, celery_eager, django_capture_on_commit_callbacks,
    read_pdf,
):  # fmt: skip
    from reports.models import Report

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fr/reports/compile/initiatives/",
            {"contributor": "international", "gender": "yes", "principle": "g"},
        )
    assert response.status_code == 302
    report = Report.objects.latest("pk")
    pages = read_pdf(report.file.read())
    cover = pages[0]

    assert "Présentée par : Organisation observatrice" in cover
    assert "Avec une perspective de genre" in cover
    assert "Principe directeur du Pacte mondial (g)" in cover
    text = " ".join(pages)
    assert "Conseil aux femmes expulsées" in text
    assert "Le présent document les rassemble par pays ou par organisation." in text
    assert "Somos Mexicanos" not in text
    assert report.source.filters == {"contributor": "international", "gender": "yes",
                                     "principle": "g"}  # fmt: skip


# The administration


def _admin_data(client, url, **changes):
    """The change form's own values, with the inlines empty and `changes` applied."""
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    for name in ("target_populations", "themes"):
        data[name] = [item.pk for item in form.initial.get(name) or []]
    for prefix in ("attachments", "status_changes"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def test_the_admin_refuses_a_country_and_an_organization_with_a_form_error(
    client, secretariat, mexico_practice
):
    login(client, secretariat)
    url = reverse("admin:practices_practice_change", args=[mexico_practice.pk])

    response = client.post(url, _admin_data(client, url, organization=_organization("IOM").pk))

    assert response.status_code == 200
    assert "A practice is presented by one member country or by one organization." in (
        response.content.decode()
    )
    mexico_practice.refresh_from_db()
    assert mexico_practice.organization is None


def test_the_admin_refuses_a_practice_nobody_presents_with_a_form_error(
    client, secretariat, mexico_practice
):
    login(client, secretariat)
    url = reverse("admin:practices_practice_change", args=[mexico_practice.pk])

    response = client.post(url, _admin_data(client, url, country=""))

    assert response.status_code == 200
    assert "A practice is presented by one member country or by one organization." in (
        response.content.decode()
    )


def test_the_admin_gives_a_practice_to_an_organization_with_its_links(
    client, secretariat, mexico_practice, workshop, panel
):
    call = PracticeCallFactory(workshop=workshop)
    mexico_practice.call = call
    mexico_practice.save()
    elsewhere = _session(WorkshopFactory(title_en="Another workshop"), "Unrelated session")
    login(client, secretariat)
    url = reverse("admin:practices_practice_change", args=[mexico_practice.pk])
    page = client.get(url).content.decode()
    # Only the sessions of the workshop whose call the practice answers are offered.
    assert "Workshop on the return of migrants · " in page and "Panel on involuntary return" in page
    assert "Unrelated session" not in page

    data = _admin_data(
        client,
        url,
        country="",
        organization=_organization("IOM").pk,
        countries_involved=[country("MX").pk, country("GT").pk],
        partner_organizations=[_organization("UNHCR").pk],
        guiding_principles=[_principle("g").pk],
        gender_perspective="on",
        presented_in=[panel.pk],
    )
    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    mexico_practice.refresh_from_db()
    assert mexico_practice.country is None
    assert mexico_practice.organization == _organization("IOM")
    assert set(mexico_practice.countries_involved.values_list("iso_code", flat=True)) == {
        "MX",
        "GT",
    }
    assert mexico_practice.gender_perspective
    assert list(mexico_practice.presented_in.all()) == [panel]
    assert elsewhere not in mexico_practice.presented_in.all()


@pytest.mark.parametrize(
    ("query", "found", "absent"),
    [
        ("contributor=international", "Counselling for deported", "Somos Mexicanos"),
        ("contributor=country", "Somos Mexicanos", "Counselling for deported"),
        ("gender_perspective__exact=1", "Counselling for deported", "Somos Mexicanos"),
        ("q=IOM", "Counselling for deported", "Somos Mexicanos"),
        ("q=Migraciones", "Counselling for deported", "Somos Mexicanos"),
    ],
)
def test_the_admin_list_filters_and_searches_by_contributor(
    client, secretariat, iom_practice, mexico_practice, query, found, absent
):
    login(client, secretariat)

    html = _page(client, reverse("admin:practices_practice_changelist") + "?" + query)

    assert found in html and absent not in html


def test_the_admin_list_filters_by_guiding_principle_and_example(
    client, secretariat, iom_practice, mexico_practice
):
    login(client, secretariat)
    url = reverse("admin:practices_practice_changelist")
    principle = _principle("g")

    by_principle = _page(client, f"{url}?guiding_principles__id__exact={principle.pk}")
    examples = _page(client, f"{url}?is_example__exact=1")

    assert "Counselling for deported" in by_principle and "Somos Mexicanos" not in by_principle
    assert "Counselling for deported" not in examples
    assert "IOM (Observer organization)" in _page(client, url)


# The delegate's form


def _delegate_data(**overrides):
    from tests.practices.test_delegate import _complete

    new_fields = {
        "countries_involved": [country("GT").pk, country("HN").pk],
        "partner_organizations": [_organization("IOM").pk],
        "guiding_principles": [_principle("g").pk, _principle("a").pk],
        "gender_perspective": "on",
    }
    return _complete(**{**new_fields, **overrides})


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Other countries involved", "Partner organizations", "GCM guiding principles",
                "Incorporates a gender perspective"]),
        ("es", ["Otros países involucrados", "Organizaciones asociadas",
                "Principios rectores del Pacto Mundial para la Migración",
                "Incorpora la perspectiva de género"]),
        ("fr", ["Autres pays concernés", "Organisations partenaires",
                "Principes directeurs du Pacte mondial sur les migrations",
                "Intègre une perspective de genre"]),
    ],
)  # fmt: skip
def test_the_delegate_form_asks_for_the_new_fields(client, delegate_mx, language, labels):
    client.force_login(delegate_mx)

    page = _page(client, f"/{language}/practices/mine/new/")

    for label in labels:
        assert label in page, label
    involved = page[page.index('id="field-countries_involved"') :]
    involved = involved[: involved.index("</fieldset>")]
    assert "Guatemala" in involved and "México" not in involved and "Mexico" not in involved


def test_a_delegate_submits_a_practice_with_the_new_fields(
    client, delegate_mx, django_capture_on_commit_callbacks
):
    from tests.practices.test_delegate import _form_key

    client.force_login(delegate_mx)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("practices:create"),
            {"form_key": _form_key(client), **_delegate_data(action="submit")},
        )

    assert response.status_code == 302
    practice = delegate_mx.country.practices.get()
    assert practice.status == PracticeStatus.SUBMITTED
    assert practice.country == country("MX") and practice.organization is None
    assert set(practice.countries_involved.values_list("iso_code", flat=True)) == {"GT", "HN"}
    assert list(practice.partner_organizations.all()) == [_organization("IOM")]
    assert set(practice.guiding_principles.values_list("letter", flat=True)) == {"a", "g"}
    assert practice.gender_perspective
    page = _page(client, reverse("practices:mine_detail", args=[practice.pk]))
    assert "Guatemala, Honduras" in page
    assert "International Organization for Migration (IOM)" in page


def test_a_draft_keeps_an_unknown_partner_as_typed(client, delegate_mx):
    from tests.practices.test_delegate import _form_key

    client.force_login(delegate_mx)
    data = _delegate_data(partner_organizations=["999999"], guiding_principles=["x"])

    response = client.post(reverse("practices:create"), {"form_key": _form_key(client), **data})

    assert response.status_code == 200
    practice = delegate_mx.country.practices.get()
    assert practice.draft_values == {
        "partner_organizations": ["999999"],
        "guiding_principles": ["x"],
    }
    assert practice.gender_perspective
    assert practice.countries_involved.count() == 2
    page = _page(client, reverse("practices:edit", args=[practice.pk]))
    assert "Select a valid choice. 999999 is not one of the available choices." in page
    assert "“x” is not a valid value." in page


# A contributor account acts for its organization


@pytest.fixture
def iom_contributor():
    return UserFactory(
        email="focal.point@iom.example.org",
        full_name="Ines Contributor",
        organization=_organization("IOM"),
        role=UserRole.CONTRIBUTOR,
    )


@pytest.mark.parametrize(
    ("language", "menu", "heading"),
    [
        ("en", "My organization's practices",
         "Practices of International Organization for Migration (IOM)"),
        ("es", "Prácticas de mi organización",
         "Prácticas de Organización Internacional para las Migraciones (OIM)"),
        ("fr", "Pratiques de mon organisation",
         "Pratiques de l’organisation Organisation internationale pour les migrations (OIM)"),
    ],
)  # fmt: skip
def test_a_contributor_has_its_organizations_practices(
    client, iom_contributor, language, menu, heading
):
    mine = PracticeFactory(country=None, organization=_organization("IOM"), title_en="IOM draft")
    PracticeFactory(country=None, organization=_organization("UNHCR"), title_en="UNHCR draft")
    PracticeFactory(title_en="Mexican draft")
    client.force_login(iom_contributor)

    page = _page(client, f"/{language}/practices/mine/")

    assert menu in page and heading in page
    assert f'href="/{language}/practices/mine/{mine.pk}/"' in page
    assert "UNHCR draft" not in page and "Mexican draft" not in page


def test_a_contributor_submits_a_practice_for_its_organization(
    client, iom_contributor, secretariat, celery_eager, django_capture_on_commit_callbacks
):
    from tests.practices.test_delegate import _form_key

    client.force_login(iom_contributor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("practices:create"),
            {"form_key": _form_key(client), **_delegate_data(action="submit")},
        )

    assert response.status_code == 302
    practice = _organization("IOM").practices.get()
    assert practice.country is None
    assert practice.status == PracticeStatus.SUBMITTED
    assert practice.created_by == iom_contributor
    assert practice.gender_perspective
    [message] = mail.outbox
    assert message.to == [secretariat.email]
    assert "New practice submitted by IOM (Observer organization)" in message.subject
    detail = _page(client, reverse("practices:mine_detail", args=[practice.pk]))
    assert "Practices of International Organization for Migration (IOM)" in detail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("practices:withdraw", args=[practice.pk]), {"comment": ""})
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.WITHDRAWN


def test_contributors_and_delegates_never_reach_each_others_practices(
    client, iom_contributor, delegate_mx
):
    iom = PracticeFactory(country=None, organization=_organization("IOM"))
    unhcr = PracticeFactory(country=None, organization=_organization("UNHCR"))
    mexico = PracticeFactory(country=country("MX"))

    client.force_login(iom_contributor)
    assert client.get(reverse("practices:mine_detail", args=[iom.pk])).status_code == 200
    assert client.get(reverse("practices:edit", args=[iom.pk])).status_code == 200
    for other in (unhcr, mexico):
        assert client.get(reverse("practices:mine_detail", args=[other.pk])).status_code == 404
        assert client.get(reverse("practices:edit", args=[other.pk])).status_code == 404
    client.force_login(delegate_mx)
    assert client.get(reverse("practices:mine_detail", args=[iom.pk])).status_code == 404
    assert client.get(reverse("practices:edit", args=[iom.pk])).status_code == 404
    assert client.get(f"/en/practices/{iom.pk}/").status_code == 404


def test_a_contributor_with_a_country_acts_for_its_organization(client):
    # Invitations give every account a country; a contributor still acts for its organization.
    contributor = UserFactory(
        organization=_organization("IOM"), role=UserRole.CONTRIBUTOR, country=country("GT")
    )
    client.force_login(contributor)

    page = _page(client, reverse("practices:mine"))

    assert "Practices of International Organization for Migration (IOM)" in page
    assert "My country's practices" not in page


@pytest.mark.parametrize(
    "user_kwargs",
    [{}, {"organization": "IOM"}, {"role": UserRole.CONTRIBUTOR}],
    ids=["nobody", "organization-without-role", "contributor-without-organization"],
)
def test_people_acting_for_no_one_cannot_write_practices(client, user_kwargs):
    if "organization" in user_kwargs:
        user_kwargs = {**user_kwargs, "organization": _organization(user_kwargs["organization"])}
    client.force_login(UserFactory(**user_kwargs))

    assert client.get(reverse("practices:mine")).status_code == 403
    assert client.get(reverse("practices:create")).status_code == 403


@pytest.mark.parametrize("count", [1, 12])
def test_a_contributors_list_makes_the_same_queries_for_few_and_many(
    client, iom_contributor, django_assert_num_queries, count
):
    from tests.practices.test_review import MINE_QUERIES

    for _ in range(count):
        PracticeFactory(country=None, organization=_organization("IOM"), created_by=iom_contributor)
    client.force_login(iom_contributor)
    client.get(reverse("practices:mine"))

    with django_assert_num_queries(MINE_QUERIES):
        response = client.get(reverse("practices:mine"))

    assert response.content.decode().count('<td class="status">') == count


def test_the_home_page_says_who_presents_the_latest_practices(client, iom_practice):
    html = _page(client, "/fr/")

    assert "Présentée par OIM (Organisation observatrice)" in html
    assert "Conseil aux femmes expulsées" in html
