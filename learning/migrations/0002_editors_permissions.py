"""Wagtail's Editors and Moderators manage speakers, series and registrations (list, export,
attendance, messages) and see the network report."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    "add_speaker", "change_speaker", "delete_speaker", "view_speaker",
    "add_series", "change_series", "delete_series", "view_series",
    "change_registration", "view_registration",
]


def forwards(apps, schema_editor):
    # Permissions are normally made after all migrations; these groups need them now.
    app_config = apps.get_app_config("learning")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="learning", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_webinars"), ("wagtailcore", "0002_initial_data")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
