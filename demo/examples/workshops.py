"""Example facts of the source workshops: when and where they took place, who convened
them, their status (moved through the workshops' own workflow, each step recorded), the
assessment of their objectives, participants, agenda and outcome documents."""

from django.core.files.base import ContentFile

from demo.rows import demo_row_upsert
from demo.seeds import RETURN_OF_MIGRANTS
from objectives.models import Objective
from workshops.models import (
    AgendaSession,
    Attendance,
    OutcomeDocument,
    Participant,
    RcmBody,
    Workshop,
    WorkshopStatus,
)
from workshops.selectors import TOOK_PLACE
from workshops.services import workshop_transition

from .data import (
    LANGUAGES,
    ExampleDataError,
    as_date,
    as_time,
    country_of,
    example_rows,
    organization_of,
    translated,
)
from .documents import example_document_pdf
from .people import demo_secretariat_user

# The workshop whose call for initiatives the example practices answer.
CALL_WORKSHOP = RETURN_OF_MIGRANTS.slug

# The workflow's road to each status; a cancelled workshop is cancelled from "approved".
ROADS = {
    WorkshopStatus.PROPOSED: (),
    WorkshopStatus.APPROVED: (WorkshopStatus.APPROVED,),
    WorkshopStatus.SCHEDULED: (WorkshopStatus.APPROVED, WorkshopStatus.SCHEDULED),
    WorkshopStatus.HELD: (WorkshopStatus.APPROVED, WorkshopStatus.SCHEDULED, WorkshopStatus.HELD),
    WorkshopStatus.REPORTED: (
        WorkshopStatus.APPROVED,
        WorkshopStatus.SCHEDULED,
        WorkshopStatus.HELD,
        WorkshopStatus.REPORTED,
    ),
    WorkshopStatus.CANCELLED: (WorkshopStatus.APPROVED, WorkshopStatus.CANCELLED),
}


def _entries() -> list[dict]:
    return example_rows("workshops.toml", "workshop")


def _workshop(slug: str) -> Workshop:
    workshop = Workshop.objects.filter(slug=slug).first()
    if workshop is None:
        raise ExampleDataError(f"workshops.toml: no source workshop {slug!r}.")
    return workshop


def session_lookup() -> dict[str, AgendaSession | None]:
    """Each example session's key (workshops.toml) and its row."""
    found = {}
    for entry in _entries():
        for session in entry.get("sessions", []):
            found[session["key"]] = AgendaSession.objects.filter(
                workshop__slug=entry["slug"], title_en=session["title_en"].strip()
            ).first()
    return found


def _facts(entry: dict, workshop: Workshop) -> tuple[Workshop, int]:
    body = entry.get("body")
    values = {
        "start_date": as_date(entry.get("start_date")),
        "end_date": as_date(entry.get("end_date")),
        "host_country": country_of(entry.get("host_country")),
        "modality": entry.get("modality", ""),
        "venue": entry.get("venue", "").strip(),
        "body": RcmBody.objects.get(code=body) if body else None,
        "is_example": True,
    }
    workshop, changed = demo_row_upsert(model=Workshop, lookup={"pk": workshop.pk}, values=values)
    return workshop, int(changed)


def _status(entry: dict, workshop: Workshop, by) -> int:
    """Walk the workflow to the status the example gives, from wherever the workshop is on
    that road (a workshop moved elsewhere by hand is left where it is)."""
    target = WorkshopStatus(entry.get("status", workshop.status))
    road = (WorkshopStatus.PROPOSED, *ROADS[target])
    if workshop.status not in road:
        return 0
    steps = road[road.index(workshop.status) + 1 :]
    for step in steps:
        workshop_transition(workshop=workshop, to_status=step, by=by)
        workshop.refresh_from_db()
    return len(steps)


def _assessments(entry: dict, workshop: Workshop) -> int:
    changes = 0
    for item in entry.get("assessment", []):
        objective = Objective.objects.filter(
            workshop=workshop, kind=item["kind"], number=int(item.get("number", 1))
        ).first()
        if objective is None:
            raise ExampleDataError(
                f"workshops.toml: no {item['kind']} objective {item.get('number', 1)} "
                f"in {workshop.slug}."
            )
        values = {
            "assessment": item["result"],
            **translated(item, "note", target="assessment_note"),
        }
        _objective, changed = demo_row_upsert(
            model=Objective, lookup={"pk": objective.pk}, values=values
        )
        changes += int(changed)
    return changes


