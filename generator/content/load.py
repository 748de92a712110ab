"""Find input files and turn each into a RawDocument: decoded text, front matter with
the line of every top-level key, and the body. The only stage that reads content/."""
from __future__ import annotations

import errno
import functools
import hashlib
import os
import re
import stat as filemode
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import yaml

from ..model import ERROR, Diagnostic
from .encoding import decode_text, not_text, without_controls
from .htmlpage.charset import decode_page
from .scan import ARTICLE_SUFFIXES, HTML_SUFFIXES, scan_content

IGNORED_NAMES = {"providers.toml"}

try:  # libyaml is several times faster; the pure loader behaves the same
    _BaseLoader = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML without implicit timestamps: dates stay strings so that one parser,
    aware of the site time zone, reads them all the same way."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        """BaseResolver.resolve without building two lists per scalar (the composer asks
        once for every node); path resolvers, which the safe loader has none of, go to it."""
        if self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], _IMPLICIT_OTHER):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

_STR, _SEQ, _MAP = _Loader.DEFAULT_SCALAR_TAG, _Loader.DEFAULT_SEQUENCE_TAG, _Loader.DEFAULT_MAPPING_TAG
# first character → the implicit resolvers PyYAML tries, wildcards appended as it does
_IMPLICIT = {ch: tuple(rs) + tuple(_Loader.yaml_implicit_resolvers.get(None, ()))
             for ch, rs in _Loader.yaml_implicit_resolvers.items() if ch is not None}
_IMPLICIT_OTHER = tuple(_Loader.yaml_implicit_resolvers.get(None, ()))


# scalar tags whose PyYAML constructor is a plain function of the node (no generator, no state)
_SCALAR_CONSTRUCTORS = {tag: _Loader.yaml_constructors[tag] for tag in (
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()  # what those constructors need as `self`


class _Unusual(Exception):
    """A node the fast construction leaves to PyYAML (aliased collections, merge keys,
    explicit tags such as !!set or !!timestamp)."""


def _construct(node: yaml.Node, loader: Any, seen: set[int]) -> Any:
    """The Python value PyYAML's SafeConstructor makes for plain mappings, sequences and
    null/bool/int/float/str scalars, in one recursive walk; anything else raises _Unusual."""
    tag = node.tag
    if type(node) is yaml.ScalarNode:
        if tag == _STR:
            return node.value
        constructor = _SCALAR_CONSTRUCTORS.get(tag)
        if constructor is None:
            raise _Unusual
        return constructor(loader, node)
    if id(node) in seen:  # an alias: PyYAML would share the object
        raise _Unusual
    seen.add(id(node))
    if type(node) is yaml.SequenceNode and tag == _SEQ:
        return [_construct(child, loader, seen) for child in node.value]
    if type(node) is yaml.MappingNode and tag == _MAP:
        mapping = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise _Unusual
            mapping[_construct(key_node, loader, seen)] = _construct(value_node, loader, seen)
        return mapping
    raise _Unusual


def _construct_document(node: yaml.Node, loader: Any) -> Any:
    """Same value as loader.construct_document(node); the fast walk when it can, else PyYAML
    (which also raises whatever error the document has)."""
    if type(node) is yaml.MappingNode:
        try:
            return _construct(node, loader, set())
        except Exception:  # any doubt: let PyYAML build it (and report it) exactly
            pass
    return loader.construct_document(node)


# The simple front matter most files have (nested block mappings and sequences of plain,
# quoted or empty-collection scalars, one per line, blank lines between) is read without
# PyYAML: one regex checks every line, a walk over the lines builds the values, and scalars
# are resolved and constructed by PyYAML's own resolvers and constructors. Anything else
# (comments, flow collections, anchors, tags, block scalars, continued lines, tabs, odd
# indentation, unusual characters) goes to PyYAML, which then gives the value or the error.
# (A third of the benchmark's files, yaml.dump's 'it''s', and the API's blank lines between
# sections went to PyYAML, at about three times the cost.)
_UNSAFE = re.compile(  # outside YAML's printable set, or a tab, CR, NEL, U+2028/9, BOM
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_VALUE = (r"\[\]|\{\}|'(?:[^'\n]|'')*'|\"[^\"\\\n]*\""  # empty collections, quoted: single with its
          # one escape ('' for '; a backslash is a backslash there), double without escapes
          # plain: no indicator first, no bracket, no space or colon last (and, checked
          # in _simple_value, no ": " or " #" inside)
          r"|(?:[^-?:,\[\]{}#&*!|>'\"%@` \n]|-[0-9.])(?:[^\[\]{}\n]*[^\[\]{}: \n])?")
_LINE = re.compile(rf"^( *)(- )?(?:([A-Za-z_][A-Za-z0-9_-]{{0,99}}):(?: ({_VALUE}))?|({_VALUE}))$", re.M)
_Row = tuple[str, str, str, str, str]  # indent, "- ", key, key's value, item value
_STR_KEYS: dict[str, bool] = {}  # key → whether it resolves to a string (not yes/no/null...)


def _plain_tag(text: str) -> str:
    for tag, regexp in _IMPLICIT.get(text[:1], _IMPLICIT_OTHER):
        if regexp.match(text):
            return tag
    return _STR


def _simple_value(text: str) -> Any:
    first = text[0]
    if first == "'":
        return text[1:-1].replace("''", "'")  # yaml.dump writes "it's" as 'it''s'
    if first == '"':
        return text[1:-1]
    if text == "[]":
        return []
    if text == "{}":
        return {}
    if ": " in text or " #" in text:  # a mapping or a comment inside: PyYAML's error or value
        raise _Unusual
    tag = _plain_tag(text)
    if tag == _STR:
        return text
    constructor = _SCALAR_CONSTRUCTORS.get(tag)
    if constructor is None:  # "<<" or "=" as a value: PyYAML's error
        raise _Unusual
    return constructor(_CONSTRUCTOR, yaml.ScalarNode(tag, text))


def _simple_mapping(rows: list[_Row], i: int, indent: int, key_lines: dict[str, int] | None = None,
                    compact: bool = False, numbers: Sequence[int] = ()) -> tuple[dict[str, Any], int]:
    """The block mapping at `indent` starting at row i; `compact`: its first key follows a
    sequence item's "- "; `numbers`: each row's file line, for `key_lines`. Returns the
    mapping and the row after it."""
    out: dict[str, Any] = {}
    n = len(rows)
    while i < n:
        spaces, dash, key, text, _ = rows[i]
        width = len(spaces)
        if compact:
            width, dash, compact = width + 2, "", False
        if width != indent or dash or not key:
            if width < indent:
                break
            raise _Unusual
        if key not in _STR_KEYS:
            if len(_STR_KEYS) > 10_000:
                _STR_KEYS.clear()
            _STR_KEYS[key] = _plain_tag(key) == _STR
        if not _STR_KEYS[key]:
            raise _Unusual
        if key_lines is not None:
            key_lines[key] = numbers[i]
        i += 1
        value: Any = None
        if text:
            value = _simple_value(text)
        elif i < n:
            width = len(rows[i][0])
            if rows[i][1] and width >= indent:
                value, i = _simple_sequence(rows, i, width)
            elif width > indent:
                value, i = _simple_mapping(rows, i, width)
        out[key] = value
    return out, i


def _simple_sequence(rows: list[_Row], i: int, indent: int) -> tuple[list[Any], int]:
    out: list[Any] = []
    n = len(rows)
    while i < n:
        spaces, dash, key, _, item = rows[i]
        if len(spaces) != indent:
            if len(spaces) < indent:
                break
            raise _Unusual
        if not dash:
            break
        if key:
            value, i = _simple_mapping(rows, i, indent + 2, compact=True)
        else:
            value, i = _simple_value(item), i + 1
        out.append(value)
    return out, i


def _simple_front_matter(block: str) -> tuple[dict[str, Any], dict[str, int]] | None:
    """(values, key lines) exactly as PyYAML gives them, or None: leave it to PyYAML.
    Also None for a line indented 25 columns or more: what this reader takes nests at most
    one level deeper per column (a sequence's items indent two past its dash), so the
    values it gives are never deeper than _DEEPEST and need no walk to check it."""
    if _UNSAFE.search(block) or _DEEP_INDENT in block or block.startswith(_DEEP_INDENT[1:]):
        return None
    rows = _LINE.findall(block)
    lines = block.count("\n") + 1
    numbers: Sequence[int] = range(2, lines + 2)  # the block starts on the file's line 2
    if len(rows) != lines:
        # blank lines (the API's schema sets sections apart with them) are nothing to YAML
        # outside block scalars and continued lines, which this reader refuses anyway
        numbers = [n for n, line in enumerate(block.split("\n"), 2) if line.strip(" ")]
        if len(rows) != len(numbers):  # a line that is not of the simple kind
            return None
    key_lines: dict[str, int] = {}
    try:
        data, end = _simple_mapping(rows, 0, 0, key_lines, numbers=numbers)
    except Exception:  # _Unusual, or a constructor's error ("0x_"): PyYAML gives its own
        return None
    return (data, key_lines) if end == len(rows) and data else None


@dataclass(frozen=True)
class RawDocument:
    """One input file after decoding. `meta` is None for plain text (no front matter)."""

    path: str  # relative to the content folder, POSIX separators
    text: str
    meta: dict[str, Any] | None
    body: str
    body_line: int  # line where the body starts (1-based)
    key_lines: dict[str, int] = field(default_factory=dict)
    mtime: float = 0.0
    size: int = 0
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A file that is not an article (or could not be read): reported, never silent."""

    path: str
    diagnostics: tuple[Diagnostic, ...]


def discover(content: Path) -> list[Path]:
    """Every file under content/, sorted, following no symlink out of the folder."""
    return [Path(p) for _, p, st in scan_content(content) if st is not None and filemode.S_ISREG(st.st_mode)]


@functools.lru_cache(maxsize=8)
def _resolved(content: Path) -> str:
    return str(content.resolve())


def _relative(file: Path, content: Path) -> str:
    """The content-relative POSIX path; a prefix cut for what `discover` found (no relpath per file)."""
    if not file.is_absolute():
        return file.as_posix()
    root, path = _resolved(content), str(file)
    if path.startswith(root + os.sep) and "/.." not in path and "/./" not in path:
        return path[len(root) + 1:].replace(os.sep, "/")
    return os.path.relpath(file, root).replace(os.sep, "/")


def decode(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8, or what a byte-order mark says (UTF-16, UTF-32); invalid bytes are replaced
    and reported with their line."""
    return decode_text(data, path)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter, body, body line). The block opens with `---` on line 1 and closes
    at the next line that is exactly `---` (URLs containing `---` do not close it)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return "\n".join(lines[1:]), "", len(lines) + 1


_DEEPEST = 32  # real front matter nests 5 deep (related → item → provider → images → item)
_DEEP_INDENT = "\n" + " " * 25  # a line the fast reader leaves to PyYAML (see _simple_front_matter)


def parse_yaml(block: str, path: str) -> tuple[dict[str, Any] | None, dict[str, int], list[Diagnostic]]:
    """Parse the front matter; lines are file lines (the block starts on line 2). Values
    nested deeper than any schema needs are refused: every later stage (the parse cache's
    pickling among them) would have to walk them."""
    simple = _simple_front_matter(block)
    if simple is not None:  # shallow enough (see there)
        return simple[0], simple[1], []
    meta, lines, diags = _parse_yaml(block, path)
    if meta is not None and _deeper(meta, _DEEPEST):
        return None, {}, [Diagnostic(path, 1, "front matter", ERROR,
                                     f"invalid YAML: nested more than {_DEEPEST} levels deep")]
    return meta, lines, diags


def _deeper(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return False


def _parse_yaml(block: str, path: str) -> tuple[dict[str, Any] | None, dict[str, int], list[Diagnostic]]:
    loader = _Loader(block)
    try:
        node = loader.get_single_node()
        data = _construct_document(node, loader) if node is not None else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, {}, [Diagnostic(path, line, "front matter", ERROR, f"invalid YAML: {problem}")]
    except (ValueError, OverflowError):  # a value PyYAML parses but cannot make (a 5,000-digit number, !!timestamp 2024-13-45)
        return None, {}, [Diagnostic(path, 1, "front matter", ERROR, "invalid YAML: a value that cannot be read "
                                     "(a number thousands of digits long, or an impossible date)")]
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        return None, {}, [Diagnostic(path, 2, "front matter", ERROR, f"expected key: value pairs, got {kind}")]
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 2
    return {str(k): v for k, v in data.items()}, lines, []


@dataclass(slots=True)  # not frozen: a rebuild makes 10,000 and frozen construction costs twice as much
class SourceFile:
    """An input file's identity: what the cache keys on before any parsing."""

    path: str
    data: bytes
    mtime: float
    digest: str
    stat_key: tuple[int, int] = (0, 0)


def _read_bytes(file: str | Path, size: int) -> bytes:
    """The file's bytes with open, read and close only (Path.read_bytes adds an fstat, an
    ioctl and an lseek per file); reads on to the end should the file have grown."""
    fd = os.open(file, os.O_RDONLY)
    try:
        chunks = [os.read(fd, size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 16))
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_source(file: Path, content: Path, max_bytes: int) -> SourceFile | Skipped:
    return read_file(_relative(file, content), str(file), max_bytes)


@functools.lru_cache(maxsize=1 << 17)
def is_article_name(rel: str) -> bool:
    """Remembered per path: a rebuild asks again for each of 10,000 files."""
    return os.path.splitext(rel)[1].lower() in ARTICLE_SUFFIXES and rel.rsplit("/", 1)[-1] not in IGNORED_NAMES


def read_file(rel: str, path: str, max_bytes: int, stat: os.stat_result | None = None) -> SourceFile | Skipped:
    """Read and hash a file; `stat`: the entry's, when the caller has just taken it (scan.py).
    A file the parse cache saw unchanged is not read at all: the corpus takes its entry."""
    scanned = stat is not None
    try:
        if stat is None:
            stat = os.stat(path)
    except OSError as exc:
        why = exc.strerror
        if os.path.islink(path):
            why = "the links lead round in a loop" if exc.errno == errno.ELOOP else "the link leads to no file"
        return Skipped(rel, (Diagnostic(rel, 0, "file", ERROR, f"cannot read: {why}"),))
    if not filemode.S_ISREG(stat.st_mode):
        return not_a_file(rel, path, stat, scanned)
    if not is_article_name(rel):
        return Skipped(rel, (Diagnostic(rel, 0, "file", "info", "not an article file; ignored"),))
    try:
        if stat.st_size > max_bytes:
            return Skipped(rel, (Diagnostic(rel, 0, "file", ERROR,
                                            f"file is {stat.st_size:,} bytes, over max_file_bytes ({max_bytes:,})"),))
        data = _read_bytes(path, stat.st_size)
    except OSError as exc:
        return Skipped(rel, (Diagnostic(rel, 0, "file", ERROR, f"cannot read: {exc.strerror}"),))
    return SourceFile(rel, data, stat.st_mtime, hashlib.sha1(data).hexdigest(), (stat.st_size, stat.st_mtime_ns))


_SPECIAL = ((filemode.S_ISFIFO, "a named pipe"), (filemode.S_ISSOCK, "a socket"),
            (filemode.S_ISCHR, "a device"), (filemode.S_ISBLK, "a device"))


def not_a_file(rel: str, path: str, stat: os.stat_result, scanned: bool) -> Skipped:
    """An entry under content/ that is no regular file: named in the report, never opened
    (a named pipe would block the build, a link outside would publish what is not content)."""
    def skipped(severity: str, message: str) -> Skipped:
        return Skipped(rel, (Diagnostic(rel, 0, "file", severity, message),))

    if filemode.S_ISLNK(stat.st_mode):  # the scan gives a link's own stat when it leads outside
        return skipped("info", "link leads outside content/; not read")
    if filemode.S_ISDIR(stat.st_mode):
        if not scanned:  # the scan could not open it
            return skipped(ERROR, "cannot open this folder; the files in it are not read")
        if os.path.islink(path):
            return skipped("info", "link to a folder inside content/; its files are read where they are")
        return skipped("info", "a folder, not a file; the files in it are read")
    kind = next((name for test, name in _SPECIAL if test(stat.st_mode)), "not a regular file")
    return skipped("info", f"{kind}, not a file; not read")


def is_html_name(rel: str) -> bool:
    return rel.lower().endswith(HTML_SUFFIXES)


def parse_source(src: SourceFile) -> RawDocument | Skipped:
    rel = src.path
    why = not_text(src.data)
    if why:
        return Skipped(rel, (Diagnostic(rel, 0, "file", ERROR, f"not a text file ({why})"),))
    html = is_html_name(rel)
    text, diags = decode_page(src.data, rel) if html else decode(src.data, rel)
    text, dropped = without_controls(text.replace("\r\n", "\n").replace("\r", "\n"), rel)
    diags += dropped
    if not text.strip():
        return Skipped(rel, (*diags, Diagnostic(rel, 1, "file", ERROR, "empty file")))
    if html:  # a saved web page: its metadata is in the page, not in front matter
        return RawDocument(rel, text, None, text, 1, {}, src.mtime, len(src.data), tuple(diags))
    block, body, body_line = split_front_matter(text)
    meta, key_lines = None, {}
    if block is not None:
        meta, key_lines, errs = parse_yaml(block, rel)
        if errs:
            return Skipped(rel, (*diags, *errs))
    return RawDocument(rel, text, meta, body, body_line, key_lines, src.mtime, len(src.data), tuple(diags))


def read_document(file: Path, content: Path, max_bytes: int) -> RawDocument | Skipped:
    src = read_source(file, content, max_bytes)
    return src if isinstance(src, Skipped) else parse_source(src)
