"""The Reach data standard, published for everyone: dictionary and templates."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from core.access import public
from returns.ingest import dictionary


@public
def data_standard(request):
    return render(
        request,
        "returns/data_standard.html",
        {
            "page_title": "The Reach data standard",
            "columns": dictionary.data_dictionary(),
            "refused": dictionary.refused_columns(),
            "rules": dictionary.rules_table(),
        },
    )


@public
def template(request, fmt):
    if fmt == "csv":
        response = HttpResponse(dictionary.template_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            dictionary.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("Templates come as csv or xlsx.")
    response["Content-Disposition"] = f'attachment; filename="reach-return-template.{fmt}"'
    return response
