"""Repairs of what scraping broke, as pipeline stages run in this order:

``repair.encoding`` (mojibake, :mod:`.encoding`), ``repair.entities`` (:mod:`.entities`),
``repair.html`` (tag debris and the structure it carries, :mod:`.html` and :mod:`.markup`),
``repair.unicode`` (:mod:`.unicode`), ``repair.spacing`` (:mod:`.spacing`),
``repair.whitespace`` (:mod:`.whitespace`), ``repair.structure`` (plain-text spans,
:mod:`.structure`). :mod:`.line_map` keeps spans on their lines through the rewrites,
:mod:`corpusclean.text` marks the code no repair may touch, and :mod:`.api` runs the stages on one
text (``corpusclean.repair_text``, ``corpusclean repair``).
"""
