"""A build folder is replaced as a whole: a new build is made beside it and swapped in by one rename.

Whatever stops a build (``kill -9`` of the process group or of the parent alone, a full disk, a
file-size limit, a read-only folder), the build folder is wholly the previous build or wholly the
new one: the new build is filled in a sibling folder (``.build.new-PID``) and put in the place of
``build/`` by one ``renameat2(RENAME_EXCHANGE)`` call, which the kernel does whole or not at all.
Where the file system cannot exchange two folders, two renames are used and the next build puts the
previous build back if it was stopped between them. Only the process that made the folder swaps it
in; the children it forks die with it (``kg.project.children``).

One build at a time writes a build folder: ``build_lock`` holds an exclusive ``flock`` on
``.build.lock`` beside it, which the system releases when the holder dies, however it dies.

    with new_build(layout.root, produces={"dumps", "store"}) as folder:
        write_dumps(..., folder / "dumps")   # what is not produced is carried over from the previous build
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import OutputError

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
# A cache inside the build folder (where builds kept it before it moved beside it) is never carried over.
LEGACY_CACHE = "cache"


def build_identity(root: Path) -> tuple[int, int] | None:
    """The identity of the build now at ``root`` (None when there is none).

    Every build, analysis or publication that completes puts a new folder in the place of ``root``
    in one step, so a reader that opened files of one build (the store, say) knows it must open
    them again when this value changes.
    """
    try:
        status = os.stat(root)
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def sibling(root: Path, role: str) -> Path:
    """A hidden folder or file beside ``root`` that belongs to it: ``.build.lock``, ``.build-cache``…"""
    return root.parent / f".{root.name}{role}"


@contextmanager
def build_lock(root: Path, *, notify: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock of the build folder ``root``; wait (saying so) while another process holds it.

    Raises:
        OutputError: when the lock file cannot be made (a read-only folder, say).
    """
    lock = sibling(root, ".lock")
    with refusals_explained(root):
        root.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "?"
            notify(f"another kg command (pid {holder}) is writing {root}; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(handle)  # releases the lock (children that inherited it die with this process)


@contextmanager
def new_build(
    root: Path, *, produces: Iterable[str], notify: Callable[[str], None] = lambda _: None
) -> Iterator[Path]:
    """A new folder to fill as the next build at ``root``; swapped in whole when the block completes.

    ``produces`` names the entries of the build that the block may write; every other entry of the
    previous build is in the new folder from the start (hard links: nothing is copied), and the
    produced ones that the block leaves out are carried over at the end. If the block raises, or
    the process dies, ``root`` is as it was and the new folder is removed (by the next build at
    the latest).

    Raises:
        OutputError: when the system refuses a write (disk full, file too large, read-only folder).
    """
    produced = set(produces)
    with build_lock(root, notify=notify):
        clear_leftovers(root)
        owner = os.getpid()
        folder = sibling(root, f".new-{owner}")
        try:
            with refusals_explained(root):
                folder.mkdir()
                carry_over(root, folder, lambda name: name not in produced)
                yield folder
                carry_over(root, folder, lambda name: name in produced)
                if os.getpid() != owner:  # a forked child never swaps a build in
                    raise RuntimeError("a child process tried to swap in a build")
                swap(folder, root)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        shutil.rmtree(folder, ignore_errors=True)  # it holds the previous build now


def carry_over(root: Path, folder: Path, wanted: Callable[[str], bool]) -> None:
    """Hard-link the entries of the build at ``root`` that ``wanted`` names and ``folder`` lacks.

    Safe because no stage writes into an existing file: each writes new files and renames them.
    """
    if not root.is_dir():
        return
    for entry in sorted(root.iterdir()):
        if entry.name == LEGACY_CACHE or not wanted(entry.name) or (folder / entry.name).exists():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, folder / entry.name, symlinks=True, copy_function=os.link)
        else:
            os.link(entry, folder / entry.name, follow_symlinks=False)


def swap(folder: Path, root: Path) -> None:
    """Put ``folder`` in the place of ``root``; ``folder`` then holds the previous build (if any)."""
    if not root.exists():
        folder.rename(root)
        return
    if _exchange(folder, root):
        return
    retired = sibling(root, f".old-{os.getpid()}")
    root.rename(retired)  # a kill here leaves no build/: clear_leftovers puts this one back
    folder.rename(root)
    retired.rename(folder)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one system call; False where the system or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def clear_leftovers(root: Path) -> None:
    """Remove what stopped builds left beside ``root``; put the previous build back if it is missing.

    Called with the lock held, so every leftover belongs to a process that is gone.
    """
    retired = sorted(root.parent.glob(f".{root.name}.old-*"))
    if not root.exists() and retired:
        retired.pop().rename(root)
    for leftover in [*retired, *root.parent.glob(f".{root.name}.new-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    stale_cache = root / LEGACY_CACHE
    if stale_cache.is_dir():  # the cache lives beside the build now (BuildLayout.cache)
        shutil.rmtree(stale_cache, ignore_errors=True)


@contextmanager
def refusals_explained(root: Path) -> Iterator[None]:
    """Turn the system's refusals to write (disk full, file too large, read-only) into an OutputError."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in REFUSALS and not any(words in str(exc) for words in REFUSAL_WORDS):
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        raise OutputError(
            f"the system refused to write the new build: {exc.strerror or exc}{where}; "
            f"{root} is as it was before"
        ) from None


# The errors that say the system will not take more output, rather than that Hamkori is wrong.
REFUSALS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM})
# The same refusals from libraries that report them as text only (RocksDB under pyoxigraph).
REFUSAL_WORDS = tuple(os.strerror(code) for code in sorted(REFUSALS))
