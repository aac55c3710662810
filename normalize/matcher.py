"""Links between the tiltak of consecutive plan years (contract table ``tiltak_links``).

Two sources of links
====================

**Inside one plan** (:func:`link_within`). A plan's "Tiltaksoversikt fra handlingsplan
2024" table (``previous_tiltak``) says, per delmål, what became of each of last year's
tiltak. The plan's own word decides: the link type is the row's ``status`` and the targets
are its ``successors`` (this year's ``tiltak_no`` in the same delmål). A row that carries
on in several tiltak, and several rows that go into one, give one link per pair;
``ended``/``dropped`` rows give one link with an empty ``to_tiltak_key``. A this-year
tiltak of that delmål that no row leads to is ``new``. Rules at the edges:

* Only delmål that *have* status rows are linked. A delmål without rows (000's delmål 5
  says in prose "I delmål 5 fortsetter alle tiltak") gets no links at all -- its tiltak
  are not ``new`` either, nothing is invented -- and one ``info`` check
  (``tiltak_link_no_status``) says so. A plan with no status table at all gets nothing.
* Sections that only report last year's tiltak as finished (``tiltak.ended``, e.g. 000's
  "1.3 ... Tiltaket er overført/sammenslått til tiltak 1") are not this year's tiltak:
  they are never ``new`` (if a row names one as its successor, the link is ``review``).
* A row whose successor number does not exist this year, a ``merged`` row without a
  readable target and a row without a readable status fall back to matching within the
  delmål: the best candidate (score ≥ ``lower``) is linked with ``review=True``;
  otherwise a ``tiltak_link_unresolved`` check and no link.

**Across documents** (:func:`link_between`). Two handlingsplaner of the same pilot for
consecutive years. Pilots renumber, reword, merge and split tiltak and may reorder their
delmål, so tiltak are compared within the same delmål **theme** (``delmal.theme``), never
by delmål number; themes present in only one of the plans are pooled into one group, so a
delmål whose theme was read differently still finds its counterpart. What no theme group
links is then compared across themes (step 4), so a tiltak moved to a delmål of another
theme is followed. Sections of the *older* plan that only report tiltak of the year before
it as ended are left out. In each theme group:

1. *Explicit statements first.* When the newer plan has a status table for the older
   year, each status row is identified with an older tiltak (:func:`_identify`) and then
   gives its links exactly as inside the plan, keyed by the older plan's tiltak. A row's
   number *is* the older plan's number, and in real plans number and title agree; but a
   table may follow a numbering the older plan does not (a renumbered draft; the blind
   fixture of Rindal og Holtålen), so the number does not decide alone. The
   identification is a one-to-one assignment on the raw title similarity of row and
   tiltak in which the row's own number counts ``row_number_bonus`` = 15 title points --
   about the spread of titles of *different* tiltak of one delmål (000/001: median 41,
   95th percentile 54.7). Among titles within that spread the number decides; a title
   closer to another tiltak by more wins over it. An assigned pair is identified when

   * the numbers agree -- whatever the title, the plan says so; sure when
     ``row_title_weight``·T' + ``row_number_weight`` ≥ ``upper`` (title ≥ 46), else
     ``review``;
   * the numbers differ but the title is closer than any two different tiltak of one
     delmål come (≥ ``row_title_sure`` = 70; highest in 000/001: 67.6); or
   * the numbers differ and the title is weak, but the theme group has exactly as many
     status-table rows as older tiltak: the table names each older tiltak once, so what
     the assignment leaves is the only reading left.

   An identification against the number always makes its links ``review`` (scored at
   least ``lower``), and the evidence says which of the three it rests on ("number 3≠2,
   but the title points here"). A row identified with nothing gets a
   ``tiltak_link_status_row_unmatched`` check. In a delmål without status rows, the
   newer plan's "ended" sections ("Tiltaket utgår og arbeidet avsluttes") act as status
   rows (never as a complete table).
2. *Matching the rest.* Older tiltak that no statement covers and newer tiltak that no
   statement leads to are scored pairwise (below) and assigned one-to-one with
   ``scipy.optimize.linear_sum_assignment``. It always returns min(n, m) pairs, so pairs
   under ``lower`` are dropped. Among the tiltak still unlinked, a pair that clearly
   stands out is linked for review (*relative matches*, below). Then the pairs the
   assignment had to leave out: a still-unlinked older tiltak joins its best newer one if
   that one is linked and the pair reaches ``lower``, or ``join_floor`` with a margin
   (many-to-one), and likewise a still-unlinked newer tiltak (one-to-many). In a delmål with a
   status table the table is the authority on what is new: a newer tiltak no row leads to
   is matched against the older tiltak the table does not mention, and failing those it
   may be a part *split off* an older tiltak whose row carries it on elsewhere
   (``continued``/``revised``: the row names where the old tiltak went on, not every part
   that left it). A split-off needs ``lower`` like every link, is ``revised`` (the row's
   own link keeps the row's status) and always ``review``, since the table does not say
   so.
3. *Link types* of matched pairs: several older → one newer: ``merged`` for each; one
   older → several newer (a split): ``revised`` for each -- each part is a changed form
   of the old tiltak, and the vocabulary has no "split"; one-to-one: ``continued`` when
   the tiltak keeps its **key** (same delmål number and same tiltak number), names the
   same phase (:data:`PHASE_WORDS`) and its wording hardly changed: ``token_sort_ratio``
   ≥ ``continued_title``, or one wording recurs word for word in the other (a qualifier
   or subtitle added or dropped). Everything else is ``revised``: reworded, renumbered,
   moved to a delmål of another number ("moved from delmål 3 to 2"), or in another phase
   ("phase forstudie → -": "Forstudie traineeordning" → "Traineeordning"; "søknad om
   forsøk" → "forsøk"). The key convention makes ``continued`` checkable: its two keys
   are equal. (Set F's labeller first read "same delmål" as "same theme"; LABEL_CHANGES.md
   in the fixture folders lists the rows relabelled to the convention, before evaluation.)
   Extension counts as continuation because the plans say so: 000's status table calls
   "Omdømmebygging" → "Omdømmebygging og rekrutteringsdialog" "Videreføres". On 000's 17
   status rows with status continued/revised and one successor, this rule says
   ``continued`` for 8 (all 8 are; the sort ratio alone finds 7) and ``revised`` for all 3
   revised rows; the other 6 "Videreføres" rows changed their titles beyond any string
   rule ("Trappa (arbeidstittel)" → "Samarbeid skole-næringsliv") -- without a status
   table such pairs come out ``revised``. What no string rule can tell is a synonym
   ("samarbeid" → "samhandling": continued) from a change of content.
   An older tiltak with no counterpart is ``ended`` (``dropped`` only where a status says
   "utgår"), a newer one ``new``. Their ``score`` is 100 minus the best candidate's score
   ("how sure that nothing matches"), and ``review`` is set when that best candidate
   reached the lower of ``rel_floor`` and ``join_floor`` (a plausible counterpart was
   taken by another tiltak, or was too close to a rival); the evidence says which.
4. *Across themes.* What no theme group linked is compared across all themes, with
   stricter terms, before anything is called ``ended`` or ``new`` (see "Across themes").

Scoring a pair (0-100)
======================

``score = w_title·T + w_body·B + w_number·N + w_actors·A (+ upper if explicit)``, capped
at 100; each feature is scaled to 0..1 and the four weights sum to 100:

* **T, title** (40). :func:`normalize_title` on both titles (lemmas, stop words dropped;
  year tokens "2024"/"HP24" dropped as well, they change every year by construction),
  then compounds split into their parts (:func:`normalize.text.compound_parts`:
  "Dialogmøte utdanning" → "dialog møte utdanning", "Utdanningsnettverk" → "utdanning
  nettverk", "skole-næringsliv" → "skole næringsliv"; words the nb tables know stay
  whole). Over the labelled development pairs (767 old×new pairs of one theme group)
  splitting raised the title's AUC from 0.920 to 0.933.
  The similarity is the mean of rapidfuzz ``token_sort_ratio`` and ``token_set_ratio``
  (see below), the best over the wordings a tiltak has (body heading and table row). It
  is rescaled so that ``title_floor`` = 40 -- what two different tiltak of one delmål
  reach through shared letters (median 41 in 000/001) -- counts 0, and 100 counts 1.
* **B, body** (30). Overlap of the sets of content lemmas of the two sections
  (``DocResult.tiltak_words``: ``normalize.text.content_lemmas`` of the section body),
  after dropping boilerplate: words standing in more than ``common_word_share`` of all
  sections of the two plans, and in more than two ("overføringsverdi", "beskrivelse",
  "kommune"). The measure is the Ochiai (binary cosine) coefficient |A∩B| / sqrt(|A|·|B|), not
  Jaccard: one year's section is often much shorter than the other's, and Jaccard
  punishes that even when all of the short one recurs. Rescaled from ``body_zero`` =
  0.12 (median of different tiltak in 000/001) to ``body_full`` = 0.45 (above their
  99th percentile, 0.32).
* **N, number** (15). 1 when ``tiltak_no`` is the same (continuity within the delmål).
  Weak on purpose: pilots renumber.
* **A, actors** (15). Information of the shared canonical actors (``tiltak_actors.actor``,
  both roles): each weighs ln((n+1)/df) over the n tiltak of the two plans, so the
  pilot's own kommuner, named on every tiltak, count next to nothing, and one partner
  only these two tiltak name (Husbanken, AtB, Namdal Studiesenter) gives full credit.
* **explicit**. A status statement naming the pair adds ``upper``: the plan's own word
  makes a link by itself; the similarity on top only raises the score.

A feature that cannot be computed (no section text, no actors) adds 0: the score measures
positive evidence, and a link with less evidence is rightly sent to review more often.

Which rapidfuzz scorer
----------------------
All scorers run on the normalized keys, so rapidfuzz's own preprocessing
(``processor=utils.default_process``) is not needed. On 000's 26 status rows against the
2025 tiltak of their delmål (is this the successor?), single scorers separate true from
false pairs about equally (AUC: ratio 0.87, token_sort 0.84, token_set 0.86, partial
0.85, WRatio 0.87), but they fail differently:

* ``ratio`` is order-sensitive; rewordings move phrases around.
* ``token_set_ratio`` and ``partial_ratio`` score containment as 100: "Boligstrategi"
  against "Boligstrategi og tomtepolitikk" is 100 for both. Containment is real evidence
  (titles are shortened or extended between years: "Omdømmebygging" → "Omdømmebygging og
  rekrutteringsdialog", "Mulighetsdialog om arealbruk, ..." → "Mulighetsdialog"), but a
  saturating scorer cannot tell "one word of five" from "the same title".
* ``WRatio`` is a heuristic blend that takes ``partial_ratio``·0.9 for unequal lengths
  (90 for the example): saturating too, and hard to explain to a reviewer.
* ``token_sort_ratio`` is order-free and charges for every added or removed word (65 for
  the example), but misses containment.

So T is the mean of ``token_sort_ratio`` and ``token_set_ratio``: containment lifts the
score (82.5 for the example) without saturating it, and both halves are printed in the
evidence. No title decides alone: a perfect title is worth ``w_title`` = 40, below
``lower``. "Boligstrategi" vs "Boligstrategi og tomtepolitikk" alone scores 28 (no link);
under the same number 43 (review); it needs the body text or distinctive actors to agree
to become a sure link. Norwegian compounds are a known weakness of every character
scorer ("Omdømme og synlighet" vs "Omdømmebygging": 45); body and actors make up for it.

Thresholds
----------
Calibrated on pairs of *different* tiltak of the same delmål in 000 and 001 (the closest
thing to "a new tiltak next to an old one of the same theme"), never on the link fixtures:

* ``lower`` = 40 lies above all of them with their real numbers (68 pairs: median 12.0,
  95th percentile 29.1, highest 39.5);
* ``upper`` = 55 = ``w_title`` + ``w_number``: an identical title under the same number is
  sure, and none of those pairs reaches it even if their numbers are assumed to coincide
  (highest 54.5; the seven above 40 are tiltak the plans themselves tie together or copy
  text between, e.g. 000's 5.2/5.3 "vil bli sett litt mer i sammenheng").
* Their raw titles (median 41.0, 95th percentile 54.7, highest 67.6: 000's "Strategi for
  bruk av virkemidler i lokal boligutvikling" / "Etablere verktøy for lokal
  boligutvikling") give ``title_floor``, ``row_number_bonus`` and ``row_title_sure``.

Why ``title_floor`` stays at 40 and not 0: a renumbered tiltak (000's landbruk 5.2/5.3
against a 2024 plan that had them the other way round) has only title, body and actors to
show, and its title (74) is counted from 40, not from 0. Counting from 0 lifts such a
pair by 7 points (31.0 → 38.0) but lifts every pair of *different* tiltak by ~16 (the
median title, 41, is then worth 16 points): their highest score rises from 39.5 to 51.6,
so ``lower`` would have to rise by 12 and the renumbered pair ends up further below it.
No reweighting of title, body and actors does much better: renumbered true pairs like
that one (title 74, body 0.19, actors 0.12) sit among 000's own pairs of different
tiltak (1.1/1.5: title 68, body 0.26, actors 0.16). The number is not a penalty either:
different tiltak of one delmål never share a number, so ``lower`` is measured without
it, and a pair under another number needs only what a different tiltak cannot show.
Such pairs stay ``ended`` + ``new`` unless body or actors agree more.

At or above ``upper`` a link is made; from ``lower`` to ``upper`` it is made with
``review=True`` and a ``tiltak_link_review`` check (warning) carrying the same evidence;
below ``lower`` only a *relative match* (next section) links, always for review.

Relative matches (across documents, under ``lower``)
----------------------------------------------------
``lower`` answers "could two *different* tiltak of one delmål of one plan score this?".
That negative set is the hardest there is (same-delmål tiltak share vocabulary and
actors), and it made every cross-year pair need 40 on its own. Reworded true pairs rarely
get there without the same number: in the three labelled cross-document sets
(``links`` (in ``hplan/data/links``), ``links_blind``, ``links_blind_c``; 137 true pairs scored
within their theme group) 26 % of the true pairs score under 40, and the blind set
without status tables lost most of its revised and all of its merged links to
ended + new. A cross-year decision is relative: is one newer tiltak of the theme clearly
better for this older one than the others?

Relative decisions rest on the **content** score: title, body and actors, without the
number's 15 points. A shared number is corroboration, not evidence of its own: pilots
renumber, and under ``lower`` it was the number that carried most false relative matches
("Kartleggingssamtaler med husdyrprodusenter" → "Felles avløser- og vikarordning", both
7.2, title 35) and that blocked true merges (a same-numbered rival 2 points behind). The
null model is the content of pairs of *different* tiltak across the two years in the same
theme group (development sets ``links``, ``links_blind``, ``_c`` to ``_g``: 1001 pairs):
median 5.8, 75th percentile 11.9, 85th 15.0, 90th 17.3, 95th 22.5, 99th 30.2, highest
42.2. Under ``lower``:

* *One-to-one* (after the assignment on ``lower``): the pairs of still-unlinked tiltak
  with content at least ``rel_floor`` = 16 (the null's 88th percentile) are taken best
  first; a pair is accepted when neither side is linked yet and it beats every *rival*
  by ``rel_margin`` = 9 -- every other open candidate of its older tiltak and every
  other open older tiltak of its newer one, except *partners*: another older tiltak
  whose own best candidate is the same newer one is a possible merge, not a rival (it may
  join below), and likewise a newer tiltak whose best is the same older one (a split
  part). Without that exception two tiltak merging into one blocked each other and both
  ended. The floor alone would admit one wrong pair in eight; the margin is what
  decides: about the 80th percentile of the gap between the two best *wrong* candidates
  of an older tiltak (302 tiltak: median 3.1, 75th percentile 7.3, 80th 9.2, 90th
  13.1), so a true pair has to stand out by more than two wrong ones usually differ. A
  pair that loses to a rival, or ties with it, is not linked, and the rival stays in
  the way of pairs below it.
* *Joins* (many-to-one, one-to-many): an unlinked tiltak whose best candidate of the
  whole group is already linked joins it at ``lower`` (score), or at ``join_floor`` = 18
  (content; the null's 91st percentile) when it beats its own second-best candidate by
  ``rel_margin``. Its target must be its best among *all* of the group (linked ones
  included). The join floor is above ``rel_floor`` because a wrong join costs twice: it
  also turns the link it joins into a merge or a split.
  Every join also needs ``join_text_floor`` = 6 points from title and body (between the
  85th and 90th percentile of that null's text points): one partner both tiltak name
  gives up to 15 actor points and made wrong merges ("Kompetansestrategi" into
  "Omdømmebygging" on Namdal regionråd and a few body words).
* Both are ``review=True`` with the reason in the evidence, e.g. "relative match: mutual
  best of 4 rival candidates, content 30.4 ≥ 16, margin 16.7 over 13.7 (1.5→1.4)" or
  "joins its best of 3 candidates, content 27 ≥ 18, margin 14.2 over 12.8".
* An ``ended`` or ``new`` tiltak says why its best candidate was not taken ("not taken:
  content 22.3, margin 2.3 over 20 (5.2→4.2), under 9"; "content 14.1 under the relative
  floor 16"; "it is linked to 3.2") and is ``review=True`` when that candidate's score
  reached the lower of the two floors.

Across themes (step 4)
----------------------
A pilot may move a tiltak to a delmål of another theme (hospitering from rekruttering to
studie- og kontorfellesskap) or dissolve a delmål and spread its tiltak over others.
Every theme group is matched first, so the same theme is preferred; then the older and
newer tiltak that no group linked are compared across all themes
(:func:`_across_themes`). A pair of different groups is linked when it is the mutual best
of all the leftovers by ``rel_margin`` -- every leftover tiltak of every theme is a rival
-- with content at least ``cross_floor`` = 16 and two kinds of evidence of ``kind_points``
each (:meth:`_Pair.kinds`: a title that only shares one compound part, "Markedsføring" /
"Plattform for synlighet og bostedsmarkedsføring", is one kind; two kinds always include
title or body, so shared actors alone never move a tiltak). The null of pairs of
different tiltak in different theme groups (all labelled sets, 9313 pairs) has its
99.5th percentile at 15.6; a tiltak has 7-8 times as many candidates in other themes as
in its own, and 41 wrong pairs clear ``cross_floor`` against 135 wrong pairs of one theme
that clear ``rel_floor``; 30 of the 41 show two kinds, and the margin filters them (until
2026-12-05 a move also needed ``join_text_floor`` from title and body: 22 of the 41
passed that, but so did only 9 of the 10 true moves that clear the floor, and "Flere i
jobb – inkludering og nærvær" → "Test: Flere i arbeid", whose titles share no word while
bodies and two partners agree, was lost). Such a link is ``revised`` (or ``merged``, when
a partner joins it afterwards) and for review unless its content reaches ``upper``; its
evidence opens "moved across themes: naeringsutvikling → rekruttering".

Rivals are candidates that could be links: a pair whose only evidence is shared actors
(no title or body points) can never be one -- actors give at most ``w_actors`` = 15, under
every floor -- so it does not count against a pair's margin, here or within a theme
("Trainee for å rekruttere unge voksne" → "Bidra til attraktive trainee-løp", content
19.2, was blocked by a pair that only shared Namdal regionråd at 10.3). The evidence
says how many were left aside ("2 sharing only actors are no rivals").

Merges and splits across themes: after the one-to-one pass, a tiltak may first join a
linked tiltak of its own group (two 2024 tiltak of different themes that go into one),
then one of another group, on the cross terms of :func:`_join_reason`: content
``max(join_floor, cross_floor)``, ``rel_margin`` over every other candidate,
``join_text_floor`` from title and body, two kinds of evidence, and one of them the body.
A part that went into another theme's tiltak brings its words along; a title that
contains the other ("Test: Flere i arbeid" in "Samkjøring til arbeid – test av digital
løsning") with a partner both name is what two different tiltak show, and made a wrong
merge without the body rule.

An ``ended`` or ``new`` tiltak also names its best candidate in another theme and why it
was not taken ("best in another theme: 5.2 (mobilitet), content 12.7 (...), under the
cross-theme floor 16"), and is ``review=True`` when that candidate's content reached
``cross_floor`` less ``kind_points`` (:func:`_close_elsewhere`): a plausible counterpart
in another theme is never a sure "nothing matches", nor is one that a single further kind
of evidence would make plausible (set j, held out: a forstudie of kontorfellesskap and
the shared office it led to, body 0.29 and nothing else, content 15.7, were a sure ended
+ new). Over all ten labelled sets no ended or new link with a candidate in another
theme at 14 or more is sure any more; the one right ended this sends to review (content
14.0) is the price.

Title keys leave out the words of the pilot's name (:func:`_pilot_words`), as they leave
out year tokens: "Fortellingen om Indre Namdal" and "Felles kompetansestrategi for Indre
Namdal" scored a title of 58 on them.

The settings sit on a plateau, not a peak. Pooled precision/recall of all cross-document
links on the development sets is unchanged for ``rel_floor`` 15-17 (at 14
``links_blind_c`` loses 0.02-0.04, at 17.5 ``links_blind_g`` loses 0.02-0.03; from 18 up
``links_blind_c`` and ``_g`` lose more, and ``links_blind_d`` gains 0.02), for
``rel_margin`` 9-10 (at 8 ``links_blind_e`` loses 0.04, at 12 ``links_blind_c`` 0.05),
and for ``join_floor`` 16-20 (at 15 ``links_blind`` loses 0.04, at 21 ``links_blind_c``
0.05). Within one plan nothing changes: the status table is the plan's word and the
relative rule is not used there.

Evidence
--------
Every link says why in words a reviewer can check against the two documents, e.g.
"status 'Overføres til tiltak 1' names tiltak 1; number 3→1; title 46 (sort 46/set 46)",
"theme bolig; number 4→3; title 88 (sort 75/set 100); body 0.39; actors 3/3 (Husbanken,
Pilotkommunene, Trøndelag fylkeskommune)", "no counterpart in 2025; best candidate 2.2
scored 15.9 (...)". Title, body and actor figures are the raw similarities, not the
weighted points.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hplan.models.records import (
    CheckRecord,
    DelmalRecord,
    PreviousTiltakRecord,
    TiltakActorRecord,
    TiltakLinkRecord,
    TiltakRecord,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    from hplan.extract.pipeline import DocResult


@dataclass(frozen=True)
class MatchSettings:
    """Every weight and threshold of the matcher (see the module docstring for why)."""

    # --- pair score: weights of the features (they sum to 100) -------------------------
    w_title: float = 40.0  # title similarity, rescaled title_floor..100 → 0..1
    w_body: float = 30.0  # body-text lemma overlap (Ochiai), rescaled body_zero..body_full
    w_number: float = 15.0  # same tiltak_no
    w_actors: float = 15.0  # information (inverse frequency) of the shared actors

    # --- feature scaling -----------------------------------------------------------------
    # Raw title similarity (mean of token_sort/token_set, 0-100) that counts as 0: the
    # median of two different tiltak of one delmål in 000 and 001 is 41.
    title_floor: float = 40.0
    # Body overlap counted as 0 and as 1. Different tiltak of one delmål in 000 and 001:
    # median 0.12, 95th percentile 0.26, 99th 0.32.
    body_zero: float = 0.12
    body_full: float = 0.45
    # Body words standing in more than this share of the two plans' sections are template
    # or boilerplate ("overføringsverdi", "beskrivelse", "kommune") and are ignored.
    common_word_share: float = 0.30

    # --- decisions ---------------------------------------------------------------------
    # At or above: link made. = w_title + w_number: an identical title under the same
    # number is sure; no pair of different tiltak of one delmål in 000/001 reaches it even
    # when their numbers are assumed to coincide (highest 54.5). A status statement that
    # names a pair adds exactly this much, so the plan's own word makes a link on its own.
    upper: float = 55.0
    # At or above (below upper): link made with review=True. Above every pair of
    # different tiltak of one delmål in 000/001 with their real numbers (highest 39.5).
    lower: float = 40.0
    # token_sort_ratio at or above which a one-to-one pair with the same number is
    # "continued" rather than "revised": the wording hardly changed. (Not the blended
    # title score: a title extended by several words is not "hardly changed"; one wording
    # kept whole inside the other, and the same phase words, is -- see _one_to_one_type.)
    continued_title: float = 85.0
    # --- relative matches under ``lower`` (cross-document, see "Relative matches") -----
    # All three are on the *content* score (title, body, actors: the score without the
    # number's points). Null model: content of pairs of different tiltak across the two
    # years in the same theme group (development sets links, b, c, d, e, f, g: 1001
    # pairs): median 5.8, 75th percentile 11.9, 85th 15.0, 90th 17.3, 95th 22.5, 99th
    # 30.2. A one-to-one pair of still-unlinked tiltak needs at least this (the null's
    # 88th percentile; results are flat for 15-17) ...
    rel_floor: float = 16.0
    # ... and to beat every rival (not a merge or split partner) by this much. The gap
    # between the two best *wrong* candidates of an older tiltak: median 3.1, 75th
    # percentile 7.3, 80th 9.2, 90th 13.1 (302 tiltak). Results are flat for 9-10.
    rel_margin: float = 9.0
    # A tiltak joins its best candidate when that one is already linked (merge or split
    # part) at this content (the null's 91st percentile; flat for 16-20) and rel_margin
    # over its second best. Higher than rel_floor: a wrong join also turns the link it
    # joins into a merge or split, two errors for one.
    join_floor: float = 18.0
    # A join (merge or split part) also needs this much from title and body: the actors
    # alone -- often one partner both tiltak name -- must not make a merge or a split.
    # Text points (title + body) of different tiltak of one theme group across the years
    # (all nine labelled sets, 1220 pairs): 75th percentile 2.6, 85th 5.6, 90th 7.8.
    join_text_floor: float = 6.0

    # --- across themes (tiltak moved to a delmål of another theme) ---------------------
    # Tiltak that no theme group links are compared across all themes (see "Across
    # themes"). Content of pairs of different tiltak in *different* theme groups (all
    # nine labelled sets, 9313 pairs): 95th percentile 9.4, 99th 13.9, 99.5th 15.6. A
    # tiltak has 7-8 times as many candidates in other themes as in its own, so the floor
    # sits at the 99.5th percentile rather than the 88th: fewer wrong pairs clear it
    # (41) than wrong pairs of one theme clear rel_floor (135).
    cross_floor: float = 16.0
    # A cross-theme link also needs two kinds of evidence: title, body, actors, each at
    # least this many points (a merge or split across themes: the body among them, and
    # join_text_floor from title and body, as every join). The pilot's own
    # kommuner, named on every tiltak, give 0.2-1.5 actor points; a title that only
    # shares one compound part ("Markedsføring" / "bostedsmarkedsføring") is one kind.
    kind_points: float = 2.0

    # --- identifying a status row with an older tiltak (cross-document) -----------------
    # Which older tiltak a row means is decided by a one-to-one assignment on the raw title
    # similarity, the row's own number counting this many title points: about the spread
    # of titles of different tiltak of one delmål (000/001: median 41.0, 95th percentile
    # 54.7). Within that spread the number decides; a title closer to another tiltak by
    # more wins over it (the identification is then for review).
    row_number_bonus: float = 15.0
    # How sure an identification under the row's own number is (0-100, against lower/
    # upper). The row's number *is* the older plan's number, so it weighs as much as the
    # title: the same number plus a title a little above title_floor (46) reaches upper.
    # (An identification against the number is always review.)
    row_title_weight: float = 50.0
    row_number_weight: float = 50.0
    # A row identified against its number needs a title at least this close -- above every
    # pair of different tiltak of one delmål in 000/001 (highest 67.6) -- unless the table
    # lists exactly as many rows as the older plan has tiltak in the theme group.
    row_title_sure: float = 70.0


DEFAULT_SETTINGS = MatchSettings()

# Words that name a tiltak's phase (lemmas of normalize_title). A pair whose titles name
# different phases ("Forstudie traineeordning" → "Traineeordning", "Felles legetjeneste –
# søknad om forsøk" → "Forsøk felles legetjeneste", "forprosjekt" → "hovedprosjekt") went
# into another phase: revised, however similar the rest of the wording.
PHASE_WORDS: frozenset[str] = frozenset(
    {
        "forstudie",
        "forprosjekt",
        "hovedprosjekt",
        "pilot",
        "pilotering",
        "piloting",
        "test",
        "testing",
        "utprøving",
        "prøveordning",
        "forsøk",
        "søknad",
        "utredning",
        "kartlegging",
        "oppstart",
        "etablering",
        "etablere",
        "gjennomføring",
        "gjennomføre",
        "evaluering",
        "evaluere",
        "videreføring",
        "implementering",
        "oppfølging",
    }
)

# Year tokens in titles change every year by construction ("Bygdekonferanse 2024").
_YEAR_TOKEN = re.compile(r"^(?:19|20)\d\d$|^hp\d{2,4}$")


# ---------------------------------------------------------------------------------------
# Items and features
# ---------------------------------------------------------------------------------------


@dataclass
class _Item:
    """One tiltak (or one status row) as the matcher sees it."""

    key: str
    delmal_no: str
    tiltak_no: str
    title: str
    theme: str | None
    keys: tuple[str, ...]  # normalized title variants
    actors: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    ended: bool = False
    doc_id: str = ""
    page: int | None = None
    line: int | None = None


@dataclass
class _Title:
    score: float  # mean of token_sort and token_set, 0-100 (best wording pair)
    sort: float
    set: float
    best_sort: float = 0.0  # highest token_sort over all wording pairs


@dataclass
class _Pair:
    title: _Title
    same_number: bool
    body: float | None  # Ochiai overlap of the content lemmas
    actors_shared: list[str] = field(default_factory=list)
    actors_union: int = 0
    actor_score: float | None = None  # 0..1 weighted
    score: float = 0.0
    # A wording of the older title recurs word for word in a wording of the newer one
    # (the same title, or extended by a qualifier or subtitle).
    title_kept: bool = False
    # The score without the number's points: what title, body and actors show. Decisions
    # under ``lower`` (relative matches, joins) rest on it (see "Relative matches").
    content: float = 0.0
    # The points of content from the texts (title and body) and from the actors.
    text: float = 0.0
    actor_points: float = 0.0

    def kinds(self, s: MatchSettings) -> list[str]:
        """The kinds of evidence (title, body, actors) that give at least
        ``s.kind_points`` each."""
        title = self.text - self.body_points(s)
        out = [("title", title), ("body", self.body_points(s)), ("actors", self.actor_points)]
        return [name for name, points in out if points >= s.kind_points]

    def body_points(self, s: MatchSettings) -> float:
        return s.w_body * _rescale(self.body, s.body_zero, s.body_full) if self.body else 0.0

    def evidence(self, old: _Item, new: _Item, *, with_number: bool = True) -> str:
        parts = []
        if with_number:
            parts.append(
                "same number" if self.same_number else f"number {old.tiltak_no}→{new.tiltak_no}"
            )
        parts.append(
            f"title {self.title.score:.0f} (sort {self.title.sort:.0f}/set {self.title.set:.0f})"
        )
        if self.body is not None:
            parts.append(f"body {self.body:.2f}")
        if self.actor_score is not None:
            named = f" ({', '.join(self.actors_shared)})" if self.actors_shared else ""
            parts.append(f"actors {len(self.actors_shared)}/{self.actors_union}{named}")
        return "; ".join(parts)


def _norm_key(title: str, drop: frozenset[str] = frozenset()) -> str:
    from hplan.normalize.text import normalize_title, split_compounds

    kept = " ".join(
        t for t in normalize_title(title).split() if not _YEAR_TOKEN.match(t) and t not in drop
    )
    return split_compounds(kept)


def _pilot_words(result: DocResult) -> frozenset[str]:
    """The words of the pilot's name ("Indre Namdal", "Rindal og Holtålen"), left out of
    title keys: any two titles that name the pilot share them ("Fortellingen om Indre
    Namdal" / "Felles kompetansestrategi for Indre Namdal" scored 58 on them), like the
    year tokens they say nothing about which tiltak it is."""
    from hplan.normalize.text import normalize_title

    pilot = result.document.pilot or ""
    return frozenset(normalize_title(pilot).split()) if pilot else frozenset()


def title_similarity(a: str, b: str) -> float:
    """Title similarity 0-100 of two raw titles (mean of token_sort and token_set ratio)."""
    return _title_score((_norm_key(a),), (_norm_key(b),)).score


def _phases(key: str) -> frozenset[str]:
    """The phase words (:data:`PHASE_WORDS`) of a title key."""
    return frozenset(w for w in key.split() if w in PHASE_WORDS)


def _title_score(keys_a: Sequence[str], keys_b: Sequence[str]) -> _Title:
    from rapidfuzz import fuzz

    best = _Title(0.0, 0.0, 0.0)
    best_sort = 0.0
    for a in keys_a:
        for b in keys_b:
            if not a or not b:
                continue
            sort = fuzz.token_sort_ratio(a, b)
            tset = fuzz.token_set_ratio(a, b)
            best_sort = max(best_sort, sort)
            if (sort + tset) / 2 > best.score:
                best = _Title((sort + tset) / 2, sort, tset)
    best.best_sort = best_sort
    return best


def _rescale(value: float, zero: float, full: float) -> float:
    if full <= zero:
        return 1.0 if value >= full else 0.0
    return min(1.0, max(0.0, (value - zero) / (full - zero)))


class _Context:
    """Corpus statistics of the two plans compared: boilerplate words, actor weights."""

    def __init__(self, items: Iterable[_Item], settings: MatchSettings) -> None:
        items = list(items)
        self.settings = settings
        with_words = [i for i in items if i.words]
        df = Counter(w for i in with_words for w in i.words)
        # A word only the two compared sections contain is never boilerplate, however few
        # sections the plans have: hence at least 3.
        limit = max(settings.common_word_share * len(with_words), 2)
        self.common = frozenset(w for w, c in df.items() if c > limit)
        self.actor_weights(items)

    def actor_weights(self, items: Iterable[_Item]) -> None:
        """Weigh actors by how rarely ``items`` name them."""
        with_actors = [i for i in items if i.actors]
        adf = Counter(a for i in with_actors for a in i.actors)
        n = len(with_actors)
        # Inverse document frequency, smoothed by one: an actor named on every tiltak
        # weighs about 1/n; one that only the two tiltak of a pair name weighs
        # ln((n+1)/2), the full actor credit.
        self.actor_weight = {a: math.log((n + 1) / c) for a, c in adf.items()}
        self.actor_full = math.log((n + 1) / 2) if n > 1 else 1.0

    def pair(self, old: _Item, new: _Item, explicit: bool = False) -> _Pair:
        s = self.settings
        title = _title_score(old.keys, new.keys)
        same = old.tiltak_no == new.tiltak_no
        body = None
        if old.words and new.words:
            a, b = old.words - self.common, new.words - self.common
            body = len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0
        shared: list[str] = []
        actor_score = None
        union = 0
        if old.actors and new.actors:
            shared = sorted(old.actors & new.actors)
            union = len(old.actors | new.actors)
            info = sum(self.actor_weight.get(x, 0.0) for x in shared)
            actor_score = min(1.0, info / self.actor_full)
        text = s.w_title * _rescale(title.score, s.title_floor, 100.0) + s.w_body * (
            _rescale(body, s.body_zero, s.body_full) if body else 0.0
        )
        actor_points = s.w_actors * (actor_score or 0.0)
        content = text + actor_points
        score = content + s.w_number * same + (s.upper if explicit else 0.0)
        kept = any(
            a and b and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")
            for a in old.keys
            for b in new.keys
        )
        return _Pair(
            title,
            same,
            body,
            shared,
            union,
            actor_score,
            round(min(100.0, score), 1),
            kept,
            round(min(100.0, content), 1),
            round(text, 1),
            round(actor_points, 1),
        )


def _natural(key: str | None) -> tuple:
    if not key:
        return ((2, ""),)
    out = []
    for part in key.split("."):
        out.append((0, int(part)) if part.isdigit() else (1, part))
    return tuple(out)


def _themes(result: DocResult) -> dict[str, str]:
    return {
        d.delmal_no: d.theme for d in result.tables.get("delmal", []) if isinstance(d, DelmalRecord)
    }


def _title_variants(record: TiltakRecord) -> list[str]:
    """The body heading's wording and, when different, the tiltak table's."""
    titles = [record.title]
    if record.table_title and record.table_title not in titles:
        titles.append(record.table_title)
    return titles


def _items(result: DocResult) -> list[_Item]:
    """This plan's tiltak as matcher items (sorted by key)."""
    themes = _themes(result)
    drop = _pilot_words(result)
    actors: dict[str, set[str]] = defaultdict(set)
    for a in result.tables.get("tiltak_actors", []):
        if isinstance(a, TiltakActorRecord) and a.actor:
            actors[a.tiltak_key].add(a.actor)
    out = []
    for t in result.tables.get("tiltak", []):
        if not isinstance(t, TiltakRecord):
            continue
        out.append(
            _Item(
                key=t.tiltak_key,
                delmal_no=t.delmal_no,
                tiltak_no=t.tiltak_no,
                title=t.title,
                theme=themes.get(t.delmal_no),
                keys=tuple(dict.fromkeys(_norm_key(x, drop) for x in _title_variants(t))),
                actors=frozenset(actors.get(t.tiltak_key, ())),
                words=frozenset(result.tiltak_words.get(t.tiltak_key, ())),
                ended=bool(t.ended),
                doc_id=result.document.doc_id,
                page=t.page,
                line=t.line,
            )
        )
    return sorted(out, key=lambda i: _natural(i.key))


# ---------------------------------------------------------------------------------------
# Status rows: what the plan itself says
# ---------------------------------------------------------------------------------------


@dataclass
class _Row:
    """A previous-year status row (or an "ended" section acting as one)."""

    delmal_no: str
    tiltak_no: str
    title: str
    status: str | None
    status_raw: str
    comment: str
    successors: list[str]
    year: int | None
    source: str  # "status table" | "ended section"
    page: int | None = None
    line: int | None = None
    drop: frozenset[str] = frozenset()  # the pilot's name words (see _pilot_words)

    @property
    def key(self) -> str:
        return f"{self.delmal_no}.{self.tiltak_no}"

    def item(self, theme: str | None, doc_id: str) -> _Item:
        return _Item(
            self.key,
            self.delmal_no,
            self.tiltak_no,
            self.title,
            theme,
            (_norm_key(self.title, self.drop),),
            doc_id=doc_id,
            page=self.page,
            line=self.line,
        )

    def says(self) -> str:
        label = "status" if self.source == "status table" else "section says"
        return f"{label} '{_short(self.status_raw)}'"

    def names(self, number: str) -> str | None:
        """Where the row names tiltak ``number`` explicitly ("status"/"comment"), if it does."""
        listed = r"(?:T?\d+(?:\.\d+)?\s*(?:,|og|&)\s*)*"
        pattern = re.compile(
            rf"\btiltak(?:ene)?\s+{listed}(?:\d+\.)?T?{re.escape(number)}\b", re.IGNORECASE
        )
        if pattern.search(self.status_raw):
            return "status"
        if pattern.search(self.comment):
            return "comment"
        return None


_DOUBTFUL_ROW = "the status row's identification with this tiltak is doubtful"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _status_rows(result: DocResult, year: int | None = None) -> list[_Row]:
    rows = []
    for r in result.tables.get("previous_tiltak", []):
        if not isinstance(r, PreviousTiltakRecord):
            continue
        if year is not None and r.year is not None and r.year != year:
            continue
        succ = [s for s in (r.successors or "").split("; ") if s]
        rows.append(
            _Row(
                r.delmal_no,
                r.tiltak_no,
                r.title,
                r.status,
                r.status_raw or "",
                r.comment or "",
                list(dict.fromkeys(succ)),
                r.year,
                "status table",
                r.page,
                r.line,
                _pilot_words(result),
            )
        )
    return sorted(rows, key=lambda r: (_natural(r.delmal_no), _natural(r.tiltak_no)))


def _ended_section_rows(result: DocResult, year: int | None) -> list[_Row]:
    """Sections of the newer plan that only report an old tiltak as finished: their
    status and successors as the tiltak stage read them from the section's opening line."""
    rows = []
    for t in result.tables.get("tiltak", []):
        if not isinstance(t, TiltakRecord) or not t.ended or t.status is None:
            continue
        raw = t.status_raw or ""
        rows.append(
            _Row(
                t.delmal_no,
                t.tiltak_no,
                t.title,
                t.status,
                raw,
                "",
                [s for s in (t.successors or "").split("; ") if s],
                year,
                "ended section",
                t.page,
                t.line,
                _pilot_words(result),
            )
        )
    return rows


# ---------------------------------------------------------------------------------------
# Link assembly helpers
# ---------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    from_doc: str
    from_year: int | None
    to_doc: str
    to_year: int | None
    check_doc: str
    settings: MatchSettings
    links: list[TiltakLinkRecord] = field(default_factory=list)
    checks: list[CheckRecord] = field(default_factory=list)

    def link(
        self,
        from_key: str | None,
        to_key: str | None,
        link: str,
        score: float,
        evidence: str,
        review: bool = False,
        where: _Item | None = None,
        why_review: str | None = None,
    ) -> None:
        score = round(max(0.0, min(100.0, score)), 1)
        self.links.append(
            TiltakLinkRecord(
                self.from_doc,
                self.from_year,
                from_key,
                self.to_doc,
                self.to_year,
                to_key,
                link,
                score,
                evidence,
                review,
            )
        )
        if review:
            s = self.settings
            why = why_review or f"score between the thresholds {s.lower:g} and {s.upper:g}"
            self.check(
                "tiltak_link_review",
                "warning",
                f"link {from_key or '-'} ({self.from_year}) → {to_key or '-'} ({self.to_year}) "
                f"'{link}', score {score:g}, to review ({why}): {evidence}",
                where,
            )

    def check(self, name: str, severity: str, message: str, where: _Item | None = None) -> None:
        """A check row, on the document (and page/line) of ``where`` when given."""
        self.checks.append(
            CheckRecord(
                where.doc_id if where and where.doc_id else self.check_doc,
                name,
                severity,
                message,
                where.page if where else None,
                where.line if where else None,
            )
        )


def _sorted_output(ctx: _Ctx) -> tuple[list[TiltakLinkRecord], list[CheckRecord]]:
    links = sorted(
        ctx.links,
        key=lambda r: (
            r.from_doc_id,
            r.to_doc_id,
            r.from_tiltak_key is None,
            _natural(r.from_tiltak_key or r.to_tiltak_key),
            _natural(r.to_tiltak_key),
            r.link,
        ),
    )
    return links, ctx.checks


def _explicit_links(
    ctx: _Ctx,
    row: _Row,
    from_key: str,
    from_item: _Item,
    targets: dict[str, _Item],
    context: _Context,
    cap: float = 100.0,
    cap_note: str = "",
) -> set[str]:
    """The links a status row states; returns the target keys used."""
    s = ctx.settings
    used: set[str] = set()
    at = row.item(None, ctx.to_doc)  # checks about the row stand where the row stands
    if row.status in ("ended", "dropped"):
        ctx.link(
            from_key,
            None,
            row.status,
            min(cap, 100.0),
            "; ".join(filter(None, [row.says(), cap_note])),
            review=cap < s.upper,
            where=at,
            why_review=_DOUBTFUL_ROW,
        )
        return used
    pending = list(row.successors)
    fallback = False
    if row.status in ("continued", "revised", "merged") and pending:
        missing = [n for n in pending if f"{row.delmal_no}.{n}" not in targets]
        for n in missing:
            ctx.check(
                "tiltak_link_target_missing",
                "warning",
                f"{row.source} row {row.key} ({row.year}) leads to tiltak {n}, which "
                f"delmål {row.delmal_no} of {ctx.to_year} does not have",
                at,
            )
        pending = [n for n in pending if n not in missing]
        fallback = not pending
    else:
        fallback = True
    for n in pending:
        target = targets[f"{row.delmal_no}.{n}"]
        pair = context.pair(from_item, target, explicit=True)
        named = row.names(n)
        why = (
            f"{row.says()} names tiltak {n}"
            if named == "status"
            else f"{row.says()}; comment names tiltak {n}"
            if named == "comment"
            else f"{row.says()}, carried on under the row's number {n}"
        )
        review = cap < s.upper
        why_review = _DOUBTFUL_ROW if review else None
        ev = [why, pair.evidence(from_item, target), cap_note]
        if target.ended:
            review = True
            why_review = "the target is itself reported as ended"
            ev.append(f"but {target.key} is itself reported as ended this year")
        ctx.link(
            from_key,
            target.key,
            str(row.status),
            min(cap, pair.score),
            "; ".join(filter(None, ev)),
            review=review,
            where=target,
            why_review=why_review,
        )
        used.add(target.key)
    if fallback:
        # No readable target: the best candidate of the delmål, always for review.
        cands = [t for t in targets.values() if t.delmal_no == row.delmal_no and not t.ended]
        scored = [(context.pair(from_item, t), t) for t in cands]
        pair, best = max(scored, key=lambda x: x[0].score, default=(None, None))
        what = (
            f"status '{_short(row.status_raw)}' unreadable"
            if row.status is None
            else f"{row.says()} names no tiltak that exists this year"
        )
        if best is not None and pair is not None and pair.score >= s.lower:
            link = (
                row.status
                if row.status in ("continued", "revised", "merged")
                else _one_to_one_type(pair, s, from_item, best)[0]
            )
            ev = f"{what}; best match in the delmål: {pair.evidence(from_item, best)}"
            ctx.link(
                from_key,
                best.key,
                link,
                min(cap, pair.score),
                ev,
                review=True,
                where=best,
                why_review="the statement names no target; matched instead",
            )
            used.add(best.key)
        else:
            ctx.check(
                "tiltak_link_unresolved",
                "warning",
                f"{row.source} row {row.key} ({row.year}): {what}, and no tiltak of "
                f"delmål {row.delmal_no} matches its title; not linked",
                at,
            )
    return used


# ---------------------------------------------------------------------------------------
# Within one plan
# ---------------------------------------------------------------------------------------


def link_within(
    result: DocResult, settings: MatchSettings | None = None
) -> tuple[list[TiltakLinkRecord], list[CheckRecord]]:
    """Links from a plan's previous-year status tables to its own tiltak."""
    s = settings or DEFAULT_SETTINGS
    doc = result.document
    rows = _status_rows(result)
    if not rows:
        return [], []
    items = _items(result)
    targets = {i.key: i for i in items}
    years = sorted({r.year for r in rows if r.year is not None})
    prev_year = years[-1] if years else (doc.plan_year - 1 if doc.plan_year else None)
    ctx = _Ctx(doc.doc_id, prev_year, doc.doc_id, doc.plan_year, doc.doc_id, s)
    if len(years) > 1:
        ctx.check(
            "tiltak_link_years",
            "info",
            f"status tables for several years ({', '.join(map(str, years))}); "
            "each row keeps its own year",
        )
    context = _Context(items, s)
    themes = _themes(result)
    by_delmal: dict[str, list[_Row]] = defaultdict(list)
    for r in rows:
        by_delmal[r.delmal_no].append(r)
    for dno in sorted(by_delmal, key=_natural):
        used: set[str] = set()
        for row in by_delmal[dno]:
            ctx.from_year = row.year if row.year is not None else prev_year
            used |= _explicit_links(
                ctx, row, row.key, row.item(themes.get(dno), doc.doc_id), targets, context
            )
        ctx.from_year = prev_year
        year_txt = f"{prev_year}" if prev_year else "previous-year"
        for t in items:
            if t.delmal_no == dno and not t.ended and t.key not in used:
                ctx.link(
                    None,
                    t.key,
                    "new",
                    100.0,
                    f"no row of the {year_txt} status table of delmål {dno} leads to it",
                )
    for dno in sorted({i.delmal_no for i in items} - set(by_delmal), key=_natural):
        n = sum(1 for i in items if i.delmal_no == dno and not i.ended)
        ctx.check(
            "tiltak_link_no_status",
            "info",
            f"delmål {dno} has no rows in a previous-year status table: its {n} tiltak "
            "get no within-plan links (neither carried on nor 'new')",
        )
    return _sorted_output(ctx)


# ---------------------------------------------------------------------------------------
# Across two plans
# ---------------------------------------------------------------------------------------


def _one_to_one_type(pair: _Pair, s: MatchSettings, old: _Item, new: _Item) -> tuple[str, str]:
    """(link, why) of a one-to-one pair that no statement types: continued or revised."""
    if not pair.same_number:
        return "revised", ""
    if old.delmal_no != new.delmal_no:
        # Its key changed: the tiltak was moved to a delmål of another number.
        return "revised", f"moved from delmål {old.delmal_no} to {new.delmal_no}"
    phases = [(_phases(a), _phases(b)) for a in old.keys for b in new.keys]
    if phases and all(was != now for was, now in phases):
        was, now = phases[0]
        return "revised", (
            f"phase {', '.join(sorted(was)) or '-'} → {', '.join(sorted(now)) or '-'}"
        )
    if pair.title.best_sort >= s.continued_title:
        return "continued", ""
    if pair.title_kept:
        return "continued", "one title recurs word for word in the other"
    return "revised", ""


def _assign(matrix: list[list[float]]) -> list[tuple[int, int]]:
    if not matrix or not matrix[0]:
        return []
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True)]


