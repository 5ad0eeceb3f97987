"""Layering and conflict advice for a user's routines. Pure rules, no ORM.

Each rule looks at plain `StepFacts` (built from Step rows by `facts_for`) and returns
`Advice` items: what to change, why, and where the guide explains it. Steps taken out
of the day (paused by a recovery window, gated by a patch test) can be left out of the
same-night conflict rules with `paused_kinds` / `excluded_step_ids`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from routines import schedule

GUIDE_HOW_TO_USE = "/guide/how-to-use/"
LINK_ORDER = GUIDE_HOW_TO_USE + "#order-of-application"
LINK_PAIRING = GUIDE_HOW_TO_USE + "#pairing-with-other-actives"
LINK_FREQUENCY = GUIDE_HOW_TO_USE + "#frequency"
LINK_STORAGE = GUIDE_HOW_TO_USE + "#storage"

# Step kinds (mirrors Step.Kind values; ingredient roles share the retinoid/exfoliant names).
CLEANSER = "cleanser"
BIOLOGIC = "biologic"
HYDRATING = "hydrating"
ANTIOXIDANT = "antioxidant"
RETINOID = "retinoid"
EXFOLIANT = "exfoliant"
MOISTURISER = "moisturiser"
OCCLUSIVE = "occlusive"
SUNSCREEN = "sunscreen"

ACTIVE_KINDS = frozenset({BIOLOGIC, RETINOID, EXFOLIANT, ANTIOXIDANT})

# Thin to thick. Kinds not listed ("other") are left out of ordering rules.
TEXTURE_RANK = {
    CLEANSER: 0,
    BIOLOGIC: 1,
    HYDRATING: 2,
    ANTIOXIDANT: 2,
    RETINOID: 2,
    EXFOLIANT: 2,
    MOISTURISER: 3,
    OCCLUSIVE: 4,
    SUNSCREEN: 5,
}

NEW_PRODUCT_DAYS = 14  # "new" biologic: started less than about two weeks ago
TRACE_WINDOW_DAYS = 14  # two actives started this close together blur the cause of a reaction
TRACE_RECENT_DAYS = 28  # ...which only matters while the later one is still recent
LOOKAHEAD_DAYS = 28  # same-night conflicts are looked for over the next four weeks


@dataclass(frozen=True)
class StepFacts:
    """What the rules need to know about one step."""

    pk: int
    routine_id: int
    routine_name: str
    period: str  # "am" / "pm"
    position: int
    name: str
    kind: str
    start_date: dt.date
    schedule: str = schedule.DAILY
    interval_days: int | None = None
    weekdays: str = ""
    alternate_with: StepFacts | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    product_key: str = ""  # same product in two routines shares a key
    needs_refrigeration: bool = False

    @property
    def is_biologic(self) -> bool:
        return self.kind == BIOLOGIC

    @property
    def is_retinoid(self) -> bool:
        return self.kind == RETINOID or RETINOID in self.roles

    @property
    def is_exfoliant(self) -> bool:
        return self.kind == EXFOLIANT or EXFOLIANT in self.roles

    @property
    def is_active(self) -> bool:
        return self.kind in ACTIVE_KINDS or self.is_retinoid or self.is_exfoliant


@dataclass(frozen=True)
class Advice:
    rule: str
    routine_id: int
    step_id: int | None
    message: str
    reason: str
    link: str
    level: str = "caution"  # "caution" or "info"


def advise(
    steps: Iterable[StepFacts],
    today: dt.date,
    *,
    paused_kinds: frozenset[str] = frozenset(),
    excluded_step_ids: frozenset[int] = frozenset(),
) -> list[Advice]:
    """All advice for the given steps (usually every step in the user's active routines)."""
    steps = list(steps)
    live = [
        s
        for s in steps
        if s.pk not in excluded_step_ids
        and s.kind not in paused_kinds
        and not (s.roles & paused_kinds)
    ]
    result: list[Advice] = []
    for routine_steps in _by_routine(steps).values():
        result += biologic_first(routine_steps, today)
        result += thin_before_thick(routine_steps, today)
        result += sunscreen_last(routine_steps)
    result += retinoid_with_biologic(live, today)
    result += exfoliant_with_biologic(live, today)
    result += retinoid_with_exfoliant(live, today)
    result += new_biologic_too_often(live, today)
    result += new_actives_together(steps, today)
    result += storage(steps)
    return result


def _by_routine(steps: list[StepFacts]) -> dict[int, list[StepFacts]]:
    grouped: dict[int, list[StepFacts]] = {}
    for step in sorted(steps, key=lambda s: (s.routine_id, s.position, s.pk)):
        grouped.setdefault(step.routine_id, []).append(step)
    return grouped


def _share_a_day(a: StepFacts, b: StepFacts, today: dt.date) -> bool:
    """Whether both steps are due on some day of the coming weeks (from when both run)."""
    if a.pk == b.pk:
        return False
    first = max(today, a.start_date, b.start_date)
    return any(
        schedule.is_scheduled(a, day) and schedule.is_scheduled(b, day)
        for day in schedule.days_between(first, first + dt.timedelta(days=LOOKAHEAD_DAYS - 1))
    )


def biologic_first(routine_steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """A biologic serum belongs straight after cleansing: only cleansers (or another
    biologic, or a step that is never used on the same day) before it."""
    result = []
    for index, step in enumerate(routine_steps):
        if not step.is_biologic:
            continue
        blockers = [
            s
            for s in routine_steps[:index]
            if s.kind not in (CLEANSER, BIOLOGIC) and _share_a_day(s, step, today)
        ]
        if blockers:
            result.append(
                Advice(
                    rule="biologic_first",
                    routine_id=step.routine_id,
                    step_id=step.pk,
                    message=f"Move {step.name} up to straight after cleansing.",
                    reason=(
                        f"Growth factors and exosomes are fragile; they have the best chance "
                        f"of getting in straight onto freshly cleansed, dry skin. Here "
                        f"{blockers[0].name} goes on before it."
                    ),
                    link=LINK_ORDER,
                )
            )
    return result


def thin_before_thick(routine_steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """Thinner textures before thicker ones on the days both are used (biologics are
    covered by biologic_first)."""
    result = []
    for index, step in enumerate(routine_steps):
        rank = TEXTURE_RANK.get(step.kind)
        if rank is None or step.is_biologic or step.kind == SUNSCREEN:
            continue
        thicker = [
            s
            for s in routine_steps[:index]
            if s.kind != SUNSCREEN  # sunscreen_last covers it
            and TEXTURE_RANK.get(s.kind) is not None
            and TEXTURE_RANK[s.kind] > rank
            and _share_a_day(s, step, today)
        ]
        if thicker:
            result.append(
                Advice(
                    rule="thin_before_thick",
                    routine_id=step.routine_id,
                    step_id=step.pk,
                    message=f"Put {step.name} before {thicker[0].name}.",
                    reason=(
                        "Layer from thinnest to thickest: a cream or oil applied first holds "
                        "back what goes on over it."
                    ),
                    link=LINK_ORDER,
                )
            )
    return result


def sunscreen_last(routine_steps: list[StepFacts]) -> list[Advice]:
    """In the morning, sunscreen is the final layer."""
    result = []
    for index, step in enumerate(routine_steps):
        if step.kind != SUNSCREEN or step.period != "am":
            continue
        after = routine_steps[index + 1 :]
        if after:
            result.append(
                Advice(
                    rule="sunscreen_last",
                    routine_id=step.routine_id,
                    step_id=step.pk,
                    message=f"Make {step.name} the last step of the morning.",
                    reason=(
                        f"Sunscreen protects best as the top layer; {after[0].name} comes after "
                        f"it here."
                    ),
                    link=LINK_ORDER,
                )
            )
    return result


def _same_night(a: StepFacts, b: StepFacts, today: dt.date) -> bool:
    return a.period == "pm" and b.period == "pm" and _share_a_day(a, b, today)


def _clashes_with_biologic(steps, today, is_active):
    """(active step, biologic step) pairs due on the same night."""
    for active in (s for s in steps if is_active(s) and not s.is_biologic):
        for biologic in (s for s in steps if s.is_biologic):
            if _same_night(active, biologic, today):
                yield active, biologic


def retinoid_with_biologic(steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """A retinoid and a biologic serum due on the same night: suggest alternating nights."""
    return [
        Advice(
            rule="retinoid_with_biologic",
            routine_id=retinoid.routine_id,
            step_id=retinoid.pk,
            message=(
                f"Use {retinoid.name} and {biologic.name} on alternate nights "
                f"(schedule one as “Alternate nights with” the other)."
            ),
            reason=(
                "Both are due on some of the same nights. If your skin gets irritated, "
                "splitting them across nights is the usual fix."
            ),
            link=LINK_PAIRING,
        )
        for retinoid, biologic in _clashes_with_biologic(steps, today, lambda s: s.is_retinoid)
    ]


def exfoliant_with_biologic(steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """An exfoliant/acid due on the same night as a biologic serum: suggest staggering."""
    return [
        Advice(
            rule="exfoliant_with_biologic",
            routine_id=acid.routine_id,
            step_id=acid.pk,
            message=f"Stagger {acid.name} and {biologic.name} onto different nights.",
            reason=(
                "Acids and exfoliants can irritate while a repair serum is working; keeping "
                "them apart gives the serum room."
            ),
            link=LINK_PAIRING,
        )
        for acid, biologic in _clashes_with_biologic(steps, today, lambda s: s.is_exfoliant)
    ]


def retinoid_with_exfoliant(steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """A retinoid and an exfoliant/acid (by kind or by ingredient) due on the same night:
    suggest using them on different nights."""
    result = []
    for retinoid in (s for s in steps if s.is_retinoid):
        for acid in (s for s in steps if s.is_exfoliant and s.pk != retinoid.pk):
            if acid.is_retinoid and acid.pk < retinoid.pk:
                continue  # both are both: one note for the pair
            if _same_night(retinoid, acid, today):
                result.append(
                    Advice(
                        rule="retinoid_with_exfoliant",
                        routine_id=retinoid.routine_id,
                        step_id=retinoid.pk,
                        message=(
                            f"Use {retinoid.name} and {acid.name} on different nights "
                            f"(schedule one as “Alternate nights with” the other)."
                        ),
                        reason=(
                            "A retinoid and an exfoliating acid on the same skin the same "
                            "night is a common cause of irritation; staggering them is the "
                            "usual advice."
                        ),
                        link=LINK_PAIRING,
                    )
                )
    return result


def new_biologic_too_often(steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """A biologic started under two weeks ago and used morning and evening on the same day:
    start once a day or every other day."""
    result = []
    biologics = [s for s in steps if s.is_biologic and s.product_key]
    for step in biologics:
        if (today - step.start_date).days >= NEW_PRODUCT_DAYS:
            continue
        twins = [
            s
            for s in biologics
            if s.pk != step.pk and s.product_key == step.product_key and s.period != step.period
        ]
        first = max(today, step.start_date)
        window = list(schedule.days_between(first, first + dt.timedelta(days=13)))
        if any(
            schedule.is_scheduled(step, d) and schedule.is_scheduled(t, d)
            for t in twins
            for d in window
        ):
            result.append(
                Advice(
                    rule="new_biologic_too_often",
                    routine_id=step.routine_id,
                    step_id=step.pk,
                    message=(
                        f"{step.name} is new and due twice on some days. Start with once a day "
                        f"or every other day."
                    ),
                    reason=(
                        "Building up slowly shows how your skin tolerates it; go to twice a day "
                        "only if it suits you and the brand suggests it."
                    ),
                    link=LINK_FREQUENCY,
                )
            )
    return result


def new_actives_together(steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """Different actives started within two weeks of one another (and recently): a
    reaction could not be pinned on any one of them. One note per group of products."""
    firsts: dict[str, StepFacts] = {}
    for step in sorted(steps, key=lambda s: (s.start_date, s.pk)):
        if step.is_active:
            firsts.setdefault(step.product_key or f"step{step.pk}", step)
    actives = sorted(firsts.values(), key=lambda s: (s.start_date, s.pk))
    groups: list[list[StepFacts]] = []
    for step in actives:
        if groups and (step.start_date - groups[-1][-1].start_date).days < TRACE_WINDOW_DAYS:
            groups[-1].append(step)
        else:
            groups.append([step])
    result = []
    for group in groups:
        latest = group[-1]
        if len(group) < 2 or (today - latest.start_date).days >= TRACE_RECENT_DAYS:
            continue
        names = [s.name for s in group]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        result.append(
            Advice(
                rule="new_actives_together",
                routine_id=latest.routine_id,
                step_id=latest.pk,
                message=f"{listed} all started within two weeks of each other.",
                reason=(
                    "With several new actives this close together, a reaction could come from "
                    "any of them and you could not tell which. Bring in one at a time; this "
                    "site suggests about two weeks between them (our default, not a clinical "
                    "rule, and your clinician's advice comes first)."
                ),
                link=LINK_FREQUENCY,
            )
        )
    return result


def storage(steps: list[StepFacts]) -> list[Advice]:
    """Products the brand says to keep cold."""
    seen = set()
    result = []
    for step in steps:
        key = step.product_key or f"step{step.pk}"
        if not step.needs_refrigeration or key in seen:
            continue
        seen.add(key)
        result.append(
            Advice(
                rule="storage",
                routine_id=step.routine_id,
                step_id=step.pk,
                message=f"Keep {step.name} in the fridge.",
                reason=(
                    "The brand ships or stores it cold; warmth and light can break down the "
                    "active ingredients before you use them."
                ),
                link=LINK_STORAGE,
                level="info",
            )
        )
    return result


def for_step(advice: Iterable[Advice]) -> dict[int, list[Advice]]:
    """Group advice by the step it points at."""
    grouped: dict[int, list[Advice]] = {}
    for item in advice:
        if item.step_id is not None:
            grouped.setdefault(item.step_id, []).append(item)
    return grouped
