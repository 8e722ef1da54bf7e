"""What the apps above workshops add to the workshop pages.

Workshops sit low in the app order and import none of the apps above them, nor name their
models. An app above that has something to show on a workshop's page registers it here
from its AppConfig.ready(), as objectives (the objectives section, the words a search also
reads, a calendar event's description) and practices (the call for practices, the
practices presented in each session) do.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch


@dataclass(frozen=True)
class WorkshopContribution:
    """One app's share of the workshop pages; every part may be left out."""

    # A section of the public workshop page (after the background, in app order) and the
    # context its template needs, computed from the workshop.
    section_template: str = ""
    section_context: Callable[..., dict[str, Any]] | None = None
    # Relations the workshop page's own query prefetches for that section.
    detail_prefetch: tuple[str | Prefetch, ...] = ()
    # A part shown under each session of the workshop page's agenda (its template gets the
    # `session`), and the relations the agenda's query prefetches on the sessions for it.
    session_template: str = ""
    session_prefetch: tuple[str | Prefetch, ...] = ()
    # Translated text fields, as lookups from the workshop, that a workshop search also
    # reads in every language ("objectives__text" reads objectives__text_en, ...).
    search_fields: tuple[str, ...] = ()
    # A calendar event's description, and what the calendar's query prefetches for it.
    calendar_prefetch: tuple[str | Prefetch, ...] = ()
    calendar_description: Callable[..., str] | None = None
    # Which published outcome documents a later edition replaces, given their ids:
    # {id of the replaced document: the edition in force}.
    documents_superseded: Callable[..., dict[int, Any]] | None = None


_CONTRIBUTIONS: list[WorkshopContribution] = []


def workshop_contribution_register(contribution: WorkshopContribution) -> None:
    if contribution not in _CONTRIBUTIONS:
        _CONTRIBUTIONS.append(contribution)


def workshop_contributions() -> tuple[WorkshopContribution, ...]:
    return tuple(_CONTRIBUTIONS)


def documents_superseded(documents) -> dict[int, Any]:
    """Of these outcome documents, those a later edition replaces, with the edition in
    force, as the apps above know them."""
    ids = [document.pk for document in documents]
    superseded: dict[int, Any] = {}
    if ids:
        for contribution in _CONTRIBUTIONS:
            if contribution.documents_superseded:
                superseded.update(contribution.documents_superseded(document_ids=ids))
    return superseded
