from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from . import conf
from .forms import SearchForm
from .registry import all_sources
from .selectors import Search


def results(request):
    """Results of a search, for anyone: the best results of each kind, or one kind's page by page,
    with the number of results of each kind as filters.

    Bad input (an overlong text, an unknown kind, a NUL character) is a 400 with the form's errors.
    """
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "search/results.html", {"form": form}, status=400)
    text, kind = form.cleaned_data["q"].strip(), form.cleaned_data["kind"] or None
    context = {"form": form, "text": text, "kind": kind, "where": [source.label for source in all_sources()]}
    if not text:
        return render(request, "search/results.html", context)
    search = Search(request.user, text, kind=kind)
    sections = {} if kind else search.top_of_each_kind()
    shown = [k for k in search.labels if k in search.counts or k == kind]
    context |= {
        "search": search,
        "total_all": sum(search.counts.values()),
        "all_query": urlencode({"q": text}),
        "page_query": urlencode({"q": text, "kind": kind or ""}),
        "kind_label": search.labels.get(kind, ""),
        "per_kind": conf.per_kind(),
        "sections": sections,
        "filters": [
            {
                "kind": k,
                "label": search.labels[k],
                "count": search.counts.get(k, 0),
                "query": urlencode({"q": text, "kind": k}),
                "current": k == kind,
                "hits": sections.get(k, []),
            }
            for k in shown
        ],
    }
    if kind:
        context["page"] = Paginator(search.ranked(), conf.page_size()).get_page(request.GET.get("page"))
    return render(request, "search/results.html", context)