def link_between(
    older: DocResult, newer: DocResult, settings: MatchSettings | None = None
) -> tuple[list[TiltakLinkRecord], list[CheckRecord]]:
    """Links from the tiltak of an older plan to those of a newer plan of the same pilot."""
    s = settings or DEFAULT_SETTINGS
    od, nd = older.document, newer.document
    ctx = _Ctx(od.doc_id, od.plan_year, nd.doc_id, nd.plan_year, nd.doc_id, s)
    # The older plan's "ended" sections report the year before it; they are not its tiltak.
    old_items = [i for i in _items(older) if not i.ended]
    new_all = _items(newer)
    new_items = [i for i in new_all if not i.ended]
    targets = {i.key: i for i in new_all}
    context = _Context(old_items + new_items, s)

    rows = _status_rows(newer, od.plan_year)
    covered_delmal = {r.delmal_no for r in rows}
    rows += [
        r for r in _ended_section_rows(newer, od.plan_year) if r.delmal_no not in covered_delmal
    ]
    new_themes = _themes(newer)

    # Theme groups; themes only one plan has are pooled (key None).
    old_t = {i.theme for i in old_items}
    new_t = {i.theme for i in new_items} | {new_themes.get(r.delmal_no) for r in rows}
    shared = old_t & new_t - {None}

    def group(theme: str | None) -> str | None:
        return theme if theme in shared else None

    groups = sorted({group(t) for t in old_t | new_t}, key=lambda g: (g is None, g or ""))
    state = _Match()
    matched = []
    for g in groups:
        olds = [i for i in old_items if group(i.theme) == g]
        news = [i for i in new_items if group(i.theme) == g]
        grows = [r for r in rows if group(new_themes.get(r.delmal_no)) == g]
        label = f"theme {g}" if g else "delmål themes differ between the plans"
        if g is None and (olds or news):
            ctx.check(
                "tiltak_link_theme",
                "info",
                f"{len(olds)} tiltak of {od.plan_year} and {len(news)} of "
                f"{nd.plan_year} are in delmål whose theme the other plan lacks; "
                "matched among themselves and across themes",
            )
        matched.append(_match_group(ctx, context, olds, news, grows, targets, label, state))
    _across_themes(ctx, context, matched, state)
    for grp in matched:
        _emit_group(ctx, grp, matched, state)
    return _sorted_output(ctx)


