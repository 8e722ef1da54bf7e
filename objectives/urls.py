from django.urls import path

from . import views

app_name = "objectives"

urlpatterns = [
    path("", views.gcm_index, name="gcm"),
]
