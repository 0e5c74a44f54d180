"""Gaza and Lebanon over the same first days from their own ceasefire, in small multiples."""

from __future__ import annotations

from chartsupport import clickable, footer, legend_names

from dashboard.conventions import theme


def test_both_theatres_share_one_days_axis_over_the_same_span(built):
    fig = built["compare-days"].figure
    assert fig.layout.xaxis.range == fig.layout.xaxis2.range
    assert fig.layout.xaxis.range[0] <= 0 < fig.layout.xaxis.range[1]
    theatres = {r["theatre"] for _, r in built["compare-days"].data.iterrows()}
    assert theatres == {"gaza", "lebanon"}
    n = fig.layout.xaxis.range[1]
    assert (built["compare-days"].data["days_since_ceasefire_min"] <= n).all()


def test_it_says_what_it_omits(built, frames):
    text = footer(built["compare-days"].figure)
    assert "Not shown:" in text and "Lebanon" in text
    assert "later events not shown" in " ".join(a.text for a in built["compare-days"].figure.layout.annotations)


def test_colour_means_initiating_actor_and_is_keyed(built, frames):
    fig = built["compare-days"].figure
    primary = dict(zip(frames.events["id"], frames.events["primary_actor"]))
    for t, _, rid in clickable(fig):
        assert t.marker.color == theme.actor_color(primary[rid])
    assert set(legend_names(fig, "legend")) == {theme.actor_group(primary[r]) for r in built["compare-days"].data["id"]}
    assert legend_names(fig, "legend2"), "shapes are keyed too"


def test_each_panel_has_a_heading_naming_its_day_zero(built):
    heads = [a.text for a in built["compare-days"].figure.layout.annotations if a.yref and a.yref.endswith("domain")]
    assert any("Gaza" in h and "10 Oct 2025" in h for h in heads)
    assert any("Lebanon" in h and "Nov 2024" in h for h in heads)


def test_a_day_zero_known_only_to_a_window_says_what_it_does_to_the_days(built, frames):
    """Lebanon's day 0 is known only to the month: its panel heading (not only the subtitle) says every event there
    is a bar over all the days it may fall on, and by how many days; a day-known day 0 says nothing of the kind."""
    import pandas as pd

    from dashboard.charts.timebase import reference_dates

    refs = reference_dates(frames.phases)
    heads = [a.text.replace("<br>", " ") for a in built["compare-days"].figure.layout.annotations
             if a.yref and a.yref.endswith("domain")]  # a heading wraps to the plot's width
    for theatre, (lo, hi) in refs.items():
        head = next((h for h in heads if h.startswith(f"<b>{theme.label(theatre)}</b>")), None)
        if head is None:
            continue
        if lo == hi:
            assert "known only to" not in head, head
        else:
            assert "known only to the month" in head and f"up to {(pd.Timestamp(hi) - pd.Timestamp(lo)).days} days" in head, head


def test_rows_carry_the_notes_words(built):
    """Each panel's marks and bars are labelled (marklabels.py) on that panel's own axes."""
    fig = built["compare-days"].figure
    texts = [t for t in fig.data if t.name == "marklabels"]
    assert texts, "labels drawn"
    panels = {(t.xaxis or "x", t.yaxis or "y") for t in fig.data if t.customdata is not None}
    assert {(t.xaxis or "x", t.yaxis or "y") for t in texts} <= panels


def test_a_theatre_whose_events_all_fall_past_the_shared_span_gets_no_panel_and_is_counted_in_the_note(frames, dataset):
    """Found by the hostile-filter property test: with one theatre's events all later than the span both theatres
    cover, the chart raised KeyError instead of drawing the other theatre and saying what it left out."""
    from dataclasses import replace

    import pandas as pd

    from dashboard.charts import Context, build

    ev = frames.events.copy()
    late = ev["theatre"] == "lebanon"
    assert late.any() and (ev["theatre"] == "gaza").any(), "the bundled set has events in both theatres"
    for col in ("date_start", "date_end"):
        ev.loc[late, col] = ev.loc[late, col] + pd.Timedelta(days=400)
    chart = build("compare-days", Context(replace(frames, events=ev), dataset.version))
    assert set(chart.data["theatre"]) == {"gaza"}
    heads = [a.text for a in chart.figure.layout.annotations if a.yref and a.yref.endswith("domain")]
    assert not any("Lebanon" in h for h in heads)
    assert f"{int(late.sum())} Lebanon events after day" in footer(chart.figure)


def test_day_zero_is_written_at_the_precision_it_is_known_to():
    """Second reading: any window was written as a month ('Nov 2024, known only to a 3-day window')."""
    from dashboard.charts.compare_days import _day0_caveat, _day0_text

    month, days, day = ("2024-11-01", "2024-11-30"), ("2024-11-26", "2024-11-28"), ("2025-10-10", "2025-10-10")
    assert _day0_text(month) == "Nov 2024" and "known only to the month" in _day0_caveat(month)
    assert _day0_text(days) == "26–28 Nov 2024" and "known only to a 3-day window" in _day0_caveat(days)
    assert _day0_text(day) == "10 Oct 2025" and _day0_caveat(day) == ""
