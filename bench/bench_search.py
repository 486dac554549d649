"""Unified search, on the database path and on a search engine side by side (the same items
and queries; the engine when BENCH_SEARCH_URL, default opensearch://127.0.0.1:9200, answers):
indexing time, and p50/p95 latency of varied queries (single words, common
words, phrases, Dutch inflections) as a member of 5 groups and as staff (no permission filter),
with concurrent clients; the query plans of one search (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN
QUERY PLAN on SQLite) go into the results.

    make bench BENCH=search                                   # SQLite, 2,000 items, 10 clients
    BENCH_SEARCH_ITEMS=100000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/kp \\
        make bench BENCH=search                               # the issue's size, on PostgreSQL

BENCH_SEARCH_ITEMS (default 2,000), BENCH_SEARCH_CLIENTS (10), BENCH_SEARCH_QUERIES (200);
BENCH_SEARCH_PROFILE=1 prints a cProfile of ten searches and the SQL of one. With PostgreSQL the
run gets its own database (`<name>_bench`, see bench/common.py); BENCH_KEEP_DATABASE=1 keeps it,
and BENCH_SEARCH_REUSE=1 with DATABASE_URL naming such a kept database measures the searches
again without creating and indexing the items.

The items are written with bulk inserts (pages too: their tree paths are computed here) and then
indexed by `update_index`, whose duration is the indexing time. Mixed items: 5% groups (a third
each public, members-only, secret), 10% webinars (one in six with a recording: an hour of
captions, 40 chat messages, 5 answered questions), 1% speakers, the rest library documents with
5 pages of extracted text (about 200 words a page). Words follow Zipf's law over a vocabulary of
Dutch stop words, library words and about 20,000 rarer words, so a common word is in most
documents and a rare one in a few, as in real text.

Latency is measured in-process around what the results page does (search selector: page of 10
hits with their snippets, counts and all facets) minus template rendering. Each client is its own
process with its own database connection, as the server's processes would be.
"""

import json
import os
import subprocess
import sys

from bench.common import ROOT, prepared_database


def _words(text: str) -> list[str]:
    return text.split()


STOP_WORDS = _words(
    "de het een en van in op voor met over naar bij is zijn dat die te aan er niet ook als om "
    "door we ze worden wordt kan dit nog"
)
LIBRARY_WORDS = _words(
    "bibliotheek lezers collectie boeken leesbevordering uitlening jeugd scholen digitaal "
    "erfgoed archief coöperatie werkgroep stuurgroep begroting jaarplan vrijwilligers programma "
    "activiteiten taal geletterdheid laaggeletterdheid mediawijsheid cultuur cultuurhuis "
    "makerspace podcast tentoonstelling bibliotheken lezer boek school vrijwilliger activiteit "
    "leesclub leesclubs voorlezen kinderen ouders peuters senioren nieuwkomers taalcafé "
    "informatiepunt overheid dienstverlening netwerk samenwerking gemeente provincie subsidie "
    "evaluatie onderzoek rapport verslag notulen agenda vergadering besluit beleidsplan "
    "huisvesting vestiging vestigingen openingstijden zelfservice catalogus aanwinsten "
    "e-books luisterboeken tijdschriften kranten studiezaal lesmateriaal workshop workshops "
    "cursus cursussen lezing lezingen debat festival schrijver schrijvers dichter poëzie "
    "romans jeugdboeken prentenboeken strips muziek film theater kunst educatie"
)
ONSETS = _words("b d f g h k l m n p r s t v w z br dr gr kl kr pl pr sl sp st str tr schr")
VOWELS = _words("a e i o u aa ee oo uu ie oe eu ui ei ij ou")
CODAS = _words("k l m n p r s t rd rk lm nd ng nk rs st cht")
INFLECTIONS = _words(
    "bibliotheken vrijwilligers activiteiten lezers cooperatie scholen boeken cultuurhuizen "
    "leesclubjes tentoonstellingen werkgroepen vergaderingen samenwerkingen schrijvers collecties"
)


