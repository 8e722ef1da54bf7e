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


def declaration_amendments_decided(*, declaration: Declaration) -> list[Amendment]:
    """The amendments decided on a declaration (accepted, merged, rejected or withdrawn), in
    the order they were proposed, with their country and paragraph: its amendment history."""
    return list(
        Amendment.objects.filter(paragraph__declaration=declaration)
        .exclude(status=AmendmentStatus.PENDING)
        .select_related("country", "paragraph")
        .order_by("created_at", "id")
    )


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


@dataclass
class UntranslatedParagraph:
    paragraph: Paragraph
    number: int
    outdated: list[str]
    missing: list[str]

    def describe(self) -> str:
        from django.utils.translation import gettext as _

        from translations.notes import language_in_sentence

        def names(codes):
            return ", ".join(language_in_sentence(code) for code in codes)

        parts = []
        if self.outdated:
            parts.append(_("outdated: %(languages)s") % {"languages": names(self.outdated)})
        if self.missing:
            parts.append(_("missing: %(languages)s") % {"languages": names(self.missing)})
        series = (
            _("preambular paragraph %(number)d")
            if self.paragraph.kind == ParagraphKind.PREAMBULAR
            else _("operative paragraph %(number)d")
        )
        return f"{series % {'number': self.number}} ({'; '.join(parts)})"


def paragraphs_untranslated(*, declaration: Declaration) -> list[UntranslatedParagraph]:
    """The live paragraphs whose text is outdated or missing in some language, numbered as
    the public reads them, in order."""
    from django.conf import settings

    from translations.selectors import outdated_languages, outdated_prefetch

    codes = [code for code, _name in settings.LANGUAGES]
    paragraphs = list(
        Paragraph.objects.filter(declaration=declaration, deleted=False).order_by("position", "id")
    )
    numbered = paragraphs_numbered(paragraphs)
    outdated_prefetch(paragraphs)
    found = []
    for paragraph in [*numbered.preambular, *numbered.operative]:
        outdated = sorted(outdated_languages(paragraph).get("text", set()), key=codes.index)
        missing = [code for code in codes if not (getattr(paragraph, f"text_{code}") or "").strip()]
        if outdated or missing:
            found.append(
                UntranslatedParagraph(
                    paragraph=paragraph, number=paragraph.number, outdated=outdated, missing=missing
                )
            )
    return found


@dataclass
class ParagraphVersion:
    version: int
    changed_at: object
    deleted: bool
    # (language code, language name, diff as safe HTML or None when unchanged)
    languages: list


def paragraph_versions(*, paragraph: Paragraph) -> list[ParagraphVersion]:
    """Each version of the paragraph's text, newest first, with what changed in each
    language since the version before, as a word diff."""
    from django.conf import settings
    from django.utils.html import conditional_escape
    from django.utils.translation import get_language_info

    from translations.diff import word_diff

    codes = [code for code, _name in settings.LANGUAGES]
    records = list(paragraph.history.order_by("history_date", "history_id"))
    versions = []
    previous = None
    for record in records:
        texts = {code: getattr(record, f"text_{code}") or "" for code in codes}
        if (
            previous is not None
            and texts == previous["texts"]
            and (record.deleted == previous["deleted"])
        ):
            continue
        languages = []
        for code in codes:
            old = previous["texts"][code] if previous else ""
            if previous is None:
                # The first version: its text as it was written, nothing to compare.
                diff = conditional_escape(texts[code])
            else:
                diff = word_diff(old, texts[code]) if old != texts[code] else None
            languages.append((code, get_language_info(code)["name_translated"], diff))
        versions.append(
            ParagraphVersion(
                version=record.version,
                changed_at=record.history_date,
                deleted=record.deleted,
                languages=languages,
            )
        )
        previous = {"texts": texts, "deleted": record.deleted}
    versions.reverse()
    return versions
