from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

RESULTS_PER_PAGE = 10


def search(request):
    """The header's search box. For now it covers the editorial pages; the unified search of
    webinars, groups and documents replaces this selector (issue: unified search)."""
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.live().public().search(query) if query else Page.objects.none()
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "search/search.html", {"query": query, "page": page})
