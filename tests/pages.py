"""Quality checks run on every page a test fetches (see `fetch`).

A page must parse, carry the right <title>, have unique ids, give every form an action
and a CSRF token when it posts, and give every inline script the CSP nonce.
"""

from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.title = ""
        self._in_title = False
        self.forms: list[dict] = []
        self.scripts: list[dict] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.h1_count = 0
        self._form_inputs: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self.h1_count += 1
        if tag == "form":
            self.forms.append(attrs)
            self._form_inputs = []
        if tag == "input" and self._form_inputs is not None:
            self._form_inputs.append(attrs.get("name", ""))
        if tag == "script":
            self.scripts.append(attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "form" and self.forms:
            self.forms[-1]["_inputs"] = self._form_inputs or []
            self._form_inputs = None
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            if tag in self.stack:
                self.errors.append(f"</{tag}> closes over unclosed <{self.stack[-1]}>")
                while self.stack and self.stack[-1] != tag:
                    self.stack.pop()
            else:
                self.errors.append(f"stray </{tag}>")
                return
        self.stack.pop()

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def check_page(html: str, *, title_contains: str | None = None) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    problems = list(parser.errors)
    if parser.stack:
        problems.append(f"unclosed elements: {parser.stack}")
    duplicates = {i for i in parser.ids if parser.ids.count(i) > 1}
    if duplicates:
        problems.append(f"duplicate ids: {sorted(duplicates)}")
    if not parser.title.strip():
        problems.append("no <title>")
    if title_contains and title_contains not in parser.title:
        problems.append(f"title {parser.title.strip()!r} lacks {title_contains!r}")
    if parser.h1_count != 1:
        problems.append(f"{parser.h1_count} <h1> elements (want exactly 1)")
    for form in parser.forms:
        if "action" not in form:
            problems.append(f"form without action: {form}")
        if form.get("method", "get").lower() == "post" and "csrfmiddlewaretoken" not in form.get(
            "_inputs", []
        ):
            problems.append(f"post form without CSRF token: {form.get('action')}")
    for script in parser.scripts:
        if "src" not in script and "nonce" not in script:
            problems.append("inline <script> without the CSP nonce")
    assert not problems, "page problems:\n- " + "\n- ".join(problems)
    return parser


def fetch(client, url: str, *, status: int = 200, title_contains: str | None = None, **kwargs):
    """GET a page, assert its status and, for HTML pages, its quality."""
    response = client.get(url, **kwargs)
    assert response.status_code == status, f"{url}: {response.status_code} != {status}"
    if status == 200 and response["Content-Type"].startswith("text/html"):
        check_page(response.content.decode(), title_contains=title_contains)
    return response
