//! Accessibility of the real window, in the light and the dark theme: every control has an accessible name, all
//! visible text meets WCAG AA contrast against what is really behind it, keyboard focus is visible, and the dark
//! theme follows the system's (GTK's) preference.
//!
//! Run with `make e2e`. Like the other real-window tests, it only presses keys and reads the page.

mod support;

use std::time::Duration;

use fantoccini::key::Key;
use support::{App, Session};

const DRAFT: &str = "The city spent $4.2 million on road repairs in 2023, officials said. \
\"We cannot keep patching a bridge that was built in 1958,\" said Mayor Dana Whitfield. \
Many residents think the council should have acted sooner.";

/// The audit, run in the page. Returns `{unnamed: [...], contrast: [...], checked: n}`.
const AUDIT: &str = r#"
const shown = (e) => {
  const d = e.closest('dialog');
  if (d && !d.open) return false;
  if (e.closest('[hidden]')) return false;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0;
};
const accName = (e) => {
  const by = e.getAttribute('aria-labelledby');
  const parts = [
    e.getAttribute('aria-label'),
    by ? by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : '',
    e.labels ? [...e.labels].map((l) => l.textContent).join(' ') : '',
    e.getAttribute('title'),
    ['BUTTON', 'A', 'SUMMARY', 'OPTION'].includes(e.tagName) || e.getAttribute('role') === 'option' ? e.textContent : '',
  ];
  return parts.map((p) => (p ?? '').trim()).find((p) => p !== '') ?? '';
};
const controls = [...document.querySelectorAll('button, input, select, textarea, a[href], [tabindex], [role=option]')]
  .filter(shown);
const unnamed = controls.filter((e) => accName(e) === '').map((e) => e.outerHTML.slice(0, 120));

const rgba = (c) => {
  const m = c.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
const background = (e) => {
  const layers = [];
  for (let n = e; n; n = n.parentElement) {
    const c = rgba(getComputedStyle(n).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let out = [255, 255, 255];
  for (const l of layers.reverse()) out = over(l, out);
  return out;
};
const lum = (c) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
};
const contrast = [];
let checked = 0;
for (const e of document.querySelectorAll('body *')) {
  if (!shown(e) || e.disabled) continue;
  const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
  if (!own) continue;
  const s = getComputedStyle(e);
  const bg = background(e);
  const fgRaw = rgba(s.color);
  if (!fgRaw) continue;
  const fg = over(fgRaw, bg);
  const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  const ratio = (hi + 0.05) / (lo + 0.05);
  const size = parseFloat(s.fontSize);
  const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
  checked += 1;
  if (ratio < (large ? 3 : 4.5))
    contrast.push(`${ratio.toFixed(2)} ${s.color} on rgb(${bg.map(Math.round).join(',')}): ${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 40)}"`);
}
return { unnamed, contrast, checked };
"#;

async fn audit(s: &Session, screen: &str) -> usize {
    let r = s.eval(AUDIT).await;
    let unnamed = r["unnamed"].as_array().cloned().unwrap_or_default();
    let low = r["contrast"].as_array().cloned().unwrap_or_default();
    assert!(
        unnamed.is_empty(),
        "{screen}: controls without an accessible name: {unnamed:#?}"
    );
    assert!(
        low.is_empty(),
        "{screen}: text below WCAG AA contrast: {low:#?}"
    );
    r["checked"].as_u64().unwrap_or(0) as usize
}

/// Tabs through `n` controls and checks each shows a focus ring.
async fn focus_is_visible(s: &Session, n: usize) {
    for _ in 0..n {
        s.key(Key::Tab).await;
        let style = s
            .eval(
                "const a = document.activeElement; const st = getComputedStyle(a); \
                 return [a.tagName + '#' + a.id + '.' + a.className, st.outlineStyle, st.outlineWidth];",
            )
            .await;
        let outline = style[1].as_str().unwrap_or("");
        let width = style[2].as_str().unwrap_or("0px");
        assert!(
            outline != "none" && width != "0px",
            "no visible focus on {}: outline {outline} {width}",
            style[0]
        );
    }
}

async fn walk_screens(s: &Session, theme: &str) {
    s.keys("n").await;
    s.wait_for("#paste-dialog[open]").await;
    audit(s, &format!("{theme}: the new-draft dialog")).await;
    s.keys(DRAFT).await;
    s.chord(Key::Control, Key::Enter).await;
    s.wait_js(
        "claims",
        "document.querySelectorAll('.claim-row').length >= 2",
    )
    .await;
    // Let the detail pane (history, similar claims) finish loading.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let checked = audit(s, &format!("{theme}: the workbench")).await;
    assert!(
        checked > 20,
        "{theme}: the audit saw only {checked} text elements"
    );
    s.keys("j").await;
    s.keys("d").await;
    s.key(Key::Escape).await;
    focus_is_visible(s, 6).await;
    // Escape leaves whatever field Tab reached, so `t` is a shortcut again.
    s.key(Key::Escape).await;
    s.keys("t").await;
    s.wait_js(
        "the draft view",
        "!document.querySelector('#draft-view').hidden",
    )
    .await;
    audit(s, &format!("{theme}: the draft view")).await;
    s.screenshot(&format!("{theme}-draft-view.png")).await;
    s.keys("t").await;
    s.keys("?").await;
    s.wait_for("#help-dialog[open]").await;
    audit(s, &format!("{theme}: the shortcuts")).await;
    s.key(Key::Escape).await;
    s.keys("e").await;
    s.wait_for("#export-dialog[open]").await;
    s.wait_js(
        "the preview",
        "document.querySelector('#export-preview').textContent.length > 0",
    )
    .await;
    audit(s, &format!("{theme}: the export dialog")).await;
    s.key(Key::Escape).await;
    s.key(Key::Escape).await;
    s.screenshot(&format!("{theme}-workbench.png")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display and WebKitWebDriver: run `make e2e`"]
async fn names_contrast_and_focus_in_both_themes() {
    let light = App::new("a11y_light");
    let mut dark = App::new("a11y_dark");
    // GTK's dark preference is what the system setting turns on; WebKitGTK maps it to prefers-color-scheme.
    dark.env.push(("GTK_THEME".into(), "Adwaita:dark".into()));
    let outcome = tokio::time::timeout(Duration::from_secs(240), async {
        for (app, theme, dark_expected) in [(&light, "light", false), (&dark, "dark", true)] {
            let s = Session::start(app).await;
            let is_dark = s
                .eval("return matchMedia('(prefers-color-scheme: dark)').matches;")
                .await;
            assert_eq!(
                is_dark,
                serde_json::Value::Bool(dark_expected),
                "{theme}: the system preference"
            );
            walk_screens(&s, theme).await;
            s.quit().await;
        }
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the accessibility walk did not finish; logs in {}",
        light.log_dir().display()
    );
}
