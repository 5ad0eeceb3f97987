"""Seed the site-wide load benchmark's throwaway database and print the URLs to load.

    python bench/seed.py --users 1000 --days 730 --out var/bench/targets.json

Called by bench/run.sh with production settings already in the environment. Refuses any
database whose name lacks "bench". Reuses the catalog and routines benchmark seeders
(bench/bench_catalog.py's seed_products and bench/bench_routines.py's Command.seed);
adds synthetic guide articles up to --articles. Seeds once: a second run on the same
database only creates a fresh session for the signed-in pages.
"""

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,  # noqa: E402
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench import bench_routines  # noqa: E402
from bench.bench_catalog import seed_products  # noqa: E402
from catalog.models import Product  # noqa: E402
from guide import search_index  # noqa: E402
from guide.models import Article  # noqa: E402
from routines.models import CheckIn  # noqa: E402

FILTERED_LIST = "/catalog/?concern=post-procedure&origin=human&max_price=300&sort=price_per_ml"


def seed_articles(total: int) -> None:
    """Synthetic published articles (bodies borrowed from shipped ones) up to `total`."""
    shipped = list(Article.objects.order_by("order"))
    missing = total - len(shipped)
    if missing <= 0 or not shipped:
        return
    themes = Article.Theme.values
    Article.objects.bulk_create(
        Article(
            title=f"Bench article {n}",
            slug=f"bench-article-{n}",
            summary="Synthetic benchmark article.",
            body=shipped[n % len(shipped)].body,
            theme=themes[n % len(themes)],
            order=1000 + n,
        )
        for n in range(missing)
    )


def signed_in_cookie(username: str) -> str:
    """A session for a seeded user, as the Cookie header a browser would send."""
    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def bench_pages() -> list[list]:
    """[label, url, signed in] for each page bench/run.sh measures (and profile_render.py)."""
    product = Product.objects.published().filter(slug__startswith="bench-serum-").first()
    article = Article.objects.published().order_by("order").first()
    return [
        ["home", "/", False],
        ["guide article", article.get_absolute_url(), False],
        ["catalog filtered", FILTERED_LIST, False],
        ["product detail", product.get_absolute_url(), False],
        ["search", "/search/?q=exosome", False],
        ["search with a typo", "/search/?q=exosmoe", False],
        # "serum" is in every seeded product's name: the catalog part ranks ~9,500 rows.
        ["search, all serums", "/search/?q=serum", False],
        ["catalog by score", "/catalog/?sort=score", False],
        ["find my fit", "/catalog/fit/?goal=post_procedure&budget=300", False],
        ["today (signed in)", "/routines/", True],
        ["history (signed in)", "/routines/history/", True],
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        sys.exit(f"Refusing to seed {name!r}: its name must contain 'bench'.")
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    if not Product.objects.filter(slug__startswith="bench-serum-").exists():
        seed_products(args.products, random.Random(1))
        print(f"  products seeded ({time.perf_counter() - started:.0f} s)", flush=True)
    seed_articles(args.articles)
    search_index.refresh_all()  # bulk_create skipped the search vectors (PostgreSQL)
    users = get_user_model().objects.filter(username__startswith=bench_routines.PREFIX)
    if users.count() != args.users:
        bench_routines.Command().seed(args.users, args.days)
        print(f"  users seeded ({time.perf_counter() - started:.0f} s)", flush=True)
    # Table statistics, so the planner picks the indexes a real, long-lived database would.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    sizes = {
        "products": Product.objects.count(),
        "articles": Article.objects.count(),
        "users": users.count(),
        "check-ins": CheckIn.objects.count(),
        "days": args.days,
    }
    targets = {
        "database": f"{connection.vendor} {name}",
        "sizes": sizes,
        "cookie": signed_in_cookie(f"{bench_routines.PREFIX}{args.users // 2}"),
        "pages": bench_pages(),
    }
    Path(args.out).write_text(json.dumps(targets, indent=1))
    print("Data set: " + ", ".join(f"{v:,} {k}" for k, v in sizes.items()), flush=True)


if __name__ == "__main__":
    main()
