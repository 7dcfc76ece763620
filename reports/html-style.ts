/**
 * The report page's inline stylesheet: system fonts, a restrained palette with one colour per outcome
 * (pass green, non-strict amber, fail red, informational blue, unimplemented grey), light and dark via
 * prefers-color-scheme, and a print layout (light palette, no controls, no scroll boxes).
 * No url(), no @import, no web fonts: the page must make no request of any kind.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #656d76; --border: #d0d7de; --soft: #f6f8fa; --link: #0969da;
  --pass: #1a7f37; --pass-bg: #dafbe1;
  --non-strict: #9a6700; --non-strict-bg: #fff8c5;
  --fail: #cf222e; --fail-bg: #ffebe9;
  --informational: #0969da; --informational-bg: #ddf4ff;
  --unimplemented: #57606a; --unimplemented-bg: #eaeef2;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --border: #30363d; --soft: #161b22; --link: #4493f8;
    --pass: #3fb950; --pass-bg: #12261e;
    --non-strict: #d29922; --non-strict-bg: #272115;
    --fail: #f85149; --fail-bg: #301a1f;
    --informational: #58a6ff; --informational-bg: #121d2f;
    --unimplemented: #9198a1; --unimplemented-bg: #21262d;
  }
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0 auto; max-width: 84rem; padding: 1.25rem 1.75rem 3rem;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
code, pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
a { color: var(--link); }
h1 { font-size: 1.45rem; margin: 0; }
h2 { font-size: 1.15rem; margin: 2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 1px solid var(--border); }
h3 { font-size: 1rem; margin: 1.25rem 0 .4rem; }
h4 { font-size: .9rem; margin: 1rem 0 .35rem; }
h5, h6 { font-size: .78rem; margin: .6rem 0 .25rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.muted { color: var(--muted); }
.title-row { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem 1rem; }
.verdict { font-weight: 700; padding: .15rem .6rem; border-radius: 4px; margin: 0; }
.verdict.ok { color: var(--pass); background: var(--pass-bg); }
.verdict.failed { color: var(--fail); background: var(--fail-bg); }
.badges { display: flex; flex-wrap: wrap; gap: .4rem; padding: 0; margin: .8rem 0; list-style: none; }
.badge {
  display: inline-block; padding: 0 .5em; border: 1px solid currentColor; border-radius: 999px;
  font-size: 12px; font-weight: 600; line-height: 1.6; white-space: nowrap; text-decoration: none;
}
a.badge:hover, a.badge:focus { text-decoration: underline; }
.o-pass { color: var(--pass); } .badge.o-pass { background: var(--pass-bg); }
.o-non-strict { color: var(--non-strict); } .badge.o-non-strict { background: var(--non-strict-bg); }
.o-fail { color: var(--fail); } .badge.o-fail { background: var(--fail-bg); }
.o-informational { color: var(--informational); } .badge.o-informational { background: var(--informational-bg); }
.o-unimplemented { color: var(--unimplemented); } .badge.o-unimplemented { background: var(--unimplemented-bg); }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .55rem; border-bottom: 1px solid var(--border); }
thead th { font-size: .78rem; color: var(--muted); font-weight: 600; border-bottom-width: 2px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.zero { color: var(--muted); opacity: .6; }
tr.group th { background: var(--soft); font-size: .8rem; }
.matrix td .badge { margin: 0 .25rem .2rem 0; }
.matrix .scn { display: block; font-size: 11px; color: var(--muted); }
.check-title { display: block; color: var(--muted); font-weight: 400; font-size: 12.5px; }
.level { font-size: 11px; font-weight: 700; letter-spacing: .03em; }
.level-MUST { color: var(--fail); } .level-SHOULD { color: var(--non-strict); } .level-MAY { color: var(--unimplemented); }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
nav.toc { display: flex; gap: 1rem; margin: .5rem 0 0; font-size: 13px; }
.filters {
  position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; align-items: center; gap: .4rem .9rem;
  margin: 1rem 0 0; padding: .5rem .7rem; background: var(--soft); border: 1px solid var(--border); border-radius: 6px;
}
.filters input[type=search] { flex: 1 1 16rem; padding: .3rem .5rem; font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--border); border-radius: 4px; }
.filters label { white-space: nowrap; }
button { font: inherit; font-size: 12px; color: inherit; background: var(--bg); border: 1px solid var(--border); border-radius: 4px; padding: .15rem .55rem; cursor: pointer; }
details.case { border: 1px solid var(--border); border-left: 4px solid currentColor; border-radius: 4px; margin: .35rem 0; }
/* Off-screen cases skip layout and paint until scrolled near: a 5,000-case page loads and filters quickly. */
details.case { content-visibility: auto; contain-intrinsic-size: auto 2.2rem; }
details.case > summary { cursor: pointer; padding: .35rem .6rem; color: var(--fg); list-style-position: inside; }
details.case > summary .at, details.case > summary .scenario { color: var(--muted); }
.summary-msg { color: var(--fg); }
details.case[open] > summary { border-bottom: 1px solid var(--border); background: var(--soft); }
.case-body { padding: .2rem .9rem .8rem; color: var(--fg); }
.requirement { margin: .6rem 0; padding: .35rem .8rem; border-left: 3px solid var(--border); background: var(--soft); }
.requirement p { margin: 0 0 .2rem; }
.requirement footer { font-size: 12px; color: var(--muted); }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 0 1rem; }
.half { min-width: 0; }
pre {
  margin: .2rem 0 .5rem; padding: .45rem .6rem; background: var(--soft); border: 1px solid var(--border); border-radius: 4px;
  white-space: pre-wrap; overflow-wrap: anywhere; max-height: 24rem; overflow: auto;
}
pre.curl { position: relative; }
ol.events { margin: 0; padding: 0; list-style: none; }
ol.events li { display: grid; grid-template-columns: 2.2rem 1fr; align-items: start; }
ol.events .ev-n { font-size: 11px; color: var(--muted); text-align: right; padding: .55rem .45rem 0 0; font-variant-numeric: tabular-nums; }
ol.events pre { margin: .1rem 0; max-height: 10rem; }
.exchange { border-top: 1px dashed var(--border); margin-top: .6rem; }
.error { color: var(--fail); }
button.copy { float: right; margin: .15rem 0 0 .5rem; }
footer.page { margin-top: 2.5rem; font-size: 12px; color: var(--muted); }
@media (max-width: 48rem) { body { padding: .8rem; } .meta { grid-template-columns: 1fr; } }
@media print {
  :root {
    color-scheme: light;
    --bg: #fff; --fg: #000; --muted: #555; --border: #bbb; --soft: #f6f6f6; --link: #000;
    --pass: #1a7f37; --pass-bg: #dafbe1; --non-strict: #9a6700; --non-strict-bg: #fff8c5; --fail: #cf222e; --fail-bg: #ffebe9;
    --informational: #0969da; --informational-bg: #ddf4ff; --unimplemented: #57606a; --unimplemented-bg: #eaeef2;
  }
  body { max-width: none; padding: 0; font-size: 11px; }
  .filters, nav.toc, button.copy { display: none !important; }
  a { text-decoration: none; }
  pre { max-height: none; overflow: visible; }
  .badge, .verdict, details.case { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  details.case { content-visibility: visible; }
  h2, h3, h4 { break-after: avoid; }
  tr, .requirement, ol.events li { break-inside: avoid; }
}
/* Browsers with ::details-content print closed cases too, even with JavaScript off (its own rule: others ignore it). */
@media print { details::details-content { content-visibility: visible; display: block; } }
`;
