"""What other programs read: workshop dates as iCalendar, outcome documents as Atom, and
the document files themselves. Only public data goes out: no participant ever appears."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from rcm_portal.downloads import stored_file_response

from .contributions import documents_superseded
from .models import OutcomeDocument, Workshop, WorkshopStatus
from .selectors import documents_latest_published, workshop_calendar_description, workshops_dated

CALENDAR_PRODID = "-//RCM Portal//Workshops//EN"
DOCUMENTS_IN_FEED = 30

EVENT_STATUS = {
    WorkshopStatus.CANCELLED: "CANCELLED",
    WorkshopStatus.SCHEDULED: "CONFIRMED",
    WorkshopStatus.HELD: "CONFIRMED",
    WorkshopStatus.REPORTED: "CONFIRMED",
}


def _example_marked(text: str, *, workshop: Workshop) -> str:
    """A title that says so when the workshop is an illustrative example (DESIGN.md)."""
    if not workshop.is_example:
        return str(text)
    return gettext("%(title)s (example)") % {"title": text}


def _example_line() -> str:
    return gettext(
        "The objectives and texts of this workshop come from RCM documents; its dates, "
        "participation, agenda and documents are illustrative examples, not RCM records."
    )


# --- iCalendar ------------------------------------------------------------------------------


def _utc(moment: datetime.datetime) -> datetime.datetime:
    # RFC 5545 wants DTSTAMP and LAST-MODIFIED in UTC.
    return moment.astimezone(datetime.UTC)


def _workshop_event(*, workshop: Workshop, request):
    from icalendar import Event

    event = Event()
    event.add("uid", f"workshop-{workshop.pk}@rcm-portal")
    event.add("dtstamp", _utc(workshop.updated_at))
    event.add("last-modified", _utc(workshop.updated_at))
    # All-day events: dates, with an end date the day after the last day (exclusive).
    event.add("dtstart", workshop.start_date)
    last_day = workshop.end_date or workshop.start_date
    event.add("dtend", last_day + datetime.timedelta(days=1))
    event.add("summary", _example_marked(workshop.title, workshop=workshop))
    description = workshop_calendar_description(workshop=workshop)
    if workshop.is_example:
        description = "\n\n".join(part for part in (_example_line(), description) if part)
    if description:
        event.add("description", description)
    location = ", ".join(str(part) for part in (workshop.venue, workshop.host_country) if part)
    if location:
        event.add("location", location)
    event.add("url", request.build_absolute_uri(workshop.get_absolute_url()))
    event.add("status", EVENT_STATUS.get(workshop.status, "TENTATIVE"))
    return event


def _calendar_response(*, workshops, request, filename: str) -> HttpResponse:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", CALENDAR_PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", str(_("RCM workshops")))
    for workshop in workshops:
        calendar.add_component(_workshop_event(workshop=workshop, request=request))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=filename
    )
    return response


def workshops_calendar(request):
    """Every workshop with a date; cancelled ones stay, marked so, to clear subscribers."""
    return _calendar_response(
        workshops=workshops_dated(), request=request, filename="rcm-workshops.ics"
    )


def workshop_calendar(request, slug):
    workshop = get_object_or_404(workshops_dated().filter(slug=slug))
    return _calendar_response(workshops=[workshop], request=request, filename=f"{slug}.ics")


# --- Atom feed of outcome documents ---------------------------------------------------------


def _edition_date(document) -> str:
    return formats.date_format(timezone.localtime(document.published_at), "DATE_FORMAT")


def edition_of(document) -> str:
    """“Edition of <date>”: the date a document was published, which names its edition."""
    if document.published_at is None:
        return ""
    return gettext("Edition of %(date)s") % {"date": _edition_date(document)}


class OutcomeDocumentsFeed(Feed):
    feed_type = Atom1Feed
    title = _("RCM workshop outcome documents")
    subtitle = _(
        "Conclusions, recommendations and reports of the workshops of the Regional "
        "Conference on Migration."
    )
    author_name = _("Regional Conference on Migration")

    def get_object(self, request, *args, **kwargs):
        # The request travels as the feed's object: the feed instance is shared by threads.
        return request

    def link(self):
        return reverse("workshops:list")

    def items(self, request):
        language = get_language()
        documents = list(documents_latest_published(limit=DOCUMENTS_IN_FEED))
        superseded = documents_superseded(documents)
        for document in documents:
            document.superseded_by = superseded.get(document.pk)
            file_language, _file = document.file_for(language)
            document.feed_link = reverse(
                "workshops:document_download",
                kwargs={
                    "slug": document.workshop.slug,
                    "pk": document.pk,
                    "language": file_language,
                },
            )
            # Stays the same when a translation of the file arrives later.
            document.feed_id = request.build_absolute_uri(
                f"{document.workshop.get_absolute_url()}#document-{document.pk}"
            )
        return documents

    def item_title(self, document):
        workshop = document.workshop
        return _example_marked(f"{document.title} — {workshop.title}", workshop=workshop)

    def item_description(self, document):
        parts = [
            _("%(kind)s of the workshop “%(workshop)s”")
            % {"kind": document.get_kind_display(), "workshop": document.workshop.title},
            edition_of(document),
        ]
        if document.superseded_by is not None:
            parts.append(
                gettext("Superseded by the edition of %(date)s")
                % {"date": _edition_date(document.superseded_by)}
            )
        description = ". ".join(str(part) for part in parts if part) + "."
        if document.workshop.is_example:
            return f"{description} {_example_line()}"
        return description

    def item_link(self, document):
        return document.feed_link

    def item_guid(self, document):
        return document.feed_id

    def item_pubdate(self, document):
        return document.published_at

    def item_updateddate(self, document):
        # A document has no edit time of its own: publication is its last public change.
        return document.published_at


# --- Document files -------------------------------------------------------------------------


def outcome_document_download(request, slug, pk, language):
    """The file of a document in exactly this language; choosing a fallback language is
    the page's job, so that a link never changes what it points to. Published documents
    are public; the others only for the staff who may see them (the administration links
    here)."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    document = get_object_or_404(OutcomeDocument.objects.filter(workshop__slug=slug), pk=pk)
    if not request.user.has_perm("workshops.download_document", document):
        raise Http404
    stored = getattr(document, f"file_{language}")
    return stored_file_response(
        stored,
        private=not document.published,
        as_attachment=not document.published,
    )
