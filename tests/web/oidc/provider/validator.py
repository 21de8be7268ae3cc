from oauth2_provider.oauth2_validators import OAuth2Validator


class HospitalValidator(OAuth2Validator):
    """Adds the claims a hospital's provider sends: the username, names, e-mail and groups."""

    oidc_claim_scope = None  # every claim below, whatever the scopes

    def get_additional_claims(self, request):
        user = request.user
        return {
            "preferred_username": user.username,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "email": user.email,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        }
