"""Demo data built from the source documents: running it again changes nothing."""

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone, translation

from objectives.models import Objective, ObjectiveKind
from practices.models import PracticeCall
from workshops.models import Theme, Workshop

from .declarations import demo_declaration_load
from .examples import demo_examples_load
from .roadmaps import demo_roadmap_load
from .rows import demo_row_upsert
from .seeds import RETURN_OF_MIGRANTS, WorkshopSeed, workshop_seeds

TRANSLATIONS = Path(__file__).resolve().parent / "data" / "translations.json"
OTHER_LANGUAGES = ("es", "fr")


def _load_translations() -> dict[str, dict[str, str]]:
    return json.loads(TRANSLATIONS.read_text(encoding="utf-8"))


def _translated(field: str, paragraphs: list[str], translations) -> dict[str, str]:
    """`field_en`, `field_es`, `field_fr` for a text made of source paragraphs."""
    values = {f"{field}_en": "\n\n".join(paragraphs)}
    for language in OTHER_LANGUAGES:
        parts = [translations[language].get(p) for p in paragraphs]
        values[f"{field}_{language}"] = "\n\n".join(parts) if paragraphs and all(parts) else ""
    return values


def _load_workshop(seed: WorkshopSeed, translations) -> int:
    layout = seed.layout
    values = {
        **_translated("title", [layout.title], translations),
        **_translated("background", seed.background, translations),
        **_translated("methodology", seed.methodology, translations),
        **_translated("expected_outcome", seed.expected_outcome, translations),
    }
    values["theme"] = Theme.objects.get(code=layout.theme)
    workshop, changed = demo_row_upsert(model=Workshop, lookup={"slug": layout.slug}, values=values)
    changes = int(changed)

    wanted = [(ObjectiveKind.GENERAL, 1, seed.general_objective)] + [
        (ObjectiveKind.SPECIFIC, number, [text])
        for number, text in enumerate(seed.specific_objectives, start=1)
    ]
    kept = []
    for kind, number, paragraphs in wanted:
        objective, changed = demo_row_upsert(
            model=Objective,
            lookup={"workshop": workshop, "kind": kind, "number": number},
            values=_translated("text", paragraphs, translations),
        )
        kept.append(objective.pk)
        changes += int(changed)
    deleted, _ = Objective.objects.filter(workshop=workshop).exclude(pk__in=kept).delete()
    return changes + deleted


# The workshop whose methodology is a call for successful initiatives, compiled afterwards.
CALL_WORKSHOP = RETURN_OF_MIGRANTS.slug
# The source gives no dates: the demo call stays open for this long after it is loaded.
DEMO_CALL_OPEN_DAYS = 90


def _load_call(seed: WorkshopSeed, translations) -> int:
    workshop = Workshop.objects.get(slug=seed.layout.slug)
    values = {
        **_translated("title", [seed.layout.title], translations),
        **_translated("introduction", seed.methodology + seed.expected_outcome, translations),
    }
    call = PracticeCall.objects.filter(workshop=workshop).first()
    if call is None:
        now = timezone.now()
        call = PracticeCall(
            workshop=workshop,
            opens_at=now,
            deadline=now + timedelta(days=DEMO_CALL_OPEN_DAYS),
            **values,
        )
        call.full_clean()
        call.save()
        return 1
    if not call.is_open():
        # The demo's call is open after every load: one that closed opens again.
        now = timezone.now()
        values.update(opens_at=now, deadline=now + timedelta(days=DEMO_CALL_OPEN_DAYS))
    _call, changed = demo_row_upsert(
        model=PracticeCall, lookup={"workshop": workshop}, values=values
    )
    return int(changed)


@transaction.atomic
def demo_load(*, sources_only: bool = False) -> dict[str, int]:
    """Create or bring up to date the eight workshops of the source documents and, unless
    `sources_only`, the examples around them (marked as such): the workshops' facts,
    participants, agenda and documents, practices, the declaration and the roadmap."""
    translations = _load_translations()
    seeds = workshop_seeds()
    with translation.override("en"):
        changes = sum(_load_workshop(seed, translations) for seed in seeds)
        changes += sum(
            _load_call(seed, translations) for seed in seeds if seed.layout.slug == CALL_WORKSHOP
        )
        if not sources_only:
            changes += demo_examples_load()
            changes += demo_declaration_load() + demo_roadmap_load()
    return {"workshops": len(seeds), "changes": changes}
