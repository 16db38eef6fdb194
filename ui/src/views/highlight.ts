// Renders a source's text with one passage highlighted, as text nodes and a <mark>: never as HTML, so nothing in an
// archived page can run or style itself. Offsets are UTF-16 (JavaScript string) offsets, as the API sends them.

export function highlightedText(into: HTMLElement, text: string, start: number | null, end: number | null): void {
  into.textContent = "";
  if (start === null || end === null || start < 0 || end <= start || start >= text.length) {
    into.appendChild(document.createTextNode(text));
    return;
  }
  const e = Math.min(end, text.length);
  into.appendChild(document.createTextNode(text.slice(0, start)));
  const mark = document.createElement("mark");
  mark.textContent = text.slice(start, e);
  into.appendChild(mark);
  into.appendChild(document.createTextNode(text.slice(e)));
}
