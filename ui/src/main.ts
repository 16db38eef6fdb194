import { Workbench } from "./app";

const root = document.getElementById("app");
if (root) {
  const bench = new Workbench(root);
  void bench.start();
}
