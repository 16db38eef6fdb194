import { Workbench } from "./app";
import { api } from "./api";

const root = document.getElementById("app");
if (root) {
  const bench = new Workbench(root);
  // Once the start-up work is done (documents listed, the first draft opened), wait two frames so the screen is
  // really painted, then report: the shell logs the startup time and `make bench-app` reads it.
  void bench.start().then(() =>
    requestAnimationFrame(() => requestAnimationFrame(() => void api.uiReady(performance.now()).catch(() => undefined))),
  );
}
