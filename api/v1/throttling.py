"""A limit on API requests per person (settings.API_RATE_LIMIT), counted in the cache (Redis in
production, shared by all app processes): all their keys and their browser together, so a second
key buys nothing. Authentication comes first, so this counts people, never addresses."""

from django.conf import settings
from ninja.throttling import UserRateThrottle


class PersonRateThrottle(UserRateThrottle):
    scope = "person"

    def __init__(self):
        super().__init__(rate=settings.API_RATE_LIMIT)

    def allow_request(self, request) -> bool:
        # Read per request: the limit is a setting, not fixed when the URLs are loaded.
        self.rate = settings.API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
