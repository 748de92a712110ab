"""Site search with Pagefind, one index per shard (shards.py), each made through Pagefind's
Python API from its pages' records (records.py). Optional: without Pagefind (the
`pagefind[extended]` package) the build still succeeds and reports that search is off."""
from __future__ import annotations

import asyncio
import functools
import importlib.util
import os
import shutil
import threading
from pathlib import Path
from typing import Any, Callable, Coroutine, Mapping

from ..config import Config
from ..site.tree import remove_stale, same, walk
from .shards import LISTING, Shard, indexed, listing, stale

UI = ("pagefind-ui.js", "pagefind-ui.css")  # what the search page loads from out/pagefind/ itself
# Pagefind's other front ends, in every bundle it makes; the search page uses none of them:
# 280 KB a shard that a deploy would carry for each month of the site
UNUSED = frozenset({"pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-modular-ui.js",
                    "pagefind-modular-ui.css", "pagefind-highlight.js"})
UP_TO_DATE = "search index up to date"  # no shard's pages changed


def available(cfg: Config) -> bool:
    return cfg.search and importlib.util.find_spec("pagefind") is not None


def index_shards(out: Path, cfg: Config, shards: Mapping[str, Shard], jobs: int = 1,
                 started: Callable[[Callable[[], None]], None] = lambda stop: None) -> str:
    """Index again the shards whose records changed since out/pagefind was made, in `jobs`
    Pagefind processes, move them in once all are made (a failed run leaves the last index
    as it was), then list them all in out/pagefind/shards.json; returns what happened.
    `started` is handed a way to stop each Pagefind process (from any thread), for a
    long-lived caller to stop it on exit.

    It runs after the pages are written, not beside them: tried on two CPUs, a forked
    indexer made the 10,000-article build slower (16 -> 18 s), the render's and Pagefind's
    file creation contending in the kernel (system CPU 6-9 -> 10-14 s)."""
    if not cfg.search:
        return "search is off (search = false in site.toml)"
    if not available(cfg):
        return "search is off: Pagefind is not installed (pip install 'pagefind[extended]')"
    root = out / "pagefind"
    held = indexed(root)
    todo = stale(shards, held)
    todo += [name for name in shards if name not in todo and not (root / name / ENTRY).is_file()]  # deleted by hand
    fresh = out.with_name(f".{out.name}.pagefind-{os.getpid()}")
    try:
        if todo:
            _run(_index(cfg.language, [(name, shards[name]) for name in todo], fresh, max(1, min(jobs, len(todo))),
                        started))
            if set(todo) & held.keys():  # a run cut short while moving in leaves them marked to be made again
                _put(root / LISTING, listing({name: "" if name in todo else digest for name, digest in held.items()}))
            for name in todo:
                _move_in(fresh / name, root / name)
    except Exception as exc:  # Pagefind missing its binary, crashed or stopped: the last index stays
        tail = str(exc).strip().splitlines() or [type(exc).__name__]
        return f"search is off: pagefind failed ({tail[-1]})"
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    _finish(root, shards)
    if not todo:
        return f"{UP_TO_DATE} ({len(shards)} shards)"
    return f"search index updated ({len(todo)} of {len(shards)} shards indexed)"


async def _index(language: str, todo: list[tuple[str, Shard]], fresh: Path, jobs: int,
                 started: Callable[[Callable[[], None]], None]) -> None:
    """The shards through `jobs` Pagefind services, each taking the next shard when done with
    one and dropping its index once written, so that a service holds one month of pages at
    a time (one index of 10,000 articles took over 800 MB). Pagefind's output does not
    depend on which service made it."""
    from .pagefind_service import Service, stop

    queue = list(reversed(todo))

    async def work() -> None:
        service = await Service().launch()
        started(functools.partial(stop, service._backend))
        try:
            while queue:
                name, shard = queue.pop()
                index = await service.create_index(None)
                await asyncio.gather(*(index.add_custom_record(**r.fields(language)) for r in shard.records))
                files = await index.get_files()
                await index.delete_index()
                _write_files(fresh / name, files)
        finally:
            await service.close()

    await asyncio.gather(*(work() for _ in range(jobs)))


def _write_files(folder: Path, files: list[Any]) -> None:
    """A shard's files, written here rather than by Pagefind: its `write_files` answers before
    its last writes are done (tokio's file writes finish in the background), and a Pagefind
    stopped then left a file empty (seen as an empty wasm.unknown.pagefind in CI)."""
    for file in files:
        if file["path"] in UNUSED:
            continue
        path = folder / file["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file["content"])


def _run(work: Coroutine[Any, Any, None]) -> None:
    """asyncio.run on a thread of its own: the caller's thread may run an event loop already
    (a program that builds from async code; Playwright's sync API in the browser tests)."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(work)
        except BaseException as exc:  # handed to the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="newsdigest-pagefind", daemon=True)  # Ctrl-C need not wait
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def _finish(root: Path, shards: Mapping[str, Shard]) -> None:
    """The search page's files beside the shards, the listing last (a reader meanwhile merges
    the old shards or the new), then whatever no shard needs: a month with no pages left,
    and the single index of earlier versions."""
    root.mkdir(parents=True, exist_ok=True)
    newest = max(shards, default=None)
    ui = [name for name in UI if newest is not None and (root / newest / name).is_file()]  # none once no page is left
    for name in ui:
        _put(root / name, (root / newest / name).read_bytes())
    _put(root / LISTING, listing({name: shard.digest for name, shard in shards.items()}))
    keep = {LISTING, *ui, *shards}
    for entry in os.scandir(root):
        if entry.name not in keep:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)


def _put(path: Path, data: bytes) -> None:
    """Write a file unless it holds these bytes already (then its mtime stays)."""
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


ENTRY = "pagefind-entry.json"  # what Pagefind's script reads first; it names the other files


def _move_in(fresh: Path, target: Path) -> None:
    """Move the fresh index's files into `target`, leaving every file whose bytes did not
    change as it is (its mtime too: Pagefind writes all of a shard's fragments on every
    run, and a sync to static hosting by size and mtime would upload them all). New files
    go in first and the entry file last, stale ones go after it, so that a reader
    meanwhile loads the old index or the new one."""
    if not target.exists():  # a new shard: moved in at once
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(fresh, target)
        return
    files = walk(fresh)[0]
    held, dirs = walk(target)
    for rel in sorted(files, key=lambda r: (r == ENTRY, r)):
        if not same(held.get(rel), files[rel], target / rel, fresh / rel, quick=False):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(fresh / rel, target / rel)
    remove_stale(target, held, dirs, set(files))
    shutil.rmtree(fresh, ignore_errors=True)
