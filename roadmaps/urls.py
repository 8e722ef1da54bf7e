from django.urls import path

from . import views

app_name = "roadmaps"

urlpatterns = [
    path("", views.roadmap_list, name="list"),
    # What delegates do for their country.
    path("mine/", views.action_mine, name="mine"),
    path("mine/actions/<int:pk>/", views.action_report, name="report"),
    path("updates/<int:pk>/evidence/", views.progress_evidence, name="evidence"),
    # A roadmap's public progress dashboard.
    path("<slug:slug>/", views.roadmap_dashboard, name="dashboard"),
]
