"""The deployment rules `kg publish` ships (site/.htaccess, site/deploy/nginx.conf), run in the real servers.

nginx and Apache serve a published mini site on 127.0.0.1 with nothing but a minimal configuration
of their own around the shipped rules: the nginx snippet included in a server block, the .htaccess
read through AllowOverride All. Without a server its tests skip, or fail when HAMKORI_REQUIRE_WEBSERVERS
is set (as .ci/run does).
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kg import pipeline
from kg.outputs.site import DOCUMENTS, conneg_rules, write_site
from kg.project.paths import ProjectPaths
from kg.rdf import formats

from .conftest import MINI
from .servers import require_webserver

APACHE_MODULES = "/usr/lib/apache2/modules"
PACKAGES = {"nginx": ("nginx", "nginx-light"), "apache": ("apache2", "apache2")}  # binary, Debian package
JAVASCRIPT = {"application/javascript", "text/javascript"}  # nginx's mime.types, Debian's /etc/mime.types


@pytest.fixture(scope="module")
def site() -> Iterator[Path]:
    """The mini project's site, with a stylesheet and a script, where an unprivileged server may read it.

    pytest's own temporary folders are private to their owner; Apache run by root serves as nobody.
    """
    with tempfile.TemporaryDirectory(prefix="hamkori-deploy-") as work:
        root = Path(work)
        root.chmod(0o755)
        folder = root / "site"
        folder.mkdir()
        paths = ProjectPaths(MINI)
        corpus, mapped = pipeline.load_and_map(paths)
        write_site(
            folder,
            corpus=corpus,
            mapped=mapped,
            paths=paths,
            build=root / "build",
            library=pipeline.library(paths),
            cache=root / "cache",
        )
        (folder / "probe.css").write_text("body { margin: 0 }\n", encoding="utf-8")
        (folder / "probe.js").write_text("console.log(1);\n", encoding="utf-8")
        yield folder


@pytest.fixture(scope="module")
def resource(site: Path) -> str:
    """The path of one organization's IRI on the site, such as /id/organization/msdsp."""
    page = sorted((site / "id" / "organization").glob("*.html"))[0]
    return "/" + page.relative_to(site).with_suffix("").as_posix()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped (exit {process.returncode}): {read(log)}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"the server did not listen on 127.0.0.1:{port} within 20 s: {read(log)}")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else "(no log)"


def nginx_config(site: Path, work: Path, port: int, binary: str) -> str:
    """nginx's MIME map in the http block, as in Debian's nginx.conf; the shipped snippet in the server."""
    built_in = subprocess.run([binary, "-V"], capture_output=True, text=True, check=True).stderr
    temps = "".join(  # every temporary folder this nginx was built with, moved out of /var/lib/nginx
        f"    {name}_temp_path {work / name};\n" for name in re.findall(r"--http-(\w+)-temp-path=", built_in)
    )
    return f"""daemon off;
master_process off;
pid {work / "nginx.pid"};
error_log {work / "error.log"} info;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temps}    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {site};
        include {site / "deploy" / "nginx.conf"};
    }}
}}
"""


def apache_config(site: Path, work: Path, port: int) -> str:
    """Only the modules the rules need; AllowOverride All, so that the shipped .htaccess applies."""
    modules = "".join(
        f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so\n"
        for name in ("mpm_event", "authz_core", "rewrite", "headers", "mime", "dir")
    )
    user = "User nobody\nGroup nogroup\n" if os.geteuid() == 0 else ""  # Apache will not serve as root
    return f"""ServerRoot {work}
DefaultRuntimeDir {work}
PidFile {work / "httpd.pid"}
ErrorLog {work / "error.log"}
LogLevel warn
{modules}{user}Listen 127.0.0.1:{port}
ServerName localhost
TypesConfig /etc/mime.types
DocumentRoot {site}
DirectoryIndex index.html
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {site}>
    AllowOverride All
    Require all granted
</Directory>
"""