@dataclass
class _Group:
    """One theme group of a cross-document comparison, after its own matching."""

    label: str
    olds: list[_Item]
    news: list[_Item]
    free_old: list[_Item]  # older tiltak no status row covers
    free_new: list[_Item]  # newer tiltak no status row leads to
    stated_delmal: set[str]


@dataclass
class _Match:
    """The links decided so far, over all theme groups of one comparison."""

    pairs: dict[tuple[str, str], _Pair] = field(default_factory=dict)
    linked: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # old→new
    back: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # new→old
    relative: dict[tuple[str, str], str] = field(default_factory=dict)  # why, under lower
    # Pairs linked across theme groups, and each leftover tiltak's best candidate in
    # another theme group (content, key) -- for the review flag of ended and new.
    across: set[tuple[str, str]] = field(default_factory=set)
    elsewhere: dict[str, tuple[_Pair, _Item]] = field(default_factory=dict)


def _match_group(
    ctx: _Ctx,
    context: _Context,
    olds: list[_Item],
    news: list[_Item],
    rows: list[_Row],
    targets: dict[str, _Item],
    label: str,
    state: _Match,
) -> _Group:
    """Status rows, then scores, within one theme group; links from status rows are
    written at once, scored ones are recorded in ``state``."""
    s = ctx.settings
    covered_old: set[str] = set()
    covered_new: set[str] = set()
    stated_delmal = {r.delmal_no for r in rows}

    # 1. Status rows → older tiltak (see _identify), then their links.
    identified: set[int] = set()
    carried_on: dict[str, list[str]] = {}  # old key -> targets of a continued/revised row
    for ri, oi, how in _identify(rows, olds, s):
        row, old = rows[ri], olds[oi]
        score, title = _row_identity(row, old, s)
        number = {
            "number": "same number",
            "title": f"number {row.tiltak_no}≠{old.tiltak_no}, but the title points here",
            "table": f"number {row.tiltak_no}≠{old.tiltak_no}; the only reading left, as "
            "the table names each tiltak once",
        }[how]
        note = (
            f"{row.source} row {row.key} of {ctx.to_year} = this tiltak "
            f"({number}, title {title:.0f})"
        )
        # Only a row under its own number with a fitting title is sure; an identification
        # against the number is a link to review (scored at least ``lower``, like all).
        cap = 100.0 if how == "number" and score >= s.upper else max(s.lower, score)
        used = _explicit_links(ctx, row, old.key, old, targets, context, cap=cap, cap_note=note)
        covered_new |= used
        covered_old.add(old.key)
        identified.add(ri)
        if row.status in ("continued", "revised") and used:
            carried_on[old.key] = sorted(used, key=_natural)
    for ri, row in enumerate(rows):
        if ri not in identified:
            ctx.check(
                "tiltak_link_status_row_unmatched",
                "warning",
                f"{row.source} row {row.key} ('{_short(row.title)}') of {ctx.to_year} "
                f"matches no tiltak of the {ctx.from_year} plan ({label})",
                row.item(None, ctx.to_doc),
            )

    # 2. The rest by score: one-to-one, then many-to-one and one-to-many.
    free_old = [o for o in olds if o.key not in covered_old]
    # In a delmål with a status table the table says what is new: its tiltak that no row
    # leads to are only matched against older tiltak the table does not cover.
    free_new = [n for n in news if n.key not in covered_new]
    pairs, linked, back, relative = state.pairs, state.linked, state.back, state.relative
    pairs.update({(o.key, n.key): context.pair(o, n) for o in free_old for n in news})
    # The assignment always pairs min(n, m): pairs under ``lower`` are dropped, and the
    # assignment is repeated on what is left until it finds nothing more.
    while True:
        left_old = [o for o in free_old if not linked[o.key]]
        left_new = [n for n in free_new if not back[n.key]]
        matrix = [[pairs[o.key, n.key].score for n in left_new] for o in left_old]
        found = False
        for oi, ni in _assign(matrix):
            o, n = left_old[oi], left_new[ni]
            if pairs[o.key, n.key].score >= s.lower:
                linked[o.key].append(n.key)
                back[n.key].append(o.key)
                found = True
        if not found:
            break
    # Below ``lower``: relative matches (see the module docstring, "Relative matches").
    _relative_matches(ctx, pairs, free_old, free_new, linked, back, relative)
    # Then the pairs the assignment left out: an unlinked tiltak whose best candidate on
    # the other side is already linked joins it (many-to-one, then one-to-many) when the
    # pair reaches ``lower``, or content ``join_floor`` with its best by ``rel_margin``.
    _joins(pairs, free_old, free_new, linked, back, relative, s, joiner_is_old=True)
    _joins(pairs, free_new, free_old, back, linked, relative, s, joiner_is_old=False)

    # A newer tiltak still without a predecessor may be a part split off an older tiltak
    # whose status row carries it on in other tiltak (the row names where the old tiltak
    # went on, not every part that left it). Same threshold as every link; always for
    # review, since the table does not say so.
    carried = [o for o in olds if o.key in carried_on]
    for n in free_new:
        if back[n.key] or not carried:
            continue
        for o in carried:
            pairs[o.key, n.key] = context.pair(o, n)
        best_o = max(carried, key=lambda o: pairs[o.key, n.key].score)
        pair = pairs[best_o.key, n.key]
        if pair.score < s.lower or pair.text < s.join_text_floor:
            continue
        back[n.key].append(best_o.key)
        went = ", ".join(carried_on[best_o.key])
        ev = (
            f"{label}; split off {best_o.key}, which its status row carries on as {went}; "
            f"no row leads to {n.key}; {pair.evidence(best_o, n)}"
        )
        ctx.link(
            best_o.key,
            n.key,
            "revised",
            pair.score,
            ev,
            review=True,
            where=n,
            why_review="a part split off a tiltak the status table carries on elsewhere",
        )
    return _Group(label, olds, news, free_old, free_new, stated_delmal)


