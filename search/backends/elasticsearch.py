"""Elasticsearch 8/9 (`ELASTICSEARCH_URL`): modelsearch's backend, with typo tolerance.

Every word of five letters or more may differ by one edit (a letter left out, added, changed, or
two swapped) from a word in the index: fuzziness `AUTO:5,100` on the query (words under five
letters match exactly; Elasticsearch allows a second edit only from 100 letters on). Suggestions
(autocomplete) stay exact. The database backends correct typos differently: search/vocabulary.py.
"""

from modelsearch.backends import elasticsearch9

FUZZINESS = "AUTO:5,100"


class Elasticsearch9SearchQueryCompiler(elasticsearch9.Elasticsearch9SearchQueryCompiler):
    def _compile_plaintext_query(self, query, fields, boost=1.0):
        compiled = super()._compile_plaintext_query(query, fields, boost)
        if "multi_match" in compiled:
            compiled["multi_match"]["fuzziness"] = FUZZINESS
        else:
            for options in compiled["match"].values():
                options["fuzziness"] = FUZZINESS
        return compiled


class Elasticsearch9SearchBackend(elasticsearch9.Elasticsearch9SearchBackend):
    query_compiler_class = Elasticsearch9SearchQueryCompiler


SearchBackend = Elasticsearch9SearchBackend