def vocabulary(rare_count: int = 20_000) -> list[str]:
    """The words in order of frequency: stop words first, then library words spread over ranks
    40 to 3,000 (the first one is in nine documents out of ten, the last in one out of twenty),
    between made-up rarer words."""
    import random

    rng = random.Random(8)
    rare: dict[str, None] = {}
    while len(rare) < rare_count:
        syllables = rng.choice((2, 2, 3))
        word = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)
        )
        if word not in LIBRARY_WORDS:
            rare.setdefault(word)
    words = [*STOP_WORDS, *rare]
    for position, word in enumerate(LIBRARY_WORDS):
        words.insert(40 + position * 25, word)
    return words


def rare_words(words: list[str]) -> list[str]:
    return [word for word in words[len(STOP_WORDS) :] if word not in LIBRARY_WORDS]


def workload() -> None:
    """Runs inside `manage.py shell` on a fresh, migrated database; prints one RESULT line."""
    import random
    import time

    from django.core.management import call_command
    from django.db import connection

    items = int(os.environ.get("BENCH_SEARCH_ITEMS", "2000"))
    clients = int(os.environ.get("BENCH_SEARCH_CLIENTS", "10"))
    n_queries = int(os.environ.get("BENCH_SEARCH_QUERIES", "200"))

    rng = random.Random(8)
    words = vocabulary()
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    cumulative = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)

    def text(count: int) -> str:
        return " ".join(rng.choices(words, cum_weights=cumulative, k=count))

    from django.conf import settings

    engine = settings.SEARCH_ENGINE
    if engine != "database":
        # The database path's items of this run, indexed into the engine: the same items and
        # queries on both.
        people, counts, created, _ = _existing_items()
        items = sum(counts.values()) - counts["recordings"]
        indexing = None
        if not (os.environ.get("BENCH_SEARCH_REUSE") and _engine_has_items()):
            started = time.perf_counter()
            call_command("update_index", verbosity=0)
            indexing = time.perf_counter() - started
        table_filling = None
    elif os.environ.get("BENCH_SEARCH_REUSE"):
        # The items of an earlier run (BENCH_KEEP_DATABASE=1): only the searches are measured.
        people, counts, created, indexing = _existing_items()
        items = sum(counts.values()) - counts["recordings"]
        table_filling = _fill_search_table()
    else:
        started = time.perf_counter()
        people, counts = _create_items(items, text, rng)
        created = time.perf_counter() - started

        started = time.perf_counter()
        call_command("update_index", verbosity=0)  # also writes the search table
        indexing = time.perf_counter() - started
        table_filling = None
    # The state a production database keeps itself in (autovacuum; on SQLite the PRAGMA
    # optimize of portal/db/sqlite3), rather than that of a fresh bulk load: planner statistics,
    # and on PostgreSQL no dead row versions left by the index's own updates (title_norm).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    connection.close()

    queries = _queries(n_queries, words, rng)
    if os.environ.get("BENCH_SEARCH_PROFILE"):
        _profile(people["member"], queries)

    as_member = _measure(people["member"], queries, clients)
    as_staff = _measure(people["staff"], queries, clients)
    # What one search costs on an otherwise idle machine (with 10 clients on 2 cores, each
    # search also waits for the others).
    one_member = _measure(people["member"], queries, 1)
    one_staff = _measure(people["staff"], queries, 1)
    if engine == "database":
        plans = _plans(people["member"], ["bibliotheek", rare_words(words)[5_000]])
    else:
        plans = _engine_stats()
    print(
        "RESULT "
        + json.dumps(
            {
                "database": connection.vendor,
                "engine": engine,
                "items": items,
                **counts,
                "clients": clients,
                "queries": len(queries),
                "creating_seconds": created and round(created, 1),
                "indexing_seconds": indexing and round(indexing, 1),
                "search_table_filling_seconds": table_filling,
                "member_of_5_groups": as_member,
                "staff": as_staff,
                "filter_overhead_p50_percent": _overhead(as_member, as_staff, "p50_ms"),
                "filter_overhead_p95_percent": _overhead(as_member, as_staff, "p95_ms"),
                "one_client": {
                    "member_of_5_groups": one_member,
                    "staff": one_staff,
                    "filter_overhead_p95_percent": _overhead(one_member, one_staff, "p95_ms"),
                },
                "ratio": round(as_member["p95_ms"] / as_staff["p95_ms"], 3),
                "plans": plans,
            },
            ensure_ascii=False,
        )
    )


