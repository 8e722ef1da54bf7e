"""Example practices, written, submitted, reviewed and published as the delegates and the
Secretariat do it through the portal's services: each step is in the practice's history."""

import uuid

from demo.delegates import demo_delegate
from objectives.models import GcmGuidingPrinciple, GcmObjective
from outbox.services import outbox_withdraw
from practices.models import (
    Practice,
    PracticeCall,
    PracticeStatus,
    TargetPopulation,
)
from practices.services import (
    practice_draft_save,
    practice_status_notification_key,
    practice_transition,
)
from workshops.models import Theme

from .data import ExampleDataError, as_date, country_of, example_rows, organization_of
from .people import demo_secretariat_user
from .workshops import CALL_WORKSHOP, session_lookup

# The form key of an example practice comes from its key in practices.toml: a second run
# finds the practice it created.
FORM_KEYS = uuid.UUID("6f1c0b52-3d4e-4f0a-9d57-0e5a9c1b7d21")

# The steps from a draft to each status, and who takes each: the delegate submits and
# withdraws, the Secretariat reviews.
STEPS = {
    PracticeStatus.DRAFT: (),
    PracticeStatus.SUBMITTED: (PracticeStatus.SUBMITTED,),
    PracticeStatus.IN_REVIEW: (PracticeStatus.SUBMITTED, PracticeStatus.IN_REVIEW),
    PracticeStatus.CHANGES_REQUESTED: (
        PracticeStatus.SUBMITTED,
        PracticeStatus.IN_REVIEW,
        PracticeStatus.CHANGES_REQUESTED,
    ),
    PracticeStatus.ACCEPTED: (
        PracticeStatus.SUBMITTED,
        PracticeStatus.IN_REVIEW,
        PracticeStatus.ACCEPTED,
    ),
    PracticeStatus.PUBLISHED: (
        PracticeStatus.SUBMITTED,
        PracticeStatus.IN_REVIEW,
        PracticeStatus.ACCEPTED,
        PracticeStatus.PUBLISHED,
    ),
    PracticeStatus.REJECTED: (
        PracticeStatus.SUBMITTED,
        PracticeStatus.IN_REVIEW,
        PracticeStatus.REJECTED,
    ),
    PracticeStatus.WITHDRAWN: (PracticeStatus.SUBMITTED, PracticeStatus.WITHDRAWN),
}
BY_SUBMITTER = (PracticeStatus.SUBMITTED, PracticeStatus.WITHDRAWN)
TEXT_FIELDS = (
    "implementing_organization",
    "problem",
    "approach",
    "results",
    "lessons_learned",
    "contact_name",
    "contact_email",
    "contact_phone",
)
LANGUAGES = ("en", "es", "fr")


def _by_code(model, codes, *, field="code"):
    rows = {getattr(row, field): row for row in model.objects.filter(**{f"{field}__in": codes})}
    missing = set(codes) - set(rows)
    if missing:
        raise ExampleDataError(f"practices.toml: unknown {model.__name__} {sorted(missing)}.")
    return [rows[code] for code in codes]


def _form_values(entry: dict, call: PracticeCall | None) -> dict:
    """What the delegate's form gives the draft service."""
    language = entry.get("language", "en")
    values = {
        "language": language,
        "title": entry.get(f"title_{language}", "").strip(),
        "summary": entry.get(f"summary_{language}", "").strip(),
        "call": call if entry.get("call") else None,
        "period_start": as_date(entry.get("period_start")),
        "period_end": as_date(entry.get("period_end")),
        "target_populations": _by_code(TargetPopulation, entry.get("target_populations", [])),
        "themes": _by_code(Theme, entry.get("themes", [])),
        "gcm_objectives": _by_code(
            GcmObjective, [int(n) for n in entry.get("gcm_objectives", [])], field="number"
        ),
    }
    for name in TEXT_FIELDS:
        values[name] = entry.get(name, "").strip()
    return values


def _secretariat_values(entry: dict) -> dict:
    """What the Secretariat completes in the administration: the other languages."""
    values = {}
    for field in ("title", "summary"):
        for code in LANGUAGES:
            text = entry.get(f"{field}_{code}", "").strip()
            if text:
                values[f"{field}_{code}"] = text
    values["gender_perspective"] = bool(entry.get("gender_perspective", False))
    values["is_example"] = True
    return values


