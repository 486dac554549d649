from ninja import Router

from api.v1.common import responses
from api.v1.schemas import Me

router = Router(tags=["Account"])


@router.get("/me", response=responses(Me), summary="Who the API key belongs to")
def me(request):
    return request.user
