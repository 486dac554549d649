from django.conf import settings
from django.db import models


class Person(models.Model):
    """What the provider knows beyond Django's user: whether it checked the e-mail address, the
    organisation it vouches for, and the id of the person's current session at the provider."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    email_verified = models.BooleanField(default=True)
    organisation = models.CharField(max_length=200, blank=True)
    sid = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return self.user.email
