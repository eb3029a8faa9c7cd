#!/usr/bin/env python3
"""Turns a jobframe output folder into a Hugo site with the same pages.

For every HTML page jobframe wrote, writes one Markdown file whose `url` is the page's URL and
whose body is the page's visible text (headings kept as Markdown headings, list items as list
items), plus a minimal layout wrapping it in the same kind of HTML boilerplate (head, header
navigation, breadcrumb, footer), so Hugo renders the same pages at a similar size.

Usage: hugo_site.py JOBFRAME_OUTPUT HUGO_SOURCE
"""
import html
import html.parser
import os
import sys


class Text(html.parser.HTMLParser):
    """Collects the visible text of <main> as Markdown-ish lines."""

    BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "tr", "pre", "summary", "div"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.current, self.in_main, self.prefix = [], [], False, ""

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag in self.BLOCKS:
            self.flush()
            self.prefix = {"h1": "# ", "h2": "## ", "h3": "### ", "li": "- "}.get(tag, "")

    def handle_endtag(self, tag):
        if tag == "main":
            self.flush()
            self.in_main = False
        elif self.in_main and tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if self.in_main and data.strip():
            self.current.append(data.strip())

    def flush(self):
        if self.current:
            text = " ".join(self.current).replace("*", "\\*").replace("_", "\\_")
            self.lines.append(self.prefix + text)
        self.current, self.prefix = [], ""


LAYOUT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><div class="bar">
<a class="brand" href="{{ "index.html" | relURL }}">{{ .Site.Title }}</a>
<nav class="main-nav" aria-label="Main"><ul>
<li><a href="{{ "index.html" | relURL }}">Families</a></li>
<li><a href="{{ "levels/index.html" | relURL }}">Levels</a></li>
<li><a href="{{ "search/index.html" | relURL }}">Search</a></li>
</ul></nav>
<form class="quick-search" role="search" action="{{ "search/index.html" | relURL }}" method="get">
<label class="visually-hidden" for="nav-q">Search</label>
<input id="nav-q" name="q" type="search"><button type="submit">Search</button>
</form></div></header>
<nav class="crumbs" aria-label="Breadcrumb"><ol><li><a href="{{ "index.html" | relURL }}">Home</a></li><li>{{ .Title }}</li></ol></nav>
<main id="main" tabindex="-1">
{{ .Content }}
</main>
<footer class="site-footer"><p>{{ .Site.Title }}. Published with Hugo.</p></footer>
</body>
</html>
"""


def main():
    source_site, hugo = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(hugo, "content", "pages"), exist_ok=True)
    os.makedirs(os.path.join(hugo, "layouts", "_default"), exist_ok=True)
    with open(os.path.join(hugo, "config.toml"), "w") as config:
        config.write(
            'baseURL = "http://example.invalid/"\ntitle = "Synthetic canon"\nrelativeURLs = true\n'
            'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "section"]\n'
            "[markup.goldmark.renderer]\nunsafe = false\n"
        )
    for name in ("single.html", "list.html"):
        with open(os.path.join(hugo, "layouts", "_default", name), "w") as layout:
            layout.write(LAYOUT)
    with open(os.path.join(hugo, "layouts", "index.html"), "w") as layout:
        layout.write(LAYOUT)
    count = 0
    for root, _, files in sorted(os.walk(source_site)):
        for name in sorted(files):
            if not name.endswith(".html") or name == "404.html":
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, source_site)
            url = "/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel
            parser = Text()
            with open(path, encoding="utf-8") as page:
                parser.feed(page.read())
            parser.flush()
            title = next((line[2:] for line in parser.lines if line.startswith("# ")), rel)
            body = "\n\n".join(parser.lines)
            if url == "/":
                target = os.path.join(hugo, "content", "_index.md")
            else:
                target = os.path.join(hugo, "content", "pages", f"p{count:07d}.md")
            with open(target, "w", encoding="utf-8") as out:
                out.write(f"---\ntitle: {title!r}\nurl: {url!r}\n---\n\n{body}\n")
            count += 1
    print(f"wrote {count} Hugo pages to {hugo}", file=sys.stderr)


if __name__ == "__main__":
    main()
