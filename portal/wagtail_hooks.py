"""The admin's display of booleans in inspect views: Ja / Nee (portal/admin_ui.py)."""

from django.db import models
from wagtail.admin.ui.fields import register_display_class

from portal.admin_ui import YesNoDisplay

register_display_class(models.BooleanField, display_class=YesNoDisplay)
