"""Wagtail's Editors keep the list of the network's organisations."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["add_organisation", "change_organisation", "delete_organisation", "view_organisation"]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("accounts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="accounts", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_organisation_from_text"), ("wagtailcore", "0002_initial_data")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
