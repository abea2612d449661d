#!/usr/bin/env python3
"""Fails on a broken link in the docs, as a reader would meet it in either place they are read.

- The built book (`mdbook build docs` → target/book): every `<a href>` and `<img src>` of every
  page that is not an absolute URL must name a file of the book, and its `#fragment` an `id` on
  that page. mdBook itself only warns about some of these, and not at all about fragments.
- The repository's Markdown files as GitHub shows them (README.md links into docs/src/): every
  relative link must name a file or folder of the repository, and a `#fragment` into a Markdown
  file one of its headings (GitHub's anchor rule).

External links (http:, https:, mailto:) are not fetched: CI has no network, and their rot is
not ours to fail on. Usage: check-links.py BOOK_DIR [MARKDOWN_FILE ...] (default: every
Markdown file git tracks, and those not yet added under docs/src).
"""

from __future__ import annotations

import html
import html.parser
import pathlib
import re
import subprocess
import sys
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # http:, https:, mailto:, data: …


class Page(html.parser.HTMLParser):
    """The ids and the links (href/src) of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
        if tag == "img" and a.get("src") is not None:
            self.links.append(a["src"])


def check_book(book: pathlib.Path) -> list[str]:
    pages: dict[pathlib.Path, Page] = {}
    for path in sorted(book.rglob("*.html")):
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages[path.resolve()] = page
    if not pages:
        return [f"{book}: no HTML pages (was the book built?)"]
    errors = []
    for path, page in pages.items():
        # print.html repeats every chapter with its links rewritten, and 404.html's links are
        # relative to wherever the server shows it: both are mdBook's, checked through the
        # chapters they repeat.
        if path.name in ("print.html", "404.html"):
            continue
        where = path.relative_to(book.resolve())
        for link in page.links:
            if EXTERNAL.match(link):
                continue
            target, _, fragment = link.partition("#")
            fragment = urllib.parse.unquote(fragment)
            dest = (path.parent / urllib.parse.unquote(target)).resolve() if target else path
            if dest.is_dir():
                dest = dest / "index.html"
            if book.resolve() not in dest.parents:
                errors.append(f"book {where}: {link} leaves the book")
                continue
            if not dest.exists():
                errors.append(f"book {where}: {link}: no such file in the book")
                continue
            if fragment and dest.suffix == ".html":
                ids = pages[dest].ids if dest in pages else set()
                if fragment not in ids:
                    errors.append(f"book {where}: {link}: no id {fragment!r} on that page")
    return errors


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as
    hyphens, repeats numbered."""
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    for line in strip_code(markdown).splitlines():
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", m.group(2))  # a link's text only
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        anchors.add(slug if n == 0 else f"{slug}-{n}")
    return anchors


def strip_code(markdown: str) -> str:
    """The text without fenced code blocks (kept as empty lines) and inline code."""
    out, fence = [], None
    for line in markdown.splitlines():
        m = re.match(r"^\s*(`{3,}|~{3,})", line)
        if fence is None and m:
            fence = m.group(1)
            out.append("")
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            out.append("")
        else:
            out.append(re.sub(r"`[^`]*`", "", line))
    return "\n".join(out)


def check_markdown(files: list[pathlib.Path]) -> list[str]:
    errors = []
    for path in files:
        text = strip_code(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        # [text](target "title") and ![alt](target); reference-style links are not used here.
        for link in re.findall(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", text):
            if EXTERNAL.match(link):
                continue
            target, _, fragment = link.partition("#")
            dest = (path.parent / urllib.parse.unquote(target)).resolve() if target else path
            if ROOT not in dest.parents and dest != ROOT:
                errors.append(f"{where}: {link} leaves the repository")
                continue
            if not dest.exists():
                errors.append(f"{where}: {link}: no such file")
                continue
            if fragment and dest.suffix == ".md":
                if fragment not in github_anchors(dest.read_text(encoding="utf-8")):
                    errors.append(f"{where}: {link}: no heading with anchor {fragment!r}")
    return errors


def markdown_files() -> list[pathlib.Path]:
    tracked = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "*.md"], capture_output=True, text=True, check=True
    ).stdout.split()
    files = {ROOT / f for f in tracked} | set((ROOT / "docs" / "src").glob("*.md"))
    return sorted(f for f in files if f.exists() and "node_modules" not in f.parts)


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    book = pathlib.Path(sys.argv[1])
    md = [pathlib.Path(f).resolve() for f in sys.argv[2:]] or markdown_files()
    errors = check_book(book) + check_markdown(md)
    for e in errors:
        print(f"broken link: {e}", file=sys.stderr)
    pages = len(list(book.rglob("*.html")))
    print(f"links: {pages} book pages and {len(md)} Markdown files checked, {len(errors)} broken")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
