"""API conventions shared by every endpoint: pagination and the shape of error bodies."""

from typing import Any

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every 400 names the field at fault: `{"field": ["message"]}`.

    A body that is not valid JSON has no field, so it is reported under `body`.
    """
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ParseError):
        response.data = {"body": [str(exc.detail)]}
    return response