def _across_themes(ctx: _Ctx, context: _Context, groups: list[_Group], state: _Match) -> None:
    """Tiltak that no theme group linked, compared across all themes.

    A pilot may move a tiltak to a delmål of another theme, or dissolve a delmål and
    spread its tiltak over others. What each theme group left over is compared with what
    the other groups left over; a pair of different groups is linked, always for review
    unless its content reaches ``upper``, when it is the mutual best of all the leftovers
    (the relative rule, with every leftover tiltak of every theme a rival) at content
    ``cross_floor``, with two kinds of evidence (:meth:`_Pair.kinds`). Then leftovers
    join a linked tiltak of their own group, and then one of another group (a merge or
    split across themes, :func:`_join_reason` with ``cross``: the body among its kinds).
    Within its own group a tiltak was compared first, so the same theme is preferred.
    """
    s = ctx.settings
    home = {("old", o.key): gi for gi, g in enumerate(groups) for o in g.free_old}
    home |= {("new", n.key): gi for gi, g in enumerate(groups) for n in g.free_new}
    left_old = [o for g in groups for o in g.free_old if not state.linked[o.key]]
    all_new = [n for g in groups for n in g.free_new]
    left_new = [n for n in all_new if not state.back[n.key]]
    if not left_old or not all_new:
        return
    for o in left_old:
        for n in all_new:
            if (o.key, n.key) not in state.pairs:
                state.pairs[o.key, n.key] = context.pair(o, n)
    for n in left_new:
        for g in groups:
            for o in g.free_old:
                if (o.key, n.key) not in state.pairs:
                    state.pairs[o.key, n.key] = context.pair(o, n)

    def elsewhere(o_key: str, n_key: str) -> bool:
        return home[("old", o_key)] != home[("new", n_key)]

    def accept(o: _Item, n: _Item) -> bool:
        # Two kinds of evidence always include title or body: shared actors alone never
        # move a tiltak.
        return elsewhere(o.key, n.key) and len(state.pairs[o.key, n.key].kinds(s)) >= 2

    before = set(state.relative)
    _relative_matches(
        ctx,
        state.pairs,
        left_old,
        left_new,
        state.linked,
        state.back,
        state.relative,
        floor=s.cross_floor,
        accept=accept,
    )
    all_old = [o for g in groups for o in g.free_old]
    # A tiltak linked across themes may now take a merge or split partner of its own
    # group (two 2024 tiltak of different themes that go into one): the group's joins
    # once more, on their own terms.
    for g in groups:
        args = (state.linked, state.back, state.relative, s)
        _joins(state.pairs, g.free_old, g.free_new, *args, joiner_is_old=True)
        _joins(
            state.pairs,
            g.free_new,
            g.free_old,
            state.back,
            state.linked,
            state.relative,
            s,
            joiner_is_old=False,
        )
    # Then a merge or split across themes: a leftover joins a tiltak of another group that
    # is linked, on the cross-theme terms (_join_reason with ``cross``).
    cross_args = (state.relative, s)
    _joins(
        state.pairs,
        left_old,
        all_new,
        state.linked,
        state.back,
        *cross_args,
        joiner_is_old=True,
        across=elsewhere,
    )
    _joins(
        state.pairs,
        left_new,
        all_old,
        state.back,
        state.linked,
        *cross_args,
        joiner_is_old=False,
        across=lambda n_key, o_key: elsewhere(o_key, n_key),
    )
    state.across |= {k for k in set(state.relative) - before if elsewhere(*k)}
    # The best candidate in another group of each tiltak still unlinked: an ended or new
    # tiltak with one close is sent to review.
    for o in left_old:
        if not state.linked[o.key]:
            pairs = [(o.key, n.key, n) for n in all_new if elsewhere(o.key, n.key)]
            _note_best_elsewhere(state, "old:" + o.key, pairs)
    for n in left_new:
        if not state.back[n.key]:
            pairs = [(o.key, n.key, o) for o in all_old if elsewhere(o.key, n.key)]
            _note_best_elsewhere(state, "new:" + n.key, pairs)


