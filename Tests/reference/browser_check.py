"""Loads a local HTML file in headless Chromium through the DevTools protocol and reports, as
JSON on stdout: console messages of level error or warning, uncaught exceptions, log entries,
every network request (any URL that is not the file itself or a data: URL counts), the page's
headings, table count, inline SVG count, images without alt text, and writes a full-page
screenshot.

Usage: python3 browser_check.py PAGE.html SCREENSHOT.png
Requirements: Debian's chromium; websocket-client (Tests/reference/requirements.txt).
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(page, screenshot):
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        print(json.dumps({"error": "no chromium"}))
        return 3
    port = free_port()
    profile = tempfile.mkdtemp(prefix="nbhd-chromium-")
    proc = subprocess.Popen(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
         f"--remote-debugging-port={port}", "--remote-debugging-address=127.0.0.1", f"--user-data-dir={profile}",
         "--window-size=1000,1400", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        targets = None
        for _ in range(100):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=1))
                if any(t["type"] == "page" for t in targets):
                    break
            except OSError:
                pass
            time.sleep(0.1)
        target = next(t for t in targets if t["type"] == "page")
        ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=30)
        counter = [0]
        events = []

        def send(method, params=None):
            counter[0] += 1
            ident = counter[0]
            ws.send(json.dumps({"id": ident, "method": method, "params": params or {}}))
            while True:
                message = json.loads(ws.recv())
                if message.get("id") == ident:
                    if "error" in message:
                        raise RuntimeError(f"{method}: {message['error']}")
                    return message.get("result", {})
                events.append(message)

        for domain in ("Runtime", "Log", "Network", "Page"):
            send(f"{domain}.enable")
        url = "file://" + os.path.abspath(page)
        send("Page.navigate", {"url": url})
        deadline = time.time() + 30
        loaded = False
        while time.time() < deadline and not loaded:
            message = json.loads(ws.recv())
            events.append(message)
            loaded = message.get("method") == "Page.loadEventFired"
        time.sleep(0.5)
        info = send("Runtime.evaluate", {"returnByValue": True, "expression": """({
            headings: [...document.querySelectorAll('h1,h2')].map(h => h.textContent),
            tables: document.querySelectorAll('table').length,
            headerCells: document.querySelectorAll('th').length,
            svgs: document.querySelectorAll('svg').length,
            svgsWithoutLabel: [...document.querySelectorAll('svg')].filter(s => !s.getAttribute('aria-labelledby')).length,
            imagesWithoutAlt: [...document.querySelectorAll('img')].filter(i => !i.alt).length,
            scripts: document.querySelectorAll('script').length,
            lang: document.documentElement.lang,
            height: document.documentElement.scrollHeight
        })"""})["result"]["value"]
        height = min(int(info["height"]), 16000)
        send("Emulation.setDeviceMetricsOverride", {"width": 1000, "height": height, "deviceScaleFactor": 1, "mobile": False})
        shot = send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        # Drain anything still queued.
        ws.settimeout(0.3)
        try:
            while True:
                events.append(json.loads(ws.recv()))
        except Exception:
            pass
        ws.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)

    console = [e["params"] for e in events if e.get("method") == "Runtime.consoleAPICalled"
               and e["params"].get("type") in ("error", "warning", "assert")]
    exceptions = [e["params"]["exceptionDetails"].get("text") for e in events if e.get("method") == "Runtime.exceptionThrown"]
    log = [e["params"]["entry"] for e in events if e.get("method") == "Log.entryAdded"
           and e["params"]["entry"].get("level") in ("error", "warning")]
    requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    external = [r for r in requests if r != url and not r.startswith("data:")]
    print(json.dumps({
        "url": url, "console_errors": [str(c) for c in console], "exceptions": exceptions,
        "log_errors": [f"{l.get('source')}: {l.get('text')} {l.get('url', '')}" for l in log],
        "requests": requests, "external_requests": external, "page": info,
    }, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