def _relations(entry: dict, sessions: dict) -> dict[str, list]:
    presented = entry.get("presented_in", [])
    if isinstance(presented, str):
        presented = [presented]
    for key in presented:
        if key not in sessions:
            raise ExampleDataError(f"practices.toml: no session {key!r} in workshops.toml.")
    return {
        "countries_involved": [country_of(code) for code in entry.get("countries_involved", [])],
        "partner_organizations": [
            organization_of(key) for key in entry.get("partner_organizations", [])
        ],
        "guiding_principles": _by_code(
            GcmGuidingPrinciple, entry.get("guiding_principles", []), field="letter"
        ),
        "presented_in": [sessions[key] for key in presented if sessions[key] is not None],
    }


def _set_relations(practice: Practice, relations: dict[str, list]) -> int:
    changes = 0
    for name, rows in relations.items():
        manager = getattr(practice, name)
        if set(manager.values_list("pk", flat=True)) != {row.pk for row in rows}:
            manager.set(rows)
            changes += 1
    return changes


def _walk(practice: Practice, *, to: str, submitter, reviewer, comment: str) -> int:
    """Take the practice from where it is to `to`, step by step; the number of steps."""
    path = (PracticeStatus.DRAFT, *STEPS[PracticeStatus(to)])
    if practice.status not in path:
        return 0  # moved elsewhere by hand: left as it is
    steps = path[path.index(practice.status) + 1 :]
    changes = [
        practice_transition(
            practice=practice,
            to_status=step,
            by=submitter if step in BY_SUBMITTER else reviewer,
            comment=comment if step == steps[-1] else "",
        )
        for step in steps
    ]
    # The example's history is not news: nobody is e-mailed about it.
    outbox_withdraw(keys=[practice_status_notification_key(change) for change in changes])
    return len(steps)


def _update(practice: Practice, values: dict) -> int:
    # The title and summary are compared language by language (`title_es`...).
    scalar = {
        k: v for k, v in values.items() if not isinstance(v, list) and k not in ("title", "summary")
    }
    changed = [name for name, value in scalar.items() if getattr(practice, name) != value]
    for name in changed:
        setattr(practice, name, scalar[name])
    if changed:
        practice.full_clean(validate_unique=False)
        practice.save()
    return int(bool(changed))


def demo_practices_load() -> int:
    reviewer, changes = demo_secretariat_user()
    call = PracticeCall.objects.filter(workshop__slug=CALL_WORKSHOP).first()
    sessions = session_lookup()
    for entry in example_rows("practices.toml", "practice"):
        form_key = uuid.uuid5(FORM_KEYS, entry["key"])
        country = country_of(entry.get("country"))
        organization = organization_of(entry.get("organization"))
        if bool(country) == bool(organization):
            raise ExampleDataError(
                f"practices.toml: {entry['key']} needs a country or an organization."
            )
        if country is not None:
            submitter, created = demo_delegate(country.iso_code)
            changes += int(created)
        else:
            submitter = reviewer  # the Secretariat enters an organization's practice
        form_values = _form_values(entry, call)
        practice = Practice.objects.filter(form_key=form_key).first()
        if practice is None:
            practice = practice_draft_save(
                practice=Practice(
                    country=country,
                    organization=organization,
                    created_by=submitter,
                    form_key=form_key,
                    **_secretariat_values(entry),
                ),
                country=country,
                by=submitter,
                values=form_values,
            )
            changes += 1
        else:
            changes += _update(practice, {**form_values, **_secretariat_values(entry)})
            changes += _set_relations(
                practice,
                {k: v for k, v in form_values.items() if isinstance(v, list)},
            )
        changes += _set_relations(practice, _relations(entry, sessions))
        changes += _walk(
            practice,
            to=entry.get("status", PracticeStatus.PUBLISHED),
            submitter=submitter,
            reviewer=reviewer,
            comment=(entry.get("review_comment") or entry.get("comment", "")).strip(),
        )
    return changes
