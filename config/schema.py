"""How the API describes itself (drf-spectacular): component names and shared error responses."""

from typing import Any, Literal

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse

FIELD_ERRORS = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Invalid input; nothing was stored. Each field at fault is named: "
    '`{"field": ["message"]}`; a body that is not JSON is reported under `body`.',
    examples=[
        OpenApiExample(
            "field error", value={"severity": ["Ensure this value is less than or equal to 10."]}
        )
    ],
)
NOT_SIGNED_IN = OpenApiResponse(description="No valid `Authorization: Bearer <token>`.")
FORBIDDEN = OpenApiResponse(description="Signed in, but this operation is not for this role.")
NOT_FOUND = OpenApiResponse(description="No such object, or it is not the caller's to see.")


class AutoSchema(openapi.AutoSchema):
    """Names schema components after their view, so that the many nested `InputSerializer`
    and `OutputSerializer` classes (one per view) do not overwrite each other."""

    def get_serializer_name(
        self, serializer: Any, direction: Literal["request", "response"]
    ) -> str:
        qualname = type(serializer).__qualname__
        if "." in qualname:
            return qualname.replace("Serializer", "").replace("Api.", "")
        return super().get_serializer_name(serializer, direction)
