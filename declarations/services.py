"""Writes on declarations: the workflow of a declaration, and the amendments countries
propose and the Secretariat decides on, each step recorded with who and when.

Nothing here overwrites silently. A proposal is a row of its own, so two delegates
amending the same paragraph at once both keep theirs. Accepting a proposal written on an
older text of the paragraph is refused: the Secretariat merges it with edited text."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from members.models import Country, CountryStatus, User
from rcm_portal.workflow import Workflow

from .models import (
    DECLARATION_TRANSITIONS,
    Amendment,
    AmendmentAction,
    AmendmentStatus,
    Declaration,
    DeclarationStatus,
    DeclarationStatusChange,
    Paragraph,
)
from .selectors import paragraphs_untranslated

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _ready_for(
    declaration: Declaration, current: DeclarationStatus, target: DeclarationStatus
) -> None:
    """Adoption needs the adoption date, at least one adopting country, no pending
    amendment, and every paragraph agreeing in all languages."""
    if target != DeclarationStatus.ADOPTED:
        return
    problems = []
    if not declaration.adopted_on:
        problems.append(_("Set the adoption date."))
    if not declaration.adopting_countries.exists():
        problems.append(_("Choose at least one adopting country."))
    observers = declaration.adopting_countries.exclude(status=CountryStatus.MEMBER)
    if observers.exists():
        problems.append(
            _("Only member countries adopt a declaration, not %(countries)s.")
            % {"countries": ", ".join(str(c) for c in observers)}
        )
    pending = Amendment.objects.filter(
        paragraph__declaration=declaration, status=AmendmentStatus.PENDING
    ).count()
    if pending:
        problems.append(
            _("%(count)d amendments are still pending: accept or reject them first.")
            % {"count": pending}
        )
    untranslated = paragraphs_untranslated(declaration=declaration)
    if untranslated:
        problems.append(
            _(
                "Every paragraph must agree in all languages before adoption. "
                "Update the translations of: %(paragraphs)s."
            )
            % {"paragraphs": "; ".join(item.describe() for item in untranslated)}
        )
    if problems:
        raise ValidationError(problems, code="adoption")


DECLARATION_WORKFLOW = Workflow(
    status=DeclarationStatus,
    transitions=DECLARATION_TRANSITIONS,
    record=DeclarationStatusChange,
    refusal=gettext_lazy("A declaration that is “%(current)s” cannot become “%(target)s”."),
    moved=ngettext_lazy(
        "%(count)d declaration is now “%(status)s”.",
        "%(count)d declarations are now “%(status)s”.",
        "count",
    ),
    before=_ready_for,
)


def declaration_transition(
    *, declaration: Declaration, to_status: str, by: User | None, comment: str = ""
) -> DeclarationStatusChange:
    """Move a declaration along its workflow, recording who did it and when."""
    return DECLARATION_WORKFLOW.move(declaration, to_status=to_status, by=by, note=comment)


@transaction.atomic
def declaration_adopt(
    *,
    declaration: Declaration,
    by: User | None,
    adopted_on: datetime.date,
    countries: Iterable[Country],
    comment: str = "",
) -> DeclarationStatusChange:
    """Record the adoption: its date and the member countries that adopted the text."""
    countries = list(countries)
    observers = [str(c) for c in countries if c.status != CountryStatus.MEMBER]
    if observers:
        raise ValidationError(
            _("Only member countries adopt a declaration, not %(countries)s.")
            % {"countries": ", ".join(observers)},
            code="observer",
        )
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.status != DeclarationStatus.UNDER_NEGOTIATION:
        raise ValidationError(
            _("Only a declaration under negotiation can be adopted."), code="transition"
        )
    declaration.adopted_on = adopted_on
    declaration.save(update_fields=["adopted_on", "updated_at"])
    declaration.adopting_countries.set(countries)
    return declaration_transition(
        declaration=declaration, to_status=DeclarationStatus.ADOPTED, by=by, comment=comment
    )


def _negotiating_country(by: User) -> Country:
    country = by.country if by.country_id else None
    if country is None or country.status != CountryStatus.MEMBER:
        raise ValidationError(
            _("Only delegates of member countries propose amendments."), code="not_member"
        )
    return country


def _open_for_amendments(declaration: Declaration) -> None:
    if declaration.status != DeclarationStatus.UNDER_NEGOTIATION:
        raise ValidationError(
            _(
                "Amendments can be proposed only while the declaration is under negotiation; "
                "this one is “%(status)s”."
            )
            % {"status": declaration.get_status_display()},
            code="closed",
        )


@transaction.atomic
def amendment_propose(
    *,
    paragraph: Paragraph,
    by: User,
    action: str,
    language: str,
    text: str = "",
    rationale: str,
    base_version: int | None = None,
) -> Amendment:
    """A proposal of `by`'s country for `paragraph`. It never changes the paragraph: it
    waits, beside every other country's, for the Secretariat."""
    country = _negotiating_country(by)
    paragraph = Paragraph.objects.select_related("declaration").get(pk=paragraph.pk)
    _open_for_amendments(paragraph.declaration)
    if paragraph.deleted:
        raise ValidationError(_("This paragraph has been deleted."), code="deleted")
    action = AmendmentAction(action)
    amendment = Amendment(
        paragraph=paragraph,
        country=country,
        proposed_by=by,
        action=action,
        language=language,
        text="" if action == AmendmentAction.DELETE else text.strip(),
        rationale=rationale.strip(),
        base_version=paragraph.version if base_version is None else base_version,
    )
    amendment.full_clean()
    amendment.save()
    return amendment