def _note_best_elsewhere(state: _Match, slot: str, pairs: list[tuple[str, str, _Item]]) -> None:
    """Of (old key, new key, candidate) pairs in other groups, keep the candidate whose
    content score is highest, with its pair, under ``slot`` of ``state.elsewhere``."""
    best = max(pairs, key=lambda p: state.pairs[p[0], p[1]].content, default=None)
    if best is not None:
        state.elsewhere[slot] = (state.pairs[best[0], best[1]], best[2])


def _emit_group(ctx: _Ctx, grp: _Group, groups: list[_Group], state: _Match) -> None:
    """The scored links of one theme group's older tiltak, and its ended and new ones."""
    s = ctx.settings
    pairs, linked, back, relative = state.pairs, state.linked, state.back, state.relative
    new_by_key = {n.key: n for g in groups for n in g.news}
    label, news, free_old, free_new = grp.label, grp.news, grp.free_old, grp.free_new
    for o in free_old:
        for nk in linked[o.key]:
            n = new_by_key[nk]
            pair = pairs[o.key, nk]
            if len(back[nk]) > 1:
                link = "merged"
                why = f"{len(back[nk])} tiltak of {ctx.from_year} go into {nk}"
            elif len(linked[o.key]) > 1:
                link = "revised"
                why = f"split into {', '.join(sorted(linked[o.key], key=_natural))}"
            else:
                link, why = _one_to_one_type(pair, s, o, n)
            rel = relative.get((o.key, nk), "")
            where = label
            if (o.key, nk) in state.across:
                where = f"moved across themes: {o.theme or '-'} → {n.theme or '-'}"
            ev = "; ".join(filter(None, [where, pair.evidence(o, n), why, rel]))
            sure = pair.content >= s.upper if (o.key, nk) in state.across else pair.score >= s.upper
            ctx.link(
                o.key,
                nk,
                link,
                pair.score,
                ev,
                review=not sure,
                where=n,
                why_review=f"a relative match under lower {s.lower:g}: {rel}" if rel else None,
            )
        if not linked[o.key]:
            best = max(news, key=lambda n: pairs[o.key, n.key].score, default=None)
            best_score = pairs[o.key, best.key].score if best else 0.0
            ev = [label, f"no counterpart in {ctx.to_year}"]
            if best is not None:
                ev.append(
                    f"best candidate {best.key} scored {best_score:g} "
                    f"({pairs[o.key, best.key].evidence(o, best)})"
                )
                ev.append(_not_taken(pairs, o, best, free_old, news, back.get(best.key, []), s))
            close = best_score >= min(s.rel_floor, s.join_floor)
            why = f"a candidate scored {best_score:g} but was not taken"
            other = state.elsewhere.get("old:" + o.key)
            if other is not None:
                pair, n = other
                ev.append(_elsewhere(pair, o, n, s))
                if _close_elsewhere(pair, s):
                    close = True
                    why = f"a candidate in another theme reached content {pair.content:g}"
                best_score = max(best_score, pair.content)
            ctx.link(
                o.key,
                None,
                "ended",
                100.0 - best_score,
                "; ".join(ev),
                review=close,
                where=o,
                why_review=why,
            )
    for n in free_new:
        if back[n.key]:
            continue
        best_o = max(free_old, key=lambda o: pairs[o.key, n.key].score, default=None)
        best_score = pairs[best_o.key, n.key].score if best_o else 0.0
        ev = [label]
        if n.delmal_no in grp.stated_delmal:
            ev.append(
                f"no row of the {ctx.from_year} status table of delmål {n.delmal_no} leads to it"
            )
        ev.append(f"no predecessor in {ctx.from_year}")
        if best_o is not None:
            ev.append(
                f"best candidate {best_o.key} scored {best_score:g} "
                f"({pairs[best_o.key, n.key].evidence(best_o, n)})"
            )
            ev.append(_not_taken(pairs, best_o, n, free_old, news, linked[best_o.key], s))
        close = best_score >= min(s.rel_floor, s.join_floor)
        why = f"a candidate scored {best_score:g} but was not taken"
        other = state.elsewhere.get("new:" + n.key)
        if other is not None:
            pair, o = other
            ev.append(_elsewhere(pair, o, n, s, newer=True))
            if _close_elsewhere(pair, s):
                close = True
                why = f"a candidate in another theme reached content {pair.content:g}"
            best_score = max(best_score, pair.content)
        ctx.link(
            None,
            n.key,
            "new",
            100.0 - best_score,
            "; ".join(ev),
            review=close,
            where=n,
            why_review=why,
        )