def _engine_has_items() -> bool:
    """Whether the engine holds this database's documents from an earlier run (BENCH_SEARCH_REUSE:
    only the searches are measured again)."""
    from modelsearch.backends import get_search_backend

    from cooperation.models import Document

    backend = get_search_backend()
    index = backend.get_index_for_model(Document)
    return (
        index.exists() and backend.es.count(index=index.name)["count"] >= Document.objects.count()
    )


def _engine_stats() -> dict:
    """The search engine's heap and the size of the bench's indexes."""
    from modelsearch.backends import get_search_backend

    es = get_search_backend().es
    jvm = next(iter(es.nodes.stats(metric="jvm")["nodes"].values()))["jvm"]["mem"]
    indexes = es.indices.stats(index="bench_*", metric="store")["_all"]["primaries"]["store"]
    return {
        "heap_used_mb": round(jvm["heap_used_in_bytes"] / 2**20),
        "heap_max_mb": round(jvm["heap_max_in_bytes"] / 2**20),
        "index_size_mb": round(indexes["size_in_bytes"] / 2**20, 1),
    }


def _overhead(member: dict, staff: dict, key: str) -> float:
    return round((member[key] / staff[key] - 1) * 100, 1)


# --- The items ---------------------------------------------------------------------------------


def _existing_items() -> tuple[dict, dict, None, None]:
    from accounts.models import User
    from cooperation.models import Document, Group
    from learning.models import Speaker, WebinarPage
    from search.models import RecordingText

    people = {
        "member": User.objects.get(email="lid@bench.test").pk,
        "staff": User.objects.get(email="staf@bench.test").pk,
    }
    counts = {
        "groups": Group.objects.count(),
        "webinars": WebinarPage.objects.count(),
        "recordings": RecordingText.objects.count(),
        "speakers": Speaker.objects.count(),
        "documents": Document.objects.count(),
    }
    return people, counts, None, None


def _fill_search_table() -> float | None:
    """A kept database from before the search table (PostgreSQL): migrated, and the table written
    from its index entries, as `manage.py refresh_search_table` does after deploying."""
    import time

    from django.core.management import call_command
    from django.db import connection

    from search import table
    from search.models import Item

    call_command("migrate", verbosity=0)
    if connection.vendor != "postgresql" or Item.objects.exists():
        return None
    started = time.perf_counter()
    table.refresh()
    return round(time.perf_counter() - started, 1)


