from django.contrib.admin.apps import AdminConfig


class ZorgwekkendAdminConfig(AdminConfig):
    default_site = "zorgwekkend.admin_site.ZorgwekkendAdminSite"
