from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal import params
from search import selectors
from search.forms import SearchForm
from search.highlight import snippet
from search.selectors import MAX_QUERY_LENGTH

RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """The results page: every source the person may see, ranked together, with facets."""
    form = SearchForm(request.GET)
    form.is_valid()
    query, context = form.cleaned_data.get("q", ""), {"form": form}
    if query:
        try:
            results, facets = selectors.search(
                user=request.user,
                query=query,
                filters=form.filters(),
                sort=form.cleaned_data.get("sort") or "relevance",
                request=request,
                page_end=RESULTS_PER_PAGE * _page_number(request),
            )
            page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("pagina"))
            for hit in page:
                hit.snippet = snippet(hit.text, results.query)
            context.update(
                page=page,
                facets=_facet_links(form, facets),
                searched=results.query,
                corrected_from=results.corrected_from,
            )
        except selectors.SearchUnavailable:
            context["unavailable"] = True
    context.update(
        query=query,
        page_query=form.querystring(pagina=None),
        sort_links=[
            (value, label, form.querystring(sort=value, pagina=None))
            for value, label in form.fields["sort"].choices
        ],
    )
    return render(
        request, "search/search.html", context, status=503 if "unavailable" in context else 200
    )


@require_GET
def suggest(request):
    """Titles for the header box's suggestions, from two characters on (JSON)."""
    query = params.text(request.GET.get("q"), max_length=MAX_QUERY_LENGTH)
    return JsonResponse({"suggestions": selectors.suggestions(user=request.user, query=query)})


def _page_number(request) -> int:
    """The page asked for, as the Paginator will read it (1 when it is not a page number)."""
    number = request.GET.get("pagina", "")
    return int(number) if number.isascii() and number.isdigit() and 0 < int(number) < 1000 else 1


def _facet_links(form, facets):
    """Each facet value as (label, count, link, active): a link narrows the results, the active
    one's link removes the narrowing again."""
    data = form.cleaned_data

    def links(param, values):
        current = data.get(param)
        return [
            (
                label,
                count,
                form.querystring(**{param: None if value == current else value}),
                value == current,
            )
            for value, label, count in values
        ]

    return {
        "type": links("type", facets.kinds),
        "group": links("group", facets.groups),
        "year": links("year", [(year, year, count) for year, count in facets.years]),
        "topic": links("topic", facets.topics),
    }
