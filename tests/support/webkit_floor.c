/* The WebKitGTK floor for the start-up benchmark (tests/app_bench.rs, `webkit_floor_bench`): the least a window
 * with a web view costs on this machine. One GTK window of the app's size holding one WebKitWebView that loads a
 * one-line page; once the page has painted (two animation frames after load, as the app's `ui_ready`), it writes
 * `{"since_main_ms", "since_navigation_ms"}` to $CLAIMDESK_READY_FILE, as the app does. No Rust, no Tauri, no IPC,
 * no workspace: whatever the app takes beyond this is ours.
 *
 *   cc -O2 webkit_floor.c $(pkg-config --cflags --libs webkit2gtk-4.1) -o webkit-floor
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

static struct timespec started;

static double ms_since(const struct timespec *t0) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - t0->tv_sec) * 1000.0 + (now.tv_nsec - t0->tv_nsec) / 1e6;
}

static void on_ready(WebKitUserContentManager *m, gpointer result, gpointer data) {
  (void)m;
  (void)data;
  double nav = 0;
  JSCValue *v = webkit_javascript_result_get_js_value((WebKitJavascriptResult *)result);
  if (v && jsc_value_is_number(v)) nav = jsc_value_to_double(v);
  const char *path = getenv("CLAIMDESK_READY_FILE");
  if (path) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.partial", path);
    FILE *f = fopen(tmp, "w");
    if (f) {
      fprintf(f, "{\"since_main_ms\": %.3f, \"since_navigation_ms\": %.3f}", ms_since(&started), nav);
      fclose(f);
      rename(tmp, path);
    }
  }
}

int main(int argc, char **argv) {
  clock_gettime(CLOCK_MONOTONIC, &started);
  gtk_init(&argc, &argv);
  GtkWidget *window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_default_size(GTK_WINDOW(window), 1280, 800);
  gtk_window_set_title(GTK_WINDOW(window), "webkit-floor");
  WebKitUserContentManager *ucm = webkit_user_content_manager_new();
  g_signal_connect(ucm, "script-message-received::ready", G_CALLBACK(on_ready), NULL);
  webkit_user_content_manager_register_script_message_handler(ucm, "ready");
  GtkWidget *view = webkit_web_view_new_with_user_content_manager(ucm);
  gtk_container_add(GTK_CONTAINER(window), view);
  g_signal_connect(window, "destroy", G_CALLBACK(gtk_main_quit), NULL);
  webkit_web_view_load_html(
      WEBKIT_WEB_VIEW(view),
      "<!doctype html><html><body><p>WebKitGTK floor</p><script>"
      "requestAnimationFrame(() => requestAnimationFrame(() => "
      "window.webkit.messageHandlers.ready.postMessage(performance.now())));"
      "</script></body></html>",
      "about:blank");
  gtk_widget_show_all(window);
  gtk_main();
  return 0;
}
