from django.urls import path

from . import views
from .feeds import (
    OutcomeDocumentsFeed,
    outcome_document_download,
    workshop_calendar,
    workshops_calendar,
)

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("calendar.ics", workshops_calendar, name="calendar"),
    path("documents/feed/", OutcomeDocumentsFeed(), name="documents_feed"),
    path("<slug:slug>/calendar.ics", workshop_calendar, name="workshop_calendar"),
    path(
        "<slug:slug>/documents/<int:pk>/<str:language>/",
        outcome_document_download,
        name="document_download",
    ),
    path("<slug:slug>/", views.workshop_detail, name="detail"),
]
