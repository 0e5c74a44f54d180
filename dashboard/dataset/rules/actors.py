"""Rules on the actor registry: `part_of` names a known actor and never leads back to the actor itself."""

from __future__ import annotations

from dashboard.dataset.rules.registry import rule


@rule("R-ACTOR-PART-OF", "an actor's `part_of` names a known actor", reads=("actors.part_of",), kinds=("actors",))
def part_of_known(actor, report):
    if actor.part_of and actor.part_of not in report.ctx.ids("actors"):
        report(f"part_of: {report.ctx.unknown('actors', actor.part_of)}", ("part_of",))


@rule("R-ACTOR-NO-CYCLE", "an actor is not part of itself, directly or through a chain of `part_of`",
      reads=("actors.part_of",), kinds=("actors",))
def part_of_acyclic(actor, report):
    parent = {aid: a.part_of for aid, a in report.ctx.by_id("actors").items()}
    chain, at = [actor.id], actor.part_of
    while at is not None and at in parent and at not in chain:
        chain.append(at)
        at = parent[at]
    if at == actor.id:
        if len(chain) == 1:
            report("part_of: an actor cannot be part of itself; name its parent actor or remove `part_of`", ("part_of",))
        else:
            report(f"part_of: cycle {' -> '.join(chain + [actor.id])}; an actor cannot be part of itself", ("part_of",))


@rule("R-ACTOR-NAME-ONCE", "no two actors share a display name (compared without case, accents or extra spaces): "
      "charts and filters label actors by name", reads=("actors.name",), kinds=("actors",))
def name_once(actor, report):
    from dashboard.conventions.fold import fold

    seen = report.ctx.cache.setdefault("actor-names", {})
    key = " ".join(fold(actor.name).split())
    owner = seen.setdefault(key, actor.id)
    if owner != actor.id:
        origin = report.ctx.ds.origins[("actors", owner)]
        report(f"name: '{actor.name}' is already the name of actor '{owner}' ({origin.file}:{origin.line}); "
               "give each actor its own neutral name, or cite that actor id instead", ("name",))
