"""The example layer's data files (demo/data/examples/*.toml): they parse, every code they
use exists, and together they cover what the demo must show (published practices from most
member countries and from several kinds of organization, every theme and target population,
answers to the "Return of Migrants" call, one practice in each unpublished status, held
workshops with assessments, participants, agendas and outcome documents)."""

import csv
import datetime
import importlib
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from demo.seeds import workshop_seeds
from members.models import OrganizationKind
from practices.models import PracticeStatus
from workshops.models import (
    DocumentKind,
    Modality,
    ParticipantRole,
    SessionKind,
    WorkshopStatus,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "demo" / "data" / "examples"

MEMBERS = importlib.import_module("members.migrations.0002_reference_data")
PRACTICE_CODES = importlib.import_module("practices.migrations.0002_reference_data")
BODIES = importlib.import_module("workshops.migrations.0002_rcm_bodies")

# Codes the model gains with the example layer, beside those of the data migrations.
NEW_THEMES = {
    "missing-migrants",
    "skills-recognition",
    "social-economy",
    "health-emergencies",
    "gender",
}
NEW_TARGET_POPULATIONS = {"involuntary-returnees"}

THEMES = {row[0] for row in PRACTICE_CODES.THEMES} | NEW_THEMES
TARGET_POPULATIONS = {row[0] for row in PRACTICE_CODES.TARGET_POPULATIONS} | NEW_TARGET_POPULATIONS
COUNTRIES = {row[0] for row in MEMBERS.COUNTRIES}
MEMBER_COUNTRIES = {row[0] for row in MEMBERS.COUNTRIES if row[1] == "member"}
REFERENCE_ORGANIZATIONS = {row[1][0]: row[0] for row in MEMBERS.ORGANIZATIONS if row[1][0]}
BODY_CODES = {row[0] for row in BODIES.BODIES}
with open(ROOT / "objectives" / "data" / "gcm_objectives.csv", encoding="utf-8") as handle:
    GCM_OBJECTIVES = {int(row["number"]) for row in csv.DictReader(handle)}
with open(ROOT / "objectives" / "data" / "gcm_guiding_principles.csv", encoding="utf-8") as handle:
    GUIDING_PRINCIPLES = {row["letter"] for row in csv.DictReader(handle)}

CALL_WORKSHOP = "return-of-migrants-challenges-and-opportunities"
UNPUBLISHED = set(PracticeStatus.values) - {PracticeStatus.PUBLISHED}
BODY_SECTIONS = ("problem", "approach", "results", "lessons_learned")
HELD = {WorkshopStatus.HELD, WorkshopStatus.REPORTED}
EXAMPLE_MARK = {
    "en": "Example document.",
    "es": "Documento de ejemplo.",
    "fr": "Document d’exemple.",
}


def load(name):
    with open(EXAMPLES / name, "rb") as handle:
        return tomllib.load(handle)


def words(text):
    return len(text.split())


def french_typography_faults(text):
    """Punctuation that French sets after a non-breaking space, set without one."""
    return re.findall(r".{0,20}(?:[^\u00a0\u202f\d/][:;?!»]|«[^\u00a0\u202f]).{0,20}", text)


SEEDS = {seed.layout.slug: seed for seed in workshop_seeds()}
LINKS = load("gcm_links.toml")["link"]
ORGANIZATIONS = load("organizations.toml")["organization"]
PRACTICES = load("practices.toml")["practice"]
WORKSHOPS = load("workshops.toml")["workshop"]
ORGANIZATION_KINDS = {
    **REFERENCE_ORGANIZATIONS,
    **{organization["key"]: organization["kind"] for organization in ORGANIZATIONS},
}
PUBLISHED = [practice for practice in PRACTICES if practice["status"] == "published"]


def seed_objectives():
    for slug, seed in SEEDS.items():
        yield slug, "general", 1
        for number in range(1, len(seed.specific_objectives) + 1):
            yield slug, "specific", number


def test_readme_describes_every_file():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for name in ("gcm_links.toml", "organizations.toml", "practices.toml", "workshops.toml"):
        assert name in readme
    assert "illustrative" in readme.lower()


# ---------------------------------------------------------------- GCM links


def test_every_seed_objective_has_a_gcm_link():
    linked = {(link["workshop"], link["kind"], link["number"]) for link in LINKS}
    objectives = set(seed_objectives())
    assert len(objectives) == 25
    assert objectives - linked == set()
    assert linked - objectives == set()


def test_gcm_links_are_valid_and_unique():
    pairs = Counter((link["workshop"], link["kind"], link["number"], link["gcm"]) for link in LINKS)
    assert [pair for pair, count in pairs.items() if count > 1] == []
    for link in LINKS:
        assert link["gcm"] in GCM_OBJECTIVES
        assert 10 < len(link["reason"]) < 160


# ---------------------------------------------------------------- organizations


def test_example_organizations():
    keys = [organization["key"] for organization in ORGANIZATIONS]
    assert len(keys) == len(set(keys))
    assert set(keys).isdisjoint(REFERENCE_ORGANIZATIONS)
    for organization in ORGANIZATIONS:
        assert organization["kind"] in {"academia", "civil_society", "national"}
        assert all(organization[f"name_{lang}"] for lang in ("en", "es", "fr"))
        if organization["kind"] == "national":
            assert organization["country"] in MEMBER_COUNTRIES
        if "country" in organization:
            assert organization["country"] in COUNTRIES
    assert {organization["kind"] for organization in ORGANIZATIONS} == {
        "academia",
        "civil_society",
        "national",
    }


# ---------------------------------------------------------------- practices


def session_dates():
    """Each agenda session's key, with its date and whether its workshop has been held."""
    return {
        session["key"]: (session["date"], workshop["status"] in HELD)
        for workshop in WORKSHOPS
        for session in workshop.get("sessions", [])
    }


@pytest.mark.parametrize("practice", PRACTICES, ids=lambda practice: practice["key"])
def test_practice_fields(practice):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", practice["key"])
    assert practice["status"] in PracticeStatus.values
    assert ("review_comment" in practice) == (
        practice["status"] in {"changes_requested", "rejected"}
    )
    assert practice["language"] in {"en", "es", "fr"}
    assert ("country" in practice) != ("organization" in practice)
    if "country" in practice:
        assert practice["country"] in MEMBER_COUNTRIES
    else:
        assert practice["organization"] in ORGANIZATION_KINDS
    assert set(practice.get("countries_involved", [])) <= COUNTRIES
    assert practice.get("country") not in practice.get("countries_involved", [])
    assert set(practice.get("partner_organizations", [])) <= set(ORGANIZATION_KINDS)
    assert practice["implementing_organization"]
    for field in ("title_en", "title_es", "summary_en", "summary_es"):
        assert practice[field].strip()
    if practice["language"] == "fr":
        assert practice["title_fr"] and practice["summary_fr"]
    for field in ("summary_en", "summary_es", "summary_fr"):
        if field in practice:
            assert 2 <= practice[field].count(". ") + 1 <= 3, field
    for section in BODY_SECTIONS:
        assert 60 <= words(practice[section]) <= 180, section
    assert practice["target_populations"] and set(practice["target_populations"]) <= (
        TARGET_POPULATIONS
    )
    assert practice["themes"] and set(practice["themes"]) <= THEMES
    assert practice["gcm_objectives"] and set(practice["gcm_objectives"]) <= GCM_OBJECTIVES
    assert practice["guiding_principles"] and set(practice["guiding_principles"]) <= (
        GUIDING_PRINCIPLES
    )
    assert isinstance(practice["gender_perspective"], bool)
    assert isinstance(practice["call"], bool)
    # Only an unpublished practice may lack its period (the Secretariat may ask for it).
    assert "period_start" in practice or practice["status"] != "published"
    start = datetime.date.fromisoformat(practice.get("period_start", "2000-01-01"))
    if "period_end" in practice:
        assert start <= datetime.date.fromisoformat(practice["period_end"])
    if "presented_in" in practice:
        date, held = session_dates()[practice["presented_in"]]
        assert held and practice["status"] == "published"
        assert start <= datetime.date.fromisoformat(date)
    assert practice["contact_name"]
    assert practice["contact_email"].endswith("@example.org")


def test_practice_keys_are_unique():
    keys = Counter(practice["key"] for practice in PRACTICES)
    assert [key for key, count in keys.items() if count > 1] == []
    assert len(PRACTICES) >= 36


def test_published_practices_come_from_most_member_countries():
    by_country = [practice for practice in PUBLISHED if "country" in practice]
    assert len(by_country) >= 30
    assert len({practice["country"] for practice in by_country}) >= 8


def test_published_practices_come_from_three_kinds_of_organization():
    by_organization = [practice for practice in PUBLISHED if "organization" in practice]
    assert len(by_organization) >= 4
    kinds = {ORGANIZATION_KINDS[practice["organization"]] for practice in by_organization}
    assert {
        OrganizationKind.INTERNATIONAL,
        OrganizationKind.CIVIL_SOCIETY,
        OrganizationKind.ACADEMIA,
    } <= kinds


def test_every_theme_and_target_population_has_a_published_practice():
    themes = {code for practice in PUBLISHED for code in practice["themes"]}
    populations = {code for practice in PUBLISHED for code in practice["target_populations"]}
    assert THEMES - themes == set()
    assert TARGET_POPULATIONS - populations == set()


def test_published_answers_to_the_return_call():
    answers = [practice for practice in PUBLISHED if practice["call"]]
    involuntary = [p for p in answers if "involuntary-returnees" in p["target_populations"]]
    gender = [p for p in answers if p["gender_perspective"]]
    assert len(answers) >= 14
    assert len(involuntary) >= 3
    assert len(gender) >= 3
    assert len([p for p in involuntary if p["gender_perspective"]]) >= 2


def test_one_practice_in_each_unpublished_status_from_demo_delegates_countries():
    unpublished = [practice for practice in PRACTICES if practice["status"] != "published"]
    assert Counter(practice["status"] for practice in unpublished) == dict.fromkeys(UNPUBLISHED, 1)
    assert {practice.get("country") for practice in unpublished} == {"MX", "GT"}


def test_practices_are_written_in_several_languages():
    languages = Counter(practice["language"] for practice in PRACTICES)
    assert languages["es"] > len(PRACTICES) / 2
    assert languages["en"] >= 2
    assert languages["fr"] >= 2


# ---------------------------------------------------------------- workshops


def test_workshops_are_the_seed_workshops():
    assert [workshop["slug"] for workshop in WORKSHOPS] == list(SEEDS)


@pytest.mark.parametrize("workshop", WORKSHOPS, ids=lambda workshop: workshop["slug"])
def test_workshop_facts(workshop):
    assert workshop["status"] in WorkshopStatus.values
    start = datetime.date.fromisoformat(workshop["start_date"])
    end = datetime.date.fromisoformat(workshop["end_date"])
    assert start <= end
    assert workshop["host_country"] in MEMBER_COUNTRIES
    assert workshop["modality"] in Modality.values
    assert workshop["venue"]
    assert workshop["body"] in BODY_CODES
    if workshop["status"] in HELD:
        assert 2021 <= start.year <= 2025
    else:
        assert start.year == 2027
    names = [participant["name"] for participant in workshop.get("participants", [])]
    assert len(names) == len(set(names))
    for participant in workshop.get("participants", []):
        assert participant["role"] in ParticipantRole.values
        assert "country" not in participant or "organization" not in participant
        if participant["role"] == ParticipantRole.SECRETARIAT:
            assert "country" not in participant and "organization" not in participant
        else:
            assert participant.get("country") in COUNTRIES or (
                participant.get("organization") in ORGANIZATION_KINDS
            )
        assert isinstance(participant["attended"], bool)
        assert isinstance(participant["listed"], bool)
        if workshop["status"] not in HELD:
            assert participant["attended"] is False
    for session in workshop.get("sessions", []):
        assert session["kind"] in SessionKind.values
        assert start <= datetime.date.fromisoformat(session["date"]) <= end
        assert session["start"] < session["end"]
        assert all(session[f"title_{lang}"] for lang in ("en", "es", "fr"))
        assert session["speakers"] and set(session["speakers"]) <= set(names)


@pytest.mark.parametrize(
    "workshop",
    [workshop for workshop in WORKSHOPS if workshop["status"] in HELD],
    ids=lambda workshop: workshop["slug"],
)
def test_held_workshop_assessment_and_participation(workshop):
    objectives = {
        (kind, number) for slug, kind, number in seed_objectives() if slug == workshop["slug"]
    }
    assessed = [(row["kind"], row["number"]) for row in workshop["assessment"]]
    assert sorted(assessed) == sorted(objectives)
    for row in workshop["assessment"]:
        assert row["result"] in {"achieved", "partly", "not_achieved"}
        assert all(row[f"note_{lang}"] for lang in ("en", "es", "fr"))
    participants = workshop["participants"]
    assert 12 <= len(participants) <= 25
    assert len({p["country"] for p in participants if "country" in p}) >= 5
    assert any(p["listed"] for p in participants)
    assert any(not p["attended"] for p in participants)


def test_status_mix():
    statuses = {workshop["slug"]: workshop["status"] for workshop in WORKSHOPS}
    assert statuses[CALL_WORKSHOP] == WorkshopStatus.SCHEDULED
    assert CALL_WORKSHOP in [w["slug"] for w in WORKSHOPS if w["start_date"].startswith("2027-03")]
    upcoming = [slug for slug, status in statuses.items() if status not in HELD]
    assert len(upcoming) == 2
    assert len([s for s in statuses.values() if s == WorkshopStatus.REPORTED]) >= 4


def test_agendas():
    with_sessions = [workshop for workshop in WORKSHOPS if workshop.get("sessions")]
    assert CALL_WORKSHOP in {workshop["slug"] for workshop in with_sessions}
    assert len([w for w in with_sessions if w["status"] in HELD]) >= 2
    keys = Counter(s["key"] for w in with_sessions for s in w["sessions"])
    assert [key for key, count in keys.items() if count > 1] == []
    presented = {practice.get("presented_in") for practice in PRACTICES} - {None}
    assert "reintegration-initiatives" in presented


def test_outcome_documents():
    documents = [
        (workshop, document) for workshop in WORKSHOPS for document in workshop.get("documents", [])
    ]
    assert len(documents) >= 6
    for workshop, document in documents:
        assert workshop["status"] in HELD
        assert document["kind"] in DocumentKind.values
        assert all(document[f"title_{lang}"] for lang in ("en", "es", "fr"))
        assert document["languages"]
        for lang in ("en", "es", "fr"):
            body = document.get(f"body_{lang}")
            assert (body is not None) == (lang in document["languages"])
            if body:
                assert 120 <= words(body) <= 300, (document["title_en"], lang)
                assert body.strip().startswith(EXAMPLE_MARK[lang])
    language_sets = [tuple(document["languages"]) for _, document in documents]
    assert ("es",) in language_sets
    assert ("en", "es", "fr") in language_sets
    assert {lang for languages in language_sets for lang in languages} == {"en", "es", "fr"}


# ---------------------------------------------------------------- French


def french_texts():
    for practice in PRACTICES:
        yield from (practice[key] for key in practice if key.endswith("_fr"))
        if practice["language"] == "fr":
            yield from (practice[section] for section in BODY_SECTIONS)
            yield practice["implementing_organization"]
    for organization in ORGANIZATIONS:
        yield organization["name_fr"]
    for workshop in WORKSHOPS:
        for table in ("assessment", "sessions", "documents"):
            for row in workshop.get(table, []):
                yield from (row[key] for key in row if key.endswith("_fr"))


def test_french_typography():
    faults = [fault for text in french_texts() for fault in french_typography_faults(text)]
    assert faults == []
    assert not [text for text in french_texts() if "'" in text]
