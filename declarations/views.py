"""Pages of declarations: what the public reads (adopted texts), what member countries'
delegates negotiate, and the Secretariat's decision on each amendment."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translations.notes import translation_note_text
from translations.selectors import outdated_prefetch, outdated_source

from .forms import AmendmentDecision, AmendmentDecisionForm, AmendmentForm
from .models import Amendment, AmendmentAction, Declaration, Paragraph, ParagraphKind
from .selectors import (
    declaration_amendments_decided,
    declaration_for_negotiation,
    declaration_for_reading,
    declarations_public,
    declarations_under_negotiation,
    paragraph_label,
    paragraph_pending_amendments,
    paragraph_versions,
    paragraphs_numbered,
)
from .services import amendment_accept, amendment_merge, amendment_propose, amendment_reject
from .services import amendment_withdraw as withdraw

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


# The public.


def declaration_list(request):
    return render(
        request, "declarations/declaration_list.html", {"declarations": declarations_public()}
    )


def _readable(request, pk) -> Declaration:
    try:
        declaration = declaration_for_reading(pk=pk)
    except Declaration.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("declarations.read_declaration", declaration):
        raise Http404
    return declaration


def _amendment_history(declaration: Declaration) -> list[Amendment]:
    """The decided amendments, each with `paragraph_label`: the paragraph it concerns, as
    the text now numbers it."""
    labels = {}
    for paragraph in declaration.live_paragraphs:
        template = (
            _("Preambular paragraph %(number)d")
            if paragraph.kind == ParagraphKind.PREAMBULAR
            else _("Operative paragraph %(number)d")
        )
        labels[paragraph.pk] = template % {"number": paragraph.number}
    amendments = declaration_amendments_decided(declaration=declaration)
    for amendment in amendments:
        amendment.paragraph_label = labels.get(amendment.paragraph_id, _("A deleted paragraph"))
    return amendments


def declaration_detail(request, pk):
    declaration = _readable(request, pk)
    outdated_prefetch(declaration.live_paragraphs)
    text = paragraphs_numbered(declaration.live_paragraphs)
    return render(
        request,
        "declarations/declaration_detail.html",
        {
            "declaration": declaration,
            "text": text,
            "countries": declaration.adopting_countries.all(),
            "workshops": declaration.workshops.all(),
            "amendments": _amendment_history(declaration),
        },
    )


def _language_choice(value: str, default: str) -> str:
    return value if value in LANGUAGE_CODES else default


def _language_name(code: str) -> str:
    return _(get_language_info(code)["name"])


def declaration_compare(request, pk):
    """Two languages side by side, paragraph by paragraph: each column shows what is
    written in its language, never a fallback, so that missing translations show."""
    declaration = _readable(request, pk)
    left = _language_choice(request.GET.get("left", ""), "en")
    right = _language_choice(request.GET.get("right", ""), "es" if left != "es" else "en")
    text = paragraphs_numbered(declaration.live_paragraphs)
    outdated_prefetch(declaration.live_paragraphs)

    def note(paragraph, code):
        source = outdated_source(paragraph, "text", code)
        return translation_note_text(source) if source else ""

    def rows(paragraphs):
        return [
            {
                "number": p.number,
                "paragraph": p,
                "left": getattr(p, f"text_{left}") or "",
                "right": getattr(p, f"text_{right}") or "",
                "left_note": note(p, left),
                "right_note": note(p, right),
            }
            for p in paragraphs
        ]

    return render(
        request,
        "declarations/declaration_compare.html",
        {
            "declaration": declaration,
            "left": {
                "code": left,
                "name": _language_name(left),
                "title": getattr(declaration, f"title_{left}") or "",
            },
            "right": {
                "code": right,
                "name": _language_name(right),
                "title": getattr(declaration, f"title_{right}") or "",
            },
            "languages": [(code, _language_name(code)) for code in LANGUAGE_CODES],
            "preambular": rows(text.preambular),
            "operative": rows(text.operative),
        },
    )


def paragraph_history(request, pk):
    """Every version of a paragraph, with what changed in each language."""
    paragraph = get_object_or_404(Paragraph.objects.select_related("declaration"), pk=pk)
    declaration = _readable(request, paragraph.declaration_id)
    _kind, number = paragraph_label(paragraph)
    return render(
        request,
        "declarations/paragraph_history.html",
        {
            "declaration": declaration,
            "paragraph": paragraph,
            "number": number,
            "versions": paragraph_versions(paragraph=paragraph),
        },
    )


# Member countries' delegates, and the Secretariat following them.


def _follows_negotiations(request) -> None:
    user = request.user
    if (user.country_id and user.has_perm("declarations.negotiate")) or user.has_perm(
        "declarations.decide_amendment"
    ):
        return
    raise PermissionDenied(_("Only delegates of member countries take part in negotiations."))


def _negotiator(request) -> None:
    # Superusers pass every permission check, but only a person with a country negotiates.
    if not request.user.country_id or not request.user.has_perm("declarations.negotiate"):
        raise PermissionDenied(_("Only delegates of member countries propose amendments."))


@login_required
def negotiation_list(request):
    _follows_negotiations(request)
    return render(
        request,
        "declarations/negotiation_list.html",
        {"declarations": declarations_under_negotiation()},
    )


@login_required
def negotiation_detail(request, pk):
    _follows_negotiations(request)
    try:
        declaration = declaration_for_negotiation(pk=pk)
    except Declaration.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("declarations.read_negotiation", declaration):
        raise Http404
    return render(
        request,
        "declarations/negotiation_detail.html",
        {
            "declaration": declaration,
            "text": paragraphs_numbered(declaration.live_paragraphs),
            "can_propose": bool(request.user.country_id)
            and request.user.has_perm("declarations.propose_amendment", declaration),
            "can_decide": request.user.has_perm("declarations.decide_amendment"),
        },
    )


def _outdated_note(paragraph: Paragraph, code: str) -> str:
    source = outdated_source(paragraph, "text", code)
    return translation_note_text(source) if source else ""


def _paragraph_context(paragraph: Paragraph) -> dict:
    kind, number = paragraph_label(paragraph)
    return {
        "paragraph": paragraph,
        "declaration": paragraph.declaration,
        "number": number,
        "texts": [
            (
                code,
                _language_name(code),
                getattr(paragraph, f"text_{code}") or "",
                _outdated_note(paragraph, code),
            )
            for code in LANGUAGE_CODES
        ],
    }


@login_required
def amendment_propose_view(request, pk):
    _negotiator(request)
    paragraph = get_object_or_404(
        Paragraph.objects.select_related("declaration"), pk=pk, deleted=False
    )
    declaration = paragraph.declaration
    if not request.user.has_perm("declarations.propose_amendment", declaration):
        messages.error(
            request,
            _(
                "Amendments can be proposed only while the declaration is under negotiation; "
                "“%(title)s” is “%(status)s”."
            )
            % {"title": declaration.title, "status": declaration.get_status_display()},
        )
        return redirect("declarations:negotiations")
    context = _paragraph_context(paragraph)
    if request.method != "POST":
        newest = paragraph.amendments.order_by("-id").values_list("id", flat=True).first()
        form = AmendmentForm(
            initial={
                "language": get_language(),
                "version": paragraph.version,
                "seen": newest or 0,
            }
        )
        return render(request, "declarations/amendment_form.html", {**context, "form": form})

    form = AmendmentForm(request.POST)
    if not form.is_valid():
        return render(request, "declarations/amendment_form.html", {**context, "form": form})
    data = form.cleaned_data
    seen = data.get("seen") or 0
    try:
        amendment = amendment_propose(
            paragraph=paragraph,
            by=request.user,
            action=data["action"],
            language=data["language"],
            text=data["text"],
            rationale=data["rationale"],
            base_version=data["version"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("declarations:negotiations")

    paragraph.refresh_from_db()
    pending = list(paragraph_pending_amendments(paragraph=paragraph))
    others_since = [a for a in pending if a.pk > seen and a.pk != amendment.pk]
    if paragraph.version != data["version"] or others_since:
        # Nothing is lost: the proposal is saved. The delegate reads what changed.
        return render(
            request,
            "declarations/amendment_conflict.html",
            {
                **_paragraph_context(paragraph),
                "amendment": amendment,
                "pending": pending,
                "text_changed": paragraph.version != data["version"],
                "current_text": getattr(paragraph, f"text_{amendment.language}") or "",
            },
        )
    messages.success(
        request,
        _("Your country's amendment is proposed. The Secretariat will decide on it."),
    )
    url = reverse("declarations:negotiation", kwargs={"pk": declaration.pk})
    return redirect(f"{url}#paragraph-{paragraph.pk}")


@login_required
@require_POST
def amendment_withdraw(request, pk):
    _negotiator(request)
    amendment = get_object_or_404(Amendment.objects.select_related("paragraph"), pk=pk)
    if amendment.country_id != request.user.country_id:
        raise Http404
    if not request.user.has_perm("declarations.withdraw_amendment", amendment):
        messages.error(
            request,
            _("An amendment that is “%(status)s” cannot be withdrawn.")
            % {"status": amendment.get_status_display()},
        )
    else:
        withdraw(amendment=amendment, by=request.user)
        messages.success(request, _("Your country's amendment is withdrawn."))
    return redirect("declarations:negotiation", pk=amendment.paragraph.declaration_id)


# The Secretariat.


@login_required
def amendment_review(request, pk):
    if not request.user.has_perm("declarations.decide_amendment"):
        raise PermissionDenied(_("Only the Secretariat decides on amendments."))
    amendment = get_object_or_404(
        Amendment.objects.select_related(
            "paragraph__declaration", "country", "proposed_by", "decided_by"
        ),
        pk=pk,
    )
    paragraph = amendment.paragraph
    initial_text = amendment.text
    form = AmendmentDecisionForm(
        request.POST or None, initial={"text": initial_text}, amendment=amendment
    )
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        note = form.cleaned_data["note"]
        try:
            if decision == AmendmentDecision.ACCEPT:
                amendment_accept(
                    amendment=amendment,
                    by=request.user,
                    note=note,
                    translations=form.translations(),
                )
            elif decision == AmendmentDecision.MERGE:
                amendment_merge(
                    amendment=amendment,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    note=note,
                    translations=form.translations(),
                )
            else:
                amendment_reject(amendment=amendment, by=request.user, note=note)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            amendment.refresh_from_db()
            messages.success(
                request,
                _("The amendment is now “%(status)s”.")
                % {"status": amendment.get_status_display()},
            )
            return redirect("declarations:review_amendment", pk=amendment.pk)
    paragraph.refresh_from_db()
    return render(
        request,
        "declarations/amendment_review.html",
        {
            **_paragraph_context(paragraph),
            "amendment": amendment,
            "form": form,
            "stale": amendment.is_pending
            and amendment.action != AmendmentAction.INSERT_AFTER
            and amendment.is_stale(),
            "current_text": getattr(paragraph, f"text_{amendment.language}") or "",
            "others": [
                a for a in paragraph_pending_amendments(paragraph=paragraph) if a.pk != amendment.pk
            ],
        },
    )
