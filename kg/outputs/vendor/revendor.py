"""Vendor the browser packages of the query page again, from npm, offline afterwards.

    python -m kg.outputs.vendor.revendor                     # the versions in MANIFEST.json
    python -m kg.outputs.vendor.revendor oxigraph@0.5.12     # another version of one package

``npm pack NAME@VERSION`` fetches each package's tarball from the npm registry; the files the pages
load are copied from it into a folder of their own here, beside the licence texts kept in that
folder (the tarballs ship none: ``LICENSE*`` files are kept when a package is vendored again), and
MANIFEST.json records each package's name, version, licence (as its package.json states it) and the
sha256 of every file. ``tests/test_vendor.py`` checks the files against the manifest.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "MANIFEST.json"
# Package → (folder here, files of the tarball's package/ folder that the pages load).
PACKAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "@zazuko/yasgui": ("yasgui", ("build/yasgui.min.js", "build/yasgui.min.css")),
    "oxigraph": ("oxigraph", ("web.js", "web_bg.wasm")),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendor(spec: str, work: Path) -> dict[str, object]:
    """Fetch one package with ``npm pack`` and copy its files here; its manifest entry."""
    name = spec.rpartition("@")[0] if spec.rfind("@") > 0 else spec
    folder, wanted = PACKAGES[name]
    packed = subprocess.run(
        ["npm", "pack", "--json", spec], cwd=work, check=True, capture_output=True, text=True
    )
    tarball = work / json.loads(packed.stdout)[0]["filename"]
    with tarfile.open(tarball) as archive:
        meta = json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type]
        target = HERE / folder
        target.mkdir(exist_ok=True)
        for stale in target.iterdir():
            if not stale.name.startswith("LICENSE"):
                stale.unlink()
        for member in wanted:
            source = archive.extractfile(f"package/{member}")
            assert source is not None, member
            (target / Path(member).name).write_bytes(source.read())
    files = sorted(p for p in target.iterdir() if p.is_file())
    if not any(p.name.startswith("LICENSE") for p in files):
        sys.exit(f"{target} has no LICENSE file: add the licence text of {name} ({meta['license']})")
    return {
        "package": name,
        "version": meta["version"],
        "license": meta["license"],
        "folder": folder,
        "revendor": f"npm pack {name}@{meta['version']}",
        "files": {p.name: sha256(p) for p in files},
    }


def main(specs: list[str]) -> None:
    current = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.is_file() else []
    pinned = {entry["package"]: f"{entry['package']}@{entry['version']}" for entry in current}
    for spec in specs:
        pinned[spec.rpartition("@")[0] if spec.rfind("@") > 0 else spec] = spec
    with tempfile.TemporaryDirectory() as work:
        entries = [vendor(pinned.get(name, name), Path(work)) for name in PACKAGES]
    MANIFEST.write_text(json.dumps(entries, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