def _close_elsewhere(pair: _Pair, s: MatchSettings) -> bool:
    """Whether the best candidate in another theme of an ended or new tiltak is close
    enough that "nothing matches" must not be sure: its content reaches ``cross_floor``
    less ``kind_points`` -- one more kind of evidence, the least that counts, would lift it
    to the floor. (Set j, measured held out: "Kartlegge kontorfellesskap" → "Delt
    arbeidsplass i sentrumsutviklingen", body 0.29 and nothing else, content 15.7, came
    out a sure ended + new.)"""
    return pair.content >= s.cross_floor - s.kind_points


def _elsewhere(pair: _Pair, o: _Item, n: _Item, s: MatchSettings, newer: bool = False) -> str:
    """Evidence: the best candidate in another theme of an ended (or new) tiltak."""
    other = o if newer else n
    head = (
        f"best in another theme: {other.key} ({other.theme or '-'}), content {pair.content:g} "
        f"({pair.evidence(o, n, with_number=False)})"
    )
    kinds = pair.kinds(s)
    if pair.content < s.cross_floor:
        close = ", close: for review" if _close_elsewhere(pair, s) else ""
        return f"{head}, under the cross-theme floor {s.cross_floor:g}{close}"
    if len(kinds) < 2:
        return f"{head}, but only one kind of evidence ({', '.join(kinds) or '-'})"
    return f"{head}, not the mutual best by {s.rel_margin:g}"


