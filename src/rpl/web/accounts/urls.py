from django.contrib.auth import views as auth_views
from django.urls import path

from rpl.web.accounts import views

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
    path("two-factor/", views.two_factor, name="two-factor"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
