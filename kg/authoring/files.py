"""Reading authoring files: regular files only, YAML with line numbers, numbers as they look.

Every file a folder listing finds is checked before it is opened (a FIFO would block for ever);
YAML is read by libyaml with YAML 1.2 core numbers and booleans in decimal (``0437`` stays text,
never octal 287), and aliases may not expand a file beyond a bound linear in its size.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError, Problem

MAX_FILE_BYTES = 5 * 1024 * 1024

# What XML 1.0 cannot hold (C0 controls but tab and newline, lone surrogates, U+FFFE and U+FFFF), and
# C1 controls and carriage returns, which no printed text has: a double-quoted "\x01" or "\ud800" in
# YAML would carry them into every output, and GraphML or GEXF with them is no longer well-formed.
UNSAFE_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# ---------------------------------------------------------------------------------------------
# YAML with line numbers
# ---------------------------------------------------------------------------------------------


class LineDict(dict[str, Any]):
    """A mapping that remembers the line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list[Any]):
    """A sequence that remembers the line of itself and of each item."""

    line: int = 0
    item_lines: list[int]


class _LineLoader(yaml.CSafeLoader):
    """The C-accelerated SafeLoader (libyaml), recording lines and refusing duplicate keys."""


class _ExplainingLoader(yaml.SafeLoader):
    """The pure-Python SafeLoader: slower, but its error messages say more than libyaml's."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key_line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(
                None, None, f"field names must be text, found {key!r}", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"field {key!r} is given twice (first on line {result.key_lines[key]})",
                key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_line
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


for _loader in (_LineLoader, _ExplainingLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


# Numbers and true/false as YAML 1.2's core schema reads them, in decimal only. YAML 1.1 (PyYAML's
# default) reads 0437 as octal 287, 9:40 as 580, 0x1F as 31, 1_000 as 1000 and yes/no/on/off as
# true/false, so a value would silently change. Here any other plain scalar stays the text it looks
# like: a text field keeps "0437" as printed, and a number field says that it found text.
INT_FORM = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
FLOAT_FORM = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
BOOL_VALUES = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
BOOL_FORM = re.compile("^(?:" + "|".join(BOOL_VALUES) + ")$")
# Text that YAML 1.1 would have read as a number (0437, 0x1F, 9:40, 1_000): messages say how to write it.
NON_DECIMAL = re.compile(r"^[-+]?[0-9][0-9a-fA-FxXoObB_:.]*$")
_INT, _FLOAT, _BOOL = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"


def _core_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """PyYAML's implicit resolvers with YAML 1.1's numbers and yes/no values replaced by 1.2 core's."""
    resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {
        first: [(tag, pattern) for tag, pattern in entries if tag not in (_INT, _FLOAT, _BOOL)]
        for first, entries in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }
    for tag, pattern, firsts in (
        (_BOOL, BOOL_FORM, "tTfF"),
        (_INT, INT_FORM, "-+0123456789"),
        (_FLOAT, FLOAT_FORM, "-+.0123456789"),
    ):
        for first in firsts:
            resolvers.setdefault(first, []).append((tag, pattern))
    return {first: entries for first, entries in resolvers.items() if entries}


def _core_scalar(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    """The text of an int, float or bool node; an explicit tag (!!int 0437) must use the core form too."""
    value = str(loader.construct_scalar(node))
    form, kind = {
        _INT: (INT_FORM, "a whole number in plain decimal"),
        _FLOAT: (FLOAT_FORM, "a number in plain decimal"),
        _BOOL: (BOOL_FORM, "true or false"),
    }[node.tag]
    if not form.match(value):
        raise yaml.constructor.ConstructorError(None, None, f"{value!r} is not {kind}", node.start_mark)
    return value


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode) -> int:
    return int(_core_scalar(loader, node))


def _construct_float(loader: _LineLoader, node: yaml.ScalarNode) -> float:
    _core_scalar(loader, node)
    return float(loader.construct_yaml_float(node))


def _construct_bool(loader: _LineLoader, node: yaml.ScalarNode) -> bool:
    return BOOL_VALUES[_core_scalar(loader, node)]


for _loader in (_LineLoader, _ExplainingLoader):
    _loader.yaml_implicit_resolvers = _core_resolvers()
    _loader.add_constructor(_INT, _construct_int)
    _loader.add_constructor(_FLOAT, _construct_float)
    _loader.add_constructor(_BOOL, _construct_bool)


class Dumper(yaml.SafeDumper):
    """Writes authoring YAML that reads back the same here (YAML 1.2 core) and in any YAML 1.1 tool.

    PyYAML quotes a string only when YAML 1.1 would read it as something else; the core schema's
    numbers are resolved here too, so a name such as ``1e5`` is written quoted and stays text.
    """


