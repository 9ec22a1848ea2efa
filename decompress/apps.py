from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecompressConfig(AppConfig):
    name = "decompress"
    verbose_name = _("Accounts and partners")
