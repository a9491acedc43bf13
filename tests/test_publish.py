"""The linked-data site: links, documents, metadata, content negotiation, releases, escaping."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import threading
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg import pipeline
from kg.authoring.loader import load_corpus
from kg.errors import HamkoriError
from kg.outputs.site import ontology_docs, site_path, write_site
from kg.project.paths import ProjectPaths
from kg.rdf.dataset import MappedDataset
from kg.serve.server import SparqlService, make_server
from kg.store.embedded import OxigraphStore
from tests.conftest import MINI, REPO, TESTS, edit

BASE = "https://w3id.org/hamkori/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project built and published into a temporary build folder."""
    out = tmp_path_factory.mktemp("published")
    pipeline.publish(ProjectPaths(REPO), out=out, release="0.1.0")
    return out


@pytest.fixture(scope="module")
def site(built: Path) -> Path:
    return built / "site"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def test_every_internal_link_resolves(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 800
    broken = []
    anchors: dict[Path, set[str]] = {}
    for page in pages:
        for link in parse(page).links:
            if re.match(r"^(https?:|mailto:|data:|#)", link):
                continue
            target_text, _, fragment = link.partition("#")
            target = (page.parent / target_text).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} → {link}")
                continue
            if fragment and target.suffix == ".html" and "/id/" in str(target):
                ids = anchors.setdefault(target, parse(target).ids)
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site)} → {link} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_every_iri_under_the_base_has_a_page_and_documents(site: Path) -> None:
    _, mapped = pipeline.load_and_map(ProjectPaths(REPO))
    iris = {
        str(t) for q in mapped.dataset.quads() for t in q if isinstance(t, URIRef) and str(t).startswith(BASE)
    }
    paths = {site_path(iri, BASE) for iri in iris} - {None}
    assert len(paths) > 800
    missing = [
        p
        for p in sorted(paths)
        for ext in ("html", "ttl", "nt", "jsonld")
        if not (site / f"{p}.{ext}").is_file()
    ]
    assert not missing, missing[:10]


@pytest.mark.parametrize(
    "path",
    [
        "id/organization/vo-sino",
        "id/project/vo-vichkut-school",
        "id/contribution/vo-sino-mts-cida",
        "vocab/government-level/jamoat",
        "id/case/vo-sino",
        "graph/case/vo-sino",
    ],
)
def test_documents_parse_and_hold_the_resource_triples(site: Path, path: str) -> None:
    _, mapped = pipeline.load_and_map(ProjectPaths(REPO))
    iri = BASE + path
    expected = {(s, p, o) for s, p, o, _ in mapped.dataset.quads() if str(s).split("#")[0] == iri}
    for ext, fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        found = set(Graph().parse(site / f"{path}.{ext}", format=fmt))
        assert found == expected, f"{path}.{ext}"
    page = (site / f"{path}.html").read_text(encoding="utf-8")
    assert '<script type="application/ld+json">' in page
    assert f'<link rel="alternate" type="text/turtle" href="{path.rsplit("/", 1)[-1]}.ttl">' in page


def test_fact_pages_show_evidence_with_case_study(site: Path) -> None:
    page = (site / "id/contribution/vo-sino-mts-cida.html").read_text(encoding="utf-8")
    assert "100% of the project was funded by CIDA" in page
    assert 'href="../case/vo-sino.html">Case study 11' in page


def test_void_and_dcat_metadata_conform(site: Path) -> None:
    metadata = Graph().parse(site / "catalog.ttl")
    dcat_ap = Graph().parse(TESTS / "fixtures" / "vocab" / "dcat-ap-SHACL.ttl")
    conforms, _, text = validate(metadata, shacl_graph=dcat_ap, inference="none", allow_warnings=True)
    assert conforms, text
    void = Graph().parse(REPO / "shapes" / "metadata" / "void.shapes.ttl")
    conforms, _, text = validate(metadata, shacl_graph=void, inference="none")
    assert conforms, text