def _joins(
    pairs: dict[tuple[str, str], _Pair],
    joiners: list[_Item],
    candidates: list[_Item],
    own: dict[str, list[str]],
    theirs: dict[str, list[str]],
    relative: dict[tuple[str, str], str],
    s: MatchSettings,
    *,
    joiner_is_old: bool,
    across: Callable[[str, str], bool] | None = None,
) -> None:
    """Each still-unlinked joiner joins its best candidate that is already linked, when
    :func:`_join_reason` allows: older tiltak into a newer one (many-to-one) when
    ``joiner_is_old``, else newer tiltak onto an older one (one-to-many). ``own`` and
    ``theirs`` are the links of the joiners' side and of the candidates' side.
    ``across(joiner key, candidate key)`` says whether a pair crosses theme groups (the
    cross-theme terms apply); None: all candidates are in the joiner's group."""
    for j in joiners:
        if own[j.key]:
            continue
        linked_candidates = [c for c in candidates if theirs[c.key]]
        best = _best(pairs, linked_candidates, j, old_side=not joiner_is_old)
        if best is None:
            continue
        o, n = (j, best) if joiner_is_old else (best, j)
        others = [
            (j.key, c.key) if joiner_is_old else (c.key, j.key) for c in candidates if c is not best
        ]
        cross = across(j.key, best.key) if across else False
        why = _join_reason(pairs, o.key, n.key, others, s, cross=cross)
        if why is not None:
            own[j.key].append(best.key)
            theirs[best.key].append(j.key)
            if why:
                relative[o.key, n.key] = why


def _join_reason(
    pairs: dict[tuple[str, str], _Pair],
    o_key: str,
    n_key: str,
    others: list[tuple[str, str]],
    s: MatchSettings,
    *,
    cross: bool = False,
) -> str | None:
    """Whether a tiltak joins its best linked counterpart (a merge or a split part).

    None: no; "": yes, by the absolute threshold ``lower``; else the relative reason: at
    least ``join_floor`` and ``rel_margin`` over every other candidate of the tiltak
    (``others``, linked or not), so the target is its best of all. Either way title and
    body must give ``join_text_floor``: a shared actor alone makes no merge or split.
    Across themes (``cross``) the floor is ``max(join_floor, cross_floor)``, two kinds of
    evidence are needed, and the absolute threshold does not apply.
    """
    pair = pairs[o_key, n_key]
    kinds = pair.kinds(s)
    # A merge or split across themes needs the sections themselves to overlap: a part
    # that went into another theme's tiltak brings its words along, while a title that
    # contains the other ("Test: Flere i arbeid" in "Samkjøring til arbeid – test av
    # digital løsning") with a partner both name is what two different tiltak show.
    if pair.text < s.join_text_floor or (cross and (len(kinds) < 2 or "body" not in kinds)):
        return None
    if not cross and pair.score >= s.lower:
        return ""
    floor = max(s.join_floor, s.cross_floor) if cross else s.join_floor
    score = pair.content
    runner = max((pairs[k].content for k in others), default=0.0)
    if score >= floor and score - runner >= s.rel_margin:
        return (
            f"{'across themes, ' if cross else ''}joins its best of {len(others) + 1} "
            f"candidates, content {score:g} ≥ {floor:g}, margin {score - runner:.1f} over "
            f"{runner:g}"
        )
    return None


