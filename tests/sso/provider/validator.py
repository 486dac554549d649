from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "organisation": "profile",
        "sid": "openid",
    }

    def get_additional_claims(self, request):
        user = request.user
        person = user.person
        return {
            "email": user.email,
            "email_verified": person.email_verified,
            "name": f"{user.first_name} {user.last_name}".strip(),
            "given_name": user.first_name,
            "family_name": user.last_name,
            "organisation": person.organisation,
            "sid": person.sid,
        }
