"""The recorded webinars, with what the rule for watching a recording tests: every search asks
which recordings the person may watch (learning/models.py, WebinarPage.Meta)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("learning", "0004_calendar_state_live_url")]

    operations = [
        migrations.AddIndex(
            model_name="webinarpage",
            index=models.Index(
                condition=models.Q(("recording", ""), _negated=True),
                fields=["page_ptr"],
                include=("audience", "audience_group", "recording_audience", "recording_group"),
                name="learning_webinar_recorded",
            ),
        ),
    ]
