"""A small browser for the deployment checks: HTTPS to nginx with the cookies a browser keeps,
forms filled in as a browser sends them (the page's own fields and defaults, CSRF token included,
a few values changed), and the app node that served each response (X-Huanjie-Node)."""

from __future__ import annotations

import html
import http.client
import json
import re
import secrets
import ssl
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

CLIENT_ADDRESS = "127.0.0.2"  # not nginx's own address, so the forwarded one can be told apart
NODE_HEADER = "X-Huanjie-Node"
Value = str | list[str] | tuple[str, bytes, str]  # a file: (name, content, content type)


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    multipart: bool = False
    # Each submit button's (name, value): a form may send one of several.
    buttons: list[tuple[str, str]] = field(default_factory=list)
    select: str | None = None  # the <select> being read
    # Every control's name and the values it offers (boxes, radio buttons, options; [] for text).
    controls: dict[str, list[str]] = field(default_factory=dict)
    # A search picker's address by control name (data-picker-url: it lists no options itself).
    pickers: dict[str, str] = field(default_factory=dict)

    def name(self, suffix: str) -> str:
        """The one control whose name ends with `suffix` (forms prefix their fields)."""
        names = [n for n in self.controls if n.endswith(suffix)]
        if len(names) != 1:
            raise SystemExit(f"{self.action}: {len(names)} controls end with {suffix}: {names}")
        return names[0]

    def choices(self, suffix: str) -> list[str]:
        """The values the control named `...suffix` offers, empty ones left out."""
        return [v for v in self.controls[self.name(suffix)] if v]


class FormParser(HTMLParser):
    """Every <form> of a page with the values a browser would send untouched."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self.textarea: tuple[str, list[str]] | None = None
        self.first_option: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                Form(
                    action=urljoin(self.url, a.get("action") or self.url),
                    method=(a.get("method") or "get").lower(),
                    multipart=a.get("enctype") == "multipart/form-data",
                )
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name", "")
        kind = a.get("type", "submit" if tag == "button" else "text").lower()
        if tag in ("button", "input") and kind == "submit":
            if "disabled" not in a:
                form.buttons.append((name, a.get("value", "")))
        elif tag in ("input", "textarea", "select") and name:
            offered = form.controls.setdefault(name, [])
            if kind in ("checkbox", "radio"):
                offered.append(a.get("value", "on"))
        if tag == "input" and name and "disabled" not in a and kind not in ("file", "submit"):
            if kind not in ("checkbox", "radio") or "checked" in a:
                form.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self.textarea = (name, [])
        elif tag == "select" and name:
            form.select, self.first_option = name, None
            if a.get("data-picker-url"):
                form.pickers[name] = urljoin(self.url, a["data-picker-url"])
        elif tag == "option" and form.select:
            value = a.get("value", "")
            form.controls[form.select].append(value)
            if self.first_option is None:
                self.first_option = (form.select, value)
            if "selected" in a:
                form.fields.append((form.select, value))
                self.first_option = (form.select, "")  # chosen: no default needed

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self.textarea and self.forms:
            name, text = self.textarea
            self.forms[-1].fields.append((name, "".join(text).removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.forms and self.forms[-1].select:
            chosen = self.first_option
            if chosen and chosen[1] and not any(k == chosen[0] for k, _ in self.forms[-1].fields):
                self.forms[-1].fields.append(chosen)  # a single select sends its first option
            self.forms[-1].select = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.textarea[1].append(data)


def multipart(fields: list[tuple[str, Value]]) -> tuple[bytes, str]:
    boundary = "----huanjie" + secrets.token_hex(12)
    parts: list[bytes] = []
    for name, value in fields:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
        if isinstance(value, tuple):
            filename, content, content_type = value
            head += f'; filename="{filename}"\r\nContent-Type: {content_type}'
            parts.append(head.encode() + b"\r\n\r\n" + content + b"\r\n")
        else:
            parts.append(head.encode() + b"\r\n\r\n" + str(value).encode() + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@dataclass
class Page:
    url: str
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    node: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def messages(self) -> list[tuple[str, str]]:
        """The (level, text) of each message shown at the top of the page."""
        found = re.findall(
            r'class="alert alert-(\w+) alert-dismissible"\s*role="alert">\s*(.*?)\s*<button',
            self.text,
            re.DOTALL,
        )
        return [(level, html.unescape(text)) for level, text in found]

    def forms(self) -> list[Form]:
        parser = FormParser(self.url)
        parser.feed(self.text)
        return parser.forms

    def form(self, action: str) -> Form:
        """The form whose action's path ends with `action` (a regex when it has one of ^$\\)."""
        pattern = action if re.search(r"[\^$\\]", action) else re.escape(action) + "$"
        found = [f for f in self.forms() if re.search(pattern, urlsplit(f.action).path)]
        if not found:
            actions = sorted({urlsplit(f.action).path for f in self.forms()})
            raise SystemExit(f"{self.url}: no form posting to {action}; forms: {actions}")
        return found[0]


