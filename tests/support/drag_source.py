"""A tiny GTK window that offers one file for drag and drop, as a file manager would.

Used by the real-window test of dropping a draft on Claimdesk: the test drags from this window to the app with X11
mouse events (xdotool), so the drop goes through GTK's real XDND path into Tauri's drag-drop event.

Usage: /usr/bin/python3 drag_source.py FILE   (needs python3-gi and gir1.2-gtk-3.0)
"""

import sys
from pathlib import Path

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, Gtk  # noqa: E402

uri = Path(sys.argv[1]).resolve().as_uri()

window = Gtk.Window(title="claimdesk-drag-source")
window.set_default_size(160, 100)
window.move(1100, 680)
button = Gtk.Button(label=Path(sys.argv[1]).name)
button.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
button.drag_source_add_uri_targets()


def give_uris(_widget, _context, data, _info, _time):
    data.set_uris([uri])


button.connect("drag-data-get", give_uris)
window.add(button)
window.connect("destroy", Gtk.main_quit)
window.show_all()
Gtk.main()