def _not_taken(
    pairs: dict[tuple[str, str], _Pair],
    o: _Item,
    n: _Item,
    olds: list[_Item],
    news: list[_Item],
    taken_by: list[str],
    s: MatchSettings,
) -> str:
    """Why the best candidate pair (o, n) of an ended or new tiltak was not linked."""
    score = pairs[o.key, n.key].content
    alts = [(pairs[o.key, m.key].content, f"{o.key}→{m.key}") for m in news if m is not n]
    alts += [
        (pairs[p.key, n.key].content, f"{p.key}→{n.key}")
        for p in olds
        if p is not o and (p.key, n.key) in pairs
    ]
    runner, runner_pair = max(alts, key=lambda a: a[0], default=(0.0, "none"))
    margin = f"content {score:g}, margin {score - runner:.1f} over {runner:g} ({runner_pair})"
    if taken_by:
        floor = s.join_floor
        head = f"not taken: it is linked to {', '.join(sorted(taken_by, key=_natural))}"
    else:
        floor = s.rel_floor
        head = "not taken"
    if pairs[o.key, n.key].score >= s.lower:
        return f"{head}, and the assignment preferred other pairs"
    if score < floor:
        return f"{head}: content {score:g} under the relative floor {floor:g}"
    return f"{head}: {margin}, under {s.rel_margin:g}"


def _best(
    pairs: dict[tuple[str, str], _Pair], among: list[_Item], item: _Item, *, old_side: bool
) -> _Item | None:
    """The candidate of ``among`` with the highest content score against ``item``
    (``among`` are older tiltak when ``old_side``, else newer ones)."""

    def content(other: _Item) -> float:
        key = (other.key, item.key) if old_side else (item.key, other.key)
        return pairs[key].content

    return max(among, key=content, default=None)


def _relative_matches(
    ctx: _Ctx,
    pairs: dict[tuple[str, str], _Pair],
    free_old: list[_Item],
    free_new: list[_Item],
    linked: dict[str, list[str]],
    back: dict[str, list[str]],
    relative: dict[tuple[str, str], str],
    *,
    floor: float | None = None,
    accept: Callable[[_Item, _Item], bool] | None = None,
) -> None:
    """One-to-one pairs under ``lower`` that stand out among the tiltak still unmatched.

    Candidates (content ≥ ``floor``, by default ``rel_floor``, and ``accept``-ed when
    given) are taken best first; a pair is accepted when
    neither side is linked yet and its content beats every rival of both sides by
    ``rel_margin`` -- so it is the mutual best. Merge and split partners (another tiltak
    whose own best is the same counterpart) are not rivals. A pair that loses to (or is
    too close to) a rival is left, and the rival stays in the way of the pairs below it.
    Rivals need not pass ``accept``: across themes every leftover tiltak is one.
    """
    s = ctx.settings
    floor = s.rel_floor if floor is None else floor
    left_old = [o for o in free_old if not linked[o.key]]
    left_new = [n for n in free_new if not back[n.key]]
    cands = sorted(
        (
            (pairs[o.key, n.key].content, o, n)
            for o in left_old
            for n in left_new
            if pairs[o.key, n.key].content >= floor and (accept is None or accept(o, n))
        ),
        key=lambda c: (-c[0], _natural(c[1].key), _natural(c[2].key)),
    )
    for score, o, n in cands:
        if linked[o.key] or back[n.key]:
            continue
        open_new = [m for m in left_new if not back[m.key]]
        open_old = [p for p in left_old if not linked[p.key]]
        # Another older tiltak whose own best is n too is a merge partner, not a rival (it
        # may join n below); likewise a newer tiltak whose best is o (a split part).
        split_parts = [
            m for m in open_new if m is not n and _best(pairs, open_old, m, old_side=True) is o
        ]
        merge_parts = [
            p for p in open_old if p is not o and _best(pairs, open_new, p, old_side=False) is n
        ]
        not_rival_new = {n.key} | {m.key for m in split_parts}
        not_rival_old = {o.key} | {p.key for p in merge_parts}
        # A candidate whose only evidence is shared actors (no title or body points) can
        # never be a link -- actors give at most w_actors, under every floor -- so it is
        # no rival either: one partner many tiltak name must not hide a pair that shows it.
        alts = [
            (pairs[o.key, m.key].content, f"{o.key}→{m.key}")
            for m in open_new
            if m.key not in not_rival_new and pairs[o.key, m.key].text > 0
        ]
        alts += [
            (pairs[p.key, n.key].content, f"{p.key}→{n.key}")
            for p in open_old
            if p.key not in not_rival_old and pairs[p.key, n.key].text > 0
        ]
        actor_only = sum(
            pairs[o.key, m.key].text == 0 for m in open_new if m.key not in not_rival_new
        ) + sum(pairs[p.key, n.key].text == 0 for p in open_old if p.key not in not_rival_old)
        runner, runner_pair = max(alts, key=lambda a: a[0], default=(0.0, "none"))
        if score - runner < s.rel_margin:
            continue
        linked[o.key].append(n.key)
        back[n.key].append(o.key)
        besides = "".join(
            f"; {', '.join(x.key for x in parts)} of {year} "
            f"{'prefer' if len(parts) > 1 else 'prefers'} {target} too"
            for parts, year, target in (
                (merge_parts, ctx.from_year, n.key),
                (split_parts, ctx.to_year, o.key),
            )
            if parts
        )
        relative[o.key, n.key] = (
            f"relative match{' across themes' if accept else ''}: mutual best of "
            f"{len(alts) + 1} rival candidates, content {score:g} ≥ {floor:g}, margin "
            f"{score - runner:.1f} over {runner:g} ({runner_pair})"
            f"{f'; {actor_only} sharing only actors are no rivals' if actor_only else ''}"
            f"{besides}"
        )


def _row_title(row: _Row, old: _Item) -> float:
    """Raw title similarity (0-100) of a status row and an older tiltak."""
    return _title_score((_norm_key(row.title, row.drop),), old.keys).score


def _row_identity(row: _Row, old: _Item, s: MatchSettings) -> tuple[float, float]:
    """(identity score 0-100, raw title similarity) of a status row and an older tiltak."""
    title = _row_title(row, old)
    score = s.row_title_weight * _rescale(title, s.title_floor, 100.0) + s.row_number_weight * (
        row.tiltak_no == old.tiltak_no
    )
    return round(score, 1), title


def _identify(rows: list[_Row], olds: list[_Item], s: MatchSettings) -> list[tuple[int, int, str]]:
    """Which older tiltak each status row means: (row index, old index, how).

    One-to-one assignment on the raw title similarity, where the row's own number is worth
    ``row_number_bonus`` title points: the number decides between titles that are about as
    close, a title clearly closer to another tiltak wins. ``how`` says what the
    identification rests on: "number" (the row's number; accepted whatever the title),
    "title" (another number, but a title closer than different tiltak ever come,
    ``row_title_sure``) or "table" (another number and a weak title, but the theme group
    has exactly as many status-table rows as older tiltak: the table names each once, so
    the assignment's reading is the only one left). Other pairs are not identified.
    """
    if not rows or not olds:
        return []
    titles = [[_row_title(r, o) for o in olds] for r in rows]
    pref = [
        [
            t + s.row_number_bonus * (r.tiltak_no == o.tiltak_no)
            for t, o in zip(ts, olds, strict=True)
        ]
        for ts, r in zip(titles, rows, strict=True)
    ]
    complete = len(rows) == len(olds) and all(r.source == "status table" for r in rows)
    out = []
    for ri, oi in _assign(pref):
        if rows[ri].tiltak_no == olds[oi].tiltak_no:
            how = "number"
        elif titles[ri][oi] >= s.row_title_sure:
            how = "title"
        elif complete:
            how = "table"
        else:
            continue
        out.append((ri, oi, how))
    return out


# ---------------------------------------------------------------------------------------
# A batch
# ---------------------------------------------------------------------------------------


def link_batch(
    results: list[DocResult], settings: MatchSettings | None = None
) -> tuple[list[TiltakLinkRecord], list[CheckRecord]]:
    """Within each plan, and between consecutive-year plans of the same pilot.

    Plans are the converted (ok/partial) results of doc_type ``handlingsplan``. Order:
    within-plan links of every plan (by pilot, year, doc_id), then cross-document links
    of every consecutive pair (same order); each block is sorted by key.
    """
    plans = [
        r
        for r in results
        if r.document.doc_type == "handlingsplan" and r.document.status != "failed"
    ]
    plans.sort(key=lambda r: (r.document.pilot or "", r.document.plan_year or 0, r.document.doc_id))
    links: list[TiltakLinkRecord] = []
    checks: list[CheckRecord] = []
    for r in plans:
        # Made by the converting worker with the default settings, unless not made there.
        made = r.within if settings is None else None
        lk, ck = made if made is not None else link_within(r, settings)
        links += lk
        checks += ck
    by_pilot: dict[str, dict[int, list[DocResult]]] = defaultdict(lambda: defaultdict(list))
    for r in plans:
        if r.document.pilot and r.document.plan_year:
            by_pilot[r.document.pilot][r.document.plan_year].append(r)
    for pilot in sorted(by_pilot):
        years = by_pilot[pilot]
        for year in sorted(years):
            if len(years[year]) > 1:
                ids = ", ".join(r.document.doc_id for r in years[year])
                checks.append(
                    CheckRecord(
                        years[year][0].document.doc_id,
                        "tiltak_link_duplicate_plan",
                        "info",
                        f"{len(years[year])} plans of {pilot} for {year} ({ids}): each is "
                        "linked to each plan of the neighbouring years",
                        None,
                        None,
                    )
                )
            later = [y for y in years if y > year]
            if later and year + 1 not in years:
                # Links span one year by definition; a gap is worth saying, not bridging.
                checks.append(
                    CheckRecord(
                        years[year][0].document.doc_id,
                        "tiltak_link_year_gap",
                        "info",
                        f"no plan of {pilot} for {year + 1} in the batch: its {year} plan is "
                        f"not linked to the {min(later)} plan",
                        None,
                        None,
                    )
                )
            for old in years[year]:
                for new in years.get(year + 1, []):
                    lk, ck = link_between(old, new, settings)
                    links += lk
                    checks += ck
    return links, checks