class Client:
    """HTTPS to nginx from CLIENT_ADDRESS with the cookies a browser would keep; the certificate
    is the self-signed one generated on first start, so it is not verified. `trail` lists the
    (method, path, node) of every response."""

    def __init__(self, port: int, trail: list[tuple[str, str, str]] | None = None) -> None:
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        # Shared by the clients of one walk: every request in the order sent.
        self.trail = [] if trail is None else trail
        self.own: list[str] = []  # the node of each of this client's responses
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE

    def request(
        self,
        method: str,
        path: str,
        *,
        form: dict[str, str] | list[tuple[str, Value]] | None = None,
        files: bool = False,
    ) -> tuple[http.client.HTTPResponse, bytes]:
        conn = http.client.HTTPSConnection(
            "127.0.0.1",
            self.port,
            context=self.context,
            timeout=120,
            source_address=(CLIENT_ADDRESS, 0),
        )
        headers = {"Host": f"127.0.0.1:{self.port}", "Referer": self.origin + "/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body: bytes | str | None = None
        if form is not None:
            items = list(form.items()) if isinstance(form, dict) else form
            if files:
                body, headers["Content-Type"] = multipart(items)
            else:
                body = urlencode(items)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        self.trail.append((method, path, response.getheader(NODE_HEADER, "")))
        self.own.append(self.trail[-1][2])
        return response, content

    def get(self, path: str, *, status: int = 200) -> tuple[http.client.HTTPResponse, bytes]:
        response, content = self.request("GET", path)
        if response.status != status:
            raise SystemExit(f"GET {path}: {response.status}, expected {status}")
        return response, content

    def pick(self, form: Form, suffix: str, text: str) -> list[str]:
        """The values a search picker of `form` offers for `text`, as the browser asks for them
        while one types (branches/pickers.py, branches/member_pickers.py)."""
        url = urlsplit(form.pickers[form.name(suffix)])
        _response, content = self.get(f"{url.path}?{urlencode({'q': text})}")
        return [row["value"] for row in json.loads(content)["results"]]

    def page(self, path: str, *, status: int = 200) -> Page:
        response, content = self.get(path, status=status)
        return Page(
            self.origin + path, response.status, response.headers, content, self.trail[-1][2]
        )

    def post(
        self,
        form: Form,
        values: dict[str, Value] | None = None,
        *,
        button: tuple[str, str] | None = None,
    ) -> tuple[http.client.HTTPResponse, bytes]:
        """Post `form` as a browser would, `values` replacing the page's (a list for a multiple
        choice, a (name, bytes, type) tuple for a file); `button`: the (name, value) of the
        submit button pressed, when it has a name (it may stand outside the form, form="...")."""
        # A name the form does not have is the end of a prefixed one ("members-held_on").
        values = {
            (key if key in form.controls else form.name(f"-{key}")): value
            for key, value in (values or {}).items()
        }
        fields: list[tuple[str, Value]] = [(k, v) for k, v in form.fields if k not in values]
        for name, value in values.items():
            for item in value if isinstance(value, list) else [value]:
                fields.append((name, item))
        if button is not None:
            fields.append(button)
        has_file = any(isinstance(v, tuple) for _, v in fields)
        return self.request("POST", urlsplit(form.action).path, form=fields, files=has_file)

    def submit(
        self,
        form: Form,
        values: dict[str, Value] | None = None,
        *,
        button: tuple[str, str] | None = None,
        status: int = 302,
    ) -> Page:
        """`post`, then follow the redirect (`status` 302) and return the page reached."""
        response, content = self.post(form, values, button=button)
        path = urlsplit(form.action).path
        if response.status != status:
            found = re.findall(
                r'class="(?:invalid-feedback|alert alert-danger)[^"]*"[^>]*>(.*?)</(?:div|span)>',
                content.decode(errors="replace"),
                re.DOTALL,
            )
            errors = [html.unescape(re.sub(r"<[^>]+>|\s+", " ", e)).strip() for e in found]
            raise SystemExit(f"POST {path}: {response.status}, expected {status}; {errors[:5]}")
        node = self.trail[-1][2]
        if status != 302:
            return Page(self.origin + path, response.status, response.headers, content, node)
        location = urlsplit(response.getheader("Location", ""))
        page = self.page((location.path or "/") + (f"?{location.query}" if location.query else ""))
        refused = [text for level, text in page.messages() if level in ("danger", "warning")]
        if refused:
            raise SystemExit(f"POST {path}: {refused}")
        return page

    def login(
        self, username: str, password: str, page: Page | None = None
    ) -> http.client.HTTPResponse:
        """Sign in through the login form (of `page`, else a fresh one); returns the post's
        response, a redirect."""
        form = (page or self.page("/accounts/login/")).form("/accounts/login/")
        response, _ = self.post(form, {"username": username, "password": password})
        if response.status != 302:
            raise SystemExit(f"login as {username}: {response.status}")
        return response
