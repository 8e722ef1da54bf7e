"""Writes on translation freshness. When one language's text of a field changes and
another language's text of it, already written, does not change in the same save, that
other language is marked outdated; saving a language's text makes it current again."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import OutdatedTranslation
from .registry import LANGUAGE_CODES, texts_of


def _key(obj) -> dict:
    return {
        "content_type": ContentType.objects.get_for_model(type(obj)),
        "object_id": obj.pk,
    }


@transaction.atomic
def translations_record_changes(*, obj, before: dict[str, dict[str, str]] | None) -> None:
    """Compare `before` ({field: {language: text}} as stored before the save; None for a
    new object) with the object's texts now, and mark or clear outdated languages."""
    if before is None:
        return
    after = texts_of(obj)
    key = _key(obj)
    for field, new in after.items():
        old = before.get(field, {})
        changed = [code for code in LANGUAGE_CODES if (old.get(code) or "") != new[code]]
        if not changed:
            continue
        rows = OutdatedTranslation.objects.filter(field=field, **key)
        was_outdated = set(rows.values_list("language", flat=True))
        rows.filter(language__in=changed).delete()
        if was_outdated.issuperset(changed):
            # Only translations catching up changed: the newer text is still the newer one.
            continue
        source = next(code for code in changed if code not in was_outdated)
        for code in LANGUAGE_CODES:
            if code in changed or not new[code]:
                # An empty text is missing, not outdated: pages fall back to another language.
                continue
            OutdatedTranslation.objects.get_or_create(
                field=field, language=code, **key, defaults={"source_language": source}
            )


@transaction.atomic
def translation_mark_outdated(
    *, obj, field: str, languages: Iterable[str], source_language: str
) -> None:
    """Mark `languages` of `field` as needing translation from `source_language`, whatever
    their text (for instance, a text accepted in one language only)."""
    key = _key(obj)
    for code in languages:
        if code == source_language:
            continue
        OutdatedTranslation.objects.update_or_create(
            field=field, language=code, **key, defaults={"source_language": source_language}
        )


def translation_mark_current(*, obj, field: str, language: str) -> None:
    """Someone checked this language's text of `field`: it is up to date."""
    OutdatedTranslation.objects.filter(field=field, language=language, **_key(obj)).delete()


def translations_forget(*, obj) -> None:
    OutdatedTranslation.objects.filter(**_key(obj)).delete()
