"""Gates (``filter.*``): stages that reject documents on what was already measured.

:mod:`.content` judges what is left of the text (empty, too short, junk page);
:mod:`.gates` applies thresholds to tags that taggers measured (language, quality).
"""
