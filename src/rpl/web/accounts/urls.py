from django.contrib.auth import views as auth_views
from django.urls import path

from rpl.web.accounts import language, oidc, views

app_name = "accounts"

urlpatterns = [
    path("", views.staff_home, name="staff-home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("login/code/", views.verify, name="verify"),
    path("oidc/start/", oidc.start, name="oidc-start"),
    path("oidc/callback/", oidc.callback, name="oidc-callback"),
    path("login/provider-refused/", views.oidc_failed, name="oidc-failed"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("language/", language.choose_language, name="language"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
