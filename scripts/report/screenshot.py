#!/usr/bin/python3
"""Render an HTML report with WebKitGTK (the engine the Tauri app uses on Linux) and save a PNG screenshot.

Usage (needs a display; under CI use Xvfb):
    xvfb-run -a -s "-screen 0 1280x900x24" /usr/bin/python3 scripts/report/screenshot.py \
        docs/report-sample.html docs/report-screenshot.png [WIDTH HEIGHT]

Debian packages: python3-gi, gir1.2-webkit2-4.1 (both come with the Tauri build dependencies).
The report has no scripts and no remote loads, so JavaScript and network access are switched off here too: the
screenshot shows exactly what a reader's browser shows offline. Exits non-zero if loading fails or times out.
"""
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, dst = sys.argv[1], sys.argv[2]
    width = int(sys.argv[3]) if len(sys.argv) > 3 else 1100
    height = int(sys.argv[4]) if len(sys.argv) > 4 else 1400
    with open(src, encoding="utf-8") as f:
        html = f.read()

    settings = WebKit2.Settings()
    settings.set_enable_javascript(False)
    view = WebKit2.WebView.new_with_settings(settings)
    window = Gtk.OffscreenWindow()
    window.set_default_size(width, height)
    window.add(view)
    window.show_all()

    result = {"rc": 1}

    def snapshot():
        # The offscreen window's pixbuf is the rendered page; this avoids needing pycairo for WebKit's own
        # snapshot API.
        try:
            pixbuf = window.get_pixbuf()
            if pixbuf is None:
                print("no pixbuf rendered", file=sys.stderr)
            else:
                pixbuf.savev(dst, "png", [], [])
                result["rc"] = 0
                print(f"wrote {dst} ({pixbuf.get_width()}x{pixbuf.get_height()})")
        except Exception as e:  # noqa: BLE001 - any failure must end the main loop, not hang it
            print(f"snapshot failed: {e}", file=sys.stderr)
        Gtk.main_quit()
        return False

    def on_load(webview, event):
        if event == WebKit2.LoadEvent.FINISHED:
            # Let layout and fonts settle for a moment before the snapshot.
            GLib.timeout_add(800, snapshot)

    def on_timeout():
        print("timed out", file=sys.stderr)
        Gtk.main_quit()
        return False

    view.connect("load-changed", on_load)
    # No base URI: the page cannot resolve relative resources, and it has none.
    view.load_html(html, None)
    GLib.timeout_add_seconds(30, on_timeout)
    Gtk.main()
    return result["rc"]


if __name__ == "__main__":
    sys.exit(main())
