"""`build.py serve`: build once, then serve the output folder on localhost."""
from __future__ import annotations

import argparse
import functools
import http.server
import sys

from .config import Config


def serve(args: argparse.Namespace, cfg: Config) -> int:
    from .cli import cmd_build

    build_args = argparse.Namespace(**vars(args), now=None, drafts=False, strict=False, report=None, quiet=True, jobs=1)
    if cmd_build(build_args) != 0:
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(args.out))
    try:
        server = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"serving {args.out} at http://{args.host}:{args.port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