def test_distributions_carry_true_sizes_and_checksums(site: Path) -> None:
    metadata = Graph().parse(site / "catalog.ttl")
    dcat, spdx = "http://www.w3.org/ns/dcat#", "http://spdx.org/rdf/terms#"
    checked = 0
    for distribution in metadata.subjects(RDF.type, URIRef(dcat + "Distribution")):
        url = str(metadata.value(distribution, URIRef(dcat + "downloadURL")))
        local = site / url.removeprefix(BASE)
        if not local.is_file():
            local = site / "tables" / Path(url).name
        size = int(metadata.value(distribution, URIRef(dcat + "byteSize")))  # type: ignore[arg-type]
        checksum = metadata.value(distribution, URIRef(spdx + "checksum"))
        value = str(metadata.value(checksum, URIRef(spdx + "checksumValue")))
        assert size == local.stat().st_size
        assert value == hashlib.sha256(local.read_bytes()).hexdigest()
        checked += 1
    assert checked >= 5


def test_release_has_checksums_and_latest(built: Path) -> None:
    release = built / "releases" / "0.1.0"
    sums = (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(sums) == len([p for p in release.iterdir() if p.name != "SHA256SUMS"])
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest
    assert (built / "releases" / "latest" / "SHA256SUMS").read_text(encoding="utf-8") == "\n".join(
        sums
    ) + "\n"
    assert (built / "site" / "releases" / "0.1.0" / "SHA256SUMS").is_file()


def test_a_release_is_never_overwritten(mini: ProjectPaths) -> None:
    pipeline.publish(mini, release="1.0.0")
    pipeline.publish(mini, release="1.0.0")  # the same content again is fine
    edit(mini.root / "data/cases/01-vo-navobod.yaml", "title: Water line", "title: Water pipe")
    pipeline.build(mini)
    with pytest.raises(HamkoriError, match=r"release 1\.0\.0 exists with other content"):
        pipeline.publish(mini, release="1.0.0")


def test_hostile_names_are_escaped_on_every_page(mini: ProjectPaths) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    edit(
        mini.root / "data/registry/organizations.yaml",
        "name: Mountain Societies Development Support Programme",
        f'name: "{hostile}"',
    )
    result = pipeline.publish(mini)
    leaked = [p for p in result.folder.rglob("*.html") if hostile in p.read_text(encoding="utf-8")]
    assert not leaked, leaked
    page = (result.folder / "id/organization/msdsp.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


class Scripts(HTMLParser):
    """The type and text of every <script> element of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[str | None, str]] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append((dict(attrs).get("type"), ""))
            self.inside = True

    def handle_endtag(self, tag: str) -> None:
        self.inside = self.inside and tag != "script"

    def handle_data(self, data: str) -> None:
        if self.inside:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)


def test_a_hostile_label_stays_text_in_the_page_and_in_its_json_ld(mini: ProjectPaths) -> None:
    """A label that closes the JSON-LD block and opens a script is text in the page, and data in the block."""
    hostile = """</script><script>alert("x" & 'y')</script>"""
    edit(
        mini.root / "data/registry/organizations.yaml",
        "name: Mountain Societies Development Support Programme",
        "name: '" + hostile.replace("'", "''") + "'",
    )
    page = (pipeline.publish(mini).folder / "id/organization/msdsp.html").read_text(encoding="utf-8")
    assert hostile not in page and "<script>alert" not in page
    escaped = "&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot; &amp; &#x27;y&#x27;)&lt;/script&gt;"
    assert f"<title>{escaped} — Hamkori</title>" in page and f"<h1>{escaped}</h1>" in page
    assert '<header><nav><a href="../../index.html">Hamkori</a>' in page and "<main>" in page  # the shell
    parsed = Scripts()
    parsed.feed(page)
    assert [kind for kind, _ in parsed.scripts] == ["application/ld+json"]  # none of the label's making
    block = parsed.scripts[0][1]
    assert not {"<", ">", "&"} & set(block)
    nodes = json.loads(block)["@graph"]
    assert hostile in [value["@value"] for node in nodes for value in node.get(str(RDFS.label), [])]


def test_no_contact_details_on_the_site(site: Path) -> None:
    source = (REPO / "data/source/civil-society-development-in-tajikistan-2007.txt").read_text(
        encoding="utf-8"
    )
    secrets = set(re.findall(r"[\w.]+@[\w.]+\.\w+", source)) | {"224-03-74", "Umari Hajyom", "Lenin 139"}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".ttl", ".nt", ".jsonld", ".csv", ".nq", ".trig"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [s for s in secrets if s in text], path


def test_the_full_source_text_is_not_published(site: Path) -> None:
    assert not list(site.rglob("*.txt")) or all("source" not in p.name for p in site.rglob("*.txt"))
    assert not (site / "data").exists()


def test_rules_for_static_hosts(site: Path) -> None:
    htaccess = (site / ".htaccess").read_text(encoding="utf-8")
    assert "R=303" in htaccess and "text/turtle" in htaccess and "application/ld\\+json" in htaccess
    assert "return 303" in (site / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert (site / "deploy" / "w3id.htaccess").is_file()


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    store = OxigraphStore(None)
    _, mapped = pipeline.load_and_map(ProjectPaths(REPO))
    store.load(mapped.dataset)
    service = SparqlService(store, pipeline.library(ProjectPaths(REPO)), BASE, built / "site")
    httpd = make_server(service, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str, accept: str, follow: bool) -> tuple[int, str, bytes, str]:
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read(), response.url
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read(), exc.headers.get("Location", "")


@pytest.mark.parametrize(
    ("accept", "extension", "rdf_format"),
    [
        ("text/turtle", "ttl", "turtle"),
        ("application/ld+json", "jsonld", "json-ld"),
        ("application/n-triples", "nt", "nt"),
        ("text/html", "html", None),
        ("*/*", "html", None),
    ],
)
def test_content_negotiation_answers_303(
    server: str, accept: str, extension: str, rdf_format: str | None
) -> None:
    status, _, _, location = fetch(f"{server}/id/organization/vo-sino", accept, follow=False)
    assert status == 303 and location == f"/id/organization/vo-sino.{extension}"
    status, content_type, body, _ = fetch(f"{server}/id/organization/vo-sino", accept, follow=True)
    assert status == 200
    if rdf_format:
        graph = Graph().parse(data=body.decode("utf-8"), format=rdf_format)
        assert (URIRef(BASE + "id/organization/vo-sino"), None, None) in graph
    else:
        assert content_type.startswith("text/html") and b"Village Organization Sino" in body


def test_site_and_endpoint_served_together(server: str) -> None:
    assert fetch(f"{server}/", "text/html", True)[2].startswith(b"<!DOCTYPE html>")
    assert b"Query library" in fetch(f"{server}/queries", "text/html", True)[2]
    assert fetch(f"{server}/sparql?query=ASK%7B%7D", "application/sparql-results+json", True)[0] == 200


def test_static_files_cannot_escape_the_site(server: str) -> None:
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/id/../../../etc/passwd"):
        assert fetch(f"{server}{path}", "*/*", True)[0] == 404


def test_mini_site_without_network_stages_still_publishes(tmp_path: Path) -> None:
    root = tmp_path / "m"
    shutil.copytree(MINI, root)
    result = pipeline.publish(ProjectPaths(root))
    assert (result.folder / "index.html").is_file() and (result.folder / "ontology" / "index.html").is_file()


@pytest.fixture(scope="module")
def mini_twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, MappedDataset]:
    """The mini project's site written twice from the same inputs; the second time pyLODE may not run."""
    paths = ProjectPaths(MINI)
    corpus, mapped = pipeline.load_and_map(paths)
    work = tmp_path_factory.mktemp("twice")
    folders = []
    for run in ("first", "second"):
        folder = work / run
        folder.mkdir()
        with pytest.MonkeyPatch.context() as patch:
            if run == "second":
                patch.setattr("pylode.OntPub", _no_pylode)
            write_site(
                folder,
                corpus=corpus,
                mapped=mapped,
                paths=paths,
                build=work / "build",
                library=pipeline.library(paths),
                cache=work / "cache",
            )
        folders.append(folder)
    return folders[0], folders[1], work / "cache", mapped


def _no_pylode(*args: object) -> None:
    raise AssertionError("pyLODE ran although the ontology had not changed")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_site_is_byte_identical_across_runs(mini_twice: tuple[Path, Path, Path, MappedDataset]) -> None:
    first, second, cache, _ = mini_twice
    one, two = _files(first), _files(second)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert len(list(cache.glob("pylode-*.html"))) == 1


def test_every_resource_document_holds_exactly_its_triples(
    mini_twice: tuple[Path, Path, Path, MappedDataset],
) -> None:
    site, _, _, mapped = mini_twice
    expected: dict[str, set[tuple[object, object, object]]] = defaultdict(set)
    for s, p, o, _ in mapped.dataset.quads():
        if (path := site_path(str(s), BASE)) is not None:
            expected[path].add((s, p, o))
    published = sorted(str(p.relative_to(site).with_suffix("")) for p in site.rglob("*.nt"))
    assert set(expected) <= set(published) and len(published) > 20
    for path in published:
        for ext, fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
            found = set(Graph().parse(site / f"{path}.{ext}", format=fmt))
            assert found == expected.get(path, set()), f"{path}.{ext}"


def test_ontology_docs_are_made_again_only_when_the_ontology_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []

    class FakeOntPub:
        def __init__(self, source: str) -> None:
            self.text = Path(source).read_text(encoding="utf-8")

        def make_html(self) -> str:
            made.append(self.text)
            return f"<html>{self.text}</html>"

    monkeypatch.setattr("pylode.OntPub", FakeOntPub)
    ontology, cache = tmp_path / "hamkori.ttl", tmp_path / "cache"
    ontology.write_text("# one", encoding="utf-8")
    for run in range(2):
        page = ontology_docs(ontology, tmp_path / f"docs{run}", cache)
        assert page.read_text(encoding="utf-8") == "<html># one</html>\n"
    assert made == ["# one"]
    ontology.write_text("# two", encoding="utf-8")
    page = ontology_docs(ontology, tmp_path / "docs2", cache)
    assert page.read_text(encoding="utf-8") == "<html># two</html>\n"
    assert made == ["# one", "# two"]
    assert len(list(cache.glob("pylode-*.html"))) == 1  # the page of the old ontology is dropped


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "id/organization/vo-sino.html",
        "id/project/vo-vichkut-school.html",
        "ontology/index.html",
        "analysis/report.html",
        "vocab/collaboration-form/co-financing.html",
        "releases/index.html",
    ],
)
def test_pages_load_in_chromium_offline_without_errors(site: Path, path: str) -> None:
    from tests.browser import PageLog, chromium, open_page

    with chromium() as browser:
        log = PageLog()
        page = open_page(browser, (site / path).as_uri(), log)
        assert page.title()
        artifacts = REPO / "build" / "test-artifacts" / "site"
        artifacts.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(artifacts / (path.replace("/", "_") + ".png")))
    assert log.external == []
    assert log.errors == []


