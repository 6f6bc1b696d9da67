"""Reading inputs into documents (:mod:`.readers`, :mod:`.decode`) and writing the output
folder (:mod:`.layout` names its files, :mod:`.formats` writes the corpus, :mod:`.writers`
the records)."""