def _attendance(person: dict, workshop: Workshop) -> str:
    """Whether the person came, once the workshop took place; before, they are registered
    (the data says `attended = false` for everyone of a workshop not yet held)."""
    if workshop.status not in TOOK_PLACE:
        return Attendance.CONFIRMED
    return Attendance.ATTENDED if person.get("attended") else Attendance.ABSENT


def _participants(entry: dict, workshop: Workshop) -> tuple[dict[str, Participant], int]:
    """The participants, by name (the sessions name their speakers)."""
    people, changes = {}, 0
    for person in entry.get("participants", []):
        values = {
            "position": person.get("position", ""),
            "role": person["role"],
            "country": country_of(person.get("country")),
            "organization": organization_of(person.get("organization")),
            "attendance": _attendance(person, workshop),
            "listed_publicly": bool(person.get("listed", False)),
        }
        participant, changed = demo_row_upsert(
            model=Participant,
            lookup={"workshop": workshop, "full_name": person["name"]},
            values=values,
        )
        people[person["name"]] = participant
        changes += int(changed)
    return people, changes


def _people(keys, people: dict[str, Participant], where: str) -> list[Participant]:
    missing = [key for key in keys if key not in people]
    if missing:
        raise ExampleDataError(f"workshops.toml: {where} names unknown participants {missing}.")
    return [people[key] for key in keys]


def _sessions(entry: dict, workshop: Workshop, people: dict[str, Participant]) -> int:
    changes = 0
    for item in entry.get("sessions", []):
        values = {
            "date": as_date(item["date"]),
            "start_time": as_time(item["start"]),
            "end_time": as_time(item["end"]),
            "kind": item["kind"],
            **translated(item, "title"),
            **translated(item, "description"),
        }
        session, changed = demo_row_upsert(
            model=AgendaSession,
            lookup={"workshop": workshop, "title_en": item["title_en"].strip()},
            values={k: v for k, v in values.items() if k != "title_en"},
        )
        changes += int(changed)
        for relation in ("speakers", "moderators"):
            wanted = _people(item.get(relation, []), people, item["key"])
            manager = getattr(session, relation)
            if set(manager.values_list("pk", flat=True)) != {p.pk for p in wanted}:
                manager.set(wanted)
                changes += 1
    return changes


def _documents(entry: dict, workshop: Workshop) -> int:
    """Each example document with a PDF per language, rendered when it has none yet."""
    changes = 0
    for item in entry.get("documents", []):
        document = OutcomeDocument.objects.filter(
            workshop=workshop, kind=item["kind"], title_en=item["title_en"].strip()
        ).first()
        created = document is None
        if created:
            document = OutcomeDocument(workshop=workshop, kind=item["kind"])
        changed = created
        for field, value in translated(item, "title").items():
            if value and getattr(document, field) != value:
                setattr(document, field, value)
                changed = True
        for code in LANGUAGES:
            text = item.get(f"body_{code}", "").strip()
            if (
                code in item.get("languages", LANGUAGES)
                and text
                and not getattr(document, f"file_{code}")
            ):
                pdf = example_document_pdf(
                    title=item.get(f"title_{code}") or item["title_en"],
                    workshop=getattr(workshop, f"title_{code}") or workshop.title_en,
                    text=text,
                    language=code,
                )
                getattr(document, f"file_{code}").save(
                    f"{workshop.slug}-{item['kind']}-{code}.pdf", ContentFile(pdf), save=False
                )
                changed = True
        if item.get("published", True) and not document.published:
            document.published = True
            changed = True
        if changed:
            document.full_clean()
            document.save()
            changes += 1
    return changes


def demo_workshop_facts_load() -> int:
    by, changes = demo_secretariat_user()
    for entry in _entries():
        workshop, changed = _facts(entry, _workshop(entry["slug"]))
        changes += changed
        changes += _status(entry, workshop, by)
        changes += _assessments(entry, workshop)
        people, changed = _participants(entry, workshop)
        changes += changed + _sessions(entry, workshop, people)
        changes += _documents(entry, workshop)
    return changes
