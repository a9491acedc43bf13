"""The browser packages vendored from npm: files as the manifest records them, licences beside them."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kg.outputs import browser
from kg.outputs.browser import VENDOR, assets, manifest

# What each package's package.json states, checked against the manifest.
LICENCES = {"@zazuko/yasgui": "MIT", "oxigraph": "MIT OR Apache-2.0"}


def test_every_vendored_file_matches_its_sha256_in_the_manifest() -> None:
    entries = manifest()
    assert {entry["package"] for entry in entries} == set(LICENCES)
    for entry in entries:
        folder = VENDOR / entry["folder"]
        on_disk = {p.name for p in folder.iterdir() if p.is_file()}
        assert on_disk == set(entry["files"]), entry["package"]  # nothing unrecorded, nothing missing
        for name, digest in entry["files"].items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, f"{folder.name}/{name}"


def test_each_package_keeps_its_licence_texts() -> None:
    for entry in manifest():
        assert entry["license"] == LICENCES[entry["package"]]
        assert re.fullmatch(r"\d+\.\d+\.\d+", entry["version"])
        assert entry["revendor"] == f"npm pack {entry['package']}@{entry['version']}"
        texts = {
            name: (VENDOR / entry["folder"] / name).read_text()
            for name in entry["files"]
            if "LICENSE" in name
        }
        assert texts, entry["package"]
        assert all("Permission is hereby granted" in t or "Apache License" in t for t in texts.values())
        if "Apache" in entry["license"]:  # a dual licence ships both texts
            assert any("Apache License" in t for t in texts.values())
            assert any("MIT" in t or "Permission is hereby granted" in t for t in texts.values())


def test_the_site_gets_the_vendored_files_byte_for_byte(tmp_path: Path) -> None:
    browser.copy_assets(tmp_path)
    for relative, source in assets().items():
        assert (tmp_path / relative).read_bytes() == source.read_bytes()
    assert (tmp_path / "vendor" / "oxigraph" / "web_bg.wasm").stat().st_size > 1_000_000
    assert (tmp_path / "vendor" / "yasgui" / "LICENSE").is_file()


def test_no_page_script_names_another_host() -> None:
    """The scripts written for the pages load nothing from a CDN or any other host."""
    for path in (VENDOR.parent / "static").iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""["'`](https?:)?//[a-z]""", text.replace("http://www.w3.org/", "")), path.name
