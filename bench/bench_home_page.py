"""The home page (Wagtail page, base template, header, language switch) against a bare Django
view behind the same middleware, served by the same daphne in the same run."""

from bench.common import load, prepared_database, rss_mb, server


def run() -> dict:
    with prepared_database() as env, server(env) as (base, pid):
        baseline = load(base + "/bench/bare/")
        home = load(base + "/")
        return {
            "baseline": baseline,
            "home_page": home,
            "ratio": round(home["requests_per_second"] / baseline["requests_per_second"], 3),
            "server_rss_mb": round(rss_mb(pid), 1),
            "summary": (
                f"home page {home['requests_per_second']} req/s vs bare view "
                f"{baseline['requests_per_second']} req/s"
            ),
        }