def _create_items(items: int, text, rng) -> tuple[dict, dict]:
    from django.db import transaction

    from accounts.models import User
    from cooperation.models import Document, DocumentVersion, Group, Membership
    from learning.models import Series, Speaker
    from portal.models import PortalDocument

    n_groups = max(10, items // 20)
    n_webinars = max(4, items // 10)
    n_speakers = max(2, items // 100)
    n_documents = items - n_groups - n_webinars - n_speakers
    with transaction.atomic():
        owner = User.objects.create(email="eigenaar@bench.test", display_name="Eigenaar")
        member = User.objects.create(email="lid@bench.test", display_name="Lid")
        staff = User.objects.create(
            email="staf@bench.test", display_name="Staf", is_staff=True, is_superuser=True
        )
        visibilities = ["public", "members", "secret"]
        groups = Group.objects.bulk_create(
            [
                Group(
                    name=f"Werkgroep {text(2)} {n}",
                    slug=f"werkgroep-{n}",
                    visibility=visibilities[n % 3],
                    description=text(40),
                )
                for n in range(n_groups)
            ],
            batch_size=1000,
        )
        # One public, two members-only and two secret groups: the member's five.
        Membership.objects.bulk_create(
            [Membership(group=group, user=member) for group in groups[:5]]
            + [Membership(group=group, user=owner, role="owner") for group in groups]
        )
        Speaker.objects.bulk_create(
            [
                Speaker(name=f"Spreker {text(2)}", organisation=text(2), bio=text(40))
                for _ in range(n_speakers)
            ]
        )
        series = Series.objects.bulk_create(
            [
                Series(title=f"Reeks {text(2)}", slug=f"reeks-{n}", description=text(30))
                for n in range(20)
            ]
        )
        for start in range(0, n_documents, 1000):
            count = min(1000, n_documents - start)
            files = PortalDocument.objects.bulk_create(
                [
                    PortalDocument(
                        title=f"Bestand {start + n}",
                        file=f"bench/{start + n}.pdf",
                        # Five pages, separated as the text extraction separates PDF pages.
                        extracted_text="\f".join(text(200) for _ in range(5)),
                    )
                    for n in range(count)
                ]
            )
            documents = Document.objects.bulk_create(
                [
                    Document(
                        group=groups[(start + n) % n_groups],
                        title=f"{text(4)} {start + n}",
                        description=text(20),
                    )
                    for n in range(count)
                ]
            )
            versions = DocumentVersion.objects.bulk_create(
                [
                    DocumentVersion(
                        document=document,
                        number=1,
                        file=file,
                        original_name=f"{document.pk}.pdf",
                        size=1,
                        sha256="0" * 64,
                        content_type="application/pdf",
                    )
                    for document, file in zip(documents, files, strict=True)
                ]
            )
            for document, version in zip(documents, versions, strict=True):
                document.current_version = version
            Document.objects.bulk_update(documents, ["current_version"])
        recordings = _create_webinars(n_webinars, groups, series, text, rng)
    counts = {
        "groups": n_groups,
        "webinars": n_webinars,
        "recordings": recordings,
        "speakers": n_speakers,
        "documents": n_documents,
    }
    return {"member": member.pk, "staff": staff.pk}, counts


def _create_webinars(count: int, groups, series, text, rng) -> int:
    """Webinar pages without the page tree's one-by-one inserts: paths are computed here and
    pages and their webinar rows are written in bulk. Returns how many have a recording."""
    import uuid
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from taggit.models import Tag

    from learning.models import WebinarIndexPage, WebinarPage, WebinarTopic

    index = WebinarIndexPage.objects.get()
    content_type = ContentType.objects.get_for_model(WebinarPage)
    last = index.get_last_child()
    step = WebinarPage._str2int(last.path[-4:]) if last else 0
    now = timezone.now()
    audiences = ["everyone", "members", "group"]
    pages = []
    for n in range(count):
        start = now + timedelta(days=n % 700 - 500, hours=n % 9)
        audience = audiences[n % 3]
        pages.append(
            WebinarPage(
                title=f"Webinar {text(3)} {n}",
                draft_title=f"Webinar {n}",
                slug=f"bench-{n}",
                path=WebinarPage._get_path(index.path, index.depth + 1, step + n + 1),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}bench-{n}/",
                content_type=content_type,
                locale_id=index.locale_id,
                translation_key=uuid.uuid4(),
                live=True,
                first_published_at=now,
                last_published_at=now,
                start=start,
                end=start + timedelta(hours=1),
                audience=audience,
                audience_group=groups[n % 5] if audience == "group" else None,
                series=series[n % len(series)] if n % 2 else None,
                summary=text(40),
                body=f"<p>{text(150)}</p>",
                recording=f"learning/recordings/{n}.mp4" if n % 4 == 0 and start < now else "",
                recording_audience=audiences[(n // 4) % 3],
                recording_group=groups[(n + 1) % 5],
            )
        )
    _bulk_insert_pages(pages)
    index.numchild += count
    index.save(update_fields=["numchild"])
    tags = [
        Tag.objects.get_or_create(slug=name, defaults={"name": name})[0]
        for name in LIBRARY_WORDS[:15]
    ]
    WebinarTopic.objects.bulk_create(
        [
            WebinarTopic(content_object_id=page.pk, tag=tags[n % len(tags)])
            for n, page in enumerate(pages)
        ]
    )
    return _create_recording_texts([page for page in pages if page.recording], text, rng)


def _bulk_insert_pages(pages) -> None:
    """Page rows through bulk_create, then the webinar rows (bulk_create refuses multi-table
    inheritance, so they go through the manager's insert with the page keys set)."""
    from wagtail.models import Page

    from learning.models import WebinarPage

    base_fields = [field.attname for field in Page._meta.concrete_fields if field.attname != "id"]
    for start in range(0, len(pages), 500):
        chunk = pages[start : start + 500]
        bases = Page.objects.bulk_create(
            [Page(**{name: getattr(page, name) for name in base_fields}) for page in chunk]
        )
        for page, base in zip(chunk, bases, strict=True):
            page.id = page.page_ptr_id = base.id
        WebinarPage._base_manager._insert(
            chunk, fields=WebinarPage._meta.local_concrete_fields, using="default"
        )


def _create_recording_texts(webinars, text, rng) -> int:
    """Chat and answered questions of the webinars with a recording, and the searchable text
    written from them and an hour of caption cues (as search.services.recording_text_refresh
    writes it, without reading caption files)."""
    from accounts.models import User
    from live.models import Message, Question, Room
    from live.selectors import searchable_text_for
    from search.models import RecordingText

    author = User.objects.get(email="eigenaar@bench.test")
    texts = []
    for webinar in webinars:
        room = Room.objects.create(kind="webinar", target_pk=str(webinar.pk), state="closed")
        Message.objects.bulk_create(
            [
                Message(room=room, author=author, body=(body := text(12)), body_html=body)
                for _ in range(40)
            ]
        )
        Question.objects.bulk_create(
            [
                Question(room=room, author=author, body=text(10), answer=text(20), answered=True)
                for _ in range(5)
            ]
        )
        texts.append(
            RecordingText.from_parts(
                webinar=webinar,
                cues=[(20 * n, text(15)) for n in range(180)],
                chat=searchable_text_for("webinar", webinar.pk),
            )
        )
    RecordingText.objects.bulk_create(texts, batch_size=200)
    return len(webinars)


# --- The queries -------------------------------------------------------------------------------


def _queries(count: int, words: list[str], rng) -> list[str]:
    library = LIBRARY_WORDS
    rare = rare_words(words)
    queries = []
    for n in range(count):
        kind = n % 4
        if kind == 0:  # single words, from common to rare
            queries.append(rng.choice([rng.choice(library), rng.choice(rare[:2000]),
                                       rng.choice(rare)]))  # fmt: skip
        elif kind == 1:  # the most common library words, alone or after a stop word
            word = rng.choice(library[:12])
            queries.append(rng.choice([word, f"{rng.choice(STOP_WORDS[:6])} {word}"]))
        elif kind == 2:  # phrases of two or three words
            queries.append(" ".join(rng.sample(library[:40], rng.choice((2, 3)))))
        else:  # Dutch inflections
            queries.append(rng.choice(INFLECTIONS))
    return queries


def _search(user, query: str) -> None:
    from search import selectors
    from search.highlight import snippet

    results, _facets = selectors.search(user=user, query=query, filters=selectors.Filters())
    for hit in results[0:10]:
        snippet(hit.text, query)
    results.count()


_USER = {}
_BACKEND = {}  # this client process's PostgreSQL backend


def _database_cpu_ms() -> float | None:
    """CPU time so far of this connection's PostgreSQL backend, when it runs on this machine
    (/proc's schedstat, in nanoseconds)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    if "pid" not in _BACKEND:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _BACKEND["pid"] = cursor.fetchone()[0]
    try:
        with open(f"/proc/{_BACKEND['pid']}/schedstat") as schedstat:
            return int(schedstat.read().split()[0]) / 1e6
    except OSError:  # the server is on another machine
        return None


def _one(args) -> tuple[float, float, float | None]:
    """The search's latency, and the CPU time its Python process and its database backend spent
    on it, in ms."""
    import time

    from accounts.models import User

    user_pk, query = args
    if user_pk not in _USER:
        _USER[user_pk] = User.objects.get(pk=user_pk)
    database_started = _database_cpu_ms()
    started, cpu_started = time.perf_counter(), time.process_time()
    _search(_USER[user_pk], query)
    latency = (time.perf_counter() - started) * 1000
    python_cpu = (time.process_time() - cpu_started) * 1000
    database_ended = _database_cpu_ms()
    database_cpu = None if database_started is None else database_ended - database_started
    return latency, python_cpu, database_cpu


def _measure(user_pk: int, queries: list[str], clients: int) -> dict:
    import multiprocessing
    import statistics

    from django.db import connections

    # Children must not share the parent's connections: each opens its own. With PostgreSQL's
    # pool, closing only returns a connection to the pool, which the children would inherit.
    connections.close_all()
    for connection in connections.all(initialized_only=True):
        if getattr(connection, "pool", None) is not None:
            connection.close_pool()
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        # Warm-up: every client opens its connection and runs a few searches.
        pool.map(_one, [(user_pk, query) for query in queries[: 2 * clients]], chunksize=1)
        measured = pool.map(_one, [(user_pk, query) for query in queries], chunksize=1)
    timings = sorted(latency for latency, _python, _database in measured)
    database = [cpu for _latency, _python, cpu in measured if cpu is not None]
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "max_ms": round(timings[-1], 1),
        # The CPU a search costs, in Django and in PostgreSQL: with the clients and the database
        # on the same cores, 10 clients cannot wait less than 10 × (the two) / the cores.
        "python_cpu_mean_ms": round(statistics.mean(cpu for _l, cpu, _d in measured), 1),
        "database_cpu_mean_ms": round(statistics.mean(database), 1) if database else None,
        "queries": len(timings),
    }


def _plans(user_pk: int, queries: list[str]) -> dict:
    """The plan of every SQL query one search runs, for a common and a rare word."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    user = User.objects.get(pk=user_pk)
    plans = {}
    for query in queries:
        _search(user, query)  # warm
        with CaptureQueriesContext(connection) as captured:
            _search(user, query)
        plans[query] = []
        settings = ""  # the SET LOCAL a statement ran under (search/table.py: no JIT, ...)
        for item in captured.captured_queries:
            sql = item["sql"].lstrip()
            if sql.upper().startswith("SET LOCAL"):
                settings = sql
            elif sql.upper().startswith("SELECT"):  # not BEGIN, SAVEPOINT, ...
                plans[query].append(_plan(connection, sql, settings))
                settings = ""
    return plans


def _plan(connection, sql: str, settings: str = "") -> dict:
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if settings:
                cursor.execute(settings)  # as the search ran the statement
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            lines = [row[0] for row in cursor.fetchall()]
            key = [line.strip() for line in lines if _is_key_line(line)]
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            lines = [row[-1] for row in cursor.fetchall()]
            key = lines
    return {"sql": sql[:300], "plan": key}


def _is_key_line(line: str) -> bool:
    return any(
        word in line
        for word in (
            "Scan",
            "Join",
            "Sort",
            "Limit",
            "Aggregate",
            "Execution Time",
            "Index Cond",
            "Recheck Cond",
            "Nested Loop",
            "SubPlan",
            "InitPlan",
        )  # fmt: skip
    )


def _profile(user_pk: int, queries: list[str]) -> None:
    import cProfile
    import io
    import pstats

    from django.conf import settings
    from django.db import connection, reset_queries

    from accounts.models import User

    user = User.objects.get(pk=user_pk)
    profile = cProfile.Profile()
    profile.enable()
    for query in queries[:10]:
        _search(user, query)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(40)
    print(out.getvalue())
    settings.DEBUG = True
    reset_queries()
    _search(user, "bibliotheken")
    for item in connection.queries:
        print(item["time"], item["sql"][:400])
    settings.DEBUG = False
    connection.close()


def run() -> dict:
    """The database path, then (when BENCH_SEARCH_URL, default opensearch://127.0.0.1:9200,
    answers) the same items and queries on the search engine, in one run."""
    if os.environ.get("BENCH_SEARCH_REUSE"):
        database, engine = _both({**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"})
    else:
        with prepared_database() as env:
            database, engine = _both(env)
    figures = {"database": database, "summary": "database: " + database["summary"]}
    if engine:
        figures["engine"] = engine
        # The engine's p95 against the database path's, member of 5 groups, 10 clients.
        figures["ratio"] = round(
            engine["member_of_5_groups"]["p95_ms"] / database["member_of_5_groups"]["p95_ms"], 3
        )
        figures["summary"] += "; engine: " + engine["summary"]
    return figures


SEARCH_VARIABLES = ("SEARCH_URL", "ELASTICSEARCH_URL", "SEARCH_ENGINE", "SEARCH_INDEX_PREFIX")


def _both(env: dict) -> tuple[dict, dict | None]:
    env = {key: value for key, value in env.items() if key not in SEARCH_VARIABLES}
    database = _figures(_run_workload(env))
    engine_url = os.environ.get("BENCH_SEARCH_URL", "opensearch://127.0.0.1:9200")
    if not (engine_url and _answers(engine_url)):
        return database, None
    engine_env = {**env, "SEARCH_URL": engine_url, "SEARCH_INDEX_PREFIX": "bench_"}
    return database, _figures(_run_workload(engine_env))


def _answers(url: str) -> bool:
    import urllib.request

    from portal.settings import search_engine

    try:
        with urllib.request.urlopen(search_engine(url)[1], timeout=2):  # noqa: S310 (ours)
            return True
    except OSError:
        return False


def _figures(process: subprocess.CompletedProcess) -> dict:
    if process.returncode or os.environ.get("BENCH_SEARCH_PROFILE"):
        print(process.stdout[-20000:], process.stderr[-5000:])
        process.check_returncode()
    line = next(line for line in process.stdout.splitlines() if line.startswith("RESULT "))
    figures = json.loads(line.removeprefix("RESULT "))
    member, staff = figures["member_of_5_groups"], figures["staff"]
    figures["summary"] = (
        f"{figures['engine']} on {figures['database']}, {figures['items']} items, "
        f"{figures['clients']} clients: indexing {figures['indexing_seconds']} s; member of 5 "
        f"groups p50 {member['p50_ms']} ms p95 {member['p95_ms']} ms; staff p50 "
        f"{staff['p50_ms']} ms p95 {staff['p95_ms']} ms; one client p95 "
        f"{figures['one_client']['member_of_5_groups']['p95_ms']} ms"
    )
    return figures


def _run_workload(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "shell",
            "-c",
            "from bench.bench_search import workload; workload()",
        ],
        env={**env, "TASKS_BACKEND": "immediate"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


if __name__ == "__main__":
    print(run()["summary"])