@transaction.atomic
def amendment_withdraw(*, amendment: Amendment, by: User) -> Amendment:
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.country_id != by.country_id:
        raise ValidationError(_("Only the proposing country withdraws an amendment."))
    if amendment.status != AmendmentStatus.PENDING:
        raise ValidationError(
            _("An amendment that is “%(status)s” cannot be withdrawn.")
            % {"status": amendment.get_status_display()},
            code="decided",
        )
    amendment.status = AmendmentStatus.WITHDRAWN
    amendment.decided_by = by
    amendment.decided_at = timezone.now()
    amendment.save(update_fields=["status", "decided_by", "decided_at"])
    return amendment


def _pending_for_decision(amendment: Amendment) -> tuple[Amendment, Paragraph]:
    """The amendment and its paragraph, locked, once they are known to be decidable."""
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    paragraph = (
        Paragraph.objects.select_for_update()
        .select_related("declaration")
        .get(pk=amendment.paragraph_id)
    )
    if amendment.status != AmendmentStatus.PENDING:
        raise ValidationError(
            _("This amendment is already “%(status)s”.")
            % {"status": amendment.get_status_display()},
            code="decided",
        )
    _open_for_amendments(paragraph.declaration)
    return amendment, paragraph


def _decide(amendment: Amendment, *, status: str, by: User | None, note: str) -> None:
    amendment.status = status
    amendment.decided_by = by
    amendment.decided_at = timezone.now()
    amendment.decision_note = note
    amendment.save()


def _other_languages(amendment: Amendment) -> list[str]:
    return [code for code in LANGUAGE_CODES if code != amendment.language]


def _translations_given(amendment: Amendment, translations: dict[str, str] | None) -> dict:
    """The Secretariat's text of the paragraph in the languages other than the
    amendment's, keeping only those written."""
    given = {}
    for code, value in (translations or {}).items():
        if code not in _other_languages(amendment):
            raise ValidationError(
                _("Unknown language of a translation: %(code)s.") % {"code": code},
                code="language",
            )
        value = (value or "").strip()
        if value:
            given[code] = value
    return given


def _apply(
    amendment: Amendment,
    paragraph: Paragraph,
    *,
    text: str,
    by: User | None,
    translations: dict[str, str] | None = None,
) -> None:
    """Make the amendment part of the declaration (the paragraph is locked), with the
    Secretariat's text of the paragraph in the other languages when it gives it. A language
    whose text is not changed with the amendment's is marked outdated (see the
    `translations` app); a language an inserted paragraph lacks is missing. Either stops
    the adoption. The paragraph's history keeps the text it replaces; a deleted paragraph
    stays, marked as such."""
    given = _translations_given(amendment, translations)
    paragraph._history_user = by
    if amendment.action == AmendmentAction.CHANGE:
        setattr(paragraph, f"text_{amendment.language}", text)
        for code, value in given.items():
            setattr(paragraph, f"text_{code}", value)
        paragraph.version += 1
        paragraph.save()
    elif amendment.action == AmendmentAction.DELETE:
        paragraph.deleted = True
        paragraph.version += 1
        paragraph.save()
    else:
        # Moving the following paragraphs down a place changes no text: no new versions.
        Paragraph.objects.filter(
            declaration_id=paragraph.declaration_id, position__gt=paragraph.position
        ).update(position=F("position") + 1)
        inserted = Paragraph(
            declaration_id=paragraph.declaration_id,
            kind=paragraph.kind,
            position=paragraph.position + 1,
            **{f"text_{amendment.language}": text},
            **{f"text_{code}": value for code, value in given.items()},
        )
        inserted._history_user = by
        inserted.save()
        amendment.inserted_paragraph = inserted
    amendment.applied_text = text


@transaction.atomic
def amendment_accept(
    *,
    amendment: Amendment,
    by: User | None,
    note: str = "",
    translations: dict[str, str] | None = None,
) -> Amendment:
    """Accept the amendment as proposed, with the paragraph's text in the other languages
    (`translations`, {language: text}) when the Secretariat gives it; the languages not
    given are marked as needing translation. Refused when the paragraph changed since the
    delegate read it: the Secretariat then merges it with text fitting the new wording."""
    amendment, paragraph = _pending_for_decision(amendment)
    if amendment.action != AmendmentAction.INSERT_AFTER and (
        amendment.base_version != paragraph.version
    ):
        raise ValidationError(
            _(
                "The paragraph changed after this amendment was written (version %(base)s, "
                "now %(current)s). Compare it with the current text and merge it with "
                "edited text, or reject it."
            )
            % {"base": amendment.base_version, "current": paragraph.version},
            code="stale",
        )
    _apply(amendment, paragraph, text=amendment.text, by=by, translations=translations)
    _decide(amendment, status=AmendmentStatus.ACCEPTED, by=by, note=note)
    return amendment


@transaction.atomic
def amendment_merge(
    *,
    amendment: Amendment,
    by: User | None,
    text: str,
    note: str = "",
    translations: dict[str, str] | None = None,
) -> Amendment:
    """Accept the amendment with text the Secretariat edited, for instance to fit it to a
    paragraph that changed since it was proposed; `translations` as in `amendment_accept`."""
    amendment, paragraph = _pending_for_decision(amendment)
    if amendment.action == AmendmentAction.DELETE:
        raise ValidationError(
            _("A deletion is accepted or rejected; it has no text to merge."), code="delete"
        )
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the text to merge."), code="empty")
    _apply(amendment, paragraph, text=text, by=by, translations=translations)
    _decide(amendment, status=AmendmentStatus.MERGED, by=by, note=note)
    return amendment


@transaction.atomic
def amendment_reject(*, amendment: Amendment, by: User | None, note: str = "") -> Amendment:
    amendment, _paragraph = _pending_for_decision(amendment)
    _decide(amendment, status=AmendmentStatus.REJECTED, by=by, note=note)
    return amendment
