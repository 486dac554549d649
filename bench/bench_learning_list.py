"""The Leerplatform list (anonymous) with 500 webinars, and a webinar page with 1,000
registrations, against the bare Django view served by the same daphne in the same run."""

from bench.common import load, prepared_database, rss_mb, server

SETUP = """
from datetime import timedelta
from django.utils import timezone
from accounts.models import User
from learning.models import Registration, Speaker, WebinarIndexPage, WebinarPage, WebinarSpeaker
index = WebinarIndexPage.objects.get()
speakers = [Speaker.objects.create(name=f"Spreker {n}") for n in range(20)]
now = timezone.now()
for number in range(500):
    start = now + timedelta(days=1 + number % 300, hours=number % 7)
    page = index.add_child(instance=WebinarPage(
        title=f"Benchwebinar {number}", slug=f"bench-{number}", start=start,
        end=start + timedelta(hours=1), audience="everyone", capacity=2000,
        summary="Een webinar om te meten."))
    page.topics.add(f"onderwerp-{number % 10}")
    page.save()
    for position in range(3):
        WebinarSpeaker.objects.create(page=page, speaker=speakers[(number + position) % 20],
                                      sort_order=position)
big = WebinarPage.objects.get(slug="bench-0")
users = User.objects.bulk_create(
    [User(email=f"bench{n}@bibliotheek.test", display_name=f"Bench {n}") for n in range(1000)])
Registration.objects.bulk_create(
    [Registration(webinar=big, user=user, status="registered") for user in users])
"""


def run() -> dict:
    with prepared_database(["shell", "-c", SETUP]) as env, server(env) as (base, pid):
        baseline = load(base + "/bench/bare/")
        listing = load(base + "/leerplatform/")
        webinar = load(base + "/leerplatform/bench-0/")
        return {
            "baseline": baseline,
            "learning_list": listing,
            "webinar_page_1000_registrations": webinar,
            "ratio": round(listing["requests_per_second"] / baseline["requests_per_second"], 3),
            "webinar_page_ratio": round(
                webinar["requests_per_second"] / baseline["requests_per_second"], 3
            ),
            "server_rss_mb": round(rss_mb(pid), 1),
            "summary": (
                f"list (500 webinars) {listing['requests_per_second']} req/s, webinar page "
                f"(1000 registrations) {webinar['requests_per_second']} req/s vs bare view "
                f"{baseline['requests_per_second']} req/s"
            ),
        }
