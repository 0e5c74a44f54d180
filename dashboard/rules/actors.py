"""Rules on the actor registry: `part_of` names a known actor and never leads back to the actor itself."""

from __future__ import annotations

from . import rule


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
