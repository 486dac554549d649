"""Unified search: indexing time, and p50/p95 latency of varied queries (single words, common
words, phrases, Dutch inflections) as a member of 5 groups and as staff (no permission filter).

The issue asks for 100,000 items on PostgreSQL with 10 concurrent clients; this machine has two
cores shared by several people, so the size and the clients are environment variables:

    BENCH_SEARCH_ITEMS=5000 BENCH_SEARCH_CLIENTS=1 BENCH_SEARCH_QUERIES=200 make bench BENCH=search
    DATABASE_URL=postgres://... BENCH_SEARCH_ITEMS=100000 BENCH_SEARCH_CLIENTS=10 make bench ...

Latency is measured in-process around the search selector (results page of 10 hits, their
snippets, the counts and all facets), i.e. what the view does minus template rendering. Mixed
items: 5% groups (a third each public, members-only, secret), 25% webinars (at most 2,000: page
tree inserts are slow), the rest library documents with 5 pages of extracted text.
"""

import json
import os
import subprocess
import sys

from bench.common import ROOT, prepared_database

SCRIPT = r"""
import json, os, random, statistics, threading, time
from datetime import timedelta
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from accounts.models import User
from cooperation.models import Document, DocumentVersion, Group, Membership
from learning.models import WebinarIndexPage, WebinarPage
from portal.models import PortalDocument
from search import selectors
from search.highlight import snippet

ITEMS = int(os.environ.get("BENCH_SEARCH_ITEMS", "5000"))
QUERIES = int(os.environ.get("BENCH_SEARCH_QUERIES", "200"))
CLIENTS = int(os.environ.get("BENCH_SEARCH_CLIENTS", "1"))
random.seed(8)
WORDS = ("bibliotheek bibliotheken lezer lezers leesbevordering collectie uitlening boeken boek "
         "jeugd scholen school digitaal erfgoed archief coöperatie werkgroep stuurgroep begroting "
         "jaarplan vrijwilliger vrijwilligers programma activiteit activiteiten taal geletterdheid "
         "laaggeletterdheid mediawijsheid cultuur cultuurhuis makerspace podcast tentoonstelling "
         "de het een en van in op voor met over naar bij").split()

def text(words):
    return " ".join(random.choice(WORDS) for _ in range(words))

owner = User.objects.create(email="eigenaar@bench.test", display_name="Eigenaar")
member = User.objects.create(email="lid@bench.test", display_name="Lid")
staff = User.objects.create(email="staf@bench.test", display_name="Staf", is_staff=True,
                            is_superuser=True)
n_groups = max(10, ITEMS // 20)
visibilities = ["public", "members", "secret"]
groups = Group.objects.bulk_create([
    Group(name=f"Werkgroep {n} {random.choice(WORDS)}", slug=f"werkgroep-{n}",
          visibility=visibilities[n % 3], description=text(30)) for n in range(n_groups)])
Membership.objects.bulk_create([Membership(group=g, user=member) for g in groups[:5]])
n_webinars = min(ITEMS // 4, 2000)  # page tree inserts are slow; capped
n_documents = ITEMS - n_groups - n_webinars
files = PortalDocument.objects.bulk_create([
    PortalDocument(title=f"Bestand {n}", file=f"bench/{n}.pdf",
                   extracted_text="\n\f".join(text(120) for _ in range(5)))
    for n in range(n_documents)])
documents = Document.objects.bulk_create([
    Document(group=groups[n % n_groups], title=f"{text(4)} {n}", description=text(20))
    for n in range(n_documents)])
versions = DocumentVersion.objects.bulk_create([
    DocumentVersion(document=d, number=1, file=f, original_name=f"{d.pk}.pdf", size=1,
                    sha256="0" * 64, content_type="application/pdf")
    for d, f in zip(documents, files)])
for d, v in zip(documents, versions):
    d.current_version = v
Document.objects.bulk_update(documents, ["current_version"], batch_size=1000)
index = WebinarIndexPage.objects.get()
now = timezone.now()
for n in range(n_webinars):
    start = now + timedelta(days=n % 400 - 200)
    index.add_child(instance=WebinarPage(
        title=f"Webinar {text(3)} {n}", slug=f"bench-{n}", start=start,
        end=start + timedelta(hours=1), audience=random.choice(["everyone", "members"]),
        summary=text(40), body=f"<p>{text(80)}</p>"))

started = time.perf_counter()
call_command("update_index", verbosity=0)
indexing = time.perf_counter() - started

queries = []
for n in range(QUERIES):
    kind = n % 4
    if kind == 0:
        queries.append(random.choice(WORDS[:36]))  # single word
    elif kind == 1:
        queries.append(random.choice(["de bibliotheek", "het boek", "een school", "van de lezers"]))
    elif kind == 2:
        queries.append(" ".join(random.sample(WORDS[:36], 2)))  # two words
    else:
        queries.append(random.choice(["bibliotheken", "vrijwilligers", "activiteiten", "lezers",
                                      "cooperatie", "scholen", "boeken", "cultuurhuizen"]))

def one(user, query):
    results, facets = selectors.search(user=user, query=query, filters=selectors.Filters())
    for hit in results[0:10]:
        snippet(hit.text, query)
    results.count()

def measure(user):
    for query in queries[:5]:
        one(user, query)  # warm-up
    # Closed as the server closes it after each request (on SQLite this keeps planner statistics).
    connection.close()
    timings, lock = [], threading.Lock()
    chunks = [queries[i::CLIENTS] for i in range(CLIENTS)]
    def client(chunk):
        for query in chunk:
            started = time.perf_counter()
            one(user, query)
            with lock:
                timings.append((time.perf_counter() - started) * 1000)
        connection.close()
    threads = [threading.Thread(target=client, args=(chunk,)) for chunk in chunks]
    [t.start() for t in threads]
    [t.join() for t in threads]
    timings.sort()
    return {"p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
            "queries": len(timings)}

if os.environ.get("BENCH_SEARCH_PROFILE"):
    import cProfile, pstats, io
    profile = cProfile.Profile()
    profile.enable()
    for query in queries[:10]:
        one(member, query)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(40)
    print(out.getvalue())
    from django.db import reset_queries
    from django.conf import settings as django_settings
    django_settings.DEBUG = True
    reset_queries()
    one(member, "bibliotheken")
    for q in connection.queries:
        print(q["time"], q["sql"][:300])

as_member, as_staff = measure(member), measure(staff)
print("RESULT " + json.dumps({
    "database": connection.vendor, "items": ITEMS, "groups": n_groups, "webinars": n_webinars,
    "documents": n_documents, "clients": CLIENTS, "indexing_seconds": round(indexing, 1),
    "member_of_5_groups": as_member, "staff": as_staff,
    "ratio": round(as_member["p95_ms"] / as_staff["p95_ms"], 3),
}))
"""


def run() -> dict:
    with prepared_database() as env:
        process = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "-c", SCRIPT],
            env={**env, "TASKS_BACKEND": "immediate"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    if os.environ.get("BENCH_SEARCH_PROFILE"):
        print(process.stdout)
    line = next(line for line in process.stdout.splitlines() if line.startswith("RESULT "))
    figures = json.loads(line.removeprefix("RESULT "))
    figures["summary"] = (
        f"{figures['database']}, {figures['items']} items: "
        f"indexing {figures['indexing_seconds']} s;"
        f" member of 5 groups p50 {figures['member_of_5_groups']['p50_ms']} ms"
        f" p95 {figures['member_of_5_groups']['p95_ms']} ms; staff p50"
        f" {figures['staff']['p50_ms']} ms p95 {figures['staff']['p95_ms']} ms"
    )
    return figures


if __name__ == "__main__":
    os.environ.setdefault("BENCH_SEARCH_ITEMS", "5000")
    print(run()["summary"])
