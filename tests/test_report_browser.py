"""The HTML report, opened in a real browser (issue 11).

The report is written for one scenario with its figures, opened from disk in the system's
Chromium (Debian's ``chromium`` package, which ``.ci/run`` installs) driven by Playwright, and
checked *in the page*: every image decoded (``naturalWidth > 0``), the tables rendered as
tables, no Markdown left literally in the visible text, and no ``*`` of an expression turned
into emphasis. A full-page screenshot is saved in pytest's tmp dir and its path printed at
the end of the run.

Playwright is used only as a driver: the browser is the system one, launched by
``executable_path`` — never run ``playwright install`` (it downloads a browser build).
The tests skip only where Playwright or a Chromium executable is missing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

# Debian's package installs /usr/bin/chromium (a wrapper script) and the binary below it.
_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
_CHROMIUM_PATHS = ("/usr/lib/chromium/chromium",)


def _chromium() -> str | None:
    for name in _CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in _CHROMIUM_PATHS if Path(p).is_file()), None)


# Everything the assertions need, gathered in the page once the report has loaded. Lazy images
# are switched to eager and every image is awaited (decode() rejects for a broken one), so
# naturalWidth is final when it is read.
_PAGE_FACTS = r"""async () => {
  const imgs = Array.from(document.images);
  for (const img of imgs) { img.loading = "eager"; }
  await Promise.all(imgs.map(img => img.decode().catch(() => null)));
  return {
    title: document.title,
    // a src may be a whole data: URI; the start is enough to tell which image failed
    images: imgs.map(img => ({src: (img.getAttribute("src") || "").slice(0, 100), alt: img.getAttribute("alt"),
                              complete: img.complete, naturalWidth: img.naturalWidth,
                              naturalHeight: img.naturalHeight})),
    tables: Array.from(document.querySelectorAll("table")).map(t => ({
      rows: t.rows.length, cells: t.querySelectorAll("td, th").length})),
    text: document.body ? document.body.innerText : "",
    // emphasis glued to a word on either side, as in V<em>alpha_g</em>sigma: a "*" that was a
    // multiplication in an expression, eaten by the Markdown renderer
    intraword_emphasis: Array.from(document.querySelectorAll("em, strong")).filter(el => {
      const prev = el.previousSibling, next = el.nextSibling;
      return (prev && prev.nodeType === Node.TEXT_NODE && /\w$/.test(prev.textContent)) ||
             (next && next.nodeType === Node.TEXT_NODE && /^\w/.test(next.textContent));
    }).map(el => {
      const tag = el.tagName.toLowerCase();
      const prev = el.previousSibling ? el.previousSibling.textContent.slice(-15) : "";
      const next = el.nextSibling ? el.nextSibling.textContent.slice(0, 15) : "";
      return `${prev}<${tag}>${el.textContent.slice(0, 30)}</${tag}>${next}`;
    }),
  };
}"""

# Markdown that survived into the visible text: it was printed, not rendered.
_LITERAL_MARKDOWN = {
    "bold (**text**)": re.compile(r"(?<![\w*])\*\*(?=\S)[^*\n]+?(?<=\S)\*\*(?![\w*])"),
    "italic (*text*)": re.compile(r"(?:^|(?<=[\s(\[\"']))\*(?=[A-Za-z])[^*\n]*?(?<=[^\s*])\*(?=[\s.,;:!?)\]\"']|$)",
                                  re.M),
    "table separator (| --- |)": re.compile(r"\|\s*:?-{3,}:?\s*\|"),
    "table row (| a | b |)": re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M),
    "image (![alt](src))": re.compile(r"!\[[^\]\n]*\]\([^)\n]+\)"),
    "heading (## title)": re.compile(r"^[ \t]*#{1,6}[ \t]+\S", re.M),
    "inline code (`code`)": re.compile(r"`[^`\n]+`"),
}


class _ScreenshotLine:
    """Prints where the screenshot is in the run's closing summary, pass or fail."""

    def __init__(self, path: Path):
        self.path = path

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_line(f"report screenshot (artifact): {self.path}")


@pytest.fixture(scope="module")
def page_facts(tmp_path_factory, pytestconfig):
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright is not installed (pip install -e '.[test]'); the report is not opened in a browser")
    executable = _chromium()
    if executable is None:
        pytest.skip("no Chromium executable found (.ci/run installs Debian's chromium package: "
                    "apt-get install chromium); the report is not opened in a browser")

    from govgame.report import write_report

    base = tmp_path_factory.mktemp("report-browser")
    out = base / "report"
    write_report(out, ["transition"], figures=True)
    html = out / "report.html"
    assert html.is_file(), f"write_report wrote no report.html into {out}: {sorted(p.name for p in out.iterdir())}"

    screenshot = base / "report.png"
    failed_requests: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(60_000)
            page.on("requestfailed", lambda req: failed_requests.append(f"{req.url[:100]}: {req.failure}"))
            page.goto(html.as_uri(), wait_until="load")
            facts = page.evaluate(_PAGE_FACTS)
            page.screenshot(path=str(screenshot), full_page=True)
            facts["browser"] = f"{executable} {browser.version}"
        finally:
            browser.close()

    if not pytestconfig.pluginmanager.has_plugin("govgame-report-screenshot"):
        pytestconfig.pluginmanager.register(_ScreenshotLine(screenshot), "govgame-report-screenshot")
    print(f"report screenshot (artifact): {screenshot}")
    facts.update(html=html, screenshot=screenshot, failed_requests=failed_requests)
    return facts


def test_screenshot_saved(page_facts):
    shot = page_facts["screenshot"]
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"no PNG screenshot at {shot}"


def test_every_image_loads(page_facts):
    images = page_facts["images"]
    assert images, (f"the report has no <img> although figures=True ({page_facts['html']}); "
                    f"screenshot: {page_facts['screenshot']}")
    broken = [img for img in images if not img["naturalWidth"]]
    assert not broken, (f"{len(broken)} of {len(images)} images did not load in {page_facts['browser']}: {broken}; "
                        f"failed requests: {page_facts['failed_requests']}; screenshot: {page_facts['screenshot']}")


def test_tables_render(page_facts):
    tables = page_facts["tables"]
    assert any(t["rows"] >= 2 for t in tables), (
        f"no <table> with a header and a row in {page_facts['html']} (tables: {tables}); "
        f"screenshot: {page_facts['screenshot']}")
    assert all(t["rows"] and t["cells"] for t in tables), f"empty <table>s: {tables}"


def test_no_literal_markdown(page_facts):
    text = page_facts["text"]
    assert text.strip(), f"the page shows no text: {page_facts['html']}"
    found = {}
    for what, pattern in _LITERAL_MARKDOWN.items():
        hits = [m.group(0) for m in pattern.finditer(text)]
        if hits:
            found[what] = f"{len(hits)}x, e.g. {sorted(set(hits))[:3]}"
    assert not found, (f"Markdown shown literally instead of rendered in {page_facts['html']}: {found}; "
                       f"screenshot: {page_facts['screenshot']}")


def test_expressions_not_mangled_into_emphasis(page_facts):
    """``x*(1 - x)*(...)`` in the Markdown must not come out as x<em>(1 - x)</em>(...) in the page."""
    mangled = page_facts["intraword_emphasis"]
    assert not mangled, (f"{len(mangled)} <em>/<strong> inside words in {page_facts['html']} — multiplication "
                         f"signs read as Markdown emphasis, e.g. {mangled[:3]}; screenshot: {page_facts['screenshot']}")
