"""Starting and stopping: Ctrl-C, busy ports, and a watcher that cannot start."""
from __future__ import annotations

import errno
import http.client
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from harness import BASE, EventClient, running, site, wait_for  # noqa: F401  (fixtures)
from watchdog.observers.polling import PollingObserver

from generator.serve import DevServer, ServeOptions
from generator.serve.watch import WatchError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_stops_the_process_within_a_second_or_two(site, sig):
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(site.content),
                             "--config", str(site.config), "--out", str(site.out), "--port", "0"],
                            cwd=site.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("serving "):
                break
        assert lines and lines[-1].startswith("serving http://127.0.0.1:"), "".join(lines)
        port = int(lines[-1].split(":")[2].split("/")[0])
        assert lines[0].startswith("watching 4 paths")
        assert lines[1].startswith("search index: not built while serving")  # seconds per save, opt-in
        events = EventClient(port)  # an open event stream must not hold the process
        page = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        page.request("GET", BASE)
        assert page.getresponse().status == 200
        start = time.monotonic()
        proc.send_signal(sig)
        assert proc.wait(timeout=2) == 0
        assert time.monotonic() - start < 2
        assert "stopped" in proc.stdout.read()
        assert events.next(2)[0] == "closed"
    finally:
        proc.kill()
        proc.wait()


def test_shutdown_leaves_no_threads_and_frees_the_port(site):
    before = set(threading.enumerate())
    with running(site) as live:
        events = live.events()
        port = live.port
        site.article("story-0", "Changed")
        events.expect("reload")
        start = time.monotonic()
    assert time.monotonic() - start < 1
    wait_for(lambda: set(threading.enumerate()) <= before | {events.thread}, timeout=1)
    assert events.next(1)[0] == "closed"
    with socket.create_server(("127.0.0.1", port)):  # the port is free again
        pass


def test_busy_port_moves_to_the_next_free_one(site):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = DevServer(ServeOptions(site.content, site.config, site.out, port=port))
        log: list[str] = []
        server.log = log.append
        try:
            server.start()
            moved = server.server.server_address[1]
            assert moved != port and f"port {port} is in use; using {moved}" in log
            assert f":{moved}{BASE}" in server.url
        finally:
            server.shutdown()


def test_a_used_port_range_is_a_clear_error(site, monkeypatch):
    import generator.serve.handler as handler

    def refuse(address, live):
        raise OSError(errno.EADDRINUSE, "Address already in use")
    monkeypatch.setattr(handler, "SiteServer", refuse)
    with pytest.raises(OSError, match=r"ports 8000-8009 on 127.0.0.1 are all in use"):
        handler.bind("127.0.0.1", 8000, None)


class _NoInotify(PollingObserver):
    def start(self) -> None:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")


def test_falls_back_to_polling_when_notifications_fail(site):
    with running(site, prepare=lambda s: setattr(s.watcher, "native", _NoInotify)) as live:
        assert live.server.watcher.polling
        assert any("inotify watch limit reached" in line and "polling" in line for line in live.log)
        events = live.events()
        site.article("story-0", "Seen by polling")
        events.expect("reload")
        assert "Seen by polling" in live.fetch(BASE + "2024/03/01/story-0/").text


def test_does_not_serve_without_a_watcher(site, monkeypatch):
    import generator.serve.watch as watch

    monkeypatch.setattr(watch, "PollingObserver", _NoInotify)
    server = DevServer(ServeOptions(site.content, site.config, site.out, port=0), native=_NoInotify)
    server.log = lambda message: None
    with pytest.raises(WatchError, match="cannot watch"):
        server.start()
    server.shutdown()
    assert server.server is not None and server.server.socket.fileno() == -1
