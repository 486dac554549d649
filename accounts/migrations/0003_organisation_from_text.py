"""Every distinct organisation name people typed becomes an Organisation, linked to them."""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Organisation = apps.get_model("accounts", "Organisation")
    by_name = {}
    for user in User.objects.exclude(organisation="").filter(library__isnull=True):
        name = " ".join(user.organisation.split())
        key = name.casefold()
        if key not in by_name:
            by_name[key] = (
                Organisation.objects.filter(name__iexact=name).first()
                or Organisation.objects.create(name=name)
            )
        user.library = by_name[key]
        user.save(update_fields=["library"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_organisation")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
