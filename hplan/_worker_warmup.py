"""Imported once into the forkserver that conversion workers are forked from (see
``_PRELOAD`` in :mod:`hplan.batch`): it builds the spaCy tokenizer and the actor
EntityRuler there, so every worker starts with them instead of building them for its
first file (about half a second each time a worker is started or replaced).

The lemma store is not opened here: an SQLite connection must not cross a fork.
"""

from hplan.normalize import actors, text

text._tokenizer()
text._stop_words()
actors._nlp()