def test_hostile_names_stay_text_in_the_browser(mini: ProjectPaths) -> None:
    """A name that is HTML reaches the site pages only as text: no element, no script, no dialog."""
    from tests.browser import PageLog, chromium, open_page

    hostile = "<img src=x onerror=alert(1)>"
    edit(
        mini.root / "data/registry/organizations.yaml",
        "name: Mountain Societies Development Support Programme",
        f'name: "{hostile}"',
    )
    result = pipeline.publish(mini)
    with chromium() as browser:
        for path in ("id/organization/msdsp.html", "id/project/vo-navobod-water.html", "index.html"):
            log = PageLog()
            page = open_page(browser, (result.folder / path).as_uri(), log)
            assert page.locator("img").count() == 0, path
            if path.startswith("id/organization"):
                assert page.locator("h1").inner_text() == hostile
            assert not log.errors and not log.external, (path, log.errors)


def test_the_home_page_counts_funders_and_donors_apart(site: Path) -> None:
    """Issue 17: a funder is a role (whatever the sector), a donor an actor sector."""
    corpus = load_corpus(ProjectPaths(REPO))
    organizations = {o.id: o.sector for o in corpus.organizations}
    funders = {
        c.by
        for p in corpus.projects
        for c in p.contributions
        if c.role == "funding" and c.by in organizations
    }
    donors = {o for o, sector in organizations.items() if sector == "donor"}
    # State bodies that co-finance are funders but no donors, so the two counts differ.
    assert any(organizations[f] == "state" for f in funders) and funders != donors
    page = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(rf"<th[^>]*>Funders \([^<]*\)</th><td>{len(funders)}</td>", page)
    assert re.search(rf"<th[^>]*>Donors \([^<]*\)</th><td>{len(donors)}</td>", page)
