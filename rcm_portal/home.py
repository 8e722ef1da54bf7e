"""The home page: a few of the newest items of each kind the portal holds, each kind with a
link to its full list. Top-level wiring: it reads every app's selectors, and no app reads it.

Each section shows a fixed number of items and reads them in a fixed number of queries, so
that the page costs the same whatever the size of the archive."""

from django.shortcuts import render
from django.utils.translation import get_language

from declarations.selectors import declarations_public
from members.selectors import countries_member_count
from practices.selectors import practices_published
from roadmaps.selectors import PROGRESS_RULE, roadmaps_progress, roadmaps_public
from workshops.selectors import (
    documents_in_language,
    documents_latest_published,
    workshops_public,
    workshops_recent,
    workshops_upcoming,
)

# How many items each section shows.
HOME_WORKSHOPS = 3
HOME_PRACTICES = 3
HOME_DECLARATIONS = 3
HOME_ROADMAPS = 3
HOME_DOCUMENTS = 5


def home(request):
    roadmaps = list(roadmaps_public()[:HOME_ROADMAPS])
    documents = documents_latest_published(limit=HOME_DOCUMENTS)
    return render(
        request,
        "home.html",
        {
            "member_count": countries_member_count(),
            "upcoming_workshops": workshops_upcoming(workshops_public())[:HOME_WORKSHOPS],
            "recent_workshops": workshops_recent(workshops_public())[:HOME_WORKSHOPS],
            "practices": practices_published()[:HOME_PRACTICES],
            "declarations": declarations_public()[:HOME_DECLARATIONS],
            "roadmaps": roadmaps_progress(roadmaps=roadmaps, with_details=False),
            "progress_rule": PROGRESS_RULE,
            "documents": documents_in_language(documents=documents, language=get_language()),
        },
    )
