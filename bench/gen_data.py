#!/usr/bin/env python3
"""Writes the benchmark contexts (bench/data/*.json) and the generated static
page (bench/templates/static_page.html and its Jinja2 twin) from a fixed
seed, so that every run and every engine sees the same bytes.

The JSON uses plain JSON plus the tagged values the weft command reads
({"$date": ...}, {"$datetime": ...}); run.py turns those into Python objects
for Django and Jinja2.

    python3 bench/gen_data.py            # writes into bench/
"""
import json
import os
import random
import sys

SEED = 20240305
HERE = os.path.dirname(os.path.abspath(__file__))

# User text: words, some with the five characters HTML escaping touches, some
# outside ASCII (already NFC, as Django's truncatechars normalises to NFC).
WORDS = (
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
    "tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam "
    "quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo "
    "café naïve crème brûlée Zürich smörgåsbord"
).split() + ["Tom & Jerry", "<b>bold</b>", '"quoted"', "it's", "a<b", "x>y",
             "AT&T", "5' 10\"", "<script>alert(1)</script>"]

# Escape-heavy text: code and markup as users paste them.
ESCAPE_WORDS = [
    "<div class=\"x\">", "</div>", "if (a < b && c > d)", "it's", "\"q\"",
    "&amp;", "<img src='a.png'>", "x<<1", "a&&b", "'single'", "<br/>",
    "plain", "text", "between", "tags", "R&D", "<p>", "</p>", "->", "=>",
]


def sentence(rng, lo, hi, words=WORDS):
    return " ".join(rng.choice(words) for _ in range(rng.randint(lo, hi)))


def product_list(rng):
    products = []
    for i in range(1, 1001):
        products.append({
            "id": i,
            "name": sentence(rng, 2, 4).capitalize(),
            "price": round(rng.uniform(0.5, 2500.0), 3),
            "added": {"$date": "%04d-%02d-%02d" % (rng.randint(2015, 2024),
                                                   rng.randint(1, 12), rng.randint(1, 28))},
            "description": sentence(rng, 4, 14),
            "stock": rng.choice([0, 0, 1, 2, 3, 7, 12, 40, 150]),
        })
    return {"title": "Products & offers", "products": products}


def blog(rng):
    authors = [{"name": n, "bio": sentence(rng, 5, 10)}
               for n in ("Ada O'Hara", "Bob <Builder>", "Chloé Martin", "Dan & Co")]
    posts = []
    for i in range(20):
        posts.append({
            "title": sentence(rng, 3, 7).capitalize(),
            "slug": "post-%d" % (i + 1),
            "author": rng.choice(authors),
            "published": {"$datetime": "2024-%02d-%02dT%02d:%02d:00" % (
                rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))},
            "summary": sentence(rng, 20, 40),
            "tags": [rng.choice(["c", "django", "perf", "html", "web", "tips"])
                     for _ in range(rng.randint(1, 4))],
            "comments": [{"author": rng.choice(authors)["name"], "text": sentence(rng, 5, 25)}
                         for _ in range(5)],
        })
    return {
        "site": {"name": "The weft <blog>", "tagline": "Templates, fast & correct"},
        "page_title": "All posts",
        "year": 2024,
        "user": {"name": "reader's name", "is_authenticated": True},
        "nav": [{"title": t, "url": "/" + t.lower() + "/", "active": t == "Blog"}
                for t in ("Home", "Blog", "About", "Contact")],
        "categories": [{"name": c, "count": rng.randint(1, 40)}
                       for c in ("C", "Django", "Performance", "HTML & CSS", "Tips")],
        "posts": posts,
    }


def static_context():
    return {
        "title": "Annual report",
        "user": {"name": "Jane Doe"},
        "year": 2024,
        "csrf_token": "a1b2c3d4e5f6",
        "version": "1.4.2",
    }


def snippet(rng):
    return {"user": "Jane <jd>", "url": "/inbox/?page=2&sort=date", "count": 7,
            "folder": "Work", "since": "Monday"}


def deep(rng):
    sections = []
    for i in range(200):
        sections.append({
            "meta": {
                "owner": {"name": "Owner %d" % i,
                          "contact": {"email": "owner%d@example.com" % i}},
                "period": {"start": "2024-Q%d" % (i % 4 + 1), "end": "2025-Q%d" % (i % 4 + 1)},
            },
            "entries": [{"stats": {"total": rng.randint(0, 100000), "avg": rng.randint(0, 999) / 4},
                         "tags": ["t%d" % rng.randint(0, 99) for _ in range(3)]}
                        for _ in range(3)],
        })
    return {
        "site": {"config": {
            "title": "Quarterly numbers",
            "theme": {"colors": {"primary": "#336699", "secondary": "#ff9900"},
                      "fonts": {"body": "Inter", "heading": "Merriweather"}},
            "features": {"search": {"enabled": True, "provider": {"name": "Xapian"}}},
        }},
        "report": {"sections": sections,
                   "lookup": {"regions": {"eu": {"name": "Europe"}, "us": {"name": "America"}}}},
        "matrix": [[r * 10 + c for c in range(10)] for r in range(10)],
    }


def escape_heavy(rng):
    comments = []
    total = 0
    while total < 100 * 1024:
        body = sentence(rng, 150, 250, ESCAPE_WORDS)
        author = sentence(rng, 1, 2, ESCAPE_WORDS)
        comments.append({"author": author, "body": body})
        total += len(body) + len(author)
    return {"comments": comments}


def static_page(rng):
    """About 50 KB of static HTML with five variables."""
    parts = ["<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<title>{{ title }}</title>\n"
             "<link rel=\"stylesheet\" href=\"/static/site.css?v={{ version }}\">\n</head>\n<body>\n"
             "<header><p>Signed in as {{ user.name }}</p></header>\n<main>\n"]
    size = sum(map(len, parts))
    n = 0
    while size < 50 * 1024:
        n += 1
        words = [rng.choice(WORDS[:44]) for _ in range(rng.randint(60, 120))]
        chunk = "<section id=\"s%d\">\n<h2>Section %d</h2>\n<p>%s.</p>\n</section>\n" % (
            n, n, " ".join(words).capitalize())
        parts.append(chunk)
        size += len(chunk)
    parts.append("</main>\n<form method=\"post\"><input type=\"hidden\" name=\"csrf\" "
                 "value=\"{{ csrf_token }}\"></form>\n<footer>&copy; {{ year }}</footer>\n"
                 "</body>\n</html>\n")
    return "".join(parts)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    os.makedirs(os.path.join(out, "data"), exist_ok=True)
    contexts = {
        "product_list": product_list(random.Random(SEED + 1)),
        "blog": blog(random.Random(SEED + 2)),
        "static_page": static_context(),
        "snippet": snippet(random.Random(SEED + 4)),
        "deep_paths": deep(random.Random(SEED + 5)),
        "escape_heavy": escape_heavy(random.Random(SEED + 6)),
    }
    for name, ctx in contexts.items():
        with open(os.path.join(out, "data", name + ".json"), "w", encoding="utf-8") as f:
            json.dump(ctx, f, ensure_ascii=False, indent=None, separators=(",", ":"))
            f.write("\n")
    page = static_page(random.Random(SEED + 3))
    for sub in ("templates", os.path.join("templates", "jinja2")):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
        with open(os.path.join(out, sub, "static_page.html"), "w", encoding="utf-8") as f:
            f.write(page)


if __name__ == "__main__":
    main()
