"""`build.py serve`: a development server that rebuilds on change and reloads open pages.

Modules: files (URL → file, Content-Type), handler (HTTP + event stream), client (the
injected script, the error page), broker (events to pages), watch (watchdog), rebuild
(debounce), builder (the rebuild call), loop (watch + rebuild + log, shared with
`build --watch` in autobuild), outdir (the temporary output folder), app (wiring).
`serve(args)` is the command line's entry."""
from __future__ import annotations

import argparse
import sys
import webbrowser

from .app import DevServer, ServeOptions
from .loop import stop_on_sigterm
from .watch import WatchError

__all__ = ["DevServer", "ServeOptions", "serve"]


def serve(args: argparse.Namespace) -> int:
    """Run until Ctrl-C (or SIGTERM); 0 then, 1 when the server cannot start."""
    options = ServeOptions(content=args.content, config=args.config, out=args.out, host=args.host, port=args.port,
                           base_url=args.base_url, drafts=args.drafts, strict=args.strict, poll=args.poll,
                           search=args.search)
    server = DevServer(options)
    stop_on_sigterm()
    try:
        server.start()
        if args.open:
            webbrowser.open(server.url)
        server.wait()
    except (OSError, WatchError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    print("stopped", flush=True)
    return 0
