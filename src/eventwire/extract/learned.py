"""Events from the learned coder's readings, completed by the rules that still do better.

    sentence --LearnedCoder (eventwire.model)--> trigger span, CAMEO code, factuality,
                                                  source/target spans, confidence
             --here--> actors coded from the spans (dictionaries, pronoun memory),
                       attribution, figures, date, place (the rule coder's readers)
             --> Event

The model finds and types the events and marks their arguments; what it does not do --
codes for actors, who said it, the numbers, when and where -- comes from the same readers
the rule coder uses (:meth:`SentenceCoder.assemble`), so both coders agree on those.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.codebook import UnknownCodeError, cameo
from eventwire.extract.attribution import find_frame
from eventwire.extract.coder import ArticleContext, SentenceCoder
from eventwire.model.coder import SentenceEvent
from eventwire.parse import Sentence
from eventwire.records import Actor, Event

__all__ = ["LearnedSentenceCoder"]

Span = tuple[int, int]
# An event whose calibrated confidence is below this is not reported: the model says it
# is more likely not an event than one (the trigger tags' own decision already needs the
# event tag to win; this only drops ties at the edge).
MIN_CONFIDENCE = 0.5


def _tokens_in(sent: Sentence, span: Span) -> list[int]:
    """Tokens of ``sent`` overlapping ``span`` (characters, relative to the sentence)."""
    start, end = sent.start + span[0], sent.start + span[1]
    return [i for i, t in enumerate(sent.tokens) if t.start < end and t.end > start]


def _head(sent: Sentence, tokens: list[int]) -> int | None:
    """The token of a span whose head lies outside it (the phrase's head)."""
    inside = set(tokens)
    for i in tokens:
        if sent.tokens[i].head not in inside or sent.tokens[i].head == i:
            return i
    return tokens[-1] if tokens else None


class LearnedSentenceCoder(SentenceCoder):
    """Turns the model's readings of a sentence into events."""

    def code_predicted(
        self,
        sent: Sentence,
        ctx: ArticleContext,
        predicted: Sequence[SentenceEvent],
        *,
        places: list[tuple[str, int]] | None = None,
    ) -> list[Event]:
        article_focus = self.focus(sent, ctx, places)
        events: list[Event] = []
        for reading in predicted:
            if reading.confidence < MIN_CONFIDENCE:
                continue
            event = self._event_of(sent, ctx, reading)
            if event is not None:
                events.append(event)
        ctx.focus_country = article_focus
        return events

    def _event_of(
        self, sent: Sentence, ctx: ArticleContext, reading: SentenceEvent
    ) -> Event | None:
        trigger_tokens = _tokens_in(sent, reading.trigger)
        trigger = _head(sent, trigger_tokens)
        if trigger is None:
            return None
        try:
            entry = cameo(reading.cameo)
        except UnknownCodeError:
            return None
        # Who reports it is read first, in the order of the text: "It said the jets had
        # ..." -- "It" is the actor named before, not the jets named after.
        attribution = self.attribution(sent, trigger, find_frame(sent, trigger), ctx)
        source, source_span = self._actor_at(sent, ctx, reading.source, target=False)
        if source is None:
            if self.require_source or reading.source is None:
                return None
            source = Actor(name=sent.text[reading.source[0] : reading.source[1]], kind="unresolved")
        target, target_span = self._actor_at(sent, ctx, reading.target, target=True)
        if target is not None and target.code == source.code and source.code is not None:
            target, target_span = None, None
        source = self.speaker_state(sent, source, attribution, ctx)
        noun = trigger if sent.tokens[trigger].pos == "NOUN" else None
        return self.assemble(
            sent,
            trigger,
            noun,
            source,
            target,
            entry.code,
            reading.factuality,
            attribution,
            ctx,
            (source_span, target_span),
            confidence=round(min(max(reading.confidence, 0.01), 0.99), 3),
            pattern="model:" + sent.text[reading.trigger[0] : reading.trigger[1]].lower(),
        )

    def _actor_at(
        self, sent: Sentence, ctx: ArticleContext, span: Span | None, *, target: bool
    ) -> tuple[Actor | None, Span | None]:
        """The actor the model marked, and its span in the parsed text."""
        if span is None:
            return None, None
        head = _head(sent, _tokens_in(sent, span))
        if head is None:
            return None, None
        if target:
            # A later "it"/"they"/"he" is more often the subject of before than its
            # object (centering): a target does not become the pronouns' referent.
            person, group = ctx.last_person, ctx.last_group
            actor = self.target_actor(sent, head, ctx)
            ctx.last_person, ctx.last_group = person, group
        else:
            actor = self.actor(sent, head, ctx)
        return actor, (sent.start + span[0], sent.start + span[1])
