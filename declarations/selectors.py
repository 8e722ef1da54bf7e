"""Reads on declarations, each with what its page needs fetched in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import (
    PUBLIC_STATUSES,
    Amendment,
    AmendmentStatus,
    Declaration,
    DeclarationStatus,
    Paragraph,
    ParagraphKind,
)


def declarations_public() -> QuerySet[Declaration]:
    return (
        Declaration.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("body")
        .order_by("-adopted_on", "-id")
    )


def declarations_under_negotiation() -> QuerySet[Declaration]:
    return (
        Declaration.objects.filter(status=DeclarationStatus.UNDER_NEGOTIATION)
        .select_related("body")
        .annotate(
            pending_count=Count(
                "paragraphs__amendments",
                filter=Q(paragraphs__amendments__status=AmendmentStatus.PENDING),
            )
        )
        .order_by("-updated_at", "-id")
    )


def _live_paragraphs() -> Prefetch:
    return Prefetch(
        "paragraphs",
        queryset=Paragraph.objects.filter(deleted=False).order_by("position", "id"),
        to_attr="live_paragraphs",
    )


def declaration_for_reading(*, pk: int) -> Declaration:
    """A declaration with its paragraphs in order, adopting countries and origin."""
    return (
        Declaration.objects.select_related("body")
        .prefetch_related(_live_paragraphs(), "adopting_countries", "workshops")
        .get(pk=pk)
    )


def declaration_for_negotiation(*, pk: int) -> Declaration:
    """A declaration with its paragraphs and, on each, the pending amendments of every
    member country."""
    pending = Amendment.objects.filter(status=AmendmentStatus.PENDING).select_related(
        "country", "proposed_by"
    )
    paragraphs = (
        Paragraph.objects.filter(deleted=False)
        .order_by("position", "id")
        .prefetch_related(Prefetch("amendments", queryset=pending, to_attr="pending"))
    )
    return (
        Declaration.objects.select_related("body")
        .prefetch_related(Prefetch("paragraphs", queryset=paragraphs, to_attr="live_paragraphs"))
        .get(pk=pk)
    )


@dataclass
class NumberedText:
    preambular: list[Paragraph]
    operative: list[Paragraph]


def paragraphs_numbered(paragraphs) -> NumberedText:
    """Preambular and operative paragraphs, each numbered from 1 in its own series (the
    number is set on each paragraph as `number`)."""
    numbered = NumberedText(preambular=[], operative=[])
    for paragraph in paragraphs:
        series = (
            numbered.preambular
            if paragraph.kind == ParagraphKind.PREAMBULAR
            else numbered.operative
        )
        series.append(paragraph)
        paragraph.number = len(series)
    return numbered


def paragraph_pending_amendments(*, paragraph: Paragraph) -> QuerySet[Amendment]:
    return (
        Amendment.objects.filter(paragraph=paragraph, status=AmendmentStatus.PENDING)
        .select_related("country", "proposed_by")
        .order_by("created_at", "id")
    )


def paragraph_label(paragraph: Paragraph) -> tuple[str, int]:
    """The paragraph's series and its number in it, counting the live paragraphs before it."""
    number = (
        Paragraph.objects.filter(
            declaration_id=paragraph.declaration_id, kind=paragraph.kind, deleted=False
        )
        .filter(
            Q(position__lt=paragraph.position)
            | Q(position=paragraph.position, id__lte=paragraph.id)
        )
        .count()
    )
    return paragraph.kind, number