for _first, _entries in _core_resolvers().items():
    for _tag, _pattern in _entries:
        if _tag in (_INT, _FLOAT, _BOOL):
            Dumper.add_implicit_resolver(_tag, _pattern, [_first])


def dump_yaml(data: Any, **options: Any) -> str:
    """``data`` as block-style YAML that ``read_yaml`` reads back unchanged (keys kept in order)."""
    settings: dict[str, Any] = {"sort_keys": False, "allow_unicode": True, "width": 100}
    return str(yaml.dump(data, Dumper=Dumper, **(settings | options)))


class ExpansionError(Exception):
    """Aliases (``*name``) would make a file more values than its size allows, or an alias is recursive."""

    def __init__(self, line: int, field: str | None, message: str) -> None:
        super().__init__(message)
        self.line, self.field, self.message = line, field, message


def _children(node: yaml.Node) -> list[tuple[yaml.Node, str | int]]:
    """The nodes directly under ``node``, each with its step in a field path (a key or an index)."""
    if isinstance(node, yaml.MappingNode):
        found: list[tuple[yaml.Node, str | int]] = []
        for key, value in node.value:
            step = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            found += [(key, step), (value, step)]
        return found
    if isinstance(node, yaml.SequenceNode):
        return [(child, index) for index, child in enumerate(node.value)]
    return []


def _node_field(node: yaml.Node, parents: dict[int, tuple[yaml.Node, str | int]]) -> str | None:
    """The field of ``node`` as the messages write it (places[navobod].name), from its first parent."""
    parts: list[str] = []
    while id(node) in parents:
        parent, step = parents[id(node)]
        if isinstance(step, int):
            label = next(
                (
                    v.value
                    for k, v in (node.value if isinstance(node, yaml.MappingNode) else [])
                    if isinstance(k, yaml.ScalarNode) and k.value == "id" and isinstance(v, yaml.ScalarNode)
                ),
                None,
            )
            parts.append(f"[{label}]" if label else f"[{step + 1}]")
        else:
            parts.append(f".{step}")
        node = parent
    return "".join(reversed(parts)).lstrip(".") or None


def check_expansion(root: yaml.Node, budget: int) -> None:
    """Refuse a document whose aliases repeat more than ``budget`` values, or that contains itself.

    PyYAML builds an alias as a shared object, but every later check walks the document as a tree,
    so ``&a [*b, *b, …]`` nested a few times (a "billion laughs") would take for ever. Counting the
    tree's size over the shared nodes takes time linear in the number of distinct nodes.

    Raises:
        ExpansionError: with the line and field of the repeated value that costs the most.
    """
    size: dict[int, int] = {}
    uses: dict[int, int] = {}
    nodes: dict[int, yaml.Node] = {}
    parents: dict[int, tuple[yaml.Node, str | int]] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        key = id(node)
        if closing:
            open_nodes.discard(key)
            size[key] = 1 + sum(size[id(child)] for child, _ in _children(node))
            continue
        uses[key] = uses.get(key, 0) + 1
        if key in size:
            continue
        if key in open_nodes:  # reached again while still inside itself: an alias to an enclosing anchor
            line = node.start_mark.line + 1
            raise ExpansionError(
                line, _node_field(node, parents), "an alias (*name) repeats a value that contains it"
            )
        open_nodes.add(key)
        nodes[key] = node
        stack.append((node, True))
        for child, step in reversed(_children(node)):
            parents.setdefault(id(child), (node, step))
            stack.append((child, False))
    extra = size[id(root)] - len(nodes)
    if extra <= budget:
        return
    key = max((k for k in nodes if uses[k] > 1), key=lambda k: (uses[k] - 1) * size[k])
    raise ExpansionError(
        nodes[key].start_mark.line + 1,
        _node_field(nodes[key], parents),
        f"aliases (*name) repeat the value anchored here into {size[id(root)]:,} values in all; "
        f"a file of this size may repeat at most {budget:,}: write the values out instead",
    )


def _load(text: str, loader_class: type[_LineLoader] | type[_ExplainingLoader]) -> Any:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "*" in text:  # no alias without an asterisk
            check_expansion(node, len(text))
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _parse_yaml(text: str) -> Any:
    """Parse with libyaml; when the text is not valid, parse again in Python to raise its clearer error.

    Raises:
        yaml.YAMLError: the text is not YAML.
        ExpansionError: aliases would repeat more values than the file's size allows.
    """
    try:
        return _load(text, _LineLoader)
    except yaml.YAMLError:
        pass
    return _load(text, _ExplainingLoader)


