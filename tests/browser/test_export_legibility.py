"""Every SVG that `python -m dashboard export-charts` writes, opened in Chromium: every text inside the canvas,
no two texts overlapping. The exported files are what a briefer pastes into slides and print, so they are
checked as files, not as the app draws them (the app's views: test_legibility.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dashboard.charts import SLIDES
from dashboard.dataset.datafiles import ROOT

TOLERANCE = 1.5  # px: anti-aliasing and sub-pixel rounding

MEASURE = """
(tol) => {
  const svg = document.querySelector('svg');
  const canvas = svg.getBoundingClientRect();
  const problems = [], boxes = [];
  for (const el of svg.querySelectorAll('text')) {
    const text = (el.textContent || '').trim();
    if (!text) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || st.display === 'none' || st.opacity === '0') continue;
    const r = el.getBoundingClientRect();
    if (r.width < 0.5 || r.height < 0.5) continue;
    boxes.push({text: text.slice(0, 60), l: r.left, t: r.top, r: r.right, b: r.bottom});
    if (r.left < canvas.left - tol || r.right > canvas.right + tol || r.top < canvas.top - tol || r.bottom > canvas.bottom + tol)
      problems.push(`outside the canvas: "${text.slice(0, 60)}" [${Math.round(r.left - canvas.left)}..${Math.round(r.right - canvas.left)} x ${Math.round(r.top - canvas.top)}..${Math.round(r.bottom - canvas.top)} of ${Math.round(canvas.width)}x${Math.round(canvas.height)}]`);
  }
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    const w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
    if (w > tol && h > tol) problems.push(`overlap: "${a.text}" / "${b.text}" (${Math.round(w)}x${Math.round(h)} px)`);
  }
  return {texts: boxes.length, width: canvas.width, height: canvas.height, problems};
}
"""


@pytest.fixture(scope="module")
def exported(browser, tmp_path_factory):
    """One export-charts run, SVG only (the browser fixture fails or skips the module without Chromium)."""
    out = tmp_path_factory.mktemp("svg")
    proc = subprocess.run([sys.executable, "-m", "dashboard", "export-charts", "--out", str(out), "--format", "svg"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("chart_id", list(SLIDES))
def test_every_exported_svg_is_legible(browser, exported, chart_id):
    page = browser.new_page()
    try:
        page.goto((exported / f"{chart_id}.svg").as_uri())
        page.wait_for_selector("svg text", state="attached", timeout=30_000)
        result = page.evaluate(MEASURE, TOLERANCE)
    finally:
        page.close()
    assert result["width"] >= 1600, result
    assert result["texts"] > 5, "the SVG has its text"
    assert not result["problems"], json.dumps(result["problems"], indent=1, ensure_ascii=False)
