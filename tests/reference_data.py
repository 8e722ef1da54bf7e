"""The reference data the migrations add (countries and organizations, the GCM, themes and
target populations, the RCM bodies). A test that commits (transaction=True) ends by
emptying every table: the next one of its kind puts them back with this."""

import importlib

from django.apps import apps

DATA_MIGRATIONS = [
    ("members.migrations.0002_reference_data", "add_reference_data"),
    ("objectives.migrations.0002_gcm_reference", "add_gcm"),
    ("practices.migrations.0002_reference_data", "load"),
    ("workshops.migrations.0002_rcm_bodies", "add_bodies"),
    ("workshops.migrations.0009_themes_shared", "add_themes"),
    ("practices.migrations.0011_involuntary_returnees", "forwards"),
]
# Models the migrations name where they were then, and where they are now.
MOVED = {("practices", "theme"): ("workshops", "Theme")}


class _Apps:
    """The app registry, as the data migrations ask it for their models."""

    def get_model(self, app_label, model_name):
        return apps.get_model(*MOVED.get((app_label, model_name.lower()), (app_label, model_name)))


def reference_data_restore() -> None:
    """Run the data migrations' functions again; each updates or creates, so twice is once."""
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(_Apps(), None)