def yaml_problem(exc: yaml.MarkedYAMLError, text: str, shown: str) -> Problem:
    """A YAML error at the line that a person should look at.

    At the end of the file (an unclosed quote or bracket) PyYAML's problem mark points past the
    last line; the context mark then says where the open construct started.
    """
    mark = exc.problem_mark
    at_end = mark is None or mark.index >= len(text.rstrip())
    if at_end and exc.context_mark is not None:
        mark = exc.context_mark
    reason = exc.problem or exc.context or "malformed YAML"
    if at_end and exc.context:
        reason = f"{reason} ({exc.context} that is never closed)"
    return Problem(shown, mark.line + 1 if mark else None, None, f"malformed YAML: {reason}")


_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _not_regular(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file (None: it is one)."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _FILE_KINDS if test(mode)), "not a regular file")


def read_regular_file(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, which must be a regular, readable file of at most ``limit`` bytes.

    A named pipe, socket, device or folder is never read (reading a FIFO would wait for ever).

    Raises:
        InputError: naming ``shown`` and why the file cannot be read.
    """

    def refused(message: str) -> InputError:
        return InputError([Problem(shown, None, None, message)])

    try:
        status = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise refused(f"a symbolic link to {os.readlink(path)}, which does not exist") from None
        raise refused("the file does not exist") from None
    except OSError as exc:
        raise refused(f"cannot be read: {exc.strerror or exc}") from None
    kind = _not_regular(status.st_mode)
    if kind is not None:
        raise refused(f"is {kind}, not a file: move it out of the folder or rename it")
    too_big = f"file is {status.st_size:,} bytes; the limit is {limit:,}"
    if status.st_size > limit:
        raise refused(too_big)
    try:
        # O_NONBLOCK: should a FIFO replace the file after the stat, opening it does not wait.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise refused(f"cannot be read: {exc.strerror or exc}; check its permissions") from None
    with os.fdopen(handle, "rb") as file:
        kind = _not_regular(os.fstat(file.fileno()).st_mode)
        if kind is not None:
            raise refused(f"is {kind}, not a file: move it out of the folder or rename it")
        try:
            raw = file.read(limit + 1)
        except OSError as exc:
            raise refused(f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise refused(f"file is more than {limit:,} bytes; the limit is {limit:,}")
    return raw


def decode_utf8(raw: bytes, shown: str) -> str:
    """``raw`` as UTF-8 text.

    Raises:
        InputError: at the line of the first byte that is not UTF-8.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        raise InputError([Problem(shown, line, None, message)]) from None


def read_text_file(path: Path, shown: str | None = None, limit: int = 50 * MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a regular file such as a source text; a binary file or a folder is refused.

    Raises:
        InputError: the file is not a readable regular file, too large, binary or not UTF-8.
    """
    shown = shown or path.as_posix()
    text = decode_utf8(read_regular_file(path, shown, limit), shown)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        message = "a NUL character: this is a binary file, not plain text; save it as UTF-8 plain text"
        raise InputError([Problem(shown, line, None, message)])
    return text


def read_yaml(path: Path, shown: str, raw: bytes | None = None) -> LineDict:
    """Parse one authoring file (``raw``: its bytes, when they have been read already).

    Raises:
        InputError: the file cannot be read as UTF-8, is not YAML, is empty or is not a mapping.
    """
    raw = read_regular_file(path, shown) if raw is None else raw
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(
            [Problem(shown, None, None, f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")]
        )
    text = decode_utf8(raw, shown)
    try:
        document = _parse_yaml(text)
    except yaml.MarkedYAMLError as exc:
        raise InputError([yaml_problem(exc, text, shown)]) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        character = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        message = f"malformed YAML: unacceptable character {character} (a control character?)"
        raise InputError([Problem(shown, line, None, message)]) from None
    except RecursionError:
        raise InputError([Problem(shown, None, None, "malformed YAML: nested too deeply")]) from None
    except ExpansionError as exc:
        raise InputError([Problem(shown, exc.line, exc.field, exc.message)]) from None
    except yaml.YAMLError as exc:
        raise InputError(
            [Problem(shown, None, None, f"malformed YAML: {' '.join(str(exc).split())}")]
        ) from None
    if document is None:
        raise InputError([Problem(shown, None, None, "the file is empty")])
    if not isinstance(document, LineDict):
        raise InputError(
            [
                Problem(
                    shown, 1, None, f"the file must be a mapping of sections, found {type(document).__name__}"
                )
            ]
        )
    return document
