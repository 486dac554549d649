"""Django's database sessions, refusing session cookies that no session could have.

Django only checks a session key's length before looking it up; a cookie holding a NUL character
then makes PostgreSQL refuse the query and the request fail with a server error, on every page
(found by schemathesis through the API, whose documentation names the session cookie). A key
Django made is 32 lowercase letters and digits; anything else is no session."""

import re

from django.contrib.sessions.backends import db

_SESSION_KEY = re.compile(r"[a-z0-9]{8,40}")


class SessionStore(db.SessionStore):
    def _validate_session_key(self, key):
        return bool(key) and _SESSION_KEY.fullmatch(key) is not None