@pytest.fixture(scope="module", params=sorted(PACKAGES))
def server(request: pytest.FixtureRequest, site: Path) -> Iterator[str]:
    """The site served by a real nginx or Apache in the foreground; stopped after the module's tests."""
    name = request.param
    binary = require_webserver(*PACKAGES[name])
    with tempfile.TemporaryDirectory(prefix=f"hamkori-{name}-") as folder:
        work = Path(folder)
        work.chmod(0o755)
        port = free_port()
        config = work / f"{name}.conf"
        if name == "nginx":
            config.write_text(nginx_config(site, work, port, binary), encoding="utf-8")
            command = [binary, "-p", str(work), "-c", str(config), "-e", str(work / "error.log")]
        else:
            config.write_text(apache_config(site, work, port), encoding="utf-8")
            command = [binary, "-X", "-d", str(work), "-f", str(config)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            wait_for(process, port, work / "error.log")
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def get(base: str, path: str, accept: str | None = None) -> http.client.HTTPResponse:
    """One GET, redirects not followed; the body read, so the response is complete."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    connection.request("GET", path, headers={"Accept": accept} if accept is not None else {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def media_type(response: http.client.HTTPResponse) -> str:
    return (response.getheader("Content-Type") or "").partition(";")[0].strip()


def redirected_path(response: http.client.HTTPResponse) -> str:
    assert response.status == 303, (response.status, response.getheaders())
    return urlsplit(response.getheader("Location") or "").path


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda f: f.name)
def test_a_resource_iri_answers_303_to_the_document_its_accept_asks_for(
    server: str, resource: str, document: formats.Format
) -> None:
    answer = get(server, resource, document.media_type)
    assert redirected_path(answer) == resource + document.suffix
    assert "Accept" in (answer.getheader("Vary") or "")
    followed = get(server, resource + document.suffix, document.media_type)
    assert followed.status == 200 and media_type(followed) == document.media_type


@pytest.mark.parametrize(
    "accept",
    [None, "*/*", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "image/png"],
)
def test_without_an_rdf_type_in_accept_the_page_is_the_answer(
    server: str, resource: str, accept: str | None
) -> None:
    assert redirected_path(get(server, resource, accept)) == resource + ".html"


def test_of_several_rdf_types_in_accept_both_servers_pick_the_first_in_the_rules_order(
    server: str, resource: str
) -> None:
    # The rules match names, not q-values: the first of DOCUMENTS that Accept names wins, in either server.
    accept = ", ".join(f"{f.media_type};q=0.{9 - i}" for i, f in enumerate(reversed(DOCUMENTS)))
    assert redirected_path(get(server, resource, accept)) == resource + DOCUMENTS[0].suffix


def test_a_document_is_served_as_it_is_whatever_accept_says(server: str, resource: str) -> None:
    for document in DOCUMENTS:
        answer = get(server, resource + document.suffix, "text/html")
        assert answer.status == 200 and media_type(answer) == document.media_type
    page = get(server, resource + ".html", formats.get("turtle").media_type)
    assert page.status == 200 and media_type(page) == "text/html"


def test_every_file_carries_its_content_type(server: str, resource: str) -> None:
    turtle = formats.get("turtle").media_type
    expected = {
        resource + ".ttl": {turtle},
        resource + ".nt": {formats.get("ntriples").media_type},
        resource + ".jsonld": {formats.get("jsonld").media_type},
        resource + ".html": {"text/html"},
        "/void.ttl": {turtle},  # outside the resource folders
        "/ontology/hamkori.ttl": {turtle},
        "/.well-known/void": {turtle},  # no suffix to go by
        "/index.html": {"text/html"},
        "/": {"text/html"},
        "/probe.css": {"text/css"},  # the server's own MIME map is still whole
        "/probe.js": JAVASCRIPT,
    }
    found = {path: (get(server, path).status, media_type(get(server, path))) for path in expected}
    assert all(status == 200 for status, _ in found.values()), found
    assert {path: kind for path, (_, kind) in found.items() if kind not in expected[path]} == {}


def test_every_answer_lets_other_origins_read_it(server: str, resource: str) -> None:
    answers = {
        "200 document": get(server, resource + ".ttl"),
        "200 page": get(server, "/index.html"),
        "200 stylesheet": get(server, "/probe.css"),
        "303": get(server, resource, "application/ld+json"),
        "404 resource": get(server, "/id/organization/no-such-organization"),
        "404 file": get(server, "/no-such-file.html"),
    }
    statuses = {name: answer.status for name, answer in answers.items()}
    assert statuses == {name: int(name[:3]) for name in answers}
    origins = {name: answer.getheader("Access-Control-Allow-Origin") for name, answer in answers.items()}
    assert origins == dict.fromkeys(answers, "*")
    assert all(answer.getheader("Access-Control-Allow-Credentials") is None for answer in answers.values())


def test_the_nginx_snippet_keeps_to_the_contexts_nginx_allows() -> None:
    # Checked without nginx too: `map` is allowed only in the http block, and a server-level `types`
    # would replace nginx's whole MIME map.
    snippet = conneg_rules("https://w3id.org/hamkori/")["nginx.conf"]
    top_level = [line for line in snippet.splitlines() if line and not line.startswith((" ", "#", "}"))]
    assert top_level[0].startswith("add_header Access-Control-Allow-Origin")
    assert not [line for line in top_level if line.startswith(("map ", "types "))], top_level
