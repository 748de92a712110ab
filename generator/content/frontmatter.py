"""YAML front matter → its values and the line of every top-level key. Most files take a
fast reader made for the seed schema's shape (plain keys, lists of mappings, short scalar
values); anything else goes to PyYAML (libyaml when present), with YAML's timestamps left
as text and values nested deeper than any schema needs refused."""
from __future__ import annotations

import re
from typing import Any, Sequence

import yaml

from ..model import ERROR, Diagnostic

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
    except (ValueError, OverflowError, AttributeError, TypeError):
        # a value PyYAML parses but cannot make: a 5,000-digit number, `!!timestamp 2024-13-45`,
        # or `!!timestamp` on what is no date at all (PyYAML then fails on its own missing match)
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
